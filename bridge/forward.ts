import { signWebhook } from '../engine/crypto/index.js';
import { log } from './log.js';
import type { Spool, Spooled } from './spool.js';

export interface ForwardOptions {
  /** renkei's base URL, e.g. https://renkei.example.jp */
  to: string;
  hospitalId: string;
  secret: string;
  /** Longest wait between tries of one message (backoff doubles from 500 ms up to this). */
  maxBackoffMs: number;
  pollMs: number;
}

type Result =
  | { kind: 'done'; status: 'sent' | 'refused'; outcome: string }
  | { kind: 'retry'; outcome: string; afterMs?: number };

/** MSA-1 and the ERR segment of renkei's ACK (ERR names a field and a reason, never the patient). */
function readAck(text: string): { code: string; err: string } {
  const segments = text.split(/\r\n|\r|\n/);
  const msa = segments.find((s) => s.startsWith('MSA|'))?.split('|') ?? [];
  return { code: msa[1] ?? '', err: segments.find((s) => s.startsWith('ERR|')) ?? '' };
}

async function deliver(o: ForwardOptions, m: Spooled): Promise<Result> {
  const id = `hl7_${m.seq}`;
  const timestamp = Math.floor(Date.now() / 1000);
  let res: Response;
  try {
    res = await fetch(`${o.to.replace(/\/$/, '')}/v1/hospitals/${encodeURIComponent(o.hospitalId)}/hl7`, {
      method: 'POST',
      headers: {
        'content-type': 'x-application/hl7-v2+er7',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': await signWebhook(o.secret, id, timestamp, m.body),
      },
      body: new Blob([new Uint8Array(m.body)]),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    return { kind: 'retry', outcome: `unreachable: ${(e as Error).cause ?? (e as Error).message}` };
  }
  const text = await res.text();
  if (res.status === 200) {
    const ack = readAck(text);
    if (ack.code === 'AA') return { kind: 'done', status: 'sent', outcome: 'AA' };
    return { kind: 'done', status: 'refused', outcome: `${ack.code} ${ack.err}` };
  }
  // Not HL7 at all: sending it again cannot help.
  if (res.status === 400 || res.status === 413)
    return { kind: 'done', status: 'refused', outcome: `HTTP ${res.status}` };
  const retryAfter = Number(res.headers.get('retry-after'));
  return {
    kind: 'retry',
    outcome: `HTTP ${res.status}`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { afterMs: retryAfter * 1000 } : {}),
  };
}

/**
 * Forwards the spool to renkei, signed like the JSON webhooks: per patient the oldest message
 * first, the next only once it is answered; a patient whose message cannot get through waits
 * with backoff while the others go on. AA or AE ends a message (AE is logged: the hospital fixes
 * the data and sends a new message); anything else is tried again.
 */
export function forward(spool: Spool, o: ForwardOptions): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async (): Promise<boolean> => {
    let progressed = false;
    for (const m of await spool.heads(Date.now())) {
      if (stopped) break;
      const r = await deliver(o, m);
      if (r.kind === 'done') {
        await spool.done(m.seq, r.status, r.outcome);
        log(r.status === 'sent' ? 'forwarded' : 'refused by renkei', {
          seq: m.seq,
          controlId: m.controlId,
          outcome: r.outcome,
        });
        progressed = true;
      } else {
        const wait = r.afterMs ?? Math.min(o.maxBackoffMs, 500 * 2 ** Math.min(m.attempts, 16));
        await spool.retryLater(m.seq, Date.now() + wait, r.outcome);
        log('retry', { seq: m.seq, controlId: m.controlId, outcome: r.outcome, inMs: wait });
      }
    }
    return progressed;
  };
  const loop = async () => {
    if (stopped) return;
    running = (async () => {
      try {
        while (!stopped && (await round())) {}
      } catch (e) {
        log('forward round failed', { error: (e as Error).message });
      }
    })();
    await running;
    if (!stopped) timer = setTimeout(loop, o.pollMs);
  };
  void loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
