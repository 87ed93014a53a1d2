DROP INDEX `cases_discharges`;--> statement-breakpoint
ALTER TABLE `cases` ADD `out_of_rule_scope` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_discharges` ON `cases` (`discharged_at`,`discharge_destination`,`hospital_id`,`leak_reason`,`care_level`,`discharge_planning_started_at`,`add_ons`,`out_of_rule_scope`) WHERE discharged_at IS NOT NULL;