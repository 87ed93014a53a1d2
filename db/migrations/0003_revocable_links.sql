ALTER TABLE `outbox` ADD `link_revoked_at` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `link_generation` integer DEFAULT 0 NOT NULL;