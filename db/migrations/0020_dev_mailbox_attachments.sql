CREATE TABLE `dev_mailbox_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mail_id` integer NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`content` blob,
	FOREIGN KEY (`mail_id`) REFERENCES `dev_mailbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dev_mailbox_attachments_mail` ON `dev_mailbox_attachments` (`mail_id`);