import { describe, expect, it } from 'vitest';
import { EVENT_LABELS, STATE_LABELS } from '../../../engine/console/index.js';
import { layOutMachine, MachineDiagram } from '../../../functions/pages/console/machineDiagram.js';
import { hospitalizationMachine } from '../../../machines/hospitalization.js';
import type { Route } from '../../../machines/types.js';

// The case page's state diagram is drawn from the machine's definition: every state and every move a
// route can take is on it, by its Japanese name, and a state renamed in the machine without its
// Japanese name (or without this list) fails here.

/**
 * The states each route goes through, as the rule names them (machines/hospitalization.ts STATES). Both
 * start at 入院予定: an admission without a plan passes through it into the stay.
 */
const FROM_INPATIENT = [
  'inpatientCoordination',
  'dischargeStart',
  'preDischargeConference',
  'discharged',
  'carePlanCopy',
  'closed',
];
const ROUTE_STATES: Record<Route, string[]> = {
  A: ['planned', 'admission', 'admissionNotice', 'informationProvision', ...FROM_INPATIENT],
  B: [
    'planned',
    'admission',
    'eligibilityScreening',
    'insuranceApplication',
    'careManagerAssignment',
    'careManagerContact',
    ...FROM_INPATIENT,
  ],
};

interface Move {
  from: string;
  to: string;
  event: string;
}
interface StateNodeLike {
  key: string;
  states: Record<string, StateNodeLike>;
  transitions: Map<string, { target?: readonly { key: string }[] }[]>;
  always?: { target?: readonly { key: string }[] }[];
}

/** Every move in the machine, read through XState's own state nodes: a compound state's from `<key>~any`. */
function machineMoves(): Move[] {
  const moves: Move[] = [];
  const walk = (n: StateNodeLike) => {
    const from = Object.keys(n.states).length ? `${n.key}~any` : n.key;
    for (const [event, ts] of n.transitions)
      for (const t of ts) for (const x of t.target ?? []) moves.push({ from, to: x.key, event });
    for (const t of n.always ?? []) for (const x of t.target ?? []) moves.push({ from, to: x.key, event: 'always' });
    Object.values(n.states).forEach(walk);
  };
  Object.values((hospitalizationMachine.root as unknown as StateNodeLike).states).forEach(walk);
  return moves;
}

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
const groups = (svg: string, cls: RegExp) =>
  [...svg.matchAll(/<g class="([^"]*)"([^>]*)>([\s\S]*?)<\/g>/g)]
    .filter((m) => cls.test(m[1]!))
    .map((m) => ({ cls: m[1]!, tag: m[2]!, body: m[3]! }));
const text = (body: string) => body.replace(/<title>[\s\S]*?<\/title>/g, '').replace(/<[^>]+>/g, '');

/** A case's history as the event log has it: each accepted fact and the state after it. */
const history = (...steps: [event: string, state: string][]) => [
  { state: 'admission', event: null },
  ...steps.map(([event, state]) => ({ state, event })),
];

async function drawn(route: Route, current: string, path: ReturnType<typeof history>) {
  const diagram = await layOutMachine(route);
  const svg = String(MachineDiagram({ diagram, current, path }));
  return { diagram, svg };
}

describe.each(['A', 'B'] as const)('the state diagram of route %s', (route) => {
  it('has every state of the route, each by its Japanese name from STATE_LABELS, and none of the other route', async () => {
    const { svg } = await drawn(route, 'admission', history());
    const states = groups(svg, /^state\b/).filter((g) => !g.cls.includes('compound') && !g.cls.includes('any-stage'));
    expect(states.map((g) => attr(g.tag, 'data-state')).sort()).toEqual([...ROUTE_STATES[route]].sort());
    for (const g of states) {
      const key = attr(g.tag, 'data-state') as keyof typeof STATE_LABELS;
      expect(STATE_LABELS[key], key).toBeTruthy();
      expect(text(g.body)).toBe(STATE_LABELS[key]);
    }
  });

  it('has every move of the machine between those states, labelled with the fact in Japanese', async () => {
    const { svg } = await drawn(route, 'admission', history());
    const edges = groups(svg, /^move\b/).map((g) => ({
      from: attr(g.tag, 'data-from'),
      to: attr(g.tag, 'data-to'),
      events: attr(g.tag, 'data-events')!.split(' '),
      text: text(g.body),
    }));
    const on = new Set([...ROUTE_STATES[route], 'stay', 'stay~any']);
    const moves = machineMoves().filter((m) => on.has(m.from) && on.has(m.to));
    // The admission's first move is the route's own: route A's admission never goes to route B's screening.
    expect(moves.length).toBeGreaterThan(10);
    for (const m of moves) {
      const e = edges.find((x) => x.from === m.from && x.to === m.to);
      expect(e, `${m.from} → ${m.to}`).toBeDefined();
      expect(e!.events).toContain(m.event);
      const label = m.event === 'always' ? '(自動)' : EVENT_LABELS[m.event as keyof typeof EVENT_LABELS];
      expect(label, m.event).toBeTruthy();
      expect(e!.text).toContain(label);
    }
    // Nothing drawn that the machine lacks.
    for (const e of edges)
      for (const ev of e.events) expect(moves).toContainEqual({ from: e.from, to: e.to, event: ev });
  });

  it('draws each arrow from its source box to its target box (the layout is read in one coordinate space)', async () => {
    const { diagram } = await drawn(route, 'admission', history());
    const box = new Map(diagram.nodes.map((n) => [n.key, n]));
    const near = (p: { x: number; y: number }, key: string) => {
      const b = box.get(key)!;
      return p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
    };
    for (const e of diagram.edges) {
      expect(near(e.points[0]!, e.from), `${e.from} → ${e.to} starts at ${e.from}`).toBe(true);
      expect(near(e.points.at(-1)!, e.to), `${e.from} → ${e.to} ends at ${e.to}`).toBe(true);
    }
  });
});

describe("a case's diagram", () => {
  it('carries no script and no inline style (the Content-Security-Policy stays strict)', async () => {
    const { svg } = await drawn('A', 'closed', history(['admitted', 'admissionNotice'], ['died', 'closed']));
    expect(svg).not.toMatch(/<script|style=|\bon[a-z]+=/i);
    expect(
      groups(svg, /^move taken$/)
        .map((g) => `${attr(g.tag, 'data-from')}>${attr(g.tag, 'data-to')}`)
        .sort(),
    ).toEqual(['admission>admissionNotice', 'stay~any>closed']);
  });

  it('marks the current state, and highlights the states and moves the case went through, not the others', async () => {
    const path = history(
      ['admitted', 'admissionNotice'],
      ['admission_acknowledged', 'informationProvision'],
      ['information_sheet_provided', 'inpatientCoordination'],
      ['deadline_passed', 'inpatientCoordination'],
      ['discharge_planning_started', 'dischargeStart'],
    );
    const { svg } = await drawn('A', 'dischargeStart', path);
    const current = groups(svg, /\bcurrent\b/);
    expect(current.map((g) => attr(g.tag, 'data-state'))).toEqual(['dischargeStart']);
    expect(current[0]!.body).toContain('<title>現在の段階</title>');
    const visited = groups(svg, /^state\b.*\bvisited\b/).map((g) => attr(g.tag, 'data-state'));
    expect(visited.sort()).toEqual([
      'admission',
      'admissionNotice',
      'informationProvision',
      'inpatientCoordination',
      'stay',
    ]);
    const taken = groups(svg, /^move taken$/).map((g) => `${attr(g.tag, 'data-from')}>${attr(g.tag, 'data-to')}`);
    expect(taken.sort()).toEqual([
      'admission>admissionNotice',
      'admissionNotice>informationProvision',
      'informationProvision>inpatientCoordination',
      // Discharge planning is accepted from any stage of the stay.
      'stay~any>dischargeStart',
    ]);
  });

  it("a stay ended by the screening took the screening's own move, not the stay's 「どの段階からも」 one", async () => {
    const { svg } = await drawn(
      'B',
      'closed',
      history(['admitted', 'eligibilityScreening'], ['eligibility_screened', 'closed']),
    );
    expect(groups(svg, /\bcurrent\b/).map((g) => attr(g.tag, 'data-state'))).toEqual(['closed']);
    expect(
      groups(svg, /^move taken$/)
        .map((g) => `${attr(g.tag, 'data-from')}>${attr(g.tag, 'data-to')}`)
        .sort(),
    ).toEqual(['admission>eligibilityScreening', 'eligibilityScreening>closed']);
  });
});
