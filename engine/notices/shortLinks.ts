import { eq } from 'drizzle-orm';
import { cases, outbox, tasks } from '../../db/schema.js';
import { DAY_MS } from '../../machines/time.js';
import { type CareOfficeNoticeKind, noticeTexts } from '../../notifiers/texts.js';
import { taskLinkTtlDays } from '../../regions/rules.js';
import type { Deps } from '../deps.js';
import { type HospitalContact, hospitalContact, taskLink } from '../links/index.js';
import { caseIdOf, mayCarryTaskLink, noticeFacts, type OutboxRow } from './notices.js';

const CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

export type ShortLinkLookup = { kind: 'ok'; row: OutboxRow } | { kind: 'invalid' } | { kind: 'expired' };

/** A notice's short link lives as long as the region's task links. */
export async function findByShortCode(deps: Deps, code: string): Promise<ShortLinkLookup> {
  const normalized = code.toUpperCase().replace(/-/g, '');
  if (!CODE.test(normalized)) return { kind: 'invalid' };
  const { db } = deps.database;
  const [row] = await db.select().from(outbox).where(eq(outbox.shortCode, normalized));
  if (!row) return { kind: 'invalid' };
  const [caseRow] = await db
    .select({ regionId: cases.regionId })
    .from(cases)
    .where(eq(cases.id, caseIdOf(row)));
  const ttlDays = taskLinkTtlDays(caseRow && deps.regions.get(caseRow.regionId));
  if (deps.now().getTime() >= row.createdAt + ttlDays * DAY_MS) return { kind: 'expired' };
  return { kind: 'ok', row };
}

export type NoticeView =
  | { kind: 'task'; url: string }
  /** A nursing summary's notice: its own page shows a button, then the summary (functions/routes/nursingSummaryLinks.tsx). */
  | { kind: 'nursing_summary' }
  | { kind: 'notice'; subject: string; text: string }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'revoked'; contact: HospitalContact };

/**
 * What an SMS link opens: the notice's task page while its task is open, else the notice itself.
 * Reads only, like every GET a link scanner may make. Notices to hospitals are not shown here.
 */
export async function viewNotice(deps: Deps, code: string): Promise<NoticeView> {
  const found = await findByShortCode(deps, code);
  if (found.kind !== 'ok') return found;
  const { row } = found;
  // A care office's notice, or a copy of one to another provider (its SMS links here too).
  if (row.recipientKind !== 'care_office' && row.recipientKind !== 'other_provider') return { kind: 'invalid' };
  if (row.linkRevokedAt !== null) return { kind: 'revoked', contact: await hospitalContact(deps, caseIdOf(row)) };
  if (row.notice === 'nursing_summary_notice') return { kind: 'nursing_summary' };
  if (row.taskId) {
    const { db } = deps.database;
    const [[task], [caseRow]] = await db.batch([
      db.select().from(tasks).where(eq(tasks.id, row.taskId)),
      db
        .select({ snapshot: cases.snapshot })
        .from(cases)
        .where(eq(cases.id, caseIdOf(row))),
    ]);
    if (
      task &&
      caseRow &&
      mayCarryTaskLink(row, caseRow.snapshot.context, task) &&
      task.expiresAt > deps.now().getTime()
    ) {
      return { kind: 'task', url: await taskLink(deps, task) };
    }
  }
  const text = noticeTexts[row.notice as CareOfficeNoticeKind](await noticeFacts(deps, row));
  return { kind: 'notice', ...text };
}
