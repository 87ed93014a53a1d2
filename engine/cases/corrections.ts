import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { caseEvents, cases, tasks, timers } from '../../db/schema.js';
import { accepts, admit, apply, type Step } from '../../machines/run.js';
import type { AdmissionInput, HospitalizationEvent } from '../../machines/types.js';
import { taskLinkTtlDays } from '../../regions/rules.js';
import type { Deps } from '../deps.js';
import { revokeOnOfficeChange } from '../links/index.js';
import { casePatient, sealPatient } from '../patients/index.js';
import { queueNotice } from '../queueNotice.js';
import { readForEvent } from './caseStore.js';
import { effectStatements } from './effects.js';
import { retryLostRaces } from './lostRaces.js';
import { derivedColumns, resultRecordedBefore } from './record.js';

export type CorrectionResult =
  | { kind: 'accepted'; caseId: string; state: string; replayed: boolean }
  | { kind: 'rejected'; caseId: string; state: string; detail: string; replayed: boolean }
  | { kind: 'no_case' }
  /** The retraction names a webhook-id this hospitalization never received: the request is wrong, not the state. */
  | { kind: 'unknown_reference'; caseId: string; field: string; detail: string };

interface LoggedFact {
  seq: number;
  type: string;
  fact: unknown;
}

/**
 * Rebuilds the case from its log without the retracted facts: the admission, then every accepted
 * fact in order, each applied only if the rule still allows it. Returns the final step and the
 * tasks the rebuild leaves open. Pure apart from its input.
 */
export function rebuildWithout(log: LoggedFact[], retracted: Set<number>): { step: Step; openTasks: Set<string> } {
  const [first, ...rest] = log;
  const admission = first?.fact as { type: 'admitted' | 'admission_planned'; input: AdmissionInput } | undefined;
  // A planned admission's first fact is the plan; its input carries the planned day.
  if (admission?.type !== 'admitted' && admission?.type !== 'admission_planned')
    throw new Error('the log does not start with an admission');
  let step = admit(admission.input);
  const open = new Set<string>();
  const track = (s: Step) => {
    for (const e of s.effects) {
      if (e.type === 'openTask') open.add(e.task);
      if (e.type === 'closeTask') open.delete(e.task);
    }
  };
  track(step);
  for (const entry of rest) {
    if (retracted.has(entry.seq) || entry.type === 'event_retracted' || !entry.fact) continue;
    const fact = entry.fact as HospitalizationEvent;
    if (!accepts(step.snapshot, fact)) continue;
    step = apply(step.snapshot, fact);
    track(step);
  }
  step.snapshot.context.retracted = [...retracted].sort((a, b) => a - b);
  return { step, openTasks: open };
}

/** The outbox key of a correction's notice, naming the retraction's event; read back when the notice is composed. */
export function correctionKey(caseId: string, seq: number): string {
  return `${caseId}:${seq}:correction`;
}

export function correctionSeq(key: string): number | null {
  const m = /:(\d+):correction$/.exec(key);
  return m ? Number(m[1]) : null;
}

/**
 * A hospital retracts a mistaken event by naming its webhook-id. Nothing is edited in place: the
 * retraction is appended to the log, the case is rebuilt from the remaining facts, its timers are
 * set again from the rebuilt deadlines, tasks no longer called for are closed, and the care office
 * is told that an earlier notice was corrected.
 */
export async function recordRetraction(
  deps: Deps,
  hospitalId: string,
  hospitalizationId: string,
  r: {
    dedupeKey: string;
    occurredAt: string;
    /** The event taken back: the delivery with this webhook-id, or the latest accepted fact of a type (ADT^A13). */
    retracted: { webhookId: string } | { latest: 'discharged' };
    reason: string;
    data: unknown;
  },
): Promise<CorrectionResult> {
  const { db } = deps.database;
  return retryLostRaces('the retraction', async () => {
    const { prior, loaded } = await readForEvent(deps, { hospitalId, hospitalizationId }, r.dedupeKey, null);
    if (prior) return resultRecordedBefore(prior);
    if (!loaded) return { kind: 'no_case' };
    const { row } = loaded;
    const log = await db
      .select({
        seq: caseEvents.seq,
        type: caseEvents.type,
        fact: caseEvents.fact,
        outcome: caseEvents.outcome,
        dedupeKey: caseEvents.dedupeKey,
      })
      .from(caseEvents)
      .where(eq(caseEvents.caseId, row.id))
      .orderBy(asc(caseEvents.seq));
    const already = new Set<number>(loaded.snapshot.context.retracted ?? []);
    const wanted = r.retracted;
    const target =
      'webhookId' in wanted
        ? log.find((e) => e.dedupeKey === `wh:${hospitalId}:${wanted.webhookId}`)
        : log.findLast((e) => e.type === wanted.latest && e.outcome === 'accepted' && !already.has(e.seq));
    const now = deps.now().getTime();
    const seq = row.version + 1;
    if (!target)
      return {
        kind: 'unknown_reference',
        caseId: row.id,
        ...('webhookId' in wanted
          ? { field: 'data.webhookId', detail: `no event with webhook-id ${wanted.webhookId} on this hospitalization` }
          : { field: 'type', detail: `no ${wanted.latest} event on this hospitalization to retract` }),
      };
    const refusal =
      target.outcome !== 'accepted'
        ? 'that event was refused and changed nothing; there is nothing to retract'
        : target.type === 'admitted' || target.type === 'admission_planned'
          ? 'an admission cannot be retracted; send admission_cancelled (admission_plan_cancelled for a plan)'
          : already.has(target.seq)
            ? 'that event is already retracted'
            : null;
    const entry = (outcome: 'accepted' | 'rejected', state: string, detail: string | null) =>
      db.insert(caseEvents).values({
        caseId: row.id,
        seq,
        source: 'hospital',
        dedupeKey: r.dedupeKey,
        type: 'event_retracted',
        occurredAt: r.occurredAt,
        receivedAt: now,
        data: r.data,
        fact: { type: 'event_retracted', seq: target?.seq ?? null, reason: r.reason },
        outcome,
        stateAfter: state,
        detail,
      });
    const bump = db
      .update(cases)
      .set({ version: seq, updatedAt: now })
      .where(and(eq(cases.id, row.id), eq(cases.version, row.version)));
    if (refusal) {
      await deps.database.commit([bump, entry('rejected', row.state, refusal)]);
      return { kind: 'rejected', caseId: row.id, state: row.state, detail: refusal, replayed: false };
    }
    const { step, openTasks } = rebuildWithout(
      log.filter((e) => e.outcome === 'accepted'),
      new Set([...already, target!.seq]),
    );
    const ctx = step.snapshot.context;
    const stale = [...loaded.openTasks].filter(([kind]) => !openTasks.has(kind)).map(([, id]) => id);
    const deadlines = await effectStatements(
      deps,
      {
        caseId: row.id,
        seq,
        context: ctx,
        openTasks: loaded.openTasks,
        taskLinkTtlDays: taskLinkTtlDays(deps.regions.get(row.regionId)),
      },
      ctx.deadlines
        .filter((d) => d.status === 'open')
        .map((d) => ({
          type: 'setDeadline' as const,
          key: d.key,
          dueAt: d.dueAt,
          remindAt: d.remindAt,
          escalateAt: d.escalateAt,
        })),
    );
    // A case from before encryption keeps its patient only in the snapshot, which the rebuild drops: seal it now.
    const legacyPatient =
      row.patient === null ? { patient: await sealPatient(deps, row.id, await casePatient(deps, row)) } : {};
    const statements: Statement[] = [
      db
        .update(cases)
        .set({ ...derivedColumns(step), ...legacyPatient, version: seq, updatedAt: now })
        .where(and(eq(cases.id, row.id), eq(cases.version, row.version))),
      entry('accepted', step.state, `retracted seq ${target!.seq} (${target!.type}): ${r.reason}`),
      db
        .update(timers)
        .set({ status: 'cancelled' })
        .where(and(eq(timers.caseId, row.id), eq(timers.status, 'pending'))),
      ...deadlines.statements,
      ...revokeOnOfficeChange(deps, row.id, now, row.careOfficeId, ctx.careOfficeId),
      ...(stale.length
        ? [
            db
              .update(tasks)
              .set({ status: 'closed', doneAt: now })
              .where(and(inArray(tasks.id, stale), eq(tasks.status, 'open'))),
          ]
        : []),
      ...(ctx.careOfficeId
        ? [
            queueNotice(db, {
              caseId: row.id,
              notice: 'correction_notice',
              route: 'preferred',
              recipientKind: 'care_office',
              recipientId: ctx.careOfficeId,
              recipientPurpose: null,
              taskId: null,
              urgent: false,
              deadlineKey: null,
              idempotencyKey: correctionKey(row.id, seq),
              at: now,
            }),
          ]
        : []),
    ];
    await deps.database.commit(statements);
    if (ctx.careOfficeId) deps.afterCommit?.();
    deps.log.info('event retracted', { caseId: row.id, seq, retractedSeq: target!.seq, state: step.state });
    return { kind: 'accepted', caseId: row.id, state: step.state, replayed: false };
  });
}
