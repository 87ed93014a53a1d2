import { and, asc, eq } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { type cases, outbox } from '../../db/schema.js';
import { businessDaysLeft, DEFAULT_BUSINESS_HOURS } from '../../machines/businessCalendar.js';
import { jstDate } from '../../machines/calendar.js';
import type { Channel } from '../../notifiers/delivery.js';
import { noticeLabel } from '../../notifiers/noticeNames.js';
import { type DigestClient, officeDigestText } from '../../notifiers/officeDigestText.js';
import { UNKNOWN_DOCUMENT } from '../../regions/document.js';
import type { Deps } from '../deps.js';
import { type CareOffice, getCareOffice } from '../directory/index.js';
import { fedBack, recordDelivery } from './deliveryRecord.js';
import { NoticeReads } from './noticeReads.js';
import { DEADLINE_LABELS, noticeFacts, type OutboxRow } from './notices.js';

// The care office's daily digest (engine/summary/ queues it): one mail listing every notice held
// for the office, by client, each with its own task link. Composed when it is sent, like every
// notice to a care office, so a task closed since it was queued carries no link any more.

export const DIGEST_NOTICE = 'office_digest';

/** Whether a notice to this office waits for its digest: the office chose digest, and a digest is a mail. */
export async function officeTakesDigest(reads: NoticeReads, officeId: string): Promise<boolean> {
  const office = await reads.office(officeId);
  return office?.notificationMode === 'digest' && office.email !== null;
}

/** The notices a digest lists, oldest first. */
export function heldBy(deps: Deps, digestId: string) {
  return deps.database.db.select().from(outbox).where(eq(outbox.digestId, digestId)).orderBy(asc(outbox.createdAt));
}

export async function composeOfficeDigest(
  deps: Deps,
  row: OutboxRow,
): Promise<{ channel: 'email'; subject: string; text: string }> {
  const [office, held] = await Promise.all([getCareOffice(deps, row.recipientId), heldBy(deps, row.id)]);
  if (!office) throw new Error(`care office ${row.recipientId} not found`);
  // The held notices' cases, offices and tasks in one read batch, not per notice.
  const reads = await NoticeReads.of(deps, held);
  const day = jstDate(new Date(row.createdAt));
  const clients = new Map<string, DigestClient>();
  let region: Awaited<ReturnType<typeof noticeFacts>>['region'] | null = null;
  let document = UNKNOWN_DOCUMENT;
  for (const h of held) {
    const facts = await noticeFacts(deps, h, 'メール', reads);
    region ??= facts.region;
    document = facts.rule.document;
    const key = h.caseId ?? h.id;
    const c = clients.get(key) ?? {
      patientFamilyName: facts.patientFamilyName,
      hospitalName: facts.hospitalName,
      ward: facts.ward,
      admittedOn: facts.admittedOn,
      happened: [],
      deadlines: officeDeadlines((h.caseId && (await reads.case(h.caseId))) || undefined, office, day),
    };
    c.happened.push({ what: noticeLabel(h.notice), link: facts.link });
    clients.set(key, c);
  }
  return {
    channel: 'email',
    ...officeDigestText({
      officeName: office.name,
      day,
      hour: office.digestHour,
      clients: [...clients.values()],
      officePage: `${deps.config.publicBaseUrl}/office`,
      document,
      administratorName: region?.administratorName ?? '',
      administratorPhone: region?.administratorPhone ?? null,
    }),
  };
}

/** The office's open deadlines of a stay, with the days left on the office's own calendar (as its page counts them). */
function officeDeadlines(
  caseRow: typeof cases.$inferSelect | undefined,
  office: CareOffice,
  today: string,
): DigestClient['deadlines'] {
  if (!caseRow) return [];
  const hours = office.businessHours ?? DEFAULT_BUSINESS_HOURS;
  return caseRow.snapshot.context.deadlines
    .filter((d) => d.owner === 'care_office' && (d.status === 'open' || d.status === 'overdue'))
    .map((d) => {
      const dueOn = jstDate(new Date(Date.parse(d.dueAt) - 1));
      return { label: DEADLINE_LABELS[d.key], dueOn, daysLeft: businessDaysLeft(today, dueOn, hours) };
    });
}

/**
 * A digest that could not be delivered: the notices it listed go on their own by the office's other
 * channels (they keep their `digest_id`, so they are not held again), in the batch that gives it up.
 */
export function releaseDigest(deps: Deps, digestId: string, at: number): Statement {
  return deps.database.db
    .update(outbox)
    .set({ status: 'pending', nextAttemptAt: at, claimedUntil: null })
    .where(and(eq(outbox.digestId, digestId), eq(outbox.status, 'held')));
}

/**
 * The notices a digest listed are sent when the digest is, at its time: only then does the case
 * learn that a discharge-start notice reached the office (its delivery fact is the digest's). Each
 * such notice is recorded with its case first, the digest last: a crash in between sends the digest
 * again (same Message-ID) and records the rest, the recorded ones being replays.
 */
export async function recordDigestSent(
  deps: Deps,
  row: OutboxRow,
  channel: Channel,
  at: number,
  sent: Statement[],
): Promise<void> {
  const { db } = deps.database;
  const markSent = (id: string) =>
    db
      .update(outbox)
      .set({ status: 'sent', sentAt: at, channel, claimedUntil: null })
      .where(and(eq(outbox.id, id), eq(outbox.status, 'held')));
  const rest: Statement[] = [];
  for (const held of await heldBy(deps, row.id)) {
    if (held.status !== 'held') continue;
    if (fedBack(held.notice)) await recordDelivery(deps, held, held.notice, at, [markSent(held.id)]);
    else rest.push(markSent(held.id));
  }
  await deps.database.commit([...rest, ...sent]);
}
