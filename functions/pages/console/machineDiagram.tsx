import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk.bundled.js';
import { ALWAYS, ANY_STAGE, STATE_STEPS, type StateGraph, stateGraph } from '../../../engine/console/index.js';
import type { HospitalizationState } from '../../../machines/hospitalization.js';
import { jstWallClock } from '../../../machines/time.js';
import type { Route } from '../../../machines/types.js';
import type { RuleStep } from '../../../regions/schema.js';
import { jaDay } from './common.js';

// The state diagram as an SVG drawn on the server from the machine's definition (engine/console/
// stateGraph.ts reads it), laid out by ELK's layered algorithm (elkjs) instead of hand-placed boxes: no
// script reaches the browser, so the Content-Security-Policy stays strict. The states of the case's
// route only; the states it went through and the moves it took are highlighted, the current state marked.

const FONT = 12;
const LINE = 16;
const PAD = 10;

/** A text's width in the console's font: CJK characters are a full em, the rest about half. */
const textWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? FONT : FONT * 0.55), 0);

export interface LaidOutNode {
  key: string;
  label: string;
  parent: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
  compound: boolean;
  final: boolean;
}
export interface LaidOutEdge {
  from: string;
  to: string;
  events: string[];
  labels: { text: string[]; x: number; y: number } | null;
  points: ElkPoint[];
}
export interface LaidOutDiagram {
  route: Route;
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

// elkjs is large (the layout engine compiled from Java): loaded on the first diagram, not when the
// Worker or the server starts.
type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<Elk> | undefined;
const loadElk = () => {
  // A CommonJS module: its default export is the ELK class itself (Node and esbuild agree).
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new (m.default as unknown as new () => Elk)());
  return elk;
};

function toElk(graph: StateGraph): ElkNode {
  const childrenOf = (parent: string | null): ElkNode[] =>
    graph.nodes
      .filter((n) => n.parent === parent)
      .map((n) =>
        n.compound
          ? {
              id: n.key,
              labels: [{ text: n.label, width: textWidth(n.label), height: LINE }],
              layoutOptions: { 'elk.padding': `[top=${LINE + PAD * 2},left=${PAD},bottom=${PAD},right=${PAD}]` },
              children: childrenOf(n.key),
            }
          : { id: n.key, width: Math.max(textWidth(n.label) + PAD * 2, 90), height: LINE + PAD * 2 },
      );
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '30',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'false',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: childrenOf(null),
    edges: graph.edges.map((e, i) => ({
      id: `e${i}`,
      sources: [e.from],
      targets: [e.to],
      labels: [
        {
          text: e.labels.join('\n'),
          width: Math.max(...e.labels.map(textWidth)),
          height: e.labels.length * LINE,
          layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' },
        },
      ],
    })),
  };
}

/** Lays out the states and moves of `route`: the positions the SVG is drawn from. Once per route and process. */
export function layOutMachine(route: Route): Promise<LaidOutDiagram> {
  let laid = layouts.get(route);
  if (!laid) {
    laid = layOut(route);
    // A failed layout is tried again by the next page, not remembered.
    laid.catch(() => layouts.delete(route));
    layouts.set(route, laid);
  }
  return laid;
}
const layouts = new Map<Route, Promise<LaidOutDiagram>>();

async function layOut(route: Route): Promise<LaidOutDiagram> {
  const graph = stateGraph(route);
  const laid = await (await loadElk()).layout(toElk(graph));
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const nodes: LaidOutNode[] = [];
  const collect = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      const g = byKey.get(c.id);
      if (g) nodes.push({ ...g, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      collect(c);
    }
  };
  collect(laid);
  const edges = ((laid.edges ?? []) as ElkExtendedEdge[]).map((e, i) => {
    const g = graph.edges[i] as StateGraph['edges'][number];
    const section = e.sections?.[0];
    const label = e.labels?.[0];
    return {
      from: g.from,
      to: g.to,
      events: g.events,
      labels: label ? { text: g.labels, x: label.x ?? 0, y: label.y ?? 0 } : null,
      points: section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [],
    };
  });
  return { route, width: laid.width ?? 0, height: laid.height ?? 0, nodes, edges };
}

/** An arrow's head, sized in the diagram's units (not scaled by the line's width). */
const Arrowhead = ({ id, cls }: { id: string; cls: string }) => (
  <marker
    id={id}
    viewBox="0 0 10 10"
    refX="10"
    refY="5"
    markerWidth="8"
    markerHeight="8"
    markerUnits="userSpaceOnUse"
    orient="auto"
  >
    <path d="M0,0 L10,5 L0,10 z" class={cls} />
  </marker>
);

/** One step of a case's history: the state after an accepted fact, and the fact (null for the start). */
export interface PathStep {
  state: string;
  event: string | null;
}

/**
 * The moves a case took: for each accepted fact that changed the state, the moves from the state
 * before it to the state after, each being the fact itself or a move the machine makes by itself
 * (`always`), from the state or from any stage of a compound state around it.
 */
function takenMoves(diagram: LaidOutDiagram, path: PathStep[], inside: (s: string, c: string) => boolean) {
  const taken = new Set<LaidOutEdge>();
  const movesFrom = (state: string, event: string | null) =>
    diagram.edges.filter(
      (e) =>
        (e.from === state || (e.from.endsWith(ANY_STAGE) && inside(state, e.from.slice(0, -ANY_STAGE.length)))) &&
        e.events.some((x) => x === ALWAYS || x === event),
    );
  for (let i = 1; i < path.length; i++) {
    const { state: from } = path[i - 1] as PathStep;
    const { state: to, event } = path[i] as PathStep;
    if (from === to) continue;
    // Breadth first, so the direct move wins over a detour through another stage.
    const via = new Map<string, LaidOutEdge[]>([[from, []]]);
    for (const [state, edges] of via) {
      if (state === to) {
        for (const e of edges) taken.add(e);
        break;
      }
      for (const e of movesFrom(state, event)) if (!via.has(e.to)) via.set(e.to, [...edges, e]);
    }
  }
  return taken;
}

/** `path`: the case's history from the admission (the event log's accepted facts and their stateAfter). */
export function MachineDiagram({
  diagram,
  current,
  path,
}: {
  diagram: LaidOutDiagram;
  current: string;
  path: PathStep[];
}) {
  const visited = new Set(path.map((p) => p.state));
  const parentOf = new Map(diagram.nodes.map((n) => [n.key, n.parent]));
  const inside = (state: string, compound: string): boolean => {
    const parent = parentOf.get(state);
    return parent === compound || (parent != null && inside(parent, compound));
  };
  const taken = takenMoves(diagram, path, inside);
  const pad = 4;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`${-pad} ${-pad} ${diagram.width + pad * 2} ${diagram.height + pad * 2}`}
      width={Math.ceil(diagram.width + pad * 2)}
      height={Math.ceil(diagram.height + pad * 2)}
      class="state-diagram"
      role="img"
      aria-label={`ルート${diagram.route}の状態遷移図`}
      id="state-diagram"
    >
      <defs>
        <Arrowhead id="arrow" cls="arrowhead" />
        <Arrowhead id="arrow-taken" cls="arrowhead taken" />
      </defs>
      {diagram.nodes
        .filter((n) => n.compound)
        .map((n) => (
          <g
            class={`state compound${visited.has(n.key) || [...visited].some((s) => inside(s, n.key)) ? ' visited' : ''}`}
            data-state={n.key}
          >
            <rect x={n.x} y={n.y} width={n.width} height={n.height} rx="10" />
            <text x={n.x + PAD} y={n.y + PAD + FONT}>
              {n.label}
            </text>
          </g>
        ))}
      {diagram.edges.map((e) => {
        const on = taken.has(e);
        return (
          <g class={`move${on ? ' taken' : ''}`} data-from={e.from} data-to={e.to} data-events={e.events.join(' ')}>
            <path
              d={e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ')}
              marker-end={on ? 'url(#arrow-taken)' : 'url(#arrow)'}
            />
            {e.labels && (
              <text x={e.labels.x} y={e.labels.y + FONT}>
                {e.labels.text.map((t, i) => (
                  <tspan x={e.labels?.x} dy={i ? LINE : 0}>
                    {t}
                  </tspan>
                ))}
              </text>
            )}
          </g>
        );
      })}
      {diagram.nodes
        .filter((n) => !n.compound)
        .map((n) => {
          const cls = [
            'state',
            n.key.endsWith(ANY_STAGE) ? 'any-stage' : '',
            n.final ? 'final' : '',
            n.key === current ? 'current' : visited.has(n.key) ? 'visited' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <g class={cls} data-state={n.key}>
              <rect x={n.x} y={n.y} width={n.width} height={n.height} rx={n.final ? 16 : 6} />
              <text x={n.x + n.width / 2} y={n.y + n.height / 2 + FONT / 2 - 1} text-anchor="middle">
                {n.label}
              </text>
              {n.key === current && <title>現在の段階</title>}
            </g>
          );
        })}
    </svg>
  );
}

/**
 * The rule's steps along the route as a strip beside the diagram, each with the day the case first
 * reached it: named as the case's region names them (its pack's `document.steps`), by the state's own
 * name where the region's pack names no step.
 */
export function StepStrip({
  diagram,
  current,
  entered,
  stepNames,
}: {
  diagram: LaidOutDiagram;
  current: string;
  /** Each accepted fact's state after it and when it happened, in order. */
  entered: { state: string; at: string }[];
  stepNames: Partial<Record<RuleStep, string>>;
}) {
  const steps: { key: string; name: string; states: string[] }[] = [];
  for (const n of diagram.nodes) {
    const step = STATE_STEPS[n.key as HospitalizationState];
    if (!step) continue;
    const last = steps.at(-1);
    if (last && last.key === step) last.states.push(n.key);
    else steps.push({ key: step, name: stepNames[step] ?? n.label, states: [n.key] });
  }
  return (
    <ol class="progress" id="rule-steps">
      {steps.map((s) => {
        const first = entered.find((e) => s.states.includes(e.state));
        const status = s.states.includes(current) ? 'current' : first ? 'done' : undefined;
        return (
          <li class={status} data-step={s.key}>
            {s.name}
            <div class="muted">{first ? `${jaDay(jstWallClock(first.at))}` : 'まだ'}</div>
          </li>
        );
      })}
    </ol>
  );
}
