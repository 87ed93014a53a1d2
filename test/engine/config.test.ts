// readConfig: environment variables in, a checked Config out; production refuses unsafe setups.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_ADMIN_TOKEN, readConfig } from '../../engine/config.js';

const PRODUCTION_READY = {
  RENKEI_ENV: 'production',
  RENKEI_ADMIN_TOKEN: 'a-very-long-admin-token-0123456789',
  SMTP_URL: 'smtps://user:pass@smtp.example.jp:465',
  PUBLIC_BASE_URL: 'https://renkei.example.jp',
  RENKEI_DATA_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  RENKEI_SECRET: 'a-production-secret-of-32-characters-or-more',
};

/** The ConfigError thrown by readConfig for this environment. */
function configError(env: Record<string, string | undefined>): ConfigError {
  let caught: unknown;
  try {
    readConfig(env);
  } catch (e) {
    caught = e;
  }
  expect(caught, 'readConfig should have thrown').toBeInstanceOf(ConfigError);
  return caught as ConfigError;
}

describe('readConfig', () => {
  it('defaults for an empty environment', () => {
    const c = readConfig({});
    expect(c).toMatchObject({
      databaseUrl: 'file:./data/renkei.db',
      databaseAuthToken: undefined,
      databaseBusyTimeoutMs: 5000,
      port: 8787,
      publicBaseUrl: 'http://localhost:8787',
      smtpUrl: undefined,
      production: false,
      adminToken: DEV_ADMIN_TOKEN,
      secret: undefined,
      testClock: false,
      scheduleIntervalSeconds: 60,
    });
    expect(c.mailFrom).toContain('renkei');
  });

  it('the default public URL follows PORT; a given one loses its trailing slash', () => {
    expect(readConfig({ PORT: '9000' })).toMatchObject({ port: 9000, publicBaseUrl: 'http://localhost:9000' });
    expect(readConfig({ PUBLIC_BASE_URL: 'https://renkei.example.jp/' }).publicBaseUrl).toBe(
      'https://renkei.example.jp',
    );
  });

  it('reads the values it is given', () => {
    const c = readConfig({
      DATABASE_URL: 'libsql://renkei.example.turso.io',
      DATABASE_AUTH_TOKEN: 'tok',
      SMTP_URL: 'smtp://localhost:2525',
      RENKEI_TEST_CLOCK: '1',
      SCHEDULE_INTERVAL_SECONDS: '0',
      RENKEI_SECRET: 's'.repeat(32),
    });
    expect(c).toMatchObject({
      databaseUrl: 'libsql://renkei.example.turso.io',
      databaseAuthToken: 'tok',
      smtpUrl: 'smtp://localhost:2525',
      testClock: true,
      scheduleIntervalSeconds: 0,
      secret: 's'.repeat(32),
      production: false,
    });
  });

  it('a complete production environment is accepted', () => {
    const c = readConfig(PRODUCTION_READY);
    expect(c).toMatchObject({
      production: true,
      adminToken: PRODUCTION_READY.RENKEI_ADMIN_TOKEN,
      smtpUrl: PRODUCTION_READY.SMTP_URL,
      publicBaseUrl: 'https://renkei.example.jp',
      testClock: false,
    });
  });

  it('production without admin token, SMTP and public URL throws a ConfigError naming all three', () => {
    const e = configError({ RENKEI_ENV: 'production' });
    expect(e.message).toContain('RENKEI_ADMIN_TOKEN');
    expect(e.message).toContain('SMTP_URL');
    expect(e.message).toContain('PUBLIC_BASE_URL');
  });

  it('production names exactly the one that is missing', () => {
    const required = [
      'RENKEI_ADMIN_TOKEN',
      'SMTP_URL',
      'PUBLIC_BASE_URL',
      'RENKEI_DATA_KEYS',
      'RENKEI_SECRET',
    ] as const;
    for (const name of required) {
      const env: Record<string, string | undefined> = { ...PRODUCTION_READY, [name]: undefined };
      const e = configError(env);
      expect(e.message).toContain(name);
      for (const other of required.filter((n) => n !== name)) {
        expect(e.message).not.toContain(other);
      }
    }
  });

  it('production refuses to start without RENKEI_SECRET, naming it: a key kept in the database would let a copy forge links', () => {
    const e = configError({ ...PRODUCTION_READY, RENKEI_SECRET: undefined });
    expect(e.message).toContain('RENKEI_SECRET');
    expect(
      readConfig({ ...PRODUCTION_READY, RENKEI_SECRET: undefined, RENKEI_ENV: 'development' }).secret,
    ).toBeUndefined();
  });

  it('production with RENKEI_TEST_CLOCK=1 throws', () => {
    const e = configError({ ...PRODUCTION_READY, RENKEI_TEST_CLOCK: '1' });
    expect(e.message).toContain('RENKEI_TEST_CLOCK');
    expect(readConfig({ ...PRODUCTION_READY, RENKEI_TEST_CLOCK: '0' }).testClock).toBe(false);
  });

  it('NODE_ENV=production implies production; RENKEI_ENV=development cannot turn it back into development', () => {
    const e = configError({ NODE_ENV: 'production' });
    expect(e.message).toContain('RENKEI_ADMIN_TOKEN');
    const { RENKEI_ENV: _, ...rest } = PRODUCTION_READY;
    expect(readConfig({ ...rest, NODE_ENV: 'production' }).production).toBe(true);
    // Not the default admin token, nor the development mailbox: production still needs its settings.
    const overridden = configError({ NODE_ENV: 'production', RENKEI_ENV: 'development' });
    expect(overridden.message).toContain('RENKEI_ADMIN_TOKEN');
    expect(overridden.message).toContain('SMTP_URL');
    expect(readConfig({ ...rest, NODE_ENV: 'production', RENKEI_ENV: 'development' }).production).toBe(true);
    expect(readConfig({ NODE_ENV: 'test' }).production).toBe(false);
    expect(readConfig({ NODE_ENV: 'test', RENKEI_ENV: 'development' }).production).toBe(false);
  });

  it('an SMTP_URL with another scheme throws', () => {
    for (const url of ['http://smtp.example.jp', 'smtp.example.jp:587', 'mailto:x@example.jp']) {
      expect(configError({ SMTP_URL: url }).message, url).toContain('SMTP_URL');
    }
    expect(readConfig({ SMTP_URL: 'smtps://smtp.example.jp' }).smtpUrl).toBe('smtps://smtp.example.jp');
  });

  it('an admin token shorter than 16 characters throws; 16 is enough', () => {
    expect(configError({ RENKEI_ADMIN_TOKEN: 'x'.repeat(15) }).message).toContain('RENKEI_ADMIN_TOKEN');
    expect(configError({ ...PRODUCTION_READY, RENKEI_ADMIN_TOKEN: 'short' }).message).toContain('RENKEI_ADMIN_TOKEN');
    expect(readConfig({ RENKEI_ADMIN_TOKEN: 'x'.repeat(16) }).adminToken).toBe('x'.repeat(16));
  });

  it('other malformed values throw a ConfigError naming the variable', () => {
    expect(configError({ PORT: 'eighty' }).message).toContain('PORT');
    expect(configError({ PORT: '70000' }).message).toContain('PORT');
    expect(configError({ PUBLIC_BASE_URL: 'not a url' }).message).toContain('PUBLIC_BASE_URL');
    expect(configError({ RENKEI_SECRET: 'too-short' }).message).toContain('RENKEI_SECRET');
    expect(configError({ RENKEI_ENV: 'staging' }).message).toContain('RENKEI_ENV');
    expect(configError({ RENKEI_TEST_CLOCK: 'yes' }).message).toContain('RENKEI_TEST_CLOCK');
  });

  it('RENKEI_DATA_KEYS lists id:base64 keys of 32 bytes, the current one first; a bad entry is named without the key', () => {
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const k1 = Buffer.alloc(32, 1).toString('base64url');
    const c = readConfig({ RENKEI_DATA_KEYS: `k2:${k2}, k1:${k1}` });
    expect(c.dataKeys?.map((k) => [k.kid, Buffer.from(k.key).toString('hex')])).toEqual([
      ['k2', '02'.repeat(32)],
      ['k1', '01'.repeat(32)],
    ]);
    expect(readConfig({}).dataKeys).toBeUndefined();
    const short = Buffer.alloc(16, 3).toString('base64');
    expect(configError({ RENKEI_DATA_KEYS: `k3:${short}` }).message).toContain('"k3" must be 32 bytes');
    expect(configError({ RENKEI_DATA_KEYS: `k2:${k2},k2:${k1}` }).message).toContain('appears twice');
    expect(configError({ RENKEI_DATA_KEYS: k2 }).message).toContain('id:base64');
    expect(configError({ RENKEI_DATA_KEYS: 'k1:not base64!' }).message).toContain('"k1" is not base64');
    expect(configError({ RENKEI_DATA_KEYS: `k3:${short}` }).message).not.toContain(short);
  });

  it('MORNING_SUMMARY_HOUR: 8 (Japan time) by default, any hour 0–23, or off', () => {
    expect(readConfig({}).morningSummaryHour).toBe(8);
    expect(readConfig({ MORNING_SUMMARY_HOUR: '0' }).morningSummaryHour).toBe(0);
    expect(readConfig({ MORNING_SUMMARY_HOUR: 'off' }).morningSummaryHour).toBeNull();
    expect(configError({ MORNING_SUMMARY_HOUR: '24' }).message).toContain('MORNING_SUMMARY_HOUR');
  });
});
