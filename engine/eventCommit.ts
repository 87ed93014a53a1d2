import type { Statement } from '../db/database.js';
import type { Deps } from './deps.js';

/** Commits one event's atomic write: all its statements hold, or none does. */
export type CommitEvent = (statements: Statement[]) => Promise<void>;

/** The event's own transaction, unless the runtime configured another way (group commit). */
export function commitEvent(deps: Deps, statements: Statement[]): Promise<void> {
  return deps.commitEvent ? deps.commitEvent(statements) : deps.database.commit(statements);
}
