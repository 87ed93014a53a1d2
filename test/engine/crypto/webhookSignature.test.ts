// Standard Webhooks signatures on hospital events: `webhook-id`, `webhook-timestamp`, `webhook-signature`.
import { describe, expect, it } from 'vitest';
import {
  newWebhookSecret,
  signWebhook,
  TIMESTAMP_TOLERANCE_SECONDS,
  verifyWebhook,
} from '../../../engine/crypto/index.js';

// The test vector published with the Standard Webhooks specification.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const OTHER_SECRET = newWebhookSecret(new Uint8Array(32).fill(7));

const headers = (
  signature: string | null = SIGNATURE,
  timestamp: string | null = String(TS),
  id: string | null = ID,
) => ({ id, timestamp, signature });

describe('signWebhook', () => {
  it('produces the Standard Webhooks test vector exactly', async () => {
    expect(await signWebhook(SECRET, ID, TS, BODY)).toBe(SIGNATURE);
  });

  it('accepts a secret without the whsec_ prefix', async () => {
    expect(await signWebhook(SECRET.slice('whsec_'.length), ID, TS, BODY)).toBe(SIGNATURE);
  });

  it('newWebhookSecret is whsec_ + base64 of the random bytes', () => {
    expect(newWebhookSecret(new Uint8Array([0, 1, 2]))).toBe('whsec_AAEC');
  });
});

describe('verifyWebhook', () => {
  it('ok with the right secret', async () => {
    expect(await verifyWebhook([SECRET], headers(), BODY, TS)).toBeNull();
  });

  it('ok when the second of two secrets matches (rotation)', async () => {
    expect(await verifyWebhook([OTHER_SECRET, SECRET], headers(), BODY, TS)).toBeNull();
    expect(await verifyWebhook([SECRET, OTHER_SECRET], headers(), BODY, TS)).toBeNull();
  });

  it('bad_signature when no valid secret matches, or no secret is valid', async () => {
    expect(await verifyWebhook([OTHER_SECRET], headers(), BODY, TS)).toBe('bad_signature');
    expect(await verifyWebhook([], headers(), BODY, TS)).toBe('bad_signature');
  });

  it('ok with several space-separated signatures when one of them matches', async () => {
    const other = await signWebhook(OTHER_SECRET, ID, TS, BODY);
    expect(await verifyWebhook([SECRET], headers(`${other} ${SIGNATURE}`), BODY, TS)).toBeNull();
    expect(await verifyWebhook([SECRET], headers(`${SIGNATURE} ${other}`), BODY, TS)).toBeNull();
    // An unknown version or undecodable entry next to the right one does not spoil it.
    expect(await verifyWebhook([SECRET], headers(`v2,abc v1,!!!notbase64 ${SIGNATURE}`), BODY, TS)).toBeNull();
    expect(await verifyWebhook([SECRET], headers(`v1a,xyz ${other}`), BODY, TS)).toBe('bad_signature');
  });

  it('missing_headers when id, timestamp or signature is absent or empty', async () => {
    expect(await verifyWebhook([SECRET], headers(SIGNATURE, String(TS), null), BODY, TS)).toBe('missing_headers');
    expect(await verifyWebhook([SECRET], headers(SIGNATURE, null), BODY, TS)).toBe('missing_headers');
    expect(await verifyWebhook([SECRET], headers(null), BODY, TS)).toBe('missing_headers');
    expect(await verifyWebhook([SECRET], headers(''), BODY, TS)).toBe('missing_headers');
    expect(await verifyWebhook([SECRET], {}, BODY, TS)).toBe('missing_headers');
  });

  it('stale_timestamp 301 s off either way, ok at 299 s', async () => {
    expect(TIMESTAMP_TOLERANCE_SECONDS).toBe(300);
    expect(await verifyWebhook([SECRET], headers(), BODY, TS + 301)).toBe('stale_timestamp');
    expect(await verifyWebhook([SECRET], headers(), BODY, TS - 301)).toBe('stale_timestamp');
    expect(await verifyWebhook([SECRET], headers(), BODY, TS + 299)).toBeNull();
    expect(await verifyWebhook([SECRET], headers(), BODY, TS - 299)).toBeNull();
  });

  it('the replay window includes its edge: exactly 300 s off either way is accepted, 301 s is stale', async () => {
    for (const offset of [300, -300]) {
      expect(await verifyWebhook([SECRET], headers(), BODY, TS + offset), `${offset} s`).toBeNull();
    }
    for (const offset of [301, -301]) {
      expect(await verifyWebhook([SECRET], headers(), BODY, TS + offset), `${offset} s`).toBe('stale_timestamp');
    }
  });

  it('a non-numeric timestamp is refused as stale_timestamp', async () => {
    for (const ts of ['abc', '1614265330.5', '-1614265330', ' 1614265330', '1e9', '0x60361a32']) {
      expect(await verifyWebhook([SECRET], headers(SIGNATURE, ts), BODY, TS), ts).toBe('stale_timestamp');
    }
  });

  it('bad_signature for a wrong signature, another body, id or timestamp', async () => {
    expect(await verifyWebhook([SECRET], headers('v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), BODY, TS)).toBe(
      'bad_signature',
    );
    expect(await verifyWebhook([SECRET], headers('v1,not base64'), BODY, TS)).toBe('bad_signature');
    expect(await verifyWebhook([SECRET], headers(SIGNATURE.slice(3)), BODY, TS)).toBe('bad_signature');
    expect(await verifyWebhook([SECRET], headers(), '{"test": 2432232315}', TS)).toBe('bad_signature');
    expect(await verifyWebhook([SECRET], headers(SIGNATURE, String(TS), 'msg_other'), BODY, TS)).toBe('bad_signature');
    expect(await verifyWebhook([SECRET], headers(SIGNATURE, String(TS + 1)), BODY, TS)).toBe('bad_signature');
  });

  it('a signature made by signWebhook verifies', async () => {
    const body = JSON.stringify({ type: 'admitted', occurredAt: '2026-12-04T10:30:00+09:00' });
    const sig = await signWebhook(OTHER_SECRET, 'msg_1', 1_800_000_000, body);
    expect(
      await verifyWebhook(
        [OTHER_SECRET],
        { id: 'msg_1', timestamp: '1800000000', signature: sig },
        body,
        1_800_000_010,
      ),
    ).toBeNull();
  });
});
