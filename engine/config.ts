import { z } from 'zod';
import { type DataKey, parseDataKeys } from './crypto/index.js';

const envSchema = z.object({
  DATABASE_URL: z.string().default('file:./data/renkei.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  DATABASE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(5000),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  PUBLIC_BASE_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().default('renkei <noreply@renkei.localhost>'),
  MAIL_API_URL: z.url().optional(),
  MAIL_API_TOKEN: z.string().optional(),
  RENKEI_ENV: z.enum(['development', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  RENKEI_ADMIN_TOKEN: z.string().min(16, 'RENKEI_ADMIN_TOKEN must be at least 16 characters').optional(),
  RENKEI_SECRET: z.string().min(32, 'RENKEI_SECRET must be at least 32 characters').optional(),
  RENKEI_DATA_KEYS: z.string().optional(),
  RENKEI_TEST_CLOCK: z.enum(['0', '1']).default('0'),
  SCHEDULE_INTERVAL_SECONDS: z.coerce.number().min(0).default(60),
  RENKEI_GROUP_COMMIT: z.enum(['0', '1']).default('1'),
  RENKEI_WRITE_THREAD: z.enum(['0', '1']).default('1'),
  RENKEI_READ_THREAD: z.enum(['0', '1']).default('1'),
  RENKEI_DIRECTORY_CACHE: z.enum(['0', '1']).default('1'),
  RENKEI_STATEMENT_CACHE: z.enum(['0', '1']).default('1'),
  RENKEI_DISPATCH_GROUP_COMMIT: z.enum(['0', '1']).default('1'),
  SMTP_POOL: z.enum(['0', '1']).default('1'),
  WEBHOOK_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  LINK_MISSES_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'TWILIO_ACCOUNT_SID is AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^(\+[1-9]\d{7,14}|MG[0-9a-fA-F]{32})$/, 'TWILIO_FROM is an E.164 number or a Messaging Service SID (MG…)')
    .optional(),
  TWILIO_API_BASE_URL: z.url().optional(),
  FAX_PROVIDER: z.enum(['none', 'email-gateway', 'http']).default('none'),
  FAX_GATEWAY_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$|^localhost$/, 'FAX_GATEWAY_DOMAIN is a mail domain, e.g. fax.example.jp')
    .optional(),
  FAX_API_URL: z.url().optional(),
  FAX_API_TOKEN: z.string().min(1).optional(),
  NOTIFIER_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  NOTIFIER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  MORNING_SUMMARY_HOUR: z.union([z.literal('off'), z.coerce.number().int().min(0).max(23)]).default(8),
});

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from: string;
  apiBaseUrl: string | undefined;
}

export type FaxConfig =
  | { provider: 'none' }
  | { provider: 'email-gateway'; domain: string }
  | { provider: 'http'; url: string; token: string | undefined };

export interface Config {
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  /** How long a write waits for another writer on a local file before answering 503. */
  databaseBusyTimeoutMs: number;
  port: number;
  publicBaseUrl: string;
  smtpUrl: string | undefined;
  /** An HTTP mail API (JSON POST) used instead of SMTP where SMTP is not available (Workers). */
  mailApiUrl: string | undefined;
  mailApiToken: string | undefined;
  mailFrom: string;
  production: boolean;
  adminToken: string;
  /**
   * The root of the task-link and patient-hash keys (derived per purpose). Required in production;
   * in development, when absent, one is generated once and kept in the database.
   */
  secret: string | undefined;
  /**
   * Keys that encrypt personal data at rest (RENKEI_DATA_KEYS): the first encrypts, all decrypt.
   * Absent in development, where one is generated and kept in the database.
   */
  dataKeys: DataKey[] | undefined;
  testClock: boolean;
  scheduleIntervalSeconds: number;
  /** Commit events that arrive together in one transaction (engine/cases/groupCommit.ts); on by default. */
  groupCommit: boolean;
  /** Commit a local database file's atomic batches on a thread of their own (db/threads); on by default. */
  writeThread: boolean;
  /** Answer a local database file's batches of SELECTs on a thread of their own (db/threads); on by default. */
  readThread: boolean;
  /** Keep the directory a webhook reads between events, checked against its version row (engine/directory/cache.ts). */
  directoryCache: boolean;
  /** Keep prepared statements per connection on a local database file (db/statementCache.ts). */
  statementCache: boolean;
  /** Record the sends a dispatch finishes together in one transaction (engine/notices/outbox.ts). */
  dispatchGroupCommit: boolean;
  /** Keep up to notifierConcurrency SMTP connections open and reuse them (notifiers/email.ts). */
  smtpPool: boolean;
  /** Webhook events a minute per hospital (token bucket, per process); 0 disables. */
  webhookRatePerMinute: number;
  /** Unknown link codes a minute per client address on /n/, /r/ and /t/ (token bucket, per process); 0 disables. */
  linkMissesPerMinute: number;
  /** SMS via Twilio; absent when not configured (SMS is then not a channel). */
  twilio: TwilioConfig | undefined;
  fax: FaxConfig;
  /** How long one call to a mail, SMS or FAX provider may take before it counts as a failed attempt. */
  notifierTimeoutMs: number;
  /** Sends a dispatch runs at once per provider (SMTP, mail API, FAX, Twilio). */
  notifierConcurrency: number;
  /** The Japan-time hour from which the first sweep of a day queues the morning summary (engine/summary/); null: never. */
  morningSummaryHour: number | null;
}

export const DEV_ADMIN_TOKEN = 'dev-admin-token-change-me';

export class ConfigError extends Error {}

export function readConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const e = parsed.data;
  // Either says production and it is: RENKEI_ENV=development never switches a NODE_ENV=production
  // deployment back to the development mailbox and the default admin token.
  const production = e.RENKEI_ENV === 'production' || e.NODE_ENV === 'production';
  if (production) {
    const missing = [
      !e.RENKEI_ADMIN_TOKEN && 'RENKEI_ADMIN_TOKEN',
      !e.SMTP_URL && !e.MAIL_API_URL && 'SMTP_URL or MAIL_API_URL (production never uses the development mailbox)',
      !e.PUBLIC_BASE_URL && 'PUBLIC_BASE_URL',
      !e.RENKEI_DATA_KEYS && 'RENKEI_DATA_KEYS (a key kept in the database would protect nothing)',
      !e.RENKEI_SECRET &&
        'RENKEI_SECRET (keys task links and the patient hash; kept in the database, a copy of it could forge links)',
    ].filter(Boolean);
    if (missing.length > 0) throw new ConfigError(`production mode needs: ${missing.join(', ')}`);
    if (e.RENKEI_TEST_CLOCK === '1') throw new ConfigError('RENKEI_TEST_CLOCK=1 is not allowed in production mode');
  }
  let dataKeys: DataKey[] | undefined;
  try {
    dataKeys = e.RENKEI_DATA_KEYS === undefined ? undefined : parseDataKeys(e.RENKEI_DATA_KEYS);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const twilioVars = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM];
  if (twilioVars.some(Boolean) && !twilioVars.every(Boolean)) {
    throw new ConfigError('SMS needs all of TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (or none of them)');
  }
  if (e.FAX_PROVIDER === 'email-gateway' && !e.FAX_GATEWAY_DOMAIN)
    throw new ConfigError('FAX_PROVIDER=email-gateway needs FAX_GATEWAY_DOMAIN');
  if (e.FAX_PROVIDER === 'http' && !e.FAX_API_URL) throw new ConfigError('FAX_PROVIDER=http needs FAX_API_URL');
  const fax: FaxConfig =
    e.FAX_PROVIDER === 'email-gateway'
      ? { provider: 'email-gateway', domain: e.FAX_GATEWAY_DOMAIN! }
      : e.FAX_PROVIDER === 'http'
        ? { provider: 'http', url: e.FAX_API_URL!, token: e.FAX_API_TOKEN }
        : { provider: 'none' };
  return {
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    databaseBusyTimeoutMs: e.DATABASE_BUSY_TIMEOUT_MS,
    port: e.PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailApiUrl: e.MAIL_API_URL,
    mailApiToken: e.MAIL_API_TOKEN,
    mailFrom: e.MAIL_FROM,
    production,
    adminToken: e.RENKEI_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
    secret: e.RENKEI_SECRET,
    dataKeys,
    testClock: e.RENKEI_TEST_CLOCK === '1',
    scheduleIntervalSeconds: e.SCHEDULE_INTERVAL_SECONDS,
    groupCommit: e.RENKEI_GROUP_COMMIT === '1',
    writeThread: e.RENKEI_WRITE_THREAD === '1',
    readThread: e.RENKEI_READ_THREAD === '1',
    directoryCache: e.RENKEI_DIRECTORY_CACHE === '1',
    statementCache: e.RENKEI_STATEMENT_CACHE === '1',
    dispatchGroupCommit: e.RENKEI_DISPATCH_GROUP_COMMIT === '1',
    smtpPool: e.SMTP_POOL === '1',
    webhookRatePerMinute: e.WEBHOOK_RATE_PER_MINUTE,
    linkMissesPerMinute: e.LINK_MISSES_PER_MINUTE,
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            from: e.TWILIO_FROM,
            apiBaseUrl: e.TWILIO_API_BASE_URL,
          }
        : undefined,
    fax,
    notifierTimeoutMs: e.NOTIFIER_TIMEOUT_MS,
    notifierConcurrency: e.NOTIFIER_CONCURRENCY,
    morningSummaryHour: e.MORNING_SUMMARY_HOUR === 'off' ? null : e.MORNING_SUMMARY_HOUR,
  };
}
