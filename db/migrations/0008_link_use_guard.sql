-- A write through a revoked task link is refused inside its own transaction (engine/taskLinks.ts linkUse).
CREATE TRIGGER `link_uses_current_generation` BEFORE INSERT ON `link_uses`
WHEN NEW.`generation` IS NOT (SELECT `link_generation` FROM `tasks` WHERE `id` = NEW.`task_id`)
BEGIN SELECT RAISE(ABORT, 'renkei: task link revoked'); END;
