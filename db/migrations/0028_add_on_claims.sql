DROP INDEX `cases_discharges`;--> statement-breakpoint
ALTER TABLE `cases` ADD `add_on_claims` text;--> statement-breakpoint
CREATE INDEX `cases_discharges` ON `cases` (`discharged_at`,`discharge_destination`,`hospital_id`,`leak_reason`,`care_level`,`discharge_planning_started_at`,`add_on_claims`,`out_of_rule_scope`) WHERE discharged_at IS NOT NULL;--> statement-breakpoint
-- The measures' index held each stay's whole add-on list (~1 KB with its names), which the monthly
-- measures grouped by: it now holds the list in short (add_on_claims). Clearing add_ons makes every
-- stay's measures be derived again from its snapshot at the next start (engine/cases/measures.ts).
UPDATE `cases` SET `add_ons` = NULL;
