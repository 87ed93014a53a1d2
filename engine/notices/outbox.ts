import { and, asc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { deliveryAttempts, faxReceipts, outbox } from '../../db/schema.js';
import { type Accepted, type Channel, DeliveryError } from '../../notifiers/delivery.js';
import { mayWaitForDigest } from '../../notifiers/noticeTiming.js';
import { groupCommit } from '../cases/index.js';
import type { Deps } from '../deps.js';
import { clockMayHaveGoneBack, leaseLapsed } from '../leases.js';
import { ALERT_NOTICE, caseScope, composeAlert, noticeAlert } from './adminAlerts.js';
import { composeCarePlanCopy } from './carePlanCopy.js';
import { markDead } from './deadLetter.js';
import { commitSent, fedBack, recordDelivery } from './deliveryRecord.js';
import { composeInformationSheet, recordSheetSent } from './informationSheet.js';
import { NoticeReads } from './noticeReads.js';
import { type Composed, caseIdOf, composeCareOfficeNotice, loadRecipient, type OutboxRow } from './notices.js';
import { composeOfficeDigest, DIGEST_NOTICE, officeTakesDigest, recordDigestSent } from './officeDigestMail.js';
import { type ChannelPlan, type ChannelRoute, channelPlan } from './routing.js';
import { composeSheetCopy } from './sheetCopy.js';
import { composeMorningSummary } from './summaryMail.js';

export const MAX_DELIVERY_ATTEMPTS = 6;

type Composer = (
  deps: Deps,
  row: OutboxRow,
  channel: Channel,
  recipient: NonNullable<Awaited<ReturnType<typeof loadRecipient>>>,
  reads: NoticeReads,
) => Promise<Composed>;

/** Notices with a composer of their own; every other notice is a care office's, from notifiers/texts.ts. */
const COMPOSERS: Record<string, Composer> = {
  information_sheet: composeInformationSheet,
  information_sheet_copy: composeSheetCopy,
  care_plan_copy: composeCarePlanCopy,
  [ALERT_NOTICE]: (deps, row) => composeAlert(deps, row),
  morning_summary: (deps, row) => composeMorningSummary(deps, row),
  [DIGEST_NOTICE]: (deps, row) => composeOfficeDigest(deps, row),
};
/** Transient failures on one channel before the notice falls back to the next channel. */
export const ATTEMPTS_PER_CHANNEL = 3;
const CLAIM_MS = 5 * 60_000;
const BATCH = 100;
const CLAIM_CHUNK = 10;

/**
 * How long one notice is claimed: five minutes, or longer when one provider call may take longer
 * (NOTIFIER_TIMEOUT_MS), so the claim always outlives a dispatch's budget plus the sends it started.
 */
export function claimMs(deps: Pick<Deps, 'config'>): number {
  return Math.max(CLAIM_MS, 4 * deps.config.notifierTimeoutMs);
}

/**
 * How long one dispatch may go on starting sends: its claims' lease less two provider timeouts, so
 * every send it started has ended (answered or timed out) and been recorded before the lease lapses
 * and another sweep could take the same notice. What is not started by then is let go, still due.
 */
export function dispatchBudgetMs(deps: Pick<Deps, 'config'>): number {
  return claimMs(deps) - 2 * deps.config.notifierTimeoutMs;
}

/** When a dispatch stops starting sends: at its wall-clock deadline, or when the process is stopping. */
export interface DispatchStop {
  /** Wall-clock time (Date.now()) after which no send is started. */
  until?: number;
  signal?: AbortSignal;
}

export const MAX_RETRY_DELAY_MS = 3600_000;

/** Exponential backoff with full jitter: 30 s, 1 min, 2 min, ... capped at one hour. */
export function retryDelayMs(attempts: number, random = Math.random()): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, 30_000 * 2 ** (attempts - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** The backoff, or longer when the provider asked for it (Retry-After), never more than the longest backoff. */
function backoffMs(attempts: number, error: DeliveryError): number {
  return Math.max(retryDelayMs(attempts), Math.min(error.retryAfterMs ?? 0, MAX_RETRY_DELAY_MS));
}

export interface DispatchCounts {
  sent: number;
  failed: number;
  dead: number;
  /** Claimed but not started before the dispatch had to stop: released, due for the next sweep. */
  deferred: number;
}

/**
 * Sends due notices at least once. A notice is claimed with a lease before sending, so two
 * sweeps do not both send it; sending happens outside any database transaction, and the result
 * is recorded afterwards. A crash between send and record means a resend with the same
 * idempotency key (Message-ID, FAX API Idempotency-Key), never a lost notice.
 */
export async function dispatchOutbox(
  deps: Deps,
  now: Date,
  limit = BATCH,
  stop: DispatchStop = {},
): Promise<DispatchCounts> {
  const t = now.getTime();
  const until = stop.until ?? Date.now() + dispatchBudgetMs(deps);
  const stopping = () => Date.now() >= until || stop.signal?.aborted === true;
  const counts: DispatchCounts = { sent: 0, failed: 0, dead: 0, deferred: 0 };
  // Sends run side by side, at most `notifierConcurrency` at a time per provider: one that hangs
  // holds its own slots until its timeout, never the other providers' notices.
  const slots = providerSlots(deps.config.notifierConcurrency);
  const chunk = Math.max(CLAIM_CHUNK, 2 * deps.config.notifierConcurrency);
  const recording = sendsRecordedTogether(deps);
  const running = new Set<Promise<void>>();
  let failed: { reason: unknown } | null = null;
  const start = (row: OutboxRow, reads: NoticeReads) => {
    const delivery: Promise<void> = deliver(
      recording,
      row,
      reads,
      (channel, go) => slots(providerKind(deps, channel), go),
      stopping,
      t,
    )
      .then(
        (outcome) => {
          if (outcome !== 'skipped') counts[outcome]++;
        },
        (reason: unknown) => {
          failed ??= { reason };
        },
      )
      .finally(() => running.delete(delivery));
    running.add(delivery);
  };
  let taken = 0;
  // The last claim found fewer than it asked for: what is due now is a notice that fails over to its
  // next channel (due again at once), so the next claim waits until the sends under way have ended.
  let drained = false;
  try {
    while (taken < limit && !stopping() && !failed) {
      // Otherwise the next notices are claimed and read while the last sends of the chunk before are
      // under way, so the providers' slots do not wait for the database between chunks. No more than
      // a chunk is claimed and not yet recorded at any time: what a crash can catch between a
      // provider's acceptance and its record stays a chunk (test/reliability/crash.test.ts).
      while (running.size > (drained ? 0 : deps.config.notifierConcurrency)) await Promise.race(running);
      if (stopping() || failed) break;
      const asked = Math.min(chunk - running.size, limit - taken);
      const claimed = await claimDue(deps, t, asked);
      drained = claimed.length < asked;
      if (claimed.length === 0) {
        if (running.size === 0) break;
        continue;
      }
      taken += claimed.length;
      // What the chunk's notices are composed from, read together: not a read batch per notice.
      const reads = await NoticeReads.of(deps, claimed);
      for (const row of claimed) start(row, reads);
    }
  } finally {
    // Every send started ends before the dispatch does, even when one of them fails to record.
    await Promise.all(running);
  }
  if (failed) throw (failed as { reason: unknown }).reason;
  return counts;
}

/** How long a sent notice's record may wait for the other sends of its dispatch. */
const RECORD_WAIT_MS = 250;

/** The dispatch's deps, and how it marks a send under way (its record is written once none is). */
interface Recording {
  deps: Deps;
  underWay<T>(go: () => Promise<T>): Promise<T>;
}

/**
 * The records of a dispatch's sends are written together, in one transaction (one sync) for the
 * sends that end while others are under way: a record waits until no send of the dispatch is
 * under way, at most RECORD_WAIT_MS. Each notice's statements stay whole: its sent mark, its
 * delivery attempt and, for a notice the rule judges, its notice_delivered event (recordEvent
 * commits through `commitEvent`). A group that fails (two notices of one case meeting on the
 * case's lock) is committed again notice by notice (engine/cases/groupCommit.ts), so a notice is
 * marked sent exactly when its fact is in the log. Waiting longer only widens the window in
 * which a crash means a resend with the same idempotency key, as before.
 */
function sendsRecordedTogether(deps: Deps): Recording {
  // Off, each send's record is its own transaction: not even the events' group committer shares it.
  if (!deps.config.dispatchGroupCommit) return { deps: { ...deps, commitEvent: undefined }, underWay: (go) => go() };
  let underWay = 0;
  const committer = groupCommit((statements) => deps.database.commit(statements), {
    hold: () => underWay > 0,
    maxWaitMs: RECORD_WAIT_MS,
  });
  return {
    deps: { ...deps, commitEvent: committer },
    async underWay(go) {
      underWay++;
      try {
        return await go();
      } finally {
        underWay--;
        if (underWay === 0) committer.release();
      }
    },
  };
}

/** Runs `go` once the channel's provider has a free slot. */
type Slot = <T>(channel: Channel, go: () => Promise<T>) => Promise<T>;

function providerSlots(perProvider: number) {
  const busy = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  return async <T>(provider: string, go: () => Promise<T>): Promise<T> => {
    if ((busy.get(provider) ?? 0) >= perProvider)
      await new Promise<void>((resolve) => waiting.set(provider, [...(waiting.get(provider) ?? []), resolve]));
    else busy.set(provider, (busy.get(provider) ?? 0) + 1);
    try {
      return await go();
    } finally {
      // The slot passes to the next in line as it is, or is freed.
      const next = waiting.get(provider)?.shift();
      if (next) next();
      else busy.set(provider, (busy.get(provider) ?? 1) - 1);
    }
  };
}

/** A claimed notice that was never tried: free again at once, with nothing counted against it. */
async function release(deps: Deps, row: OutboxRow, t: number): Promise<'deferred'> {
  await deps.database.db
    .update(outbox)
    .set({ claimedUntil: null })
    .where(and(eq(outbox.id, row.id), eq(outbox.claimedUntil, t + claimMs(deps))));
  return 'deferred';
}

/**
 * Selects and claims due notices in one statement. The claim re-checks `next_attempt_at`, so a
 * notice another sweep has just postponed is not sent early.
 */
async function claimDue(deps: Deps, t: number, n: number): Promise<OutboxRow[]> {
  const { db } = deps.database;
  // A retry planned further ahead than any backoff, or a lease longer than any we grant, was
  // written by a clock that has since gone back: it is due now, not days from now.
  const due = and(
    eq(outbox.status, 'pending'),
    clockMayHaveGoneBack(deps)
      ? or(lte(outbox.nextAttemptAt, t), gt(outbox.nextAttemptAt, t + 2 * MAX_RETRY_DELAY_MS))
      : lte(outbox.nextAttemptAt, t),
    leaseLapsed(deps, outbox.claimedUntil, t, claimMs(deps)),
  );
  const rows = await db
    .update(outbox)
    .set({ claimedUntil: t + claimMs(deps) })
    .where(
      and(
        due,
        inArray(
          outbox.id,
          db.select({ id: outbox.id }).from(outbox).where(due).orderBy(asc(outbox.nextAttemptAt)).limit(n),
        ),
      ),
    )
    .returning();
  return rows.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
}

export async function planFor(
  deps: Deps,
  row: OutboxRow,
  reads?: NoticeReads,
): Promise<ChannelPlan & { recipient: Awaited<ReturnType<typeof loadRecipient>> }> {
  const recipient = await loadRecipient(deps, row, reads);
  if (!recipient)
    return { recipient, plan: [], unavailable: [`${row.recipientKind} ${row.recipientId} is not in the directory`] };
  return { recipient, ...channelPlan(deps, row.route as ChannelRoute, recipient) };
}

async function deliver(
  recording: Recording,
  row: OutboxRow,
  reads: NoticeReads,
  slot: Slot,
  stopping: () => boolean,
  t: number,
): Promise<keyof DispatchCounts | 'skipped'> {
  const { deps } = recording;
  if (stopping()) return release(deps, row, t);
  // A routine notice to an office that takes a daily digest waits for it (engine/summary/officeDigest.ts);
  // one its digest already listed (and that digest could not be delivered) goes on its own.
  if (row.digestId === null && mayWaitForDigest(row) && (await officeTakesDigest(reads, row.recipientId)))
    return hold(deps, row);
  const { recipient, plan, unavailable } = await planFor(deps, row, reads);
  if (!recipient || plan.length === 0) {
    // The SMS of an urgent notice is in addition to its email: without a number it is not needed.
    if (row.route === 'sms') return skip(deps, row, unavailable.join('; '));
    // A copy to a provider removed from the stay since it was queued: nobody to copy any more.
    if (row.recipientKind === 'other_provider' && !recipient) return skip(deps, row, 'provider removed from the stay');
    return markDead(deps, row, `no usable channel: ${unavailable.join('; ')}`);
  }
  const index = Math.min(row.channelIndex, plan.length - 1);
  const { channel, address } = plan[index]!;
  const tried = { channel, address, index };
  // The provider's slot is held for the send only: its record is written outside it, with others.
  const outcome = await slot(channel, async () => {
    // Waiting for the provider's slot may have outlasted the dispatch: then this notice is not tried.
    if (stopping()) return null;
    return recording.underWay(() => attempt(deps, row, channel, address, recipient, reads));
  });
  if (!outcome) return release(deps, row, t);
  if ('error' in outcome) return recordFailure(deps, row, tried, plan, outcome.error);
  // A failure to record a send that went out is not a failed send. The claim lapses and the
  // notice goes again with the same idempotency key (at least once).
  await recordSent(deps, row, tried, outcome.accepted);
  deps.log.info('notice sent', { noticeId: row.id, caseId: row.caseId, notice: row.notice, channel });
  return 'sent';
}

/** Composes the notice for the channel and hands it to the provider. */
async function attempt(
  deps: Deps,
  row: OutboxRow,
  channel: Channel,
  address: string,
  recipient: NonNullable<Awaited<ReturnType<typeof loadRecipient>>>,
  reads: NoticeReads,
): Promise<{ accepted: Accepted } | { error: DeliveryError }> {
  try {
    const composed = await (COMPOSERS[row.notice] ?? composeCareOfficeNotice)(deps, row, channel, recipient, reads);
    return { accepted: await send(deps, row, composed, address) };
  } catch (e) {
    return { error: e instanceof DeliveryError ? e : new DeliveryError((e as Error).message.slice(0, 500), false) };
  }
}

async function send(deps: Deps, row: OutboxRow, composed: Composed, address: string): Promise<Accepted> {
  switch (composed.channel) {
    case 'email':
      return deps.email.send({
        noticeId: row.id,
        to: address,
        subject: composed.subject,
        text: composed.text,
        attachments: composed.attachments,
      });
    case 'sms':
      if (!deps.sms) throw new DeliveryError('SMS is not configured', true);
      return deps.sms.send({
        noticeId: row.id,
        to: address,
        body: composed.body,
        statusCallback: `${deps.config.publicBaseUrl}/v1/callbacks/twilio`,
      });
    case 'fax':
      if (!deps.fax) throw new DeliveryError('FAX is not configured', true);
      return deps.fax.send({
        noticeId: row.id,
        to: address,
        subject: composed.subject,
        pdf: composed.pdf,
        filename: composed.filename,
      });
  }
}

interface Try {
  channel: Channel;
  address: string;
  index: number;
}

function providerKind(deps: Deps, channel: Channel): string {
  return channel === 'email'
    ? deps.email.kind
    : channel === 'sms'
      ? (deps.sms?.kind ?? 'sms')
      : (deps.fax?.kind ?? 'fax');
}

async function recordSent(deps: Deps, row: OutboxRow, t: Try, accepted: Accepted): Promise<void> {
  const { db } = deps.database;
  const at = deps.now().getTime();
  const statements: Statement[] = [
    db
      .update(outbox)
      .set({
        status: 'sent',
        sentAt: at,
        attempts: sql`${outbox.attempts} + 1`,
        channel: t.channel,
        channelIndex: t.index,
        claimedUntil: null,
        lastError: null,
      })
      .where(eq(outbox.id, row.id)),
    db.insert(deliveryAttempts).values({
      outboxId: row.id,
      at,
      updatedAt: at,
      channel: t.channel,
      status: accepted.status,
      recipient: t.address,
      providerId: accepted.providerId,
      detail: providerKind(deps, t.channel),
    }),
  ];
  // A FAX waits for its receiver's confirmation; the first FAX of a notice starts the clock. A
  // reminder about an unconfirmed FAX is not itself a handoff: no reminder of a reminder; nor is a
  // copy to another provider of the patient. A care plan's copy waits for the window's confirmation
  // by whichever channel it went.
  if (
    (t.channel === 'fax' || row.notice === 'care_plan_copy') &&
    row.notice !== 'fax_receipt_reminder' &&
    row.recipientKind !== 'other_provider'
  ) {
    statements.push(
      db
        .insert(faxReceipts)
        .values({ outboxId: row.id, caseId: caseIdOf(row), sentAt: at, status: 'open' })
        .onConflictDoNothing(),
    );
  }
  if (row.notice === 'information_sheet') await recordSheetSent(deps, row, t, at, statements);
  else if (fedBack(row.notice)) await recordDelivery(deps, row, row.notice, at, statements);
  else if (row.notice === DIGEST_NOTICE) await recordDigestSent(deps, row, t.channel, at, statements);
  else await commitSent(deps, statements);
}

/** Sets a notice aside for its office's digest: not sent, not failed, not due again on its own. */
async function hold(deps: Deps, row: OutboxRow): Promise<'skipped'> {
  await deps.database.db
    .update(outbox)
    .set({ status: 'held', claimedUntil: null })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')));
  deps.log.info('notice held for the digest', { noticeId: row.id, caseId: row.caseId, notice: row.notice });
  return 'skipped';
}

async function recordFailure(
  deps: Deps,
  row: OutboxRow,
  t: Try,
  plan: ChannelPlan['plan'],
  error: DeliveryError,
): Promise<'failed' | 'dead'> {
  const { db } = deps.database;
  const attempts = row.attempts + 1;
  const next = plan[t.index + 1];
  const channelAttempts = row.channelIndex === t.index ? row.channelAttempts + 1 : 1;
  if (attempts >= MAX_DELIVERY_ATTEMPTS || (error.permanent && !next)) {
    const alsoRefused = error.permanent && t.channel === 'fax' ? 'fax_refused' : null;
    return markDead(deps, row, error.message, t, attempts, alsoRefused);
  }
  const at = deps.now().getTime();
  const fallBack = next && (error.permanent || channelAttempts >= ATTEMPTS_PER_CHANNEL);
  // A FAX number the gateway refuses is a directory error a person has to fix, even when the next channel delivers.
  const scope = error.permanent && t.channel === 'fax' && row.caseId ? await caseScope(deps, row.caseId) : null;
  await deps.database.commit([
    ...(scope ? await noticeAlert(deps, 'fax_refused', row, scope, error.message, at) : []),
    db
      .update(outbox)
      .set(
        fallBack
          ? {
              attempts,
              channel: t.channel,
              channelIndex: t.index + 1,
              channelAttempts: 0,
              nextAttemptAt: at,
              claimedUntil: null,
              lastError: error.message,
            }
          : {
              attempts,
              channel: t.channel,
              channelIndex: t.index,
              channelAttempts,
              nextAttemptAt: at + backoffMs(attempts, error),
              claimedUntil: null,
              lastError: error.message,
            },
      )
      .where(eq(outbox.id, row.id)),
    db.insert(deliveryAttempts).values({
      outboxId: row.id,
      at,
      updatedAt: at,
      channel: t.channel,
      status: 'failed',
      recipient: t.address,
      detail: fallBack ? `${error.message} → next: ${next.channel}` : error.message,
    }),
  ]);
  deps.log.warn(fallBack ? 'notice failed, falling back' : 'notice failed, will retry', {
    noticeId: row.id,
    caseId: row.caseId,
    attempts,
    channel: t.channel,
    next: fallBack ? next.channel : t.channel,
  });
  if (fallBack || scope) deps.afterCommit?.();
  return 'failed';
}

async function skip(deps: Deps, row: OutboxRow, reason: string): Promise<'skipped'> {
  await deps.database.db
    .update(outbox)
    .set({ status: 'skipped', claimedUntil: null, lastError: reason })
    .where(eq(outbox.id, row.id));
  deps.log.info('notice skipped', { noticeId: row.id, caseId: row.caseId, notice: row.notice });
  return 'skipped';
}
