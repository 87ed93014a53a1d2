// Task links: `{payload}.{mac}` scoped to one task with an expiry, checked without the database.
import { describe, expect, it } from 'vitest';
import { base64url, fromBase64url } from '../../../engine/crypto/index.js';
import { signTaskToken, verifyTaskToken } from '../../../engine/links/index.js';
import { DAY_MS } from '../../../machines/time.js';

const KEY = new Uint8Array(32).map((_, i) => i + 1);
const OTHER_KEY = new Uint8Array(32).map((_, i) => 200 - i);
const NOW = Date.parse('2026-12-04T10:00:00+09:00');
const EXPIRES = NOW + 14 * DAY_MS;

/** Replaces one character with a different character of the base64url alphabet. */
function flip(text: string, index: number): string {
  const c = text[index]!;
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

describe('task tokens', () => {
  it('round trip: a signed token verifies and returns its claims', async () => {
    const token = await signTaskToken(KEY, { taskId: 'task_abc', expiresAt: EXPIRES, generation: 0 });
    expect(token.split('.')).toHaveLength(2);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await verifyTaskToken(KEY, token, NOW)).toEqual({
      ok: true,
      claims: { taskId: 'task_abc', expiresAt: EXPIRES, generation: 0 },
    });
  });

  it('signing is deterministic for the same key and claims, and differs per task', async () => {
    const a = await signTaskToken(KEY, { taskId: 'task_a', expiresAt: EXPIRES, generation: 0 });
    expect(await signTaskToken(KEY, { taskId: 'task_a', expiresAt: EXPIRES, generation: 0 })).toBe(a);
    expect(await signTaskToken(KEY, { taskId: 'task_b', expiresAt: EXPIRES, generation: 0 })).not.toBe(a);
  });

  it('a tampered payload (another task, same mac) is invalid', async () => {
    const a = await signTaskToken(KEY, { taskId: 'task_a', expiresAt: EXPIRES, generation: 0 });
    const b = await signTaskToken(KEY, { taskId: 'task_b', expiresAt: EXPIRES, generation: 0 });
    const [, macA] = a.split('.');
    const [payloadB] = b.split('.');
    expect(await verifyTaskToken(KEY, `${payloadB}.${macA}`, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a payload re-encoded with a later expiry is invalid', async () => {
    const token = await signTaskToken(KEY, { taskId: 'task_a', expiresAt: NOW - 1, generation: 0 });
    const [, mac] = token.split('.');
    const extended = base64url(new TextEncoder().encode(JSON.stringify({ t: 'task_a', e: EXPIRES })));
    expect(await verifyTaskToken(KEY, `${extended}.${mac}`, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a tampered mac is invalid', async () => {
    const token = await signTaskToken(KEY, { taskId: 'task_a', expiresAt: EXPIRES, generation: 0 });
    const [payload, mac] = token.split('.') as [string, string];
    expect(await verifyTaskToken(KEY, `${payload}.${flip(mac, 0)}`, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyTaskToken(KEY, `${payload}.${flip(mac, 10)}`, NOW)).toEqual({ ok: false, reason: 'invalid' });
    // A truncated mac (fewer bytes) is refused too.
    expect(await verifyTaskToken(KEY, `${payload}.${mac.slice(0, 20)}`, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(fromBase64url(mac)).toHaveLength(32);
  });

  it('a token signed with another key is invalid', async () => {
    const token = await signTaskToken(OTHER_KEY, { taskId: 'task_a', expiresAt: EXPIRES, generation: 0 });
    expect(await verifyTaskToken(KEY, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('expired when now >= expiresAt (the claims are returned), valid one millisecond before', async () => {
    const token = await signTaskToken(KEY, { taskId: 'task_a', expiresAt: EXPIRES, generation: 0 });
    const claims = { taskId: 'task_a', expiresAt: EXPIRES, generation: 0 };
    expect(await verifyTaskToken(KEY, token, EXPIRES - 1)).toEqual({ ok: true, claims });
    expect(await verifyTaskToken(KEY, token, EXPIRES)).toEqual({ ok: false, reason: 'expired', claims });
    expect(await verifyTaskToken(KEY, token, EXPIRES + DAY_MS)).toEqual({ ok: false, reason: 'expired', claims });
  });

  it('a token carries its link generation under the signature: another generation is another token, and it cannot be edited', async () => {
    const first = await signTaskToken(KEY, { taskId: 'task_a', expiresAt: EXPIRES, generation: 0 });
    const second = await signTaskToken(KEY, { taskId: 'task_a', expiresAt: EXPIRES, generation: 1 });
    expect(second).not.toBe(first);
    expect(await verifyTaskToken(KEY, second, NOW)).toEqual({
      ok: true,
      claims: { taskId: 'task_a', expiresAt: EXPIRES, generation: 1 },
    });
    const raised = base64url(new TextEncoder().encode(JSON.stringify({ t: 'task_a', e: EXPIRES, g: 1 })));
    expect(await verifyTaskToken(KEY, `${raised}.${first.split('.')[1]}`, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('an expired token signed with another key is invalid, not expired', async () => {
    const token = await signTaskToken(OTHER_KEY, { taskId: 'task_a', expiresAt: NOW - 1, generation: 0 });
    expect(await verifyTaskToken(KEY, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('garbage strings are invalid and never throw', async () => {
    const validMac = (await signTaskToken(KEY, { taskId: 'x', expiresAt: EXPIRES, generation: 0 })).split('.')[1]!;
    const enc = (s: string) => base64url(new TextEncoder().encode(s));
    const garbage = [
      '',
      '.',
      '..',
      'abc',
      'abc.',
      '.abc',
      'a.b.c',
      'a.b',
      '!!!.???',
      '%%%%.%%%%',
      '日本語.トークン',
      `${enc('not json')}.${validMac}`,
      `${enc('null')}.${validMac}`,
      `${enc('42')}.${validMac}`,
      `${enc('[]')}.${validMac}`,
      `${enc('{"t":1,"e":2}')}.${validMac}`,
      `${enc('{"t":"x","e":"2"}')}.${validMac}`,
      `${enc('{"t":"x"}')}.${validMac}`,
      `${enc(JSON.stringify({ t: 'x', e: EXPIRES }))}.@@@@`,
      `${enc(JSON.stringify({ t: 'x', e: EXPIRES }))}.${validMac}.extra`,
      'x'.repeat(10_000),
    ];
    for (const token of garbage) {
      await expect(verifyTaskToken(KEY, token, NOW), JSON.stringify(token.slice(0, 60))).resolves.toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });
});
