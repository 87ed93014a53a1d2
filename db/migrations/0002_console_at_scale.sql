ALTER TABLE `cases` ADD `information_sheet_status` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `discharge_planning_started_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `add_ons` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `overdue_deadlines` text;--> statement-breakpoint
CREATE INDEX `cases_admissions` ON `cases` (`admitted_at`,`hospital_id`,`information_sheet_status`);--> statement-breakpoint
CREATE INDEX `cases_unmeasured` ON `cases` (`id`) WHERE add_ons IS NULL;--> statement-breakpoint
CREATE INDEX `cases_overdue_admitted` ON `cases` (`admitted_at`,`id`,`hospital_id`,`region_id`,`hospitalization_id`,`state`,`care_office_id`,`overdue_deadlines`) WHERE overdue <> '[]';--> statement-breakpoint
CREATE INDEX `cases_discharges` ON `cases` (`discharged_at`,`discharge_destination`,`hospital_id`,`leak_reason`,`discharge_planning_started_at`,`add_ons`) WHERE discharged_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_dead` ON `outbox` (`created_at`) WHERE status = 'dead';