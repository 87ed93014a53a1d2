import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../engine/config.js';
import { jsonLogger } from '../../engine/log.js';
import { type RunningServer, startNodeServer } from '../../functions/node.js';
import { ADMIN_TOKEN, type ServiceClient, serviceClient } from './client.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { startTwilioApi, type TestTwilio } from './twilioApi.js';

export { ADMIN_TOKEN } from './client.js';

/** The service's clock, set by the test: the story happens on the rule's calendar, not today's. */
export interface TestClock {
  now(): Date;
  set(iso: string): void;
}

/** The wall clock, for scenarios shared with runtimes whose clock a test cannot set (workerd). */
export const wallClock: TestClock = {
  now: () => new Date(),
  set() {
    throw new Error('the wall clock cannot be set');
  },
};

export function testClock(start: string): TestClock {
  let t = new Date(start);
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso);
    },
  };
}

export interface TestServer extends ServiceClient {
  base: string;
  clock: TestClock;
  running: RunningServer;
  smtp: TestSmtp | null;
  /** The local Twilio Messages API, when started with `twilio: true`. */
  twilio: TestTwilio | null;
  dir: string;
  logs: string[];
  sweep(now?: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export const FAX_GATEWAY_DOMAIN = 'fax.example.jp';

export interface TestServerOptions {
  smtp?: boolean;
  /** SMS through the real twilio SDK against a local Messages API. */
  twilio?: boolean;
  /** FAX through the email gateway on the test SMTP server. */
  fax?: boolean;
  env?: Record<string, string>;
  start?: string;
  clock?: TestClock;
  /** A directory whose renkei.db to use (and keep on close), to start again on the same database. */
  dir?: string;
}

/** The real service on an ephemeral port, a real libSQL file, and (by default) a real SMTP server. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const clock = options.clock ?? testClock(options.start ?? '2026-12-04T11:00:00+09:00');
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'renkei-test-')));
  const smtp = options.smtp === false ? null : await startSmtp();
  const twilio = options.twilio ? await startTwilioApi() : null;
  const logs: string[] = [];
  const config = readConfig({
    DATABASE_URL: `file:${join(dir, 'renkei.db')}`,
    PORT: '0',
    RENKEI_ADMIN_TOKEN: ADMIN_TOKEN,
    RENKEI_TEST_CLOCK: '1',
    SCHEDULE_INTERVAL_SECONDS: '0',
    // The morning summary would add a mail to every test's first sweep after 8:00: on where a test asks for it.
    MORNING_SUMMARY_HOUR: 'off',
    ...(smtp ? { SMTP_URL: smtp.url } : {}),
    ...(twilio
      ? {
          TWILIO_ACCOUNT_SID: twilio.accountSid,
          TWILIO_AUTH_TOKEN: twilio.authToken,
          TWILIO_FROM: twilio.from,
          TWILIO_API_BASE_URL: twilio.url,
        }
      : {}),
    ...(options.fax ? { FAX_PROVIDER: 'email-gateway', FAX_GATEWAY_DOMAIN } : {}),
    ...options.env,
  });
  const running = await startNodeServer(config, { log: jsonLogger((line) => logs.push(line)), now: clock.now });
  const base = `http://127.0.0.1:${running.port}`;
  // The port is known only once listening; links in notices must point at it.
  running.deps.config.publicBaseUrl = base;
  const client = serviceClient((path, init) => fetch(`${base}${path}`, init));
  const server: TestServer = {
    base,
    clock,
    running,
    smtp,
    twilio,
    dir,
    logs,
    ...client,
    async sweep(now) {
      const res = await server.admin('/v1/scheduled', { method: 'POST', body: now ? { now } : {} });
      if (res.status !== 200) throw new Error(`sweep: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    },
    async close() {
      await running.close();
      await smtp?.close();
      await twilio?.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}

export async function registerCareOffice(
  server: Pick<ServiceClient, 'admin'>,
  id = 'sanda-kyotaku-01',
  email = 'cm@kyotaku.example.jp',
  extra: {
    preferredChannel?: 'email' | 'sms' | 'fax';
    smsPhone?: string;
    fax?: string;
    notificationMode?: 'realtime' | 'digest';
    digestHour?: number;
  } = {},
) {
  const res = await server.admin(`/v1/admin/care-offices/${id}`, {
    method: 'PUT',
    body: {
      name: '三田ケアプランセンター',
      email,
      fax: '079-000-0000',
      phone: '079-000-0001',
      town: '三田市けやき台',
      region: 'sanda',
      businessHours: { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] },
      ...extra,
    },
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`care office: ${res.status} ${await res.text()}`);
  return id;
}

export function admittedEvent(
  hospitalizationId: string,
  overrides: { careOfficeId?: string | null; occurredAt?: string } = {},
) {
  return {
    type: 'admitted',
    hospitalizationId,
    occurredAt: overrides.occurredAt ?? '2026-12-04T10:30:00+09:00',
    data: {
      patient: { name: '山田 花子', birthDate: '1941-05-02' },
      ward: '4階東病棟',
      careOfficeId: overrides.careOfficeId === undefined ? 'sanda-kyotaku-01' : overrides.careOfficeId,
    },
  };
}

/** The hospital's pre-discharge conference (退院前カンファレンス) with a physician and the care manager, unless told who. */
export function conferenceHeldEvent(
  hospitalizationId: string,
  occurredAt: string,
  participants: { profession: string; side: 'hospital' | 'home' }[] = [
    { profession: 'physician', side: 'hospital' },
    { profession: 'care_manager', side: 'home' },
  ],
) {
  return { type: 'conference_held', hospitalizationId, occurredAt, data: { kind: 'pre_discharge', participants } };
}

/** 入院予定: the hospital plans an admission for a day (the webhook's admission_planned). */
export function plannedEvent(
  hospitalizationId: string,
  overrides: { careOfficeId?: string | null; occurredAt?: string; expectedAdmissionDate?: string } = {},
) {
  const { type: _admitted, data, ...envelope } = admittedEvent(hospitalizationId, overrides);
  const { ward: _wardKnownAtAdmission, ...rest } = data;
  return {
    ...envelope,
    type: 'admission_planned',
    data: { ...rest, expectedAdmissionDate: overrides.expectedAdmissionDate ?? '2026-12-10' },
  };
}

/** Mails that went to the FAX gateway, i.e. FAXes. */
export function faxesSent(server: TestServer) {
  return server.smtp!.mails.filter((m) => m.to.some((t) => t.endsWith(`@${FAX_GATEWAY_DOMAIN}`)));
}

/** FAXes to one number (written with or without hyphens). */
export function faxesTo(server: TestServer, number: string) {
  return faxesSent(server).filter((m) => m.to.includes(`${number.replace(/-/g, '')}@${FAX_GATEWAY_DOMAIN}`));
}

/** Mails (not FAXes) to one address. */
export function mailsTo(server: TestServer, address: string) {
  return mailsSent(server).filter((m) => m.to.includes(address));
}

/** Mails that are not FAXes. */
export function mailsSent(server: TestServer) {
  return server.smtp!.mails.filter((m) => !m.to.some((t) => t.endsWith(`@${FAX_GATEWAY_DOMAIN}`)));
}

/** Links in a mail body that point at our task pages. */
export function taskLinks(text: string): string[] {
  return [...text.matchAll(/https?:\/\/\S+\/t\/[A-Za-z0-9_.-]+/g)].map((m) => m[0]);
}

/** Posts a web form as a browser does (application/x-www-form-urlencoded). */
export function postForm(url: string, form: Record<string, string>) {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form) });
}
