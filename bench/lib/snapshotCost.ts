import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { CapturedWrites } from '../limit.js';
import type { Table } from './report.js';
import { round } from './stats.js';

export interface SnapshotCost {
  cases: number;
  meanBytes: number;
  meanRuleBytes: number;
  /** JSON.parse + JSON.stringify of one stored snapshot, as an event loads and stores it. */
  usPerEventWithRule: number;
  usPerEventWithoutRule: number;
}

/**
 * What the region's rule parameters in every stored snapshot cost (issue 18's "smaller stored
 * snapshot"): the captured stays' final snapshots are parsed and stringified as an event does
 * (one load, one store), with and without `context.rule`, many times over, on this process.
 */
export async function snapshotCost(captured: CapturedWrites, repeat = 200): Promise<SnapshotCost> {
  const client = createClient({ url: `file:${join(captured.dir, 'capture.db')}` });
  const rows = (await client.execute('SELECT snapshot FROM cases')).rows.map((r) => String(r.snapshot));
  client.close();
  const without = rows.map((text) => {
    const s = JSON.parse(text) as { context: { rule?: unknown } };
    delete s.context.rule;
    return JSON.stringify(s);
  });
  const time = (texts: string[]) => {
    let sink = 0;
    const t0 = performance.now();
    for (let k = 0; k < repeat; k++) for (const t of texts) sink += JSON.stringify(JSON.parse(t)).length;
    const us = ((performance.now() - t0) * 1000) / (repeat * texts.length);
    return sink > 0 ? us : 0;
  };
  time(rows); // warm-up
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    cases: rows.length,
    meanBytes: mean(rows.map((t) => Buffer.byteLength(t))),
    meanRuleBytes: mean(rows.map((t, i) => Buffer.byteLength(t) - Buffer.byteLength(without[i]!))),
    usPerEventWithRule: time(rows),
    usPerEventWithoutRule: time(without),
  };
}

export function snapshotCostTable(c: SnapshotCost): Table {
  return {
    title: "A stored snapshot and the region's rule in it (the captured stays' last snapshots)",
    columns: ['cases', 'mean bytes', 'of it context.rule', 'parse + stringify µs/event', 'without the rule µs/event'],
    rows: [
      [
        c.cases,
        round(c.meanBytes, 0),
        `${round(c.meanRuleBytes, 0)} (${round((c.meanRuleBytes / c.meanBytes) * 100, 0)}%)`,
        round(c.usPerEventWithRule, 1),
        round(c.usPerEventWithoutRule, 1),
      ],
    ],
  };
}
