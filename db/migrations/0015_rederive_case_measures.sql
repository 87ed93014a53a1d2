-- The measures kept per stay changed (care level for the survey's split; 退院・退所加算 judged by the
-- month services start; the office kind excluding 介護予防支援): clearing add_ons makes every stay's
-- measures be derived again from its snapshot at the next start (engine/cases/measures.ts).
UPDATE `cases` SET `add_ons` = NULL;
