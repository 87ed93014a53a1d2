import { and, eq } from 'drizzle-orm';
import type { Statement } from '../db/database.js';
import { outbox, tasks, timers } from '../db/schema.js';
import type { Effect, TaskKind } from '../machines/types.js';
import type { Deps } from './deps.js';
import { newId } from './crypto.js';

export interface EffectScope {
  caseId: string;
  seq: number;
  careOfficeId: string | null;
  /** Open tasks before this event, by kind. */
  openTasks: ReadonlyMap<string, string>;
  taskLinkTtlDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Turns the machine's effect descriptions into rows committed with the event: tasks, timers and
 * outbox entries. Nothing is sent here; the dispatcher sends after commit.
 */
export function effectStatements(deps: Deps, scope: EffectScope, effects: Effect[]): { statements: Statement[]; notices: number } {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const openTasks = new Map(scope.openTasks);
  const statements: Statement[] = [];
  let notices = 0;
  const taskId = (kind: TaskKind | null) => (kind ? openTasks.get(kind) ?? null : null);

  effects.forEach((effect, index) => {
    switch (effect.type) {
      case 'openTask': {
        if (openTasks.has(effect.task)) return;
        const id = newId('task');
        openTasks.set(effect.task, id);
        statements.push(db.insert(tasks).values({
          id, caseId: scope.caseId, kind: effect.task, status: 'open', createdAt: now,
          expiresAt: now + scope.taskLinkTtlDays * DAY_MS,
        }));
        return;
      }
      case 'closeTask':
        openTasks.delete(effect.task);
        statements.push(db.update(tasks).set({ status: 'closed', doneAt: now })
          .where(and(eq(tasks.caseId, scope.caseId), eq(tasks.kind, effect.task), eq(tasks.status, 'open'))));
        return;
      case 'sendNotice': {
        if (effect.to === 'careOffice' && scope.careOfficeId === null) return;
        notices++;
        statements.push(db.insert(outbox).values({
          id: newId('ntc'), caseId: scope.caseId, notice: effect.notice, channel: 'email',
          recipientKind: 'care_office', recipientId: scope.careOfficeId!, taskId: taskId(effect.task),
          idempotencyKey: `${scope.caseId}:${scope.seq}:${index}`, status: 'pending', attempts: 0,
          nextAttemptAt: now, createdAt: now,
        }));
        return;
      }
      case 'setDeadline': {
        const base = { caseId: scope.caseId, deadlineKey: effect.key, status: 'pending' as const };
        if (effect.remindAt) {
          statements.push(db.insert(timers).values({
            ...base, id: `${scope.caseId}:${scope.seq}:${effect.key}:remind`, kind: 'remind', dueAt: Date.parse(effect.remindAt),
          }));
        }
        statements.push(db.insert(timers).values({
          ...base, id: `${scope.caseId}:${scope.seq}:${effect.key}:due`, kind: 'due', dueAt: Date.parse(effect.dueAt),
        }));
        return;
      }
      case 'clearDeadline':
        statements.push(db.update(timers).set({ status: 'cancelled' })
          .where(and(eq(timers.caseId, scope.caseId), eq(timers.deadlineKey, effect.key), eq(timers.status, 'pending'))));
        return;
    }
  });
  return { statements, notices };
}
