CREATE TABLE `daily_runs` (
	`job` text NOT NULL,
	`day` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `daily_runs_job_day` ON `daily_runs` (`job`,`day`);--> statement-breakpoint
CREATE TABLE `stuck_follow_ups` (
	`item_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`hospital_id` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`by_actor` text NOT NULL,
	`by_name` text NOT NULL,
	`at` integer NOT NULL,
	`until` text,
	`assignee_id` text,
	FOREIGN KEY (`assignee_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stuck_follow_ups_case` ON `stuck_follow_ups` (`case_id`);