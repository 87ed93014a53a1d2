import { and, eq } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { type outbox, tasks, timers } from '../../db/schema.js';
import { providerCopyOf } from '../../machines/otherProviders.js';
import { DAY_MS } from '../../machines/time.js';
import type { Effect, HospitalizationContext, TaskKind } from '../../machines/types.js';
import { mailedAdministrators } from '../access/index.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { queueNotice } from '../queueNotice.js';
import { type CaseProviderRow, caseProvidersOf } from './otherProviders.js';
import { RECEIVING_WINDOW_PURPOSE } from './sheetHospital.js';

export interface EffectScope {
  caseId: string;
  seq: number;
  context: HospitalizationContext;
  /** Open tasks before this event, by kind. */
  openTasks: ReadonlyMap<string, string>;
  taskLinkTtlDays: number;
  /** The stay's current other providers when already read with the case (else read here when a copy is due). */
  providers?: readonly CaseProviderRow[];
}

type Target = Pick<typeof outbox.$inferInsert, 'recipientKind' | 'recipientId' | 'recipientPurpose'> & {
  document: boolean;
};

/**
 * An escalation goes to every administrator mailed about the region (and, for a deadline the
 * hospital owns, to that hospital's staff): one email row each. With nobody to mail, none: the
 * overdue deadline is still on the console's stuck list, and the overview says nobody is mailed.
 */
async function administratorTargets(
  deps: Deps,
  effect: Extract<Effect, { type: 'sendNotice' }>,
  ctx: HospitalizationContext,
): Promise<Target[]> {
  const owner = ctx.deadlines.find((d) => d.key === effect.deadline)?.owner;
  const people = await mailedAdministrators(deps, {
    regionId: ctx.rule.regionId,
    hospitalId: owner === 'hospital' ? ctx.hospitalId : null,
  });
  return people.map((p) => ({ recipientKind: p.kind, recipientId: p.id, recipientPurpose: null, document: false }));
}

/** Who a notice goes to, from the case as it is after the event; none when there is nobody to tell. */
async function targets(
  deps: Deps,
  effect: Extract<Effect, { type: 'sendNotice' }>,
  ctx: HospitalizationContext,
  caseId: string,
): Promise<Target[]> {
  if (effect.to === 'regionAdministrator') return administratorTargets(deps, effect, ctx);
  const one = target(effect.to, ctx, caseId, effect.notice);
  return one ? [one] : [];
}

function target(
  to: Exclude<Extract<Effect, { type: 'sendNotice' }>['to'], 'regionAdministrator'>,
  ctx: HospitalizationContext,
  caseId: string,
  notice: Extract<Effect, { type: 'sendNotice' }>['notice'],
): Target | null {
  switch (to) {
    case 'careOffice':
      return ctx.careOfficeId
        ? { recipientKind: 'care_office', recipientId: ctx.careOfficeId, recipientPurpose: null, document: false }
        : null;
    case 'supportCenter': {
      // Finding an unknown care manager goes to the center of the patient's address; B①'s application
      // support to the center the hospital consulted.
      const id =
        notice === 'care_manager_search_request'
          ? ctx.careManagerSearch?.supportCenterId
          : ctx.applicationSupport?.supportCenterId;
      return id ? { recipientKind: 'care_office', recipientId: id, recipientPurpose: null, document: false } : null;
    }
    case 'receivingHospital': {
      const id = ctx.transfer?.toHospitalId;
      if (id)
        return {
          recipientKind: 'hospital',
          recipientId: id,
          recipientPurpose: RECEIVING_WINDOW_PURPOSE,
          document: true,
        };
      // Outside the directory: the FAX number given with the fact, read from the case at dispatch.
      return ctx.transfer?.toHospitalFax
        ? { recipientKind: 'receiving_hospital', recipientId: caseId, recipientPurpose: null, document: true }
        : null;
    }
    case 'hospitalWindow':
      return { recipientKind: 'hospital', recipientId: ctx.hospitalId, recipientPurpose: 'inpatient', document: true };
  }
}

/**
 * Turns the machine's effect descriptions into rows committed with the event: tasks, timers and
 * outbox entries. Nothing is sent here; the dispatcher sends after commit.
 */
export async function effectStatements(
  deps: Deps,
  scope: EffectScope,
  effects: Effect[],
): Promise<{ statements: Statement[]; notices: number }> {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const openTasks = new Map(scope.openTasks);
  const statements: Statement[] = [];
  let notices = 0;
  const taskId = (kind: TaskKind | null) => (kind ? (openTasks.get(kind) ?? null) : null);

  for (const [index, effect] of effects.entries()) {
    switch (effect.type) {
      case 'openTask': {
        if (openTasks.has(effect.task)) break;
        const id = newId('task');
        openTasks.set(effect.task, id);
        statements.push(
          db.insert(tasks).values({
            id,
            caseId: scope.caseId,
            kind: effect.task,
            status: 'open',
            createdAt: now,
            // From the day the stay begins or is expected to, whichever is later: a plan told weeks ahead
            // would otherwise give the care manager a dead link by the day of admission.
            expiresAt: Math.max(now, Date.parse(scope.context.admittedAt)) + scope.taskLinkTtlDays * DAY_MS,
          }),
        );
        break;
      }
      case 'closeTask':
        if (!openTasks.has(effect.task)) break;
        openTasks.delete(effect.task);
        statements.push(
          db
            .update(tasks)
            .set({ status: 'closed', doneAt: now })
            .where(and(eq(tasks.caseId, scope.caseId), eq(tasks.kind, effect.task), eq(tasks.status, 'open'))),
        );
        break;
      case 'sendNotice': {
        const all = await targets(deps, effect, scope.context, scope.caseId);
        for (const { document, ...to } of all) {
          // An urgent notice (a sudden discharge) goes by SMS and email both; a hospital window takes
          // documents by FAX first; administrators by email; everyone else by their preferred
          // channel with fallbacks.
          const routes = document
            ? (['document'] as const)
            : effect.urgent
              ? (['email', 'sms'] as const)
              : to.recipientKind === 'region_administrator' || to.recipientKind === 'account'
                ? (['email'] as const)
                : (['preferred'] as const);
          // Several administrators for one effect: each row keyed by whom it is for.
          const whom = effect.to === 'regionAdministrator' ? `:${to.recipientKind}:${to.recipientId}` : '';
          for (const route of routes) {
            notices++;
            statements.push(
              queueNotice(db, {
                caseId: scope.caseId,
                notice: effect.notice,
                ...to,
                route,
                taskId: taskId(effect.task),
                urgent: effect.urgent,
                deadlineKey: effect.deadline,
                idempotencyKey: `${scope.caseId}:${scope.seq}:${index}${whom}${route === 'sms' ? ':sms' : ''}`,
                at: now,
              }),
            );
          }
        }
        // 他の事業所への写し: the care manager's discharge start and discharge go to the stay's other
        // providers too, one copy each by its own channel, at once; a copy opens no task.
        const copy = effect.to === 'careOffice' && all.length > 0 ? providerCopyOf(effect.notice) : null;
        if (copy)
          for (const provider of scope.providers ?? (await caseProvidersOf(deps, scope.caseId))) {
            notices++;
            statements.push(
              queueNotice(db, {
                caseId: scope.caseId,
                notice: copy,
                route: 'preferred',
                recipientKind: 'other_provider',
                recipientId: provider.id,
                urgent: effect.urgent,
                idempotencyKey: `${scope.caseId}:${scope.seq}:${index}:copy:${provider.id}`,
                at: now,
              }),
            );
          }
        break;
      }
      case 'setDeadline': {
        const base = { caseId: scope.caseId, deadlineKey: effect.key, status: 'pending' as const };
        const at = { remind: effect.remindAt, due: effect.dueAt, escalate: effect.escalateAt };
        for (const kind of ['remind', 'due', 'escalate'] as const) {
          const when = at[kind];
          if (when)
            statements.push(
              db.insert(timers).values({
                ...base,
                id: `${scope.caseId}:${scope.seq}:${effect.key}:${kind}`,
                kind,
                dueAt: Date.parse(when),
              }),
            );
        }
        break;
      }
      case 'clearDeadline':
        statements.push(
          db
            .update(timers)
            .set({ status: 'cancelled' })
            .where(
              and(eq(timers.caseId, scope.caseId), eq(timers.deadlineKey, effect.key), eq(timers.status, 'pending')),
            ),
        );
        break;
    }
  }
  return { statements, notices };
}
