import { and, eq, isNotNull, isNull, or } from 'drizzle-orm';
import { accounts } from '../../db/schema.js';
import type { Deps } from '../deps.js';
import { getRegionAdministrator, listRegionAdministrators } from '../directory/index.js';

/** Someone an escalation or an alert is mailed to, as an outbox row names them. */
export interface MailedAdministrator {
  kind: 'account' | 'region_administrator';
  id: string;
}

/**
 * Who is mailed about a region's stuck handoff: the region administrator's address (the console's
 * setting, else the pack's), every administrator account with an email, and, when the matter is a
 * hospital's (`hospitalId`), that hospital's staff accounts with an email. Empty means nobody is
 * mailed: the matter stays on the console only.
 */
export async function mailedAdministrators(
  deps: Deps,
  scope: { regionId: string; hospitalId: string | null },
): Promise<MailedAdministrator[]> {
  const [region, rows] = await Promise.all([
    getRegionAdministrator(deps, scope.regionId),
    deps.database.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(
        and(
          isNotNull(accounts.email),
          isNull(accounts.disabledAt),
          or(
            eq(accounts.role, 'admin'),
            scope.hospitalId
              ? and(eq(accounts.role, 'hospital_staff'), eq(accounts.hospitalId, scope.hospitalId))
              : undefined,
          ),
        ),
      ),
  ]);
  return [
    ...(region?.email ? [{ kind: 'region_administrator' as const, id: scope.regionId }] : []),
    ...rows.map((r) => ({ kind: 'account' as const, id: r.id })),
  ];
}

/** Every address an administrator is mailed at, once each: region administrators and administrator accounts. */
export async function administratorAddresses(deps: Deps): Promise<string[]> {
  const [regions, rows] = await Promise.all([
    listRegionAdministrators(deps),
    deps.database.db
      .select({ email: accounts.email })
      .from(accounts)
      .where(and(eq(accounts.role, 'admin'), isNotNull(accounts.email), isNull(accounts.disabledAt))),
  ]);
  const emails = [...regions.map((r) => r.email), ...rows.map((r) => r.email)];
  return [...new Set(emails.filter((e): e is string => !!e))];
}
