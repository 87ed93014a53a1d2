import { hospitalizationMachine } from '../../machines/hospitalization.js';
import type { Route } from '../../machines/types.js';
import { EVENT_LABELS, STATE_LABELS } from './labels.js';

// The machine's states and transitions as a graph, read from its XState definition (never a copy of
// it), for the console to draw. Only the states one route can reach are kept, so a route A stay is not
// drawn with route B's steps.

export interface StateGraphNode {
  key: string;
  /** From STATE_LABELS: the one map of the states' Japanese names. */
  label: string;
  /** The compound state it sits in; null at the top. */
  parent: string | null;
  compound: boolean;
  final: boolean;
}

export interface StateGraphEdge {
  /** A state, or `ANY_STAGE` inside a compound state for the facts it accepts from any of its stages. */
  from: string;
  to: string;
  /** Event types in the machine's order; `always` for a move the machine makes by itself. */
  events: string[];
  /** Japanese, one per event. */
  labels: string[];
}

export interface StateGraph {
  route: Route;
  nodes: StateGraphNode[];
  edges: StateGraphEdge[];
}

/** The stand-in node for a compound state's own transitions: 「どの段階からも」. */
export const ANY_STAGE = '~any';
export const anyStageOf = (compound: string) => `${compound}${ANY_STAGE}`;
export const ALWAYS = 'always';

interface Transition {
  eventType: string;
  guard?: unknown;
  target?: readonly { key: string }[] | undefined;
}
interface MachineNode {
  key: string;
  type: string;
  states: Record<string, MachineNode>;
  transitions: Map<string, Transition[]>;
  always?: Transition[] | undefined;
}

/** Which way the admission goes for each route: the guard of its `always` move (undefined: the default). */
const ROUTE_GUARD: Record<Route, string | undefined> = { A: 'routeA', B: undefined };

const guardName = (g: unknown) => (typeof g === 'string' ? g : (g as { type?: string } | undefined)?.type);
const stateLabel = (key: string) => STATE_LABELS[key as keyof typeof STATE_LABELS] ?? key;
const eventLabel = (type: string) =>
  type === ALWAYS ? '(自動)' : (EVENT_LABELS[type as keyof typeof EVENT_LABELS] ?? type);

function nodesOf(node: MachineNode, parent: string | null, out: Map<string, [MachineNode, string | null]>): void {
  for (const child of Object.values(node.states)) {
    out.set(child.key, [child, parent]);
    nodesOf(child, child.key, out);
  }
}

/** Every move of one state: its transitions with a target and its `always` moves, in the machine's order. */
function movesOf(node: MachineNode, route: Route): { event: string; to: string }[] {
  const moves: { event: string; to: string }[] = [];
  for (const [event, ts] of node.transitions)
    for (const t of ts) for (const x of t.target ?? []) moves.push({ event, to: x.key });
  const always = node.always ?? [];
  // The admission's first move is the route's: only that route's branch is drawn.
  const routed = always.filter((t) => guardName(t.guard) === ROUTE_GUARD[route]);
  const branchesByRoute = always.some((t) => guardName(t.guard) === ROUTE_GUARD.A);
  for (const t of branchesByRoute ? routed : always)
    for (const x of t.target ?? []) moves.push({ event: ALWAYS, to: x.key });
  return moves;
}

/** The states and moves of the hospitalization machine a stay on `route` can go through. */
export function stateGraph(route: Route): StateGraph {
  const root = hospitalizationMachine.root as unknown as MachineNode;
  const all = new Map<string, [MachineNode, string | null]>();
  nodesOf(root, null, all);
  const initial = (node: MachineNode): string => {
    const first = (node as unknown as { initial?: { target: { key: string }[] } }).initial?.target[0]?.key;
    return first ? first : node.key;
  };

  // States reachable from the machine's start on this route; a compound state's own moves apply from each of its stages.
  const start = initial(root);
  const reached = new Set<string>();
  const edges = new Map<string, StateGraphEdge>();
  const addEdge = (from: string, to: string, event: string) => {
    const id = `${from}>${to}`;
    const edge = edges.get(id) ?? { from, to, events: [], labels: [] };
    if (!edge.events.includes(event)) {
      edge.events.push(event);
      edge.labels.push(eventLabel(event));
    }
    edges.set(id, edge);
  };
  const visit = (key: string) => {
    if (reached.has(key)) return;
    reached.add(key);
    const [node, parent] = all.get(key) as [MachineNode, string | null];
    if (parent) visit(parent);
    const children = Object.values(node.states);
    const from = children.length ? anyStageOf(key) : key;
    for (const m of movesOf(node, route)) {
      addEdge(from, m.to, m.event);
      visit(m.to);
    }
    if (children.length) visit(initial(node));
  };
  visit(start);

  const nodes: StateGraphNode[] = [];
  for (const [key, [node, parent]] of all) {
    if (!reached.has(key)) continue;
    const compound = Object.keys(node.states).length > 0;
    nodes.push({ key, label: stateLabel(key), parent, compound, final: node.type === 'final' });
    if (compound && [...edges.values()].some((e) => e.from === anyStageOf(key)))
      nodes.push({ key: anyStageOf(key), label: 'どの段階からも', parent: key, compound: false, final: false });
  }
  return { route, nodes, edges: [...edges.values()] };
}
