import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, recoveryCodes, sessions } from '../../../db/schema.js';
import { principalOf } from '../../../engine/access/accounts.js';
import {
  confirmEnrolment,
  createAccount,
  matchTotp,
  normaliseCode,
  openSession,
  RECOVERY_CODE_COUNT,
  recoveryCodesLeft,
  regenerateRecoveryCodes,
  resetTwoFactor,
  rotateBatch,
  secondFactorStage,
  startEnrolment,
  verifySecondFactor,
} from '../../../engine/access/index.js';
import { readConfig } from '../../../engine/config.js';
import { importDataKeys, randomBytes } from '../../../engine/crypto/index.js';
import type { Deps } from '../../../engine/deps.js';
import { silentLogger } from '../../../engine/log.js';
import { startEngine } from '../../../functions/runtime.js';
import { codeAt } from '../../support/authenticator.js';
import { testClock } from '../../support/server.js';

// The console's second factor (engine/access/twoFactor.ts) against a real libSQL file: RFC 6238
// codes with one step of skew either way, each accepted once; recovery codes each good once and kept
// only as hashes; the secret sealed at rest.

const SEED = Number(process.env.TOTP_SEED ?? 20270401);
const STEP = 30_000;
/** A time in the middle of a 30-second step. */
const T = Date.parse('2026-12-04T09:00:15+09:00');
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('a TOTP code is good for its own step and one step either side (clock skew), no further', () => {
  it('the codes of steps −1, 0 and +1 are accepted and name their step; −2 and +2 are refused', () => {
    const step = Math.floor(T / STEP);
    for (const d of [-1, 0, 1]) expect(matchTotp(SECRET, codeAt(SECRET, T + d * STEP), T), `step ${d}`).toBe(step + d);
    for (const d of [-2, 2]) expect(matchTotp(SECRET, codeAt(SECRET, T + d * STEP), T), `step ${d}`).toBeNull();
  });

  it(`for any secret, time and offset, a code is accepted exactly when it is at most one step off (seed ${SEED}, TOTP_SEED to replay)`, () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.integer({ min: 1_700_000_000, max: 2_000_000_000 }),
        fc.integer({ min: -4, max: 4 }),
        (bytes, seconds, d) => {
          const secret = base32(bytes);
          const at = seconds * 1000;
          const code = codeAt(secret, at + d * STEP);
          const matched = matchTotp(secret, code, at);
          // Another step can share the code by chance (1 in a million): only a match outside ±1 is wrong.
          if (Math.abs(d) <= 1) expect(matched).toBe(Math.floor(at / STEP) + d);
          else if (matched !== null) expect(Math.abs(matched - Math.floor(at / STEP))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });

  it('what a person types is forgiven: full-width digits, spaces, hyphens; anything but 6 digits is no code', () => {
    const code = codeAt(SECRET, T);
    const fullWidth = [...code].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    expect(normaliseCode(`${fullWidth.slice(0, 3)} ${fullWidth.slice(3)}`)).toBe(code);
    expect(matchTotp(SECRET, normaliseCode(`${code.slice(0, 3)}-${code.slice(3)}`), T)).not.toBeNull();
    expect(matchTotp(SECRET, `${code}0`, T)).toBeNull();
    expect(matchTotp(SECRET, code.slice(1), T)).toBeNull();
    expect(normaliseCode('abcd-efgh-ijkl-mnop')).toBe('ABCDEFGH1JK1MN0P');
  });
});

function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  return (bits.match(/.{1,5}/g) ?? []).map((chunk) => alphabet[Number.parseInt(chunk.padEnd(5, '0'), 2)]).join('');
}

describe('enrolment, replay and recovery codes, on a real database', () => {
  let dir: string;
  let deps: Deps;
  const clock = testClock('2026-12-04T09:00:15+09:00');
  const now = () => clock.now().getTime();

  async function account(loginId: string, role: 'admin' | 'hospital_staff' = 'admin') {
    const created = await createAccount(
      deps,
      {
        loginId,
        name: '支援センター',
        role,
        hospitalId: role === 'admin' ? null : 'sanda-shimin',
        password: 'pw-12345678',
      },
      'test',
    );
    if (created.kind !== 'created') throw new Error(created.kind);
    return created.account.id;
  }
  /** Enrolled at the clock's current step; answers the secret and the recovery codes. */
  async function enrolled(loginId: string) {
    const id = await account(loginId);
    const { secret } = (await startEnrolment(deps, id))!;
    const result = await confirmEnrolment(deps, id, codeAt(secret, now()));
    if (result.kind !== 'enabled') throw new Error(result.kind);
    return { id, secret, codes: result.recoveryCodes };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-totp-'));
    deps = await startEngine(
      readConfig({ DATABASE_URL: `file:${join(dir, 't.db')}`, RENKEI_ADMIN_TOKEN: 'x'.repeat(20) }),
      {
        log: silentLogger,
        now: clock.now,
      },
    );
  });
  afterAll(async () => {
    deps.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('an administrator must enrol, hospital staff need not; a confirmed factor asks for a code', async () => {
    const admin = await account('must-enrol');
    const staff = await account('may-enrol', 'hospital_staff');
    expect(await secondFactorStage(deps, admin)).toBe('enrol');
    expect(await secondFactorStage(deps, staff)).toBeNull();
    const { secret } = (await startEnrolment(deps, staff))!;
    // Shown, not yet confirmed: nothing asked of the login yet, and a reload shows the same secret.
    expect(await secondFactorStage(deps, staff)).toBeNull();
    expect((await startEnrolment(deps, staff))!.secret).toBe(secret);
    expect((await confirmEnrolment(deps, staff, codeAt(secret, now() + 5 * STEP))).kind).toBe('wrong_code');
    expect(await secondFactorStage(deps, staff)).toBeNull();
    expect((await confirmEnrolment(deps, staff, codeAt(secret, now()))).kind).toBe('enabled');
    expect(await secondFactorStage(deps, staff)).toBe('code');
  });

  it('the enrolment URI is an RFC 6238 key URI: TOTP, SHA1, 6 digits, 30 seconds, the login id as label', async () => {
    const id = await account('uri-check');
    const { uri, secret } = (await startEnrolment(deps, id))!;
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/renkei:uri-check');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('the secret is sealed at rest under the data key, bound to its account: copied onto another it does not open', async () => {
    const a = await enrolled('sealed-a');
    const b = await enrolled('sealed-b');
    const [row] = await deps.database.db.select().from(accounts).where(eq(accounts.id, a.id));
    expect(row!.totpSecret).toMatch(/^enc:v1:dev:/);
    expect(row!.totpSecret).not.toContain(a.secret);
    await deps.database.db.update(accounts).set({ totpSecret: row!.totpSecret }).where(eq(accounts.id, b.id));
    clock.set(new Date(now() + STEP).toISOString());
    await expect(verifySecondFactor(deps, b.id, codeAt(a.secret, now()))).rejects.toThrow();
    await deps.database.db.update(accounts).set({ totpSecret: null }).where(eq(accounts.id, b.id));
  });

  it('a code is accepted once: the same code again, or a code of an earlier step, is refused (no replay in its window)', async () => {
    clock.set('2026-12-05T09:00:15+09:00');
    const { id, secret } = await enrolled('replay');
    // Enrolment spent the current step.
    expect(await verifySecondFactor(deps, id, codeAt(secret, now()))).toBeNull();
    const next = codeAt(secret, now() + STEP);
    expect(await verifySecondFactor(deps, id, next)).toBe('totp');
    expect(await verifySecondFactor(deps, id, next)).toBeNull();
    // 29 seconds on, the same code is still within its window: still refused.
    clock.set(new Date(now() + 29_000).toISOString());
    expect(await verifySecondFactor(deps, id, next)).toBeNull();
    // A step on: the new step's code passes, and an older step's code, though within the skew, does not.
    clock.set(new Date(now() + STEP).toISOString());
    expect(await verifySecondFactor(deps, id, codeAt(secret, now() + STEP))).toBe('totp');
    expect(await verifySecondFactor(deps, id, codeAt(secret, now()))).toBeNull();
  });

  it('the same code sent 8 times at once is accepted exactly once', async () => {
    clock.set('2026-12-06T09:00:15+09:00');
    const { id, secret } = await enrolled('concurrent');
    const code = codeAt(secret, now() + STEP);
    const results = await Promise.all(Array.from({ length: 8 }, () => verifySecondFactor(deps, id, code)));
    expect(results.filter((r) => r === 'totp')).toHaveLength(1);
  });

  it(`${RECOVERY_CODE_COUNT} recovery codes, each good once, kept only as hashes; new codes void the old`, async () => {
    const { id, codes } = await enrolled('recovery');
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const rows = await deps.database.db.select().from(recoveryCodes).where(eq(recoveryCodes.accountId, id));
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of codes) expect(stored).not.toContain(code.replace(/-/g, ''));
    // Typed in lower case, without hyphens: still the code; a second time: refused.
    expect(await verifySecondFactor(deps, id, codes[0]!.replace(/-/g, '').toLowerCase())).toBe('recovery');
    expect(await verifySecondFactor(deps, id, codes[0]!)).toBeNull();
    expect(await recoveryCodesLeft(deps, id)).toBe(9);
    // Used at once from two places: one wins.
    const both = await Promise.all([verifySecondFactor(deps, id, codes[1]!), verifySecondFactor(deps, id, codes[1]!)]);
    expect(both.filter((r) => r === 'recovery')).toHaveLength(1);
    // Another account's code is no code here.
    const other = await enrolled('recovery-other');
    expect(await verifySecondFactor(deps, id, other.codes[0]!)).toBeNull();
    const fresh = await regenerateRecoveryCodes(deps, id);
    expect(await recoveryCodesLeft(deps, id)).toBe(10);
    expect(await verifySecondFactor(deps, id, codes[2]!)).toBeNull();
    expect(await verifySecondFactor(deps, id, fresh[0]!)).toBe('recovery');
  });

  it('a reset removes secret and recovery codes and ends the sessions; an administrator enrols again', async () => {
    const { id, codes } = await enrolled('reset');
    const [row] = await deps.database.db.select().from(accounts).where(eq(accounts.id, id));
    await openSession(deps, principalOf(row!));
    await resetTwoFactor(deps, id);
    expect(await secondFactorStage(deps, id)).toBe('enrol');
    expect(await verifySecondFactor(deps, id, codes[3]!)).toBeNull();
    expect(await deps.database.db.select().from(sessions).where(eq(sessions.accountId, id))).toEqual([]);
  });

  // Last: it moves every secret of this database to a key the tests above do not hold.
  it('key rotation re-seals TOTP secrets (confirmed and pending) under the new key; codes still verify', async () => {
    clock.set('2026-12-07T09:00:15+09:00');
    const { id, secret } = await enrolled('rotated');
    const pendingOnly = await account('rotated-pending');
    const { secret: pending } = (await startEnrolment(deps, pendingOnly))!;
    const k2 = await importDataKeys([{ kid: 'k2', key: randomBytes(32) }]);
    const rotated: Deps = { ...deps, dataKeys: { current: 'k2', keys: new Map([...k2.keys, ...deps.dataKeys.keys]) } };
    const before = await deps.database.db.select().from(accounts);
    const sealedBefore = before.filter((a) => a.totpSecret || a.totpPendingSecret).length;
    expect(sealedBefore).toBeGreaterThan(2);
    let batch = await rotateBatch(rotated, 3);
    while (batch.remaining > 0) batch = await rotateBatch(rotated, 3);
    const after = await deps.database.db.select().from(accounts);
    for (const a of after) {
      for (const value of [a.totpSecret, a.totpPendingSecret]) if (value) expect(value).toMatch(/^enc:v1:k2:/);
    }
    expect(await verifySecondFactor(rotated, id, codeAt(secret, now() + STEP))).toBe('totp');
    expect((await startEnrolment(rotated, pendingOnly))!.secret).toBe(pending);
  });
});
