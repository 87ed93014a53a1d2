CREATE TABLE `office_records` (
	`id` text PRIMARY KEY NOT NULL,
	`care_office_id` text NOT NULL,
	`patient_key` text NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`place` text NOT NULL,
	`attendees` text NOT NULL,
	`checks` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`care_office_id`) REFERENCES `care_offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `office_records_office_at` ON `office_records` (`care_office_id`,`at`);