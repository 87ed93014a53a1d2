CREATE TABLE `morning_summaries` (
	`id` text PRIMARY KEY NOT NULL,
	`day` text NOT NULL,
	`recipient_kind` text NOT NULL,
	`recipient_id` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text,
	`notice` text NOT NULL,
	`channel` text NOT NULL,
	`route` text DEFAULT 'preferred' NOT NULL,
	`recipient_kind` text NOT NULL,
	`recipient_id` text NOT NULL,
	`recipient_purpose` text,
	`urgent` integer DEFAULT false NOT NULL,
	`deadline_key` text,
	`task_id` text,
	`document_id` text,
	`about_notice_id` text,
	`idempotency_key` text NOT NULL,
	`short_code` text,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`channel_index` integer DEFAULT 0 NOT NULL,
	`channel_attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`link_revoked_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "case_id", "notice", "channel", "route", "recipient_kind", "recipient_id", "recipient_purpose", "urgent", "deadline_key", "task_id", "document_id", "about_notice_id", "idempotency_key", "short_code", "status", "attempts", "channel_index", "channel_attempts", "next_attempt_at", "claimed_until", "last_error", "created_at", "sent_at", "link_revoked_at") SELECT "id", "case_id", "notice", "channel", "route", "recipient_kind", "recipient_id", "recipient_purpose", "urgent", "deadline_key", "task_id", "document_id", "about_notice_id", "idempotency_key", "short_code", "status", "attempts", "channel_index", "channel_attempts", "next_attempt_at", "claimed_until", "last_error", "created_at", "sent_at", "link_revoked_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_short_code` ON `outbox` (`short_code`);--> statement-breakpoint
CREATE INDEX `outbox_pending_due` ON `outbox` (`next_attempt_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_case` ON `outbox` (`case_id`);--> statement-breakpoint
CREATE INDEX `outbox_dead` ON `outbox` (`created_at`) WHERE status = 'dead';