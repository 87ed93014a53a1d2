CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`login_id` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`hospital_id` text,
	`password_hash` text,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`disabled_at` integer,
	FOREIGN KEY (`hospital_id`) REFERENCES `hospitals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_login_id` ON `accounts` (`login_id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`ip` text,
	`user_agent` text,
	`detail` text
);
--> statement-breakpoint
CREATE TABLE `care_offices` (
	`id` text PRIMARY KEY NOT NULL,
	`region_id` text,
	`name` text NOT NULL,
	`kind` text DEFAULT 'home_care_office' NOT NULL,
	`email` text,
	`fax` text,
	`phone` text,
	`business_hours` text,
	`preferred_channel` text,
	`sms_phone` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`seq` integer NOT NULL,
	`source` text NOT NULL,
	`dedupe_key` text,
	`type` text NOT NULL,
	`occurred_at` text NOT NULL,
	`received_at` integer NOT NULL,
	`data` text NOT NULL,
	`fact` text,
	`outcome` text NOT NULL,
	`state_after` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_events_case_seq` ON `case_events` (`case_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_events_dedupe` ON `case_events` (`dedupe_key`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`hospital_id` text NOT NULL,
	`hospitalization_id` text NOT NULL,
	`region_id` text NOT NULL,
	`care_office_id` text,
	`route` text NOT NULL,
	`state` text NOT NULL,
	`snapshot` text NOT NULL,
	`version` integer NOT NULL,
	`overdue` text NOT NULL,
	`admitted_at` integer NOT NULL,
	`discharged_at` integer,
	`discharge_destination` text,
	`leak_reason` text,
	`closed_reason` text,
	`patient_key` text NOT NULL,
	`previous_case_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`hospital_id`) REFERENCES `hospitals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_hospital_encounter` ON `cases` (`hospital_id`,`hospitalization_id`);--> statement-breakpoint
CREATE INDEX `cases_state` ON `cases` (`state`);--> statement-breakpoint
CREATE INDEX `cases_patient_key` ON `cases` (`patient_key`);--> statement-breakpoint
CREATE INDEX `cases_discharged_at` ON `cases` (`discharged_at`);--> statement-breakpoint
CREATE TABLE `contact_windows` (
	`id` text PRIMARY KEY NOT NULL,
	`hospital_id` text NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`fax` text,
	`postal_address` text,
	`email` text,
	`purposes` text NOT NULL,
	`note` text,
	`edited_at` integer,
	FOREIGN KEY (`hospital_id`) REFERENCES `hospitals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_windows_hospital` ON `contact_windows` (`hospital_id`);--> statement-breakpoint
CREATE TABLE `delivery_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` text NOT NULL,
	`at` integer NOT NULL,
	`channel` text,
	`status` text NOT NULL,
	`recipient` text,
	`provider_id` text,
	`detail` text,
	`updated_at` integer,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delivery_attempts_outbox` ON `delivery_attempts` (`outbox_id`);--> statement-breakpoint
CREATE INDEX `delivery_attempts_provider` ON `delivery_attempts` (`provider_id`);--> statement-breakpoint
CREATE TABLE `dev_mailbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` text NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE `hospital_secrets` (
	`id` text PRIMARY KEY NOT NULL,
	`hospital_id` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`hospital_id`) REFERENCES `hospitals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `hospital_secrets_hospital` ON `hospital_secrets` (`hospital_id`);--> statement-breakpoint
CREATE TABLE `hospitals` (
	`id` text PRIMARY KEY NOT NULL,
	`region_id` text NOT NULL,
	`name` text NOT NULL,
	`address` text,
	`phone` text,
	`edited_at` integer
);
--> statement-breakpoint
CREATE TABLE `inbound_rejections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hospital_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`received_at` integer NOT NULL,
	`status` integer NOT NULL,
	`problem` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE `notice_resends` (
	`outbox_id` text PRIMARY KEY NOT NULL,
	`original_id` text NOT NULL,
	`actor` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`original_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notice_resends_original` ON `notice_resends` (`original_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
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
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_short_code` ON `outbox` (`short_code`);--> statement-breakpoint
CREATE INDEX `outbox_pending_due` ON `outbox` (`next_attempt_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_case` ON `outbox` (`case_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_account` ON `sessions` (`account_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`done_at` integer,
	`result` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_case` ON `tasks` (`case_id`);--> statement-breakpoint
CREATE TABLE `timers` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`deadline_key` text NOT NULL,
	`kind` text NOT NULL,
	`due_at` integer NOT NULL,
	`status` text NOT NULL,
	`claimed_until` integer,
	`fired_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timers_pending_due` ON `timers` (`due_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `timers_case` ON `timers` (`case_id`);