import type { RuleParams } from '../machines/types.js';
import type { Region } from './schema.js';

/**
 * How long a task link lives when its case's region is no longer loaded. Every pack states its own
 * `taskLinkTtlDays`; this only keeps old links answerable (expired or not) after a pack is removed.
 */
export const DEFAULT_TASK_LINK_TTL_DAYS = 14;

/** A region's rule as the software uses it. */
export interface RegionRuleParams {
  /** What the hospitalization machine is started with; it is stored in every case's snapshot. */
  machine: RuleParams;
  /** Days a care manager's task link (and a notice's short link) stays valid. */
  taskLinkTtlDays: number;
}

/**
 * The one place a region pack's rule becomes parameters: the engine admits with it and the tests
 * drive the machines with it, so they cannot drift apart. The task-link lifetime is the engine's,
 * not the machine's, so it stays out of the snapshot; everything else of the rule goes in as is.
 */
export function ruleParams(region: Pick<Region, 'id' | 'rule'>): RegionRuleParams {
  const { taskLinkTtlDays, ...rule } = region.rule;
  return { machine: { regionId: region.id, ...rule }, taskLinkTtlDays };
}

/** The task-link lifetime of a case's region, or the default when that region is not loaded. */
export function taskLinkTtlDays(region: Pick<Region, 'id' | 'rule'> | undefined): number {
  return region ? ruleParams(region).taskLinkTtlDays : DEFAULT_TASK_LINK_TTL_DAYS;
}
