import { initialTransition, type StateValue, transition } from 'xstate';
import { lateRecordAccepted, withDischargeRecord } from './dischargeRecord.js';
import {
  type HospitalizationState,
  hospitalizationMachine,
  NURSING_SUMMARY_NOTICE,
  STATES,
} from './hospitalization.js';
import type { AdmissionInput, Effect, EventType, HospitalizationContext, HospitalizationEvent } from './types.js';

/** What is stored between requests: enough to resolve the machine snapshot again. */
export interface StoredSnapshot {
  value: StateValue;
  context: HospitalizationContext;
}

export interface Step {
  snapshot: StoredSnapshot;
  /** The leaf state: the step of the rule the case is in. */
  state: HospitalizationState;
  effects: Effect[];
}

/**
 * The effect kinds, keyed by Effect['type'] so that adding or removing an effect in types.ts
 * without updating this list fails to compile.
 */
const EFFECT_KINDS = {
  openTask: true,
  closeTask: true,
  sendNotice: true,
  setDeadline: true,
  clearDeadline: true,
} as const satisfies Record<Effect['type'], true>;

const isEffectKind = (type: string): type is Effect['type'] => Object.hasOwn(EFFECT_KINDS, type);

function toEffects(actions: ReadonlyArray<{ type: string; params?: unknown }>): Effect[] {
  return (
    actions
      .filter((a) => isEffectKind(a.type))
      // XState hands back executed actions with `type` and `params` typed apart, so the pairing of an
      // effect's name with its params, checked where the machine enqueues them, cannot be seen here.
      .map((a) => Object.assign({ type: a.type }, a.params) as Effect)
  );
}

/** `{ stay: 'admissionNotice' }` → `admissionNotice`. */
export function leafState(value: StateValue): HospitalizationState {
  let leaf: StateValue | undefined = value;
  while (typeof leaf === 'object') leaf = Object.values(leaf)[0];
  const state = STATES.find((s) => s === leaf);
  // Every state the machine can rest in is a step of the rule; anything else is a snapshot the
  // machine did not produce.
  if (state === undefined) throw new Error(`Not a step of the hospitalization rule: ${leaf}`);
  return state;
}

function store(snapshot: { value: StateValue; context: HospitalizationContext }): Step['snapshot'] {
  return { value: snapshot.value, context: snapshot.context };
}

function resolve(stored: StoredSnapshot) {
  return hospitalizationMachine.resolveState({ value: stored.value, context: stored.context });
}

/** The admission: a new case in its first state, with the effects of entering it. */
export function admit(input: AdmissionInput): Step {
  const [snapshot, actions] = initialTransition(hospitalizationMachine, input);
  return { snapshot: store(snapshot), state: leafState(snapshot.value), effects: toEffects(actions) };
}

/**
 * The facts a closed case still takes, for a while after a discharge home (machines/dischargeRecord.ts
 * lateRecordAccepted): the care manager's 退院・退所情報記録書, and the hospital's 看護サマリー (Sanda A⑤)
 * posted as data after the care-plan copy closed the stay, which still reaches the care manager. The
 * case stays closed: a record is kept, a summary (stored by the engine with its fact) is told.
 */
function lateFact(stored: StoredSnapshot, event: HospitalizationEvent): Step | null {
  const ctx = stored.context;
  if (!lateRecordAccepted(ctx, event.occurredAt)) return null;
  const rests = (context: HospitalizationContext, effects: Effect[]): Step => ({
    snapshot: { value: stored.value, context },
    state: leafState(stored.value),
    effects,
  });
  if (event.type === 'discharge_record_filed')
    return rests({ ...ctx, dischargeRecords: withDischargeRecord(ctx, event) }, []);
  // Only a stay whose summary was reported sent closes (machines/hospitalization.ts `discharged`): the
  // summary's content, posted later, changes nothing but is handed on.
  if (event.type === 'nursing_summary_sent' && event.carriesSummary === true)
    return rests(ctx, [{ type: NURSING_SUMMARY_NOTICE.type, ...NURSING_SUMMARY_NOTICE.params }]);
  return null;
}

/** Whether the rule allows this fact now. A refused fact is still stored, for review. */
export function accepts(stored: StoredSnapshot, event: HospitalizationEvent): boolean {
  const snapshot = resolve(stored);
  return snapshot.status === 'active' ? snapshot.can(event) : lateFact(stored, event) !== null;
}

/** Apply one fact with XState's pure transition; nothing is executed here. A closed case never changes but for a late fact. */
export function apply(stored: StoredSnapshot, event: HospitalizationEvent): Step {
  const current = resolve(stored);
  if (current.status !== 'active')
    return lateFact(stored, event) ?? { snapshot: stored, state: leafState(stored.value), effects: [] };
  const [next, actions] = transition(hospitalizationMachine, current, event);
  return { snapshot: store(next), state: leafState(next.value), effects: toEffects(actions) };
}

export function isFinal(stored: StoredSnapshot): boolean {
  return leafState(stored.value) === 'closed';
}

/** A fact the rule infers from another, with the step it puts the case in. */
export interface ImpliedFact {
  type: EventType;
  state: HospitalizationState;
}

/**
 * Facts this step took as happened without being told: a conference reported before discharge
 * planning means planning had started. The engine logs them before the fact that implied them, so
 * the case's timeline says what the rule took for granted.
 */
export function impliedFacts(before: StoredSnapshot, step: Step): ImpliedFact[] {
  const implied = before.context.dischargePlanning === null && step.snapshot.context.dischargePlanning?.impliedBy;
  return implied ? [{ type: 'discharge_planning_started', state: 'dischargeStart' }] : [];
}
