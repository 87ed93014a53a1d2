CREATE TABLE `region_administrators` (
	`region_id` text PRIMARY KEY NOT NULL,
	`email` text,
	`edited_at` integer NOT NULL
);
