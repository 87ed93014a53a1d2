// Sends one signed hospital event, as a hospital's system would (Standard Webhooks signature).
//   npm run send-event -- <hospitalId> <whsec_secret> <event.json> [--url http://localhost:8787]

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { signWebhook } from '../engine/crypto/index.js';
import { withOccurredAt } from './sendEventBody.js';

const args = process.argv.slice(2);
const urlFlag = args.indexOf('--url');
const base = urlFlag >= 0 ? args.splice(urlFlag, 2)[1]! : (process.env.RENKEI_URL ?? 'http://localhost:8787');
const [hospitalId, secret, file] = args;
if (!hospitalId || !secret || !file) {
  console.error('usage: npm run send-event -- <hospitalId> <whsec_secret> <event.json> [--url http://localhost:8787]');
  process.exit(2);
}
const body = withOccurredAt((await readFile(file, 'utf8')).trim(), new Date());
const id = `msg_${randomUUID()}`;
const timestamp = Math.floor(Date.now() / 1000);
const res = await fetch(`${base}/v1/hospitals/${hospitalId}/events`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': await signWebhook(secret, id, timestamp, body),
  },
  body,
});
console.log(`${res.status} ${await res.text()}`);
process.exit(res.ok ? 0 : 1);
