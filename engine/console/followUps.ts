import { inArray } from 'drizzle-orm';
import { stuckFollowUps } from '../../db/schema.js';
import { jstDate } from '../../machines/calendar.js';
import { type AccountView, listAccounts } from '../access/index.js';
import type { Deps } from '../deps.js';

// What the coordination center did about each stuck handoff, read next to the stuck list. Kept apart
// from the list's own computation: the list is derived from the cases and the outbox every time, the
// follow-up is what people wrote, keyed by the item's stable id.

export const FOLLOW_UP_STATUSES = ['open', 'in_progress', 'contacted', 'resolved'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const FOLLOW_UP_LABELS: Record<FollowUpStatus, string> = {
  open: '未対応',
  in_progress: '対応中',
  contacted: '連絡済み',
  resolved: '解決済み',
};

export interface FollowUp {
  status: FollowUpStatus;
  note: string | null;
  /** The name of who last changed it; null while nobody has. */
  by: string | null;
  at: string | null;
  /** 「…まで保留」: hidden from the default view through this Japan-time date (YYYY-MM-DD). */
  until: string | null;
}

export interface Assignee {
  accountId: string;
  name: string;
}

export const NO_FOLLOW_UP: FollowUp = { status: 'open', note: null, by: null, at: null, until: null };

/**
 * Which items a view shows. `active` (the default of the console): neither resolved nor snoozed
 * through today. `snoozed`: put off to a later day. A status: exactly that status. `all`: everything.
 */
export type FollowUpView = 'active' | 'snoozed' | 'all' | FollowUpStatus;
export const FOLLOW_UP_VIEWS: readonly FollowUpView[] = ['active', 'snoozed', 'all', ...FOLLOW_UP_STATUSES];

export function isSnoozed(f: FollowUp, today: string): boolean {
  return f.status !== 'resolved' && f.until !== null && f.until >= today;
}

export function inFollowUpView(
  item: { followUp: FollowUp; assignee: Assignee | null },
  view: { view: FollowUpView; assignee?: string | undefined },
  today: string,
): boolean {
  if (view.assignee === 'none' && item.assignee !== null) return false;
  if (view.assignee && view.assignee !== 'none' && item.assignee?.accountId !== view.assignee) return false;
  const f = item.followUp;
  switch (view.view) {
    case 'all':
      return true;
    case 'active':
      return f.status !== 'resolved' && !isSnoozed(f, today);
    case 'snoozed':
      return isSnoozed(f, today);
    default:
      return f.status === view.view;
  }
}

/** Today in Japan, the day a 「…まで保留」 is compared with. */
export const followUpToday = (deps: Pick<Deps, 'now'>) => jstDate(deps.now());

const CHUNK = 500;

/** The follow-ups of the given item ids, and the accounts to name their people. */
export async function followUpsOf(
  deps: Deps,
  itemIds: string[],
): Promise<{ byItem: Map<string, { followUp: FollowUp; assignee: Assignee | null }>; accounts: AccountView[] }> {
  const byItem = new Map<string, { followUp: FollowUp; assignee: Assignee | null }>();
  if (itemIds.length === 0) return { byItem, accounts: [] };
  const rows: (typeof stuckFollowUps.$inferSelect)[] = [];
  for (let i = 0; i < itemIds.length; i += CHUNK) {
    rows.push(
      ...(await deps.database.db
        .select()
        .from(stuckFollowUps)
        .where(inArray(stuckFollowUps.itemId, itemIds.slice(i, i + CHUNK)))),
    );
  }
  const accounts = rows.length ? await listAccounts(deps) : [];
  const nameOf = new Map(accounts.map((a) => [a.id, a.name]));
  for (const r of rows) {
    byItem.set(r.itemId, {
      followUp: {
        status: r.status,
        note: r.note,
        by: r.byName,
        at: new Date(r.at).toISOString(),
        until: r.until,
      },
      assignee: r.assigneeId
        ? { accountId: r.assigneeId, name: nameOf.get(r.assigneeId) ?? '(削除されたアカウント)' }
        : null,
    });
  }
  return { byItem, accounts };
}
