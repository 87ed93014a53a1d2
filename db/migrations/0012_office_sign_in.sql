CREATE TABLE `office_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`care_office_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer,
	FOREIGN KEY (`care_office_id`) REFERENCES `care_offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `office_sessions_office` ON `office_sessions` (`care_office_id`);--> statement-breakpoint
CREATE TABLE `office_sign_in_links` (
	`id` text PRIMARY KEY NOT NULL,
	`care_office_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`care_office_id`) REFERENCES `care_offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `office_sign_in_links_office` ON `office_sign_in_links` (`care_office_id`,`created_at`);