import { EVENT_LABELS, STATE_LABELS } from '../../../engine/console/index.js';
import { hospitalizationMachine } from '../../../machines/hospitalization.js';

// The state machine drawn from its XState definition (not a copy of it): nested boxes for the
// states, each listing the facts that move it on. The current state and the states the case went
// through are highlighted.

interface Node {
  key: string;
  type: string;
  states: Record<string, Node>;
  transitions: Map<string, { target?: readonly { key: string }[] | undefined }[]>;
  always?: { target?: readonly { key: string }[] | undefined }[] | undefined;
}

const label = (key: string) => STATE_LABELS[key as keyof typeof STATE_LABELS] ?? key;
const eventLabel = (type: string) => EVENT_LABELS[type as keyof typeof EVENT_LABELS] ?? type;

function moves(node: Node): string[] {
  const out: string[] = [];
  for (const [event, ts] of node.transitions) {
    const targets = [...new Set(ts.flatMap((t) => (t.target ?? []).map((x) => x.key)))];
    if (targets.length) out.push(`${eventLabel(event)} → ${targets.map(label).join(' / ')}`);
  }
  for (const t of node.always ?? []) {
    for (const x of t.target ?? []) out.push(`(自動) → ${label(x.key)}`);
  }
  return out;
}

function contains(node: Node, keys: Set<string>): boolean {
  return keys.has(node.key) || Object.values(node.states).some((c) => contains(c, keys));
}

function StateBox({ node, current, visited }: { node: Node; current: string; visited: Set<string> }) {
  const children = Object.values(node.states);
  const cls = [
    'st',
    children.length ? 'compound' : '',
    node.key === current ? 'current' : contains(node, visited) ? 'visited' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={cls} data-state={node.key} title={node.key}>
      <div class="name">
        {label(node.key)}
        {node.key === current && ' ← 現在'}
        {node.type === 'final' && ' (終了)'}
      </div>
      {children.length === 0 && (
        <ul>
          {moves(node).map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      )}
      {children.length > 0 && (
        <div class="machine">
          {children.map((c) => (
            <StateBox node={c} current={current} visited={visited} />
          ))}
        </div>
      )}
      {children.length > 0 && moves(node).length > 0 && (
        <ul>
          {moves(node).map((m) => (
            <li>どの段階からも: {m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** `path`: the leaf states after each accepted event, in order (from the event log's stateAfter). */
export function MachineDiagram({ current, path }: { current: string; path: string[] }) {
  const root = hospitalizationMachine.root as unknown as Node;
  const visited = new Set(path);
  const steps = path.filter((s, i) => i === 0 || path[i - 1] !== s);
  return (
    <div>
      <p>
        <strong>たどった経路:</strong> {steps.map(label).join(' → ')}
      </p>
      <div class="machine" id="machine">
        {Object.values(root.states).map((n) => (
          <StateBox node={n} current={current} visited={visited} />
        ))}
      </div>
    </div>
  );
}
