ALTER TABLE `cases` ADD `measures` text;--> statement-breakpoint
CREATE INDEX `cases_admitted_at` ON `cases` (`admitted_at`);--> statement-breakpoint
CREATE INDEX `outbox_dead` ON `outbox` (`created_at`) WHERE status = 'dead';