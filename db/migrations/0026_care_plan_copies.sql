CREATE TABLE `care_plan_copies` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`task_id` text NOT NULL,
	`pdf` text NOT NULL,
	`bytes` integer NOT NULL,
	`pages` integer,
	`window_id` text NOT NULL,
	`outbox_id` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `care_plan_copies_task` ON `care_plan_copies` (`task_id`);--> statement-breakpoint
CREATE INDEX `care_plan_copies_case` ON `care_plan_copies` (`case_id`);