import { initialTransition, transition } from 'xstate';
import { hospitalizationMachine, type HospitalizationState } from './hospitalization.js';
import type { AdmissionInput, Effect, HospitalizationContext, HospitalizationEvent } from './types.js';

/** What is stored between requests: enough to resolve the machine snapshot again. */
export interface StoredSnapshot {
  value: HospitalizationState;
  context: HospitalizationContext;
}

export interface Step {
  snapshot: StoredSnapshot;
  effects: Effect[];
}

const EFFECT_TYPES = new Set<string>(['openTask', 'closeTask', 'sendNotice', 'setDeadline', 'clearDeadline']);

function toEffects(actions: ReadonlyArray<{ type: string; params?: unknown }>): Effect[] {
  return actions
    .filter((a) => EFFECT_TYPES.has(a.type))
    .map((a) => ({ type: a.type, ...(a.params as object) }) as Effect);
}

function store(snapshot: { value: unknown; context: HospitalizationContext }): StoredSnapshot {
  return { value: snapshot.value as HospitalizationState, context: snapshot.context };
}

function resolve(stored: StoredSnapshot) {
  return hospitalizationMachine.resolveState({ value: stored.value, context: stored.context });
}

/** The admission: a new case in its first state, with the effects of entering it. */
export function admit(input: AdmissionInput): Step {
  const [snapshot, actions] = initialTransition(hospitalizationMachine, input);
  return { snapshot: store(snapshot), effects: toEffects(actions) };
}

/** Whether the rule allows this fact now. A refused fact is still stored, for review. */
export function accepts(stored: StoredSnapshot, event: HospitalizationEvent): boolean {
  const snapshot = resolve(stored);
  return snapshot.status === 'active' && snapshot.can(event);
}

/** Apply one fact with XState's pure transition; nothing is executed here. */
export function apply(stored: StoredSnapshot, event: HospitalizationEvent): Step {
  const [next, actions] = transition(hospitalizationMachine, resolve(stored), event);
  return { snapshot: store(next), effects: toEffects(actions) };
}

export function isFinal(stored: StoredSnapshot): boolean {
  return stored.value === 'closed';
}
