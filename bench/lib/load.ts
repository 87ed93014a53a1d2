import autocannon from 'autocannon';
import { HOUR_MS as HOUR } from '../../machines/time.js';
import { signedHeaders } from './sign.js';
import { eventBody, routeAStory, STORY_LENGTH } from './workload.js';

export interface LoadResult {
  connections: number;
  durationS: number;
  /** Requests answered 2xx, per second. */
  eventsPerS: number;
  ok: number;
  /** Answers with another status than the story expects (each one is a bug or an overload). */
  unexpected: number;
  errors: number;
  timeouts: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface Target {
  hospitals: { id: string; secret: string }[];
  careOffices: string[];
}

export interface StoryRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Builds the request for step `index` of stay number `n`: the one generator every load uses. */
export type RequestFor = (
  n: number,
  index: number,
  encounter: string,
  hospital: { id: string; secret: string },
) => StoryRequest;

/**
 * Signed renkei webhooks: a fresh webhook-id per request, signed at send time. Stays begin some
 * hours ago, so every fact is in the past (never ahead of the server's clock) and every deadline
 * in the future: no timer fires during a load, on renkei or on the peer.
 */
export function renkeiRequest(target: Target, epochMs = Date.now() - 8 * HOUR): RequestFor {
  return (n, index, encounter, hospital) => {
    const admittedAt = epochMs + (n % 60) * 60_000;
    const steps = routeAStory(n, target.careOffices[n % target.careOffices.length]!, admittedAt);
    const occurredAt = new Date(admittedAt + index * HOUR).toISOString();
    const body = eventBody(encounter, steps[index]!, occurredAt);
    const id = `msg_${encounter}_${index}`;
    return {
      method: 'POST',
      path: `/v1/hospitals/${hospital.id}/events`,
      headers: signedHeaders(hospital.secret, id, body),
      body,
    };
  };
}

/**
 * Each connection plays whole stays in order (admitted first, discharged last), a new stay each
 * time it starts over, so every request is a valid next fact and no answer is a cheap replay.
 */
export async function runStoryLoad(options: {
  base: string;
  connections: number;
  durationS: number;
  prefix: string;
  hospitals: { id: string; secret: string }[];
  request: RequestFor;
  expectStatus?: number;
}): Promise<LoadResult> {
  let stays = 0;
  let unexpected = 0;
  let sample = '';
  const expected = options.expectStatus ?? 202;
  const requests = Array.from({ length: STORY_LENGTH }, (_, index) => ({
    setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
      if (index === 0) {
        const n = stays++;
        context.n = n;
        context.encounter = `${options.prefix}-${n}`;
        context.hospital = options.hospitals[n % options.hospitals.length];
      }
      const r = options.request(
        context.n as number,
        index,
        context.encounter as string,
        context.hospital as { id: string; secret: string },
      );
      return { ...req, ...r };
    },
    onResponse: (status: number, body: string) => {
      if (status !== expected) {
        unexpected++;
        if (!sample) sample = `${status} ${body.slice(0, 300)}`;
      }
    },
  }));
  const result = await autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.durationS,
    requests: requests as never,
    timeout: 30,
  });
  if (unexpected > 0) process.stderr.write(`  ${unexpected} answers were not ${expected}; first: ${sample}\n`);
  const ok = result['2xx'];
  return {
    connections: options.connections,
    durationS: result.duration,
    eventsPerS: ok / result.duration,
    ok,
    unexpected,
    errors: result.errors,
    timeouts: result.timeouts,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
  };
}
