// Data-key rotation (see SECURITY.md, "Rotating the data key"):
//   npm run keys:rotate -- --generate k2      print a new key entry to put first in RENKEI_DATA_KEYS
//   npm run keys:rotate                       re-encrypt everything under the current key, against DATABASE_URL
//   npm run keys:rotate -- --url https://renkei.example.jp   the same through the deployed service
//                                             (Workers with D1), with RENKEI_ADMIN_TOKEN
// Each batch commits on its own: stop it anywhere, run it again; a second run finds nothing to do.
// It ends with "0 remaining" once every value opens with the current key alone.
import { parseArgs } from 'node:util';
import { type RotationBatch, rotateBatch, valuesToRotate } from '../engine/access/index.js';
import { readConfig } from '../engine/config.js';
import { DataKeyError, generateDataKey, KID_PATTERN } from '../engine/crypto/index.js';
import { silentLogger } from '../engine/log.js';
import { startEngine } from '../functions/runtime.js';

function fail(message: string): never {
  console.error(`keys:rotate: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { generate: { type: 'string' }, url: { type: 'string' }, batch: { type: 'string', default: '100' } },
});
const batch = Number(values.batch);
if (!Number.isInteger(batch) || batch < 1 || batch > 500) fail('--batch is a whole number from 1 to 500');

if (values.generate !== undefined) {
  if (!KID_PATTERN.test(values.generate)) fail('--generate takes a key id: letters, digits, - or _ (e.g. k2)');
  console.log(generateDataKey(values.generate));
  process.exit(0);
}

/** Batches until nothing remains; stops when a batch makes no progress (rows changed meanwhile). */
async function rotateAll(
  step: () => Promise<RotationBatch & { currentKey?: string }>,
  before: number | null,
): Promise<void> {
  if (before !== null) console.log(`${before} values to re-encrypt`);
  let last = Infinity;
  for (;;) {
    const { rotated, remaining } = await step();
    console.log(`re-encrypted ${rotated}, ${remaining} remaining`);
    if (remaining === 0) return;
    if (remaining >= last) fail(`${remaining} values changed while being rotated; run keys:rotate again`);
    last = remaining;
  }
}

try {
  if (values.url) {
    const token =
      process.env.RENKEI_ADMIN_TOKEN ?? fail('--url needs RENKEI_ADMIN_TOKEN (an administrator token of that service)');
    let currentKey = '';
    await rotateAll(async () => {
      const res = await fetch(`${values.url!.replace(/\/$/, '')}/v1/admin/data-keys/rotate?batch=${batch}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as RotationBatch & { currentKey: string; detail?: string };
      if (res.status !== 200) fail(`${res.status}: ${body.detail ?? 'no detail'}`);
      currentKey = body.currentKey;
      return body;
    }, null);
    console.log(
      `0 remaining: every value is under key "${currentKey}"; older keys may be removed from RENKEI_DATA_KEYS`,
    );
  } else {
    const deps = await startEngine(readConfig(process.env), { log: silentLogger });
    try {
      console.log(`current key: "${deps.dataKeys.current}"`);
      await rotateAll(() => rotateBatch(deps, batch), await valuesToRotate(deps));
      console.log(
        `0 remaining: every value is under key "${deps.dataKeys.current}"; older keys may be removed from RENKEI_DATA_KEYS`,
      );
    } finally {
      deps.database.close();
    }
  }
} catch (e) {
  if (e instanceof DataKeyError) fail(e.message);
  throw e;
}
