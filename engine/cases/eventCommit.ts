import type { Statement } from '../../db/database.js';
import type { Deps } from '../deps.js';

/** The event's own transaction, unless the runtime configured another way (group commit). */
export function commitEvent(deps: Deps, statements: Statement[]): Promise<void> {
  return deps.commitEvent ? deps.commitEvent(statements) : deps.database.commit(statements);
}
