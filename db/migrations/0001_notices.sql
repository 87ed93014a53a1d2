CREATE TABLE `fax_receipts` (
	`outbox_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	`status` text NOT NULL,
	`confirmed_at` integer,
	`confirmed_by` text,
	`reminded_at` integer,
	`stuck_at` integer,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fax_receipts_open` ON `fax_receipts` (`sent_at`) WHERE status = 'open';--> statement-breakpoint
CREATE TABLE `information_sheets` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`task_id` text NOT NULL,
	`status` text NOT NULL,
	`answers` text NOT NULL,
	`window_id` text,
	`outbox_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	`sent_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `information_sheets_task` ON `information_sheets` (`task_id`);--> statement-breakpoint
CREATE INDEX `information_sheets_case` ON `information_sheets` (`case_id`);--> statement-breakpoint
ALTER TABLE `care_offices` ADD `preferred_channel` text;--> statement-breakpoint
ALTER TABLE `care_offices` ADD `sms_phone` text;--> statement-breakpoint
ALTER TABLE `contact_windows` ADD `email` text;--> statement-breakpoint
ALTER TABLE `delivery_attempts` ADD `channel` text;--> statement-breakpoint
ALTER TABLE `delivery_attempts` ADD `provider_id` text;--> statement-breakpoint
ALTER TABLE `delivery_attempts` ADD `updated_at` integer;--> statement-breakpoint
CREATE INDEX `delivery_attempts_provider` ON `delivery_attempts` (`provider_id`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `route` text DEFAULT 'preferred' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `document_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `about_notice_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `short_code` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `channel_index` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `channel_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_short_code` ON `outbox` (`short_code`);