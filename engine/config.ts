import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z.string().default('file:./data/renkei.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  PUBLIC_BASE_URL: z.url().optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().default('renkei <noreply@renkei.localhost>'),
  RENKEI_ENV: z.enum(['development', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  RENKEI_ADMIN_TOKEN: z.string().min(16, 'RENKEI_ADMIN_TOKEN must be at least 16 characters').optional(),
  RENKEI_SECRET: z.string().min(32, 'RENKEI_SECRET must be at least 32 characters').optional(),
  RENKEI_TEST_CLOCK: z.enum(['0', '1']).default('0'),
  SCHEDULE_INTERVAL_SECONDS: z.coerce.number().min(0).default(60),
  RENKEI_GROUP_COMMIT: z.enum(['0', '1']).default('0'),
});

export interface Config {
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  port: number;
  publicBaseUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  production: boolean;
  adminToken: string;
  /** Signing key for task links; when absent one is generated once and kept in the database. */
  secret: string | undefined;
  testClock: boolean;
  scheduleIntervalSeconds: number;
  /** Commit events that arrive together in one transaction (engine/groupCommit.ts). */
  groupCommit: boolean;
}

export const DEV_ADMIN_TOKEN = 'dev-admin-token-change-me';

export class ConfigError extends Error {}

export function readConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const e = parsed.data;
  const production = e.RENKEI_ENV === 'production' || (e.RENKEI_ENV === undefined && e.NODE_ENV === 'production');
  if (production) {
    const missing = [
      !e.RENKEI_ADMIN_TOKEN && 'RENKEI_ADMIN_TOKEN',
      !e.SMTP_URL && 'SMTP_URL (production never uses the development mailbox)',
      !e.PUBLIC_BASE_URL && 'PUBLIC_BASE_URL',
    ].filter(Boolean);
    if (missing.length > 0) throw new ConfigError(`production mode needs: ${missing.join(', ')}`);
    if (e.RENKEI_TEST_CLOCK === '1') throw new ConfigError('RENKEI_TEST_CLOCK=1 is not allowed in production mode');
  }
  return {
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    port: e.PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    production,
    adminToken: e.RENKEI_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
    secret: e.RENKEI_SECRET,
    testClock: e.RENKEI_TEST_CLOCK === '1',
    scheduleIntervalSeconds: e.SCHEDULE_INTERVAL_SECONDS,
    groupCommit: e.RENKEI_GROUP_COMMIT === '1',
  };
}
