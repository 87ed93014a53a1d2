-- Every edit of the directory an event reads bumps directory_version in the same transaction, so a
-- process's directory cache (engine/directory/cache.ts) sees it in its next read batch, whoever wrote.
INSERT OR IGNORE INTO `directory_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `hospitals_insert_bumps_directory` AFTER INSERT ON `hospitals` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `hospitals_update_bumps_directory` AFTER UPDATE ON `hospitals` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `hospitals_delete_bumps_directory` AFTER DELETE ON `hospitals` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `hospital_secrets_insert_bumps_directory` AFTER INSERT ON `hospital_secrets` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `hospital_secrets_update_bumps_directory` AFTER UPDATE ON `hospital_secrets` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `hospital_secrets_delete_bumps_directory` AFTER DELETE ON `hospital_secrets` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `care_offices_insert_bumps_directory` AFTER INSERT ON `care_offices` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `care_offices_update_bumps_directory` AFTER UPDATE ON `care_offices` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `care_offices_delete_bumps_directory` AFTER DELETE ON `care_offices` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
