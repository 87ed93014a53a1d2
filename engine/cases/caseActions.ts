import { and, eq } from 'drizzle-orm';
import { cases, noticeResends, outbox } from '../../db/schema.js';
import { CLOCK_SKEW_MS } from '../../machines/time.js';
import type { HospitalizationEvent, InfoMeans } from '../../machines/types.js';
import type { OutboxNoticeKind } from '../../notifiers/noticeNames.js';
import { audit, auditStatement, maySee, type Principal, type Requester } from '../access/index.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { revokeLinkStatements } from '../links/index.js';
import { queueNotice } from '../queueNotice.js';
import { checkReferences, type HospitalFactInput, toMachineEvent } from './hospitalEvents.js';
import { nursingSummaryParts } from './nursingSummaries.js';
import { recordEvent } from './record.js';

// What a person may do to a case from the console or the administration API. Every action is
// audited with who, when, from where; facts go through the machine like any other event.

export type ActionResult =
  | { kind: 'done'; caseId: string; state: string; noticeId?: string }
  | { kind: 'not_found' }
  | { kind: 'refused'; caseId: string; state: string; detail: string }
  | { kind: 'invalid'; field: string; detail: string }
  | { kind: 'conflict'; detail: string };

/** Facts a care manager reports through a task link, which a person may also record by hand. */
export type CareManagerFactInput =
  | { type: 'admission_acknowledged'; occurredAt: string; data: Record<string, never> }
  | { type: 'information_sheet_provided'; occurredAt: string; data: { means: InfoMeans } }
  | { type: 'care_plan_copy_sent'; occurredAt: string; data: Record<string, never> };

/**
 * Facts only a person in the console records, always with a reason: a stay recorded out of the
 * rule's scope (Sanda §2(3)) brought into it, so it is chased from now on.
 */
export type ConsoleFactInput = { type: 'brought_into_rule_scope'; occurredAt: string; data: Record<string, never> };

/** The data of a `nursing_summary_sent` fact (the manual fact's union does not narrow by type through Omit). */
type SummaryData = Extract<HospitalFactInput, { type: 'nursing_summary_sent' }>['data'];

export type ManualFactInput = Omit<HospitalFactInput, 'hospitalizationId'> | CareManagerFactInput | ConsoleFactInput;

export const CARE_MANAGER_FACTS = [
  'admission_acknowledged',
  'information_sheet_provided',
  'care_plan_copy_sent',
] as const;

/**
 * The case, if the principal may act on it. Another hospital's case is answered like a missing one,
 * and the attempt is audited (`case.action.denied`, naming what was attempted).
 */
export async function visibleCase(
  deps: Deps,
  principal: Principal,
  requester: Requester,
  caseId: string,
  attempted: string,
) {
  const [row] = await deps.database.db
    .select({
      id: cases.id,
      hospitalId: cases.hospitalId,
      hospitalizationId: cases.hospitalizationId,
      regionId: cases.regionId,
    })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (row && maySee(principal, row.hospitalId)) return row;
  if (row)
    await audit(
      deps,
      { actor: principal.actor, action: 'case.action.denied', target: caseId, detail: { attempted } },
      requester,
    );
  return null;
}

/**
 * Whether the principal may act on the case, asked before a route reads or validates what it was sent:
 * another hospital's case is answered like a missing one (the caller's 404), and the attempt is audited
 * as `case.action.denied` naming `attempted` (as the action itself would). Its engine call checks again.
 */
export async function mayActOnCase(
  deps: Deps,
  principal: Principal,
  requester: Requester,
  caseId: string,
  attempted: string,
): Promise<boolean> {
  return (await visibleCase(deps, principal, requester, caseId, attempted)) !== null;
}

function careManagerFact(input: CareManagerFactInput): HospitalizationEvent {
  const { occurredAt } = input;
  switch (input.type) {
    case 'admission_acknowledged':
    case 'care_plan_copy_sent':
      return { type: input.type, occurredAt };
    case 'information_sheet_provided':
      return { type: input.type, occurredAt, at: occurredAt, means: input.data.means };
  }
}

/**
 * Whether recording this fact by hand needs a reason: a hospital's own staff record their hospital's
 * facts as the hospital (source 'staff'); anyone recording on someone else's behalf (an administrator,
 * or staff writing down a care manager's report) says why.
 */
export function needsReason(principal: Principal, hospitalId: string, type: ManualFactInput['type']): boolean {
  return !ownHospitalFact(principal, hospitalId, type);
}

function ownHospitalFact(principal: Principal, hospitalId: string, type: ManualFactInput['type']): boolean {
  return (
    principal.role !== 'admin' &&
    principal.hospitalId === hospitalId &&
    type !== 'brought_into_rule_scope' &&
    !(CARE_MANAGER_FACTS as readonly string[]).includes(type)
  );
}

/**
 * A fact recorded by hand: kept in the event log with the account (and the reason, required unless
 * the hospital's own staff record their hospital's fact: source 'staff'; otherwise source 'admin'),
 * and applied by the machine through the webhook's own mapping (`checkReferences`, `toMachineEvent`,
 * `recordEvent`). A refused fact is kept too. `idempotencyKey` makes a double submit record once.
 */
export async function recordManualFact(
  deps: Deps,
  principal: Principal,
  requester: Requester,
  caseId: string,
  fact: ManualFactInput,
  reason: string | null,
  idempotencyKey: string | null,
): Promise<ActionResult> {
  const found = await visibleCase(deps, principal, requester, caseId, `case.fact.${fact.type}`);
  if (!found) return { kind: 'not_found' };
  const own = ownHospitalFact(principal, found.hospitalId, fact.type);
  if (!own && !reason)
    return {
      kind: 'invalid',
      field: 'reason',
      detail: 'a reason is required when recording on behalf of someone else',
    };
  if (Date.parse(fact.occurredAt) > deps.now().getTime() + CLOCK_SKEW_MS) {
    return {
      kind: 'invalid',
      field: 'occurredAt',
      detail: 'occurredAt is in the future; it is when the fact happened',
    };
  }
  let event: HospitalizationEvent;
  if (fact.type === 'brought_into_rule_scope') {
    event = { type: fact.type, occurredAt: fact.occurredAt };
  } else if ((CARE_MANAGER_FACTS as readonly string[]).includes(fact.type)) {
    event = careManagerFact(fact as CareManagerFactInput);
  } else {
    const input = { ...fact, hospitalizationId: found.hospitalizationId } as HospitalFactInput;
    const refs = await checkReferences(deps, input);
    if ('invalid' in refs) return { kind: 'invalid', ...refs.invalid };
    event = toMachineEvent(input, refs.office);
  }
  const entry = {
    actor: principal.actor,
    action: `case.fact.${fact.type}`,
    target: caseId,
    detail: { reason, occurredAt: fact.occurredAt },
  };
  const source = own ? 'staff' : 'admin';
  // 看護サマリー as data: sealed, its row committed with the fact; the log names the row.
  const summary =
    fact.type === 'nursing_summary_sent'
      ? await nursingSummaryParts(deps, (fact.data as SummaryData).summary, fact.occurredAt, source)
      : null;
  const result = await recordEvent(
    deps,
    { caseId },
    {
      source,
      dedupeKey: idempotencyKey ? `admin:${principal.actor}:${idempotencyKey}` : null,
      event,
      data: { by: principal.actor, byName: principal.name, reason, data: summary ? summary.logged : fact.data },
      ifRefused: 'store',
      extra: (loaded) => [auditStatement(deps, entry, requester), ...(summary?.extra(loaded) ?? [])],
    },
  );
  switch (result.kind) {
    case 'accepted':
      return { kind: 'done', caseId, state: result.state };
    case 'rejected':
      // A refused fact commits without its extra statements: audit the attempt on its own.
      if (!result.replayed) await audit(deps, { ...entry, action: `${entry.action}.refused` }, requester);
      return { kind: 'refused', caseId, state: result.state, detail: result.detail };
    default:
      return { kind: 'not_found' };
  }
}

/** The care office changes: a `care_office_identified` fact from the administrator, through the machine. */
export function reassignCareOffice(
  deps: Deps,
  principal: Principal,
  requester: Requester,
  caseId: string,
  careOfficeId: string,
  reason: string,
  idempotencyKey: string | null,
): Promise<ActionResult> {
  return recordManualFact(
    deps,
    principal,
    requester,
    caseId,
    {
      type: 'care_office_identified',
      occurredAt: deps.now().toISOString(),
      data: { careOfficeId },
    },
    reason,
    idempotencyKey,
  );
}

/** A stay out of the rule's scope is brought into it (Sanda §2(3)): always with a reason, audited. */
export function bringIntoRuleScope(
  deps: Deps,
  principal: Principal,
  requester: Requester,
  caseId: string,
  reason: string,
  idempotencyKey: string | null,
): Promise<ActionResult> {
  return recordManualFact(
    deps,
    principal,
    requester,
    caseId,
    { type: 'brought_into_rule_scope', occurredAt: deps.now().toISOString(), data: {} },
    reason,
    idempotencyKey,
  );
}

/**
 * Sends a notice again: a new outbox row (new id, new idempotency key) with the same kind and
 * addressee, linked to the one it repeats. The text is composed afresh at sending, so a corrected
 * address or a still-open task link is used.
 */
export async function resendNotice(
  deps: Deps,
  principal: Principal,
  requester: Requester,
  caseId: string,
  noticeId: string,
  reason: string | null,
): Promise<ActionResult> {
  const found = await visibleCase(deps, principal, requester, caseId, 'notice.resend');
  if (!found) return { kind: 'not_found' };
  const { db } = deps.database;
  const [original] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.id, noticeId), eq(outbox.caseId, caseId)));
  if (!original) return { kind: 'not_found' };
  if (original.status === 'pending')
    return { kind: 'conflict', detail: 'the notice is still waiting to be sent; it will be retried' };
  // Held for the care office's daily digest (notifiers/noticeTiming.ts): it goes with that mail.
  if (original.status === 'held')
    return { kind: 'conflict', detail: "the notice is held for the care office's daily digest; it goes with it" };
  const now = deps.now().getTime();
  const id = newId('ntc');
  await db.batch([
    // The kind is the original row's, which was queued with a typed kind. Route, document and the
    // notice it is about are the original's too: a resent information sheet is still the sheet's
    // FAX (route 'document' with its documentId), not a plain mail without its pages.
    queueNotice(db, {
      id,
      caseId,
      notice: original.notice as OutboxNoticeKind,
      route: original.route,
      documentId: original.documentId,
      aboutNoticeId: original.aboutNoticeId,
      channel: original.channel,
      recipientKind: original.recipientKind,
      recipientId: original.recipientId,
      recipientPurpose: original.recipientPurpose,
      urgent: original.urgent,
      deadlineKey: original.deadlineKey,
      taskId: original.taskId,
      idempotencyKey: `resend:${original.id}:${id}`,
      at: now,
    }),
    db.insert(noticeResends).values({ outboxId: id, originalId: original.id, actor: principal.actor, reason, at: now }),
    auditStatement(
      deps,
      {
        actor: principal.actor,
        action: 'notice.resent',
        target: caseId,
        detail: { noticeId: original.id, newNoticeId: id, notice: original.notice, reason },
      },
      requester,
    ),
  ]);
  deps.log.info('notice resent', { caseId, noticeId: original.id, newNoticeId: id });
  deps.afterCommit?.();
  const [row] = await db.select({ state: cases.state }).from(cases).where(eq(cases.id, caseId));
  return { kind: 'done', caseId, state: row?.state ?? '', noticeId: id };
}

/**
 * Revokes the case's care-manager links (a mail forwarded to the wrong person, a lost phone): every
 * task link and every notice short link sent to a care office stops working at once, and opening
 * one says so and whom to call. A resend afterwards carries a fresh link. Audited with the account.
 */
export async function revokeCaseLinks(
  deps: Deps,
  principal: Principal,
  requester: Requester,
  caseId: string,
  reason: string | null,
): Promise<ActionResult> {
  const found = await visibleCase(deps, principal, requester, caseId, 'case.links.revoke');
  if (!found) return { kind: 'not_found' };
  const { db } = deps.database;
  await deps.database.commit([
    ...revokeLinkStatements(deps, caseId, deps.now().getTime()),
    auditStatement(
      deps,
      { actor: principal.actor, action: 'case.links.revoked', target: caseId, detail: { reason } },
      requester,
    ),
  ]);
  deps.log.info('task links revoked', { caseId });
  const [row] = await db.select({ state: cases.state }).from(cases).where(eq(cases.id, caseId));
  return { kind: 'done', caseId, state: row?.state ?? '' };
}
