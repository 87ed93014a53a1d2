import { initialTransition, transition, type StateValue } from 'xstate';
import { hospitalizationMachine, type HospitalizationState } from './hospitalization.js';
import type { AdmissionInput, Effect, HospitalizationContext, HospitalizationEvent } from './types.js';

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

const EFFECT_TYPES = new Set<string>(['openTask', 'closeTask', 'sendNotice', 'setDeadline', 'clearDeadline']);

function toEffects(actions: ReadonlyArray<{ type: string; params?: unknown }>): Effect[] {
  return actions
    .filter((a) => EFFECT_TYPES.has(a.type))
    .map((a) => ({ type: a.type, ...(a.params as object) }) as Effect);
}

/** `{ stay: 'admissionNotice' }` → `admissionNotice`. */
export function leafState(value: StateValue): HospitalizationState {
  let v: StateValue = value;
  while (typeof v === 'object') v = Object.values(v)[0]!;
  return v as HospitalizationState;
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

/** Whether the rule allows this fact now. A refused fact is still stored, for review. */
export function accepts(stored: StoredSnapshot, event: HospitalizationEvent): boolean {
  const snapshot = resolve(stored);
  return snapshot.status === 'active' && snapshot.can(event);
}

/** Apply one fact with XState's pure transition; nothing is executed here. A closed case never changes. */
export function apply(stored: StoredSnapshot, event: HospitalizationEvent): Step {
  const current = resolve(stored);
  if (current.status !== 'active') return { snapshot: stored, state: leafState(stored.value), effects: [] };
  const [next, actions] = transition(hospitalizationMachine, current, event);
  return { snapshot: store(next), state: leafState(next.value), effects: toEffects(actions) };
}

export function isFinal(stored: StoredSnapshot): boolean {
  return leafState(stored.value) === 'closed';
}
