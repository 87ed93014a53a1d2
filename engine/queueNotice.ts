import type { Db } from '../db/database.js';
import { outbox } from '../db/schema.js';
import type { OutboxNoticeKind } from '../notifiers/noticeNames.js';
import { newId, newShortCode } from './crypto/index.js';

// The one way to queue a notice. It is a root, beside leases.ts, not in a room: engine/cases
// queues the machine's notices and corrections, engine/notices queues reminders, alerts and the
// information sheet, and notices already imports cases, so in either room it would make a cycle
// or a back door. It only needs the schema and new ids; it returns the insert unexecuted, because
// every caller commits it in one batch with what caused it.

type Row = typeof outbox.$inferInsert;

const NO_SHORT_LINK: ReadonlySet<OutboxNoticeKind> = new Set(['admin_alert', 'morning_summary', 'office_digest']);

export interface NoticeToQueue {
  /** None only for a notice about no one case (the morning summary). */
  caseId: string | null;
  notice: OutboxNoticeKind;
  route: NonNullable<Row['route']>;
  recipientKind: Row['recipientKind'];
  recipientId: string;
  recipientPurpose?: string | null;
  urgent?: boolean;
  deadlineKey?: string | null;
  taskId?: string | null;
  documentId?: string | null;
  aboutNoticeId?: string | null;
  /** Makes queueing the same notice twice fail (or do nothing, with onConflictDoNothing). */
  idempotencyKey: string;
  /** When it is queued and first due. */
  at: number;
  /** When the caller must name the row in the same batch. */
  id?: string;
  /** A placeholder until dispatch plans the channels; by default the route's first channel. */
  channel?: Row['channel'];
}

export function queueNotice(db: Db, n: NoticeToQueue) {
  const { at, ...fields } = n;
  return db.insert(outbox).values({
    ...fields,
    id: n.id ?? newId('ntc'),
    channel: n.channel ?? (n.route === 'sms' ? 'sms' : n.route === 'document' ? 'fax' : 'email'),
    // An alert and the morning summary are read by the console's people, a digest links each of its
    // notices: no page of their own behind a short link.
    shortCode: NO_SHORT_LINK.has(n.notice) ? null : newShortCode(),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
  });
}
