import type { HospitalizationEvent, NoticeKind } from './types.js';

// 他の事業所への写し: besides the care manager, a stay may name the patient's other providers (a
// visiting nurse, a day service, …). Sanda A① has the care manager tell the visiting nurse of an
// admission, and the visiting nurse send the hospital a summary; copying them on the discharge start
// and the discharge lets them prepare too. A copy is news, not a handoff: it has no task and is no
// part of the rule's deadlines or the leak rate.

/** The kinds of provider a stay may copy (訪問看護ステーション, 通所介護, 通所リハ, 福祉用具, 訪問介護, その他). */
export const OTHER_PROVIDER_KINDS = [
  'visiting_nursing',
  'day_service',
  'day_rehabilitation',
  'welfare_equipment',
  'home_help',
  'other',
] as const;
export type OtherProviderKind = (typeof OTHER_PROVIDER_KINDS)[number];

/** The copy each notice to the care manager sends to the other providers; a notice not named here is not copied. */
export const PROVIDER_COPIES = {
  discharge_start_notice: 'discharge_start_copy',
  discharge_notice: 'discharge_copy',
  sudden_discharge_notice: 'discharge_copy',
} as const satisfies Partial<Record<NoticeKind, string>>;

export type ProviderCopyKind = (typeof PROVIDER_COPIES)[keyof typeof PROVIDER_COPIES];

/** The copy a notice to the care manager brings with it, or null. */
export function providerCopyOf(notice: NoticeKind): ProviderCopyKind | null {
  return (PROVIDER_COPIES as Partial<Record<NoticeKind, ProviderCopyKind>>)[notice] ?? null;
}

/**
 * The facts after which the machine may send a notice copied above: A③ 退院調整開始 (its fact, or a
 * conference, which implies it), the discharge, and a care office named once discharge planning began
 * (it is told the discharge start then). The engine reads a stay's providers with its case only for
 * these (engine/cases/caseStore.ts); the any-order property test (test/machines/anyOrder.properties.test.ts)
 * checks that no other fact sends a copied notice.
 */
export const FACTS_THAT_COPY: ReadonlySet<HospitalizationEvent['type']> = new Set<HospitalizationEvent['type']>([
  'discharge_planning_started',
  'conference_scheduled',
  'conference_held',
  'discharged',
  'care_office_identified',
  'care_manager_assigned',
]);

/** Whether a fact of this type may queue a copy to the stay's other providers. */
export function mayCopyToProviders(type: string | null): boolean {
  return type !== null && FACTS_THAT_COPY.has(type as HospitalizationEvent['type']);
}
