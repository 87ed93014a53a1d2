CREATE TABLE `case_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`directory_id` text,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`fax` text,
	`sms_phone` text,
	`preferred_channel` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	`removed_by` text,
	`removed_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_providers_case` ON `case_providers` (`case_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_providers_named` ON `case_providers` (`case_id`,`name`) WHERE removed_at IS NULL;