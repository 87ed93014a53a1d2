import type { Deps } from '../deps.js';
import { searchCareOffices } from '../directory/index.js';
import { patientKeys } from '../patients/index.js';
import { listCases } from './queries.js';

// Finding a stay, as the coordination center and hospital staff look for one: by the hospital's
// 入院番号, by care office (name or phone, through the directory's search), or by patient. A patient
// is found only through the keyed hash of their name and birth date, since names are sealed at rest:
// an exact match of both (spaces and full/half width aside), never a part of a name.

/** Stays a page of the console's case list shows. */
export const CASE_PAGE_SIZE = 100;

export interface CaseQuery {
  hospitalizationId?: string | undefined;
  /** A care office's name (part of it) or phone/FAX number. */
  office?: string | undefined;
  patientName?: string | undefined;
  /** YYYY-MM-DD. */
  birthDate?: string | undefined;
  state?: string | undefined;
  active?: boolean | undefined;
  /** 1-based. */
  page?: number | undefined;
}

export type CaseSearch = Awaited<ReturnType<typeof searchCases>>;

/**
 * One page of stays matching every given criterion, in the scope given (`hospitalId` for hospital
 * staff, whatever they asked). `offices` names the care offices an office query matched.
 */
export async function searchCases(deps: Deps, query: CaseQuery, scope: { hospitalId?: string | undefined }) {
  const page = Math.max(1, query.page ?? 1);
  const offices = query.office ? await searchCareOffices(deps, query.office, null, 50) : null;
  const keys =
    query.patientName && query.birthDate
      ? await patientKeys(deps, { name: query.patientName, birthDate: query.birthDate })
      : undefined;
  const rows =
    offices && offices.length === 0
      ? []
      : await listCases(deps, {
          state: query.state,
          active: query.active,
          hospitalId: scope.hospitalId,
          hospitalizationId: query.hospitalizationId,
          careOfficeIds: offices?.map((o) => o.id),
          patientKeys: keys,
          limit: CASE_PAGE_SIZE + 1,
          offset: (page - 1) * CASE_PAGE_SIZE,
        });
  return {
    page,
    items: rows.slice(0, CASE_PAGE_SIZE),
    hasMore: rows.length > CASE_PAGE_SIZE,
    offices: offices?.map((o) => o.name) ?? null,
  };
}
