// Fixed stays for the machine's example tests: a region pack's rule as the engine admits with it, and
// a route A admission (a care office known from the start) to start a stay from.
import type { AdmissionInput, HospitalizationEvent, RuleParams } from '../../machines/types.js';
import { loadRegionPacks } from '../../regions/load.js';
import { ruleParams } from '../../regions/rules.js';

export const PACKS = await loadRegionPacks();

/** A region pack's machine rule, through regions/rules.ts `ruleParams` as the engine does. */
export function ruleOf(regionId: string): RuleParams {
  const pack = PACKS.find((p) => p.id === regionId);
  if (!pack) throw new Error(`no region pack ${regionId}`);
  return ruleParams(pack).machine;
}

/** Route A: a patient of a home-care office, admitted at `occurredAt` under `rule`. */
export function routeAAdmission(
  rule: RuleParams,
  occurredAt: string,
  overrides: Partial<AdmissionInput> = {},
): AdmissionInput {
  return {
    caseId: 'case-example',
    hospitalId: 'hospital-1',
    occurredAt,
    ward: '5階東',
    careOfficeId: 'office-1',
    officeKind: 'home_care_office',
    officeHours: null,
    usedCareServices: true,
    firstInformedBy: 'hospital',
    rule,
    previousStay: null,
    ...overrides,
  };
}

/** 入院予定 → 入院: the planned admission took place at `occurredAt`, with no care office named at admission. */
export function plannedAdmissionTookPlace(
  occurredAt: string,
  over: Partial<Extract<HospitalizationEvent, { type: 'admitted' }>> = {},
): Extract<HospitalizationEvent, { type: 'admitted' }> {
  return {
    type: 'admitted',
    ward: '5階西病棟',
    careOfficeId: null,
    officeKind: null,
    officeHours: null,
    usedCareServices: true,
    occurredAt,
    ...over,
  };
}
