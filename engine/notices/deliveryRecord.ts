import type { Statement } from '../../db/database.js';
import type { NoticeKind } from '../../machines/types.js';
import { recordEvent } from '../cases/index.js';
import type { Deps } from '../deps.js';
import { caseIdOf, type OutboxRow } from './notices.js';

// What a send records besides the outbox row: a notice whose delivery the rule judges is told to its
// case in the same batch. Shared by the dispatch (outbox.ts) and the digest's record (officeDigestMail.ts).

/** A send's record, in the dispatch's group when it has one (sendsRecordedTogether). */
export function commitSent(deps: Deps, statements: Statement[]): Promise<void> {
  return deps.commitEvent ? deps.commitEvent(statements) : deps.database.commit(statements);
}

/** Notices whose delivery the rule judges (a discharge-start notice that never arrived is a leak). */
const FED_BACK: ReadonlySet<NoticeKind> = new Set<NoticeKind>(['discharge_start_notice']);
// A row's kind is text in the database: only a kind in FED_BACK is told to the machine, as its own.
export const fedBack = (notice: string): notice is NoticeKind => FED_BACK.has(notice as NoticeKind);

/**
 * A provider's acceptance is taken as delivery; a later failure report moves the notice on to its next channel.
 * The case learns of it in the batch that marks the notice sent: as two writes, a crash between them
 * left a sent notice, never sent again, that the rule counted as never delivered (a leak).
 */
export async function recordDelivery(
  deps: Deps,
  row: OutboxRow,
  notice: NoticeKind,
  at: number,
  sent: Statement[],
): Promise<void> {
  const result = await recordEvent(
    deps,
    { caseId: caseIdOf(row) },
    {
      source: 'system',
      dedupeKey: `delivered:${row.id}`,
      ifRefused: 'skip',
      data: { noticeId: row.id },
      event: { type: 'notice_delivered', notice, occurredAt: new Date(at).toISOString() },
      extra: () => sent,
    },
  );
  // Not needed by the case any more, or recorded by an earlier send: this send is still recorded.
  if (result.kind !== 'accepted' || result.replayed) await commitSent(deps, sent);
}
