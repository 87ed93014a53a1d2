import type { Deps } from '../deps.js';
import { type CareOffice, listCareOffices } from './directory.js';

// Finding a care office the way a liaison nurse knows it: a part of its name or its town, its phone
// or FAX number, as typed (full-width digits, hyphens or none, spaces). The directory of a region is a
// few hundred offices at most, so the search reads them and matches here.

/** Name text as compared: NFKC (full-width letters and digits, half-width kana), no spaces. */
const folded = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const digits = (text: string) => text.normalize('NFKC').replace(/\D/g, '');

/** The offices a region may name: its own, and those not tied to a region. */
const inRegion = (o: CareOffice, regionId: string | null) =>
  regionId === null || o.region === null || o.region === regionId;

/** Offices whose name or town contains the words, or whose phone or FAX contains the digits typed (4 or more). */
export async function searchCareOffices(
  deps: Deps,
  query: string,
  regionId: string | null,
  limit = 20,
): Promise<CareOffice[]> {
  const words = folded(query);
  if (words === '') return [];
  const number = digits(query);
  const byNumber = number.length >= 4 && number.length === query.normalize('NFKC').replace(/[\s-]/g, '').length;
  return (await listCareOffices(deps))
    .filter((o) => inRegion(o, regionId))
    .filter((o) =>
      byNumber
        ? [o.phone, o.fax].some((n) => n !== null && digits(n).includes(number))
        : folded(o.name).includes(words) || (o.town !== null && folded(o.town).includes(words)),
    )
    .slice(0, limit);
}

/**
 * 居住地の地域包括支援センター (Sanda A① ※, FAQ 13): the region's community support center whose town
 * the patient's address town falls in (the longest match, so a center registered for 「〇〇市△△町」 wins over one for 「〇〇市」), else
 * the region's default center from its pack, if it is in the directory; null when neither.
 */
export async function supportCenterFor(
  deps: Deps,
  regionId: string,
  addressTown: string | null | undefined,
  defaultCenterId: string | null | undefined,
): Promise<CareOffice | null> {
  const centers = (await listCareOffices(deps)).filter(
    (o) => o.kind === 'community_support_center' && inRegion(o, regionId),
  );
  const address = folded(addressTown ?? '');
  const byTown = address
    ? centers
        .filter((o) => o.town !== null && folded(o.town) !== '' && address.includes(folded(o.town)))
        .sort((a, b) => folded(b.town!).length - folded(a.town!).length)[0]
    : undefined;
  return byTown ?? centers.find((o) => o.id === defaultCenterId) ?? null;
}

export type OfficeMatch =
  | { kind: 'found'; office: CareOffice }
  | { kind: 'none' }
  | { kind: 'ambiguous'; count: number };

/**
 * The one office a ledger's cell names: its full name, or its phone or FAX number. A part of a name
 * is not enough in a file nobody watches being read: two offices sharing it would be a guess.
 */
export function matchCareOffice(offices: CareOffice[], cell: string, regionId: string): OfficeMatch {
  const name = folded(cell);
  const number = digits(cell);
  const candidates = offices.filter((o) => inRegion(o, regionId));
  let found = candidates.filter((o) => folded(o.name) === name);
  if (found.length === 0 && number.length >= 6)
    found = candidates.filter((o) => [o.phone, o.fax].some((n) => n !== null && digits(n) === number));
  if (found.length === 1) return { kind: 'found', office: found[0]! };
  return found.length === 0 ? { kind: 'none' } : { kind: 'ambiguous', count: found.length };
}
