DROP INDEX `cases_discharges`;--> statement-breakpoint
ALTER TABLE `cases` ADD `care_level` text;--> statement-breakpoint
CREATE INDEX `cases_discharges` ON `cases` (`discharged_at`,`discharge_destination`,`hospital_id`,`leak_reason`,`care_level`,`discharge_planning_started_at`,`add_ons`) WHERE discharged_at IS NOT NULL;--> statement-breakpoint
ALTER TABLE `hospitals` ADD `participating` integer DEFAULT true NOT NULL;