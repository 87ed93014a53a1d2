CREATE TABLE `admin_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`case_id` text,
	`hospital_id` text,
	`region_id` text,
	`notice_id` text,
	`detail` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admin_alerts_dedupe` ON `admin_alerts` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `admin_alerts_created` ON `admin_alerts` (`created_at`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `email` text;