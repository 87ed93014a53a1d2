// The typed edges of the machine: a state value read back as a step of the rule, and an action
// or guard that reads a fact's own fields refusing a fact it was not written for.

import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { hospitalizationMachine, STATES } from '../../machines/hospitalization.js';
import { leafState } from '../../machines/run.js';
import type { AdmissionInput } from '../../machines/types.js';
import { routeAAdmission } from './stays.js';
import { TEST_RULE } from './testRule.js';

const ADMISSION: AdmissionInput = routeAAdmission(TEST_RULE, '2026-06-09T10:30:00+09:00', { caseId: 'case-1' });

describe('leafState', () => {
  it('names the step the case rests in, nested or not', () => {
    expect(leafState({ stay: 'admissionNotice' })).toBe('admissionNotice');
    expect(leafState('carePlanCopy')).toBe('carePlanCopy');
    for (const state of STATES) expect(leafState(state)).toBe(state);
  });

  it('refuses a state value the machine cannot rest in', () => {
    expect(() => leafState({ stay: 'admission' })).toThrow(/Not a step of the hospitalization rule: admission/);
    expect(() => leafState({})).toThrow(/Not a step of the hospitalization rule/);
  });
});

describe('a guard wired to the wrong fact', () => {
  it('throws instead of reading undefined fields', () => {
    // goesHome reads a discharge's destination; here it is (wrongly) put where a delivered
    // notice is checked.
    const goesHome = hospitalizationMachine.implementations.guards.goesHome;
    if (typeof goesHome !== 'function') throw new Error('goesHome is declared as a predicate');
    const miswired = hospitalizationMachine.provide({
      guards: { dischargeStartNotice: (args) => goesHome(args, undefined) },
    });
    const [admitted] = initialTransition(miswired, ADMISSION);
    const delivered = {
      type: 'notice_delivered',
      notice: 'admission_notice',
      occurredAt: '2026-06-10T10:00:00+09:00',
    } as const;
    expect(() => transition(miswired, admitted, delivered)).toThrow(
      /"type":"notice_delivered".*to have type matching "discharged"/,
    );
  });
});
