import { and, eq } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { caseEvents, cases } from '../../db/schema.js';
import { caseMeasures } from '../../machines/measures.js';
import { accepts, admit, apply, impliedFacts, type Step } from '../../machines/run.js';
import type { AdmissionInput, HospitalizationEvent } from '../../machines/types.js';
import { taskLinkTtlDays } from '../../regions/rules.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { revokeOnOfficeChange } from '../links/index.js';
import { type Patient, sealPatient } from '../patients/index.js';
import {
  type CaseLocator,
  type EventReads,
  type LoadedCase,
  overdueKeys,
  type PriorEvent,
  readForEvent,
} from './caseStore.js';
import { effectStatements } from './effects.js';
import { commitEvent } from './eventCommit.js';
import { retryLostRaces } from './lostRaces.js';

/** Who delivered a fact: a hospital's system, its staff by hand or by script, a care manager, a deadline, an administrator, the rule itself. */
export type Source = 'hospital' | 'staff' | 'care_manager' | 'timer' | 'admin' | 'system';

export type Recorded =
  | { kind: 'accepted'; caseId: string; state: string; replayed: boolean }
  | { kind: 'rejected'; caseId: string; state: string; detail: string; replayed: boolean }
  | { kind: 'skipped'; caseId: string; state: string }
  | { kind: 'no_case' };

export interface Incoming {
  source: Source;
  /** Idempotency key; a second event with the same key changes nothing and gets the first answer. */
  dedupeKey: string | null;
  event: HospitalizationEvent;
  /** What is kept in the event log (the request's data as received). */
  data: unknown;
  /** Statements that must commit together with this event (a task completion, a timer marked fired). */
  extra?: (loaded: LoadedCase) => Statement[];
  /** A refused timer event is simply not needed any more; a refused hospital event is kept for review. */
  ifRefused: 'store' | 'skip';
}

/** A fact delivered again (same dedupe key): the answer recorded the first time. */
export function resultRecordedBefore(prior: PriorEvent): Extract<Recorded, { kind: 'accepted' | 'rejected' }> {
  return prior.outcome === 'accepted'
    ? { kind: 'accepted', caseId: prior.caseId, state: prior.stateAfter, replayed: true }
    : { kind: 'rejected', caseId: prior.caseId, state: prior.stateAfter, detail: prior.detail ?? '', replayed: true };
}

function refusal(event: HospitalizationEvent, state: string): string {
  return state === 'closed'
    ? `the case is closed; ${event.type} can no longer be recorded`
    : `${event.type} is not allowed while the case is in ${state}`;
}

/**
 * Applies one fact to an existing case: load snapshot, pure transition, then one atomic batch of
 * case row + event log + effects. The event log's unique (case, seq) is the optimistic lock: a
 * concurrent writer makes the batch fail and we reload and retry, so no update is lost.
 */
export async function recordEvent(
  deps: Deps,
  locator: CaseLocator,
  incoming: Incoming,
  preloaded?: EventReads,
): Promise<Recorded> {
  const turns = deps.caseTurns;
  if (!turns) return attemptEvent(deps, locator, incoming, preloaded);
  const reads = preloaded ?? (await readForEvent(deps, locator, incoming.dedupeKey, incoming.event.type));
  if (reads.prior || !reads.loaded) return attemptEvent(deps, locator, incoming, reads);
  // Whoever went before changed the case: what was read before the turn is stale.
  return turns(reads.loaded.row.id, (waited) => attemptEvent(deps, locator, incoming, waited ? undefined : reads));
}

async function attemptEvent(
  deps: Deps,
  locator: CaseLocator,
  incoming: Incoming,
  preloaded?: EventReads,
): Promise<Recorded> {
  const { db } = deps.database;
  return retryLostRaces(incoming.event.type, async (attempt) => {
    const { prior, loaded } =
      (attempt === 0 && preloaded) || (await readForEvent(deps, locator, incoming.dedupeKey, incoming.event.type));
    if (prior) return resultRecordedBefore(prior);
    if (!loaded) return { kind: 'no_case' };
    const { row, snapshot } = loaded;
    const now = deps.now().getTime();
    let seq = row.version + 1;
    const ok = accepts(snapshot, incoming.event);
    if (!ok && incoming.ifRefused === 'skip') {
      return { kind: 'skipped', caseId: row.id, state: row.state };
    }
    const statements: Statement[] = [];
    let state = row.state;
    let notices = 0;
    const extra = incoming.extra?.(loaded) ?? [];
    if (ok) {
      const step = apply(snapshot, incoming.event);
      state = step.state;
      // What the rule took as happened comes first in the log, with no fact of its own to replay:
      // the fact that implied it implies it again on a rebuild.
      for (const implied of impliedFacts(snapshot, step)) {
        const entry: Logged = {
          source: 'system',
          dedupeKey: null,
          type: implied.type,
          occurredAt: incoming.event.occurredAt,
          data: { impliedBy: incoming.event.type },
        };
        statements.push(eventRow(deps, row.id, seq++, entry, 'accepted', implied.state, null));
      }
      const effects = await effectStatements(
        deps,
        {
          caseId: row.id,
          seq,
          context: step.snapshot.context,
          openTasks: loaded.openTasks,
          providers: loaded.providers,
          taskLinkTtlDays: taskLinkTtlDays(deps.regions.get(row.regionId)),
        },
        step.effects,
      );
      notices = effects.notices;
      statements.push(
        db
          .update(cases)
          .set({ ...derivedColumns(step), version: seq, updatedAt: now })
          .where(and(eq(cases.id, row.id), eq(cases.version, row.version))),
        eventRow(deps, row.id, seq, logged(incoming), 'accepted', state, null),
        ...extra,
        ...revokeOnOfficeChange(deps, row.id, now, row.careOfficeId, step.snapshot.context.careOfficeId),
        ...effects.statements,
      );
    } else {
      statements.push(
        db
          .update(cases)
          .set({ version: seq, updatedAt: now })
          .where(and(eq(cases.id, row.id), eq(cases.version, row.version))),
        eventRow(deps, row.id, seq, logged(incoming), 'rejected', state, refusal(incoming.event, state)),
      );
    }
    await commitEvent(deps, statements);
    if (notices > 0) deps.afterCommit?.();
    deps.log.info('event recorded', {
      caseId: row.id,
      seq,
      type: incoming.event.type,
      outcome: ok ? 'accepted' : 'rejected',
      state,
    });
    return ok
      ? { kind: 'accepted', caseId: row.id, state, replayed: false }
      : { kind: 'rejected', caseId: row.id, state, detail: refusal(incoming.event, state), replayed: false };
  });
}

export interface AdmissionRequest {
  hospitalId: string;
  hospitalizationId: string;
  regionId: string;
  dedupeKey: string;
  /** Who delivered the admission: the hospital's system, or a person (staff or an administrator). */
  source: Extract<Source, 'hospital' | 'staff' | 'admin' | 'care_manager'>;
  patientKey: string;
  /** Stored sealed on the case row only; `input` and `data` must not carry it. */
  patient: Patient;
  input: Omit<AdmissionInput, 'caseId'>;
  data: unknown;
  /** Statements that must commit together with the new case (the other providers the admission names). */
  extra?: (caseId: string) => Statement[];
}

/** Columns derived from the snapshot at every commit, so listings and the leak rate need no JSON. */
export function derivedColumns(step: Step) {
  const ctx = step.snapshot.context;
  return {
    state: step.state,
    snapshot: step.snapshot,
    overdue: overdueKeys(step.snapshot),
    careOfficeId: ctx.careOfficeId,
    route: ctx.route,
    // A planned admission's row carries the planned day until the admission takes place.
    admittedAt: Date.parse(ctx.admittedAt),
    dischargedAt: ctx.discharge ? Date.parse(ctx.discharge.at) : null,
    dischargeDestination: ctx.discharge?.destination ?? null,
    leakReason: ctx.leak?.reason ?? null,
    closedReason: ctx.closedReason,
    previousCaseId: ctx.previousStay?.caseId ?? null,
    ...caseMeasures(ctx),
  };
}

/** The first fact of a stay creates its case; a second admission of the same encounter is refused. */
export async function recordAdmission(deps: Deps, req: AdmissionRequest, preloaded?: EventReads): Promise<Recorded> {
  const turns = deps.caseTurns;
  if (!turns) return attemptAdmission(deps, req, preloaded);
  // Admissions of one stay take turns too: after the first, each is refused on the case it created.
  return turns(`stay:${req.hospitalId}:${req.hospitalizationId}`, (waited) =>
    attemptAdmission(deps, req, waited ? undefined : preloaded),
  );
}

async function attemptAdmission(deps: Deps, req: AdmissionRequest, preloaded?: EventReads): Promise<Recorded> {
  const { db } = deps.database;
  const locator = { hospitalId: req.hospitalId, hospitalizationId: req.hospitalizationId };
  return retryLostRaces('admission', async (attempt) => {
    const { prior, loaded: existing } =
      (attempt === 0 && preloaded) || (await readForEvent(deps, locator, req.dedupeKey, null));
    if (prior) return resultRecordedBefore(prior);
    const firstFact = req.input.expectedAdmissionDate ? 'admission_planned' : 'admitted';
    if (existing) {
      const now = deps.now().getTime();
      const detail =
        existing.row.state === 'planned'
          ? `hospitalization ${req.hospitalizationId} is already planned (case ${existing.row.id})`
          : `hospitalization ${req.hospitalizationId} is already admitted (case ${existing.row.id})`;
      const logged: Logged = {
        source: req.source,
        dedupeKey: req.dedupeKey,
        type: firstFact,
        occurredAt: req.input.occurredAt,
        data: req.data,
      };
      await commitEvent(deps, [
        db
          .update(cases)
          .set({ version: existing.row.version + 1, updatedAt: now })
          .where(and(eq(cases.id, existing.row.id), eq(cases.version, existing.row.version))),
        eventRow(deps, existing.row.id, existing.row.version + 1, logged, 'rejected', existing.row.state, detail),
      ]);
      return { kind: 'rejected', caseId: existing.row.id, state: existing.row.state, detail, replayed: false };
    }
    const caseId = newId('case');
    const step = admit({ ...req.input, caseId });
    const now = deps.now().getTime();
    const effects = await effectStatements(
      deps,
      {
        caseId,
        seq: 1,
        context: step.snapshot.context,
        openTasks: new Map(),
        taskLinkTtlDays: taskLinkTtlDays(deps.regions.get(req.regionId)),
      },
      step.effects,
    );
    await commitEvent(deps, [
      db.insert(cases).values({
        id: caseId,
        hospitalId: req.hospitalId,
        hospitalizationId: req.hospitalizationId,
        regionId: req.regionId,
        ...derivedColumns(step),
        version: 1,
        patientKey: req.patientKey,
        patient: await sealPatient(deps, caseId, req.patient),
        createdAt: now,
        updatedAt: now,
      }),
      eventRow(
        deps,
        caseId,
        1,
        {
          source: req.source,
          dedupeKey: req.dedupeKey,
          type: firstFact,
          occurredAt: req.input.occurredAt,
          data: req.data,
          fact: { type: firstFact, input: req.input },
        },
        'accepted',
        step.state,
        null,
      ),
      ...(req.extra?.(caseId) ?? []),
      ...effects.statements,
    ]);
    if (effects.notices > 0) deps.afterCommit?.();
    deps.log.info('case admitted', { caseId, hospitalId: req.hospitalId, state: step.state });
    return { kind: 'accepted', caseId, state: step.state, replayed: false };
  });
}

interface Logged {
  source: Source;
  dedupeKey: string | null;
  type: string;
  occurredAt: string;
  data: unknown;
  fact?: unknown;
}

function logged(incoming: Incoming): Logged {
  const { source, dedupeKey, data, event } = incoming;
  return { source, dedupeKey, data, type: event.type, occurredAt: event.occurredAt, fact: event };
}

function eventRow(
  deps: Deps,
  caseId: string,
  seq: number,
  entry: Logged,
  outcome: 'accepted' | 'rejected',
  stateAfter: string,
  detail: string | null,
) {
  return deps.database.db.insert(caseEvents).values({
    caseId,
    seq,
    ...entry,
    receivedAt: deps.now().getTime(),
    outcome,
    stateAfter,
    detail,
  });
}
