import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { caseProviders, cases } from '../../db/schema.js';
import type { OtherProviderKind } from '../../machines/otherProviders.js';
import type { Channel } from '../../notifiers/delivery.js';
import type { RegionOtherProvider } from '../../regions/schema.js';
import { auditStatement, type Requester } from '../access/index.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';

// 他の事業所への写し: the other providers a stay names (the hospital's admission, the care manager on the
// office page, the console by hand), read when a discharge-start or discharge notice to the care
// manager is queued (effects.ts) and when each copy is sent (engine/notices). The contact checks (an
// email's form, a FAX number's digits) are the edge's; here a directory id must exist in the case's
// region, and the channel the provider prefers must have its address.

export type CaseProviderRow = typeof caseProviders.$inferSelect;

/**
 * A provider as named: from the region directory by `directoryId` (nothing else), or given in full
 * (kind, name and at least one address; the edge checks the addresses' form).
 */
export interface OtherProviderInput {
  directoryId?: string | null | undefined;
  kind?: OtherProviderKind | undefined;
  name?: string | undefined;
  email?: string | null | undefined;
  fax?: string | null | undefined;
  smsPhone?: string | null | undefined;
  preferredChannel?: Channel | null | undefined;
}

/** A provider ready to be stored: its contact, and the directory id it came from. */
export type ResolvedProvider = Pick<
  CaseProviderRow,
  'directoryId' | 'kind' | 'name' | 'email' | 'fax' | 'smsPhone' | 'preferredChannel'
>;

export type ProviderProblem = {
  field: 'directoryId' | 'kind' | 'name' | 'email' | 'fax' | 'smsPhone';
  reason: ProviderReason;
};
/** Why a provider cannot be named; each caller says it in its own words (problem+json, Japanese next to a field). */
export type ProviderReason = 'unknown_directory_id' | 'incomplete' | 'no_contact' | 'preferred_without_address';

function directoryProvider(deps: Deps, regionId: string, id: string): RegionOtherProvider | undefined {
  return deps.regions.get(regionId)?.providers?.find((p) => p.id === id);
}

/** The first channel the provider can be reached by, in the order email, FAX, SMS. */
function firstChannel(p: { email?: string | null; fax?: string | null; smsPhone?: string | null }): Channel | null {
  return p.email ? 'email' : p.fax ? 'fax' : p.smsPhone ? 'sms' : null;
}

/** Checks a named provider against the case's region and its own contact; resolves a directory id. */
export function resolveProvider(
  deps: Deps,
  regionId: string,
  input: OtherProviderInput,
): ResolvedProvider | ProviderProblem {
  if (input.directoryId) {
    const p = directoryProvider(deps, regionId, input.directoryId);
    if (!p) return { field: 'directoryId', reason: 'unknown_directory_id' };
    return {
      directoryId: p.id,
      kind: p.kind,
      name: p.name,
      email: p.email ?? null,
      fax: p.fax ?? null,
      smsPhone: p.smsPhone ?? null,
      preferredChannel: p.preferredChannel,
    };
  }
  if (!input.kind) return { field: 'kind', reason: 'incomplete' };
  if (!input.name) return { field: 'name', reason: 'incomplete' };
  const contact = { email: input.email || null, fax: input.fax || null, smsPhone: input.smsPhone || null };
  const first = firstChannel(contact);
  if (!first) return { field: 'email', reason: 'no_contact' };
  const preferred = input.preferredChannel ?? first;
  const address = { email: contact.email, fax: contact.fax, sms: contact.smsPhone }[preferred];
  if (!address) return { field: preferred === 'sms' ? 'smsPhone' : preferred, reason: 'preferred_without_address' };
  return { directoryId: null, kind: input.kind, name: input.name, ...contact, preferredChannel: preferred };
}

export const isProblem = (r: ResolvedProvider | ProviderProblem): r is ProviderProblem => 'reason' in r;

/**
 * Inserts providers for a case, to be committed with what named them. The same name already on the
 * stay (a resent webhook, a second tap) is kept as it was.
 */
export function providerStatements(
  deps: Deps,
  caseId: string,
  providers: readonly ResolvedProvider[],
  addedBy: string,
): Statement[] {
  const at = deps.now().getTime();
  return providers.map((p) =>
    deps.database.db
      .insert(caseProviders)
      .values({ id: newId('prov'), caseId, ...p, addedBy, addedAt: at })
      .onConflictDoNothing(),
  );
}

/** The providers a stay copies now, in the order they were named. */
export async function caseProvidersOf(deps: Deps, caseId: string): Promise<CaseProviderRow[]> {
  return deps.database.db
    .select()
    .from(caseProviders)
    .where(and(eq(caseProviders.caseId, caseId), isNull(caseProviders.removedAt)))
    .orderBy(asc(caseProviders.addedAt), asc(caseProviders.id));
}

/** Every provider a stay has named, removed ones too, by id: how its notices' recipients are named on a page. */
export async function caseProviderNames(deps: Deps, caseId: string): Promise<Map<string, string>> {
  const rows = await deps.database.db
    .select({ id: caseProviders.id, name: caseProviders.name })
    .from(caseProviders)
    .where(eq(caseProviders.caseId, caseId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface ProviderChange {
  /** `care_office:<id>`, `account:<id>`: for the row and the audit log. */
  actor: string;
  requester: Requester;
}

export type AddProviderResult =
  | { kind: 'added'; id: string }
  | { kind: 'already_named' }
  | { kind: 'invalid'; problem: ProviderProblem }
  | { kind: 'no_case' };

/** Names one provider on a stay by hand (office page, console), with its audit entry in the same batch. */
export async function addCaseProvider(
  deps: Deps,
  caseId: string,
  input: OtherProviderInput,
  change: ProviderChange,
): Promise<AddProviderResult> {
  const { db } = deps.database;
  const [row] = await db.select({ regionId: cases.regionId }).from(cases).where(eq(cases.id, caseId));
  if (!row) return { kind: 'no_case' };
  const resolved = resolveProvider(deps, row.regionId, input);
  if (isProblem(resolved)) return { kind: 'invalid', problem: resolved };
  if ((await caseProvidersOf(deps, caseId)).some((p) => p.name === resolved.name)) return { kind: 'already_named' };
  const id = newId('prov');
  const at = deps.now().getTime();
  await deps.database.commit([
    db
      .insert(caseProviders)
      .values({ id, caseId, ...resolved, addedBy: change.actor, addedAt: at })
      .onConflictDoNothing(),
    auditStatement(
      deps,
      {
        actor: change.actor,
        action: 'case.other_provider_added',
        target: caseId,
        detail: { provider: id, kind: resolved.kind, directoryId: resolved.directoryId },
      },
      change.requester,
    ),
  ]);
  return { kind: 'added', id };
}

/** Stops a provider's copies: the row stays, with who removed it. False when it is not on this stay (or already removed). */
export async function removeCaseProvider(
  deps: Deps,
  caseId: string,
  providerId: string,
  change: ProviderChange,
): Promise<boolean> {
  const { db } = deps.database;
  const on = and(eq(caseProviders.id, providerId), eq(caseProviders.caseId, caseId), isNull(caseProviders.removedAt));
  const [found] = await db.select({ id: caseProviders.id }).from(caseProviders).where(on);
  if (!found) return false;
  await deps.database.commit([
    db.update(caseProviders).set({ removedAt: deps.now().getTime(), removedBy: change.actor }).where(on),
    auditStatement(
      deps,
      { actor: change.actor, action: 'case.other_provider_removed', target: caseId, detail: { provider: providerId } },
      change.requester,
    ),
  ]);
  return true;
}

/**
 * A provider as a copy reaches it now: a directory provider's contact from the pack as it is (a
 * corrected entry is used); null once removed from the stay, so a copy still queued is not sent.
 */
export async function providerContact(deps: Deps, providerId: string) {
  const [row] = await deps.database.db
    .select({ provider: caseProviders, regionId: cases.regionId })
    .from(caseProviders)
    .innerJoin(cases, eq(cases.id, caseProviders.caseId))
    .where(eq(caseProviders.id, providerId));
  if (!row || row.provider.removedAt !== null) return null;
  const p = row.provider;
  const listed = p.directoryId ? directoryProvider(deps, row.regionId, p.directoryId) : undefined;
  return {
    id: p.id,
    providerKind: p.kind,
    name: listed?.name ?? p.name,
    email: listed ? (listed.email ?? null) : p.email,
    fax: listed ? (listed.fax ?? null) : p.fax,
    smsPhone: listed ? (listed.smsPhone ?? null) : p.smsPhone,
    preferredChannel: listed?.preferredChannel ?? p.preferredChannel,
  };
}
