// The hospital-side bridge: `npm run bridge -- --to URL --hospital ID [--mllp HOST:PORT] [--ss-mix2 DIR]
// [--secret whsec_… | RENKEI_WEBHOOK_SECRET] [--spool FILE]`. Takes HL7 v2 ADT from the HIS (MLLP) and/or
// SS-MIX2 storage, spools it durably, and forwards it signed to renkei's /v1/hospitals/{id}/hl7.
import { parseArgs } from 'node:util';
import { forward } from './forward.js';
import { log } from './log.js';
import { listenMllp } from './mllp.js';
import { Spool } from './spool.js';
import { watchSsMix2 } from './ssmix2.js';

const USAGE =
  'usage: npm run bridge -- --to URL --hospital ID [--mllp HOST:PORT] [--ss-mix2 DIR] [--secret whsec_…] [--spool FILE]';

const { values } = parseArgs({
  options: {
    mllp: { type: 'string' },
    'ss-mix2': { type: 'string' },
    to: { type: 'string' },
    hospital: { type: 'string' },
    secret: { type: 'string' },
    spool: { type: 'string', default: 'renkei-bridge.db' },
    'scan-ms': { type: 'string', default: '2000' },
    'max-backoff-ms': { type: 'string', default: '60000' },
  },
});

const secret = values.secret ?? process.env.RENKEI_WEBHOOK_SECRET;
if (!values.to || !values.hospital || !secret || (!values.mllp && !values['ss-mix2'])) {
  console.error(USAGE);
  console.error('  --secret may be given as RENKEI_WEBHOOK_SECRET instead; at least one of --mllp and --ss-mix2');
  process.exit(2);
}

const spool = await Spool.open(values.spool!);
const scanMs = Number(values['scan-ms']);
const stops: (() => Promise<void> | void)[] = [];
if (values.mllp) {
  const at = values.mllp.lastIndexOf(':');
  const server = await listenMllp(spool, values.mllp.slice(0, at) || '0.0.0.0', Number(values.mllp.slice(at + 1)));
  stops.push(() => new Promise<void>((r) => server.close(() => r())));
}
if (values['ss-mix2']) {
  const watcher = watchSsMix2(spool, values['ss-mix2'], scanMs);
  stops.push(() => watcher.stop());
}
const forwarder = forward(spool, {
  to: values.to,
  hospitalId: values.hospital,
  secret,
  maxBackoffMs: Number(values['max-backoff-ms']),
  pollMs: Math.min(scanMs, 1000),
});
stops.push(() => forwarder.stop());
log('bridge started', { hospital: values.hospital, pending: await spool.pendingCount() });

const shutdown = async () => {
  for (const stop of stops) await stop();
  spool.close();
  log('bridge stopped');
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
