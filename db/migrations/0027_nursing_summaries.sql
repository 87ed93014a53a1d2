CREATE TABLE `nursing_summaries` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	`source` text NOT NULL,
	`content` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `nursing_summaries_case` ON `nursing_summaries` (`case_id`,`sent_at`);