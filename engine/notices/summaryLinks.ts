import { eq } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import type { Deps } from '../deps.js';
import { type HospitalContact, hospitalContact } from '../links/index.js';
import { caseIdOf, type OutboxRow } from './notices.js';
import { findByShortCode } from './shortLinks.js';

// 看護サマリー behind its notice's short link (`/n/{code}`): the link is the care office's capability
// for the stay's summary, as long as the region's links live and until the office's links are revoked
// (a reassignment, an administrator). Reads only: the route shows a button on GET and the summary
// only after the explicit POST, audited.

export type SummaryLink =
  | { kind: 'ok'; notice: OutboxRow; stay: typeof cases.$inferSelect }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'revoked'; contact: HospitalContact };

export const SUMMARY_NOTICE = 'nursing_summary_notice';

export async function summaryOfLink(deps: Deps, code: string): Promise<SummaryLink> {
  const found = await findByShortCode(deps, code);
  if (found.kind !== 'ok') return found;
  const { row } = found;
  if (row.notice !== SUMMARY_NOTICE || row.recipientKind !== 'care_office') return { kind: 'invalid' };
  if (row.linkRevokedAt !== null) return { kind: 'revoked', contact: await hospitalContact(deps, caseIdOf(row)) };
  const [stay] = await deps.database.db
    .select()
    .from(cases)
    .where(eq(cases.id, caseIdOf(row)));
  if (!stay) return { kind: 'invalid' };
  return { kind: 'ok', notice: row, stay };
}
