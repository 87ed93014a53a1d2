ALTER TABLE `care_offices` ADD `notification_mode` text DEFAULT 'realtime' NOT NULL;--> statement-breakpoint
ALTER TABLE `care_offices` ADD `digest_hour` integer DEFAULT 17 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `digest_id` text;--> statement-breakpoint
CREATE INDEX `outbox_held` ON `outbox` (`recipient_id`) WHERE status = 'held';