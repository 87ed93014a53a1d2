import { and, count, eq, isNull, lt, or } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { accounts, recoveryCodes, sessions } from '../../db/schema.js';
import { groupedCode, newId, newShortCode, open, seal } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { sha256 } from './sessionTokens.js';

// The console's second factor: TOTP (RFC 6238) through otpauth, the code an authenticator app shows
// (Google Authenticator, Microsoft Authenticator, IIJ SmartKey, ...). Required for administrators,
// optional for hospital staff. The secret is sealed with the data keys like a patient's name, bound
// to its account; a code is accepted once (the step it matched is kept and must grow), with one
// step of clock skew either way. Recovery codes stand in for a lost phone, each good once.

/** RFC 6238's defaults, which every authenticator app reads from the QR code. */
export const TOTP_PERIOD_SECONDS = 30;
/** Codes of the step before and after now are accepted too: a phone's clock a little off still works. */
export const TOTP_SKEW_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;
/** 16 Crockford characters: 80 random bits, so a SHA-256 of it cannot be reversed by trying. */
const RECOVERY_CODE_LENGTH = 16;
const ISSUER = 'renkei';

/** What the second factor asks of an account after its password proved right. */
export type SecondFactorStage = 'code' | 'enrol' | null;

function totp(secret: string, loginId: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: loginId,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The 30-second step a time falls in. */
export function totpStep(at: number): number {
  return Math.floor(at / 1000 / TOTP_PERIOD_SECONDS);
}

/** The step (within the skew) whose code this is, or null. Pure: replay is the caller's to refuse. */
export function matchTotp(secret: string, code: string, at: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret, '').validate({ token: code, timestamp: at, window: TOTP_SKEW_STEPS });
  return delta === null ? null : totpStep(at) + delta;
}

/** What a person typed, as a TOTP code or a recovery code: full-width digits, spaces and hyphens forgiven. */
export function normaliseCode(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** What a sealed TOTP secret is bound to: its account (a secret copied onto another fails to open). */
export const totpSealContext = (accountId: string) => `totp:${accountId}`;
const sealContext = totpSealContext;

export async function secondFactorStage(deps: Deps, accountId: string): Promise<SecondFactorStage> {
  const [row] = await deps.database.db
    .select({ role: accounts.role, secret: accounts.totpSecret })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!row) return null;
  if (row.secret) return 'code';
  return row.role === 'admin' ? 'enrol' : null;
}

export interface Enrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** otpauth://totp/... for the QR code. */
  uri: string;
}

/**
 * The secret to enrol: the one already shown (a reload shows the same QR code), or a new one, kept
 * sealed until a first code confirms it.
 */
export async function startEnrolment(deps: Deps, accountId: string): Promise<Enrolment | null> {
  const { db } = deps.database;
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!row) return null;
  let secret = row.totpPendingSecret ? await open(deps.dataKeys, row.totpPendingSecret, sealContext(accountId)) : null;
  if (!secret) {
    secret = new Secret({ size: 20 }).base32;
    await db
      .update(accounts)
      .set({ totpPendingSecret: await seal(deps.dataKeys, secret, sealContext(accountId)) })
      .where(eq(accounts.id, accountId));
  }
  return { secret, uri: totp(secret, row.loginId).toString() };
}

export type ConfirmResult =
  | { kind: 'enabled'; recoveryCodes: string[] }
  | { kind: 'wrong_code' }
  | { kind: 'no_enrolment' };

/** The first code from the app switches the factor on; its recovery codes are returned once. */
export async function confirmEnrolment(deps: Deps, accountId: string, input: string): Promise<ConfirmResult> {
  const { db } = deps.database;
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!row?.totpPendingSecret) return { kind: 'no_enrolment' };
  const secret = await open(deps.dataKeys, row.totpPendingSecret, sealContext(accountId));
  const now = deps.now().getTime();
  const step = matchTotp(secret, normaliseCode(input), now);
  if (step === null) return { kind: 'wrong_code' };
  const codes = newRecoveryCodes();
  await db.batch([
    db
      .update(accounts)
      .set({
        totpSecret: await seal(deps.dataKeys, secret, sealContext(accountId)),
        totpPendingSecret: null,
        totpEnabledAt: now,
        totpLastStep: step,
      })
      .where(and(eq(accounts.id, accountId), eq(accounts.totpPendingSecret, row.totpPendingSecret))),
    db.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId)),
    db.insert(recoveryCodes).values(await recoveryCodeRows(accountId, codes, now)),
  ]);
  return { kind: 'enabled', recoveryCodes: codes.map(groupedCode) };
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => newShortCode(RECOVERY_CODE_LENGTH));
}

async function recoveryCodeRows(accountId: string, codes: string[], now: number) {
  return Promise.all(
    codes.map(async (code) => ({ id: newId('rc'), accountId, codeHash: await sha256(code), createdAt: now })),
  );
}

/** New recovery codes, the old ones void; shown once. */
export async function regenerateRecoveryCodes(deps: Deps, accountId: string): Promise<string[]> {
  const { db } = deps.database;
  const codes = newRecoveryCodes();
  await db.batch([
    db.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId)),
    db.insert(recoveryCodes).values(await recoveryCodeRows(accountId, codes, deps.now().getTime())),
  ]);
  return codes.map(groupedCode);
}

export async function recoveryCodesLeft(deps: Deps, accountId: string): Promise<number> {
  const [row] = await deps.database.db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/**
 * Checks the second factor: a 6-digit code from the app, or a recovery code. Each is used by one
 * conditional UPDATE, so two requests with the same code cannot both pass: a TOTP step must be later
 * than the last one accepted, a recovery code must still be unused.
 */
export async function verifySecondFactor(
  deps: Deps,
  accountId: string,
  input: string,
): Promise<'totp' | 'recovery' | null> {
  const { db } = deps.database;
  const code = normaliseCode(input);
  const now = deps.now().getTime();
  if (code.length === RECOVERY_CODE_LENGTH) {
    const used = await db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(recoveryCodes.accountId, accountId),
          eq(recoveryCodes.codeHash, await sha256(code)),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ id: recoveryCodes.id });
    return used.length ? 'recovery' : null;
  }
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!row?.totpSecret) return null;
  const step = matchTotp(await open(deps.dataKeys, row.totpSecret, sealContext(accountId)), code, now);
  if (step === null) return null;
  const accepted = await db
    .update(accounts)
    .set({ totpLastStep: step })
    .where(and(eq(accounts.id, accountId), or(isNull(accounts.totpLastStep), lt(accounts.totpLastStep, step))))
    .returning({ id: accounts.id });
  return accepted.length ? 'totp' : null;
}

/**
 * An administrator turns an account's second factor off (a lost phone): secret, pending enrolment
 * and recovery codes go, and its sessions end. An administrator so reset enrols again at next login.
 */
export async function resetTwoFactor(deps: Deps, accountId: string): Promise<void> {
  const { db } = deps.database;
  await db.batch([
    db
      .update(accounts)
      .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(accounts.id, accountId)),
    db.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId)),
    db.delete(sessions).where(eq(sessions.accountId, accountId)),
  ]);
}
