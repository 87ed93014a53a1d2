import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import { type HospitalEventInput, recordHospitalEvent } from '../../engine/cases/index.js';
import { readConfig } from '../../engine/config.js';
import type { Deps } from '../../engine/deps.js';
import { upsertCareOffice } from '../../engine/directory/index.js';
import { silentLogger } from '../../engine/log.js';
import { dispatchBudgetMs, dispatchOutbox } from '../../engine/notices/index.js';
import { runScheduled } from '../../engine/sweep/index.js';
import { startEngine } from '../../functions/runtime.js';
import { ADMIN_TOKEN, serviceClient } from '../support/client.js';
import { startServerProcess } from '../support/processes.js';
import { admittedEvent, registerCareOffice, testClock } from '../support/server.js';
import { startSmtp } from '../support/smtp.js';
import { waitUntil } from '../support/wait.js';

/** An SMTP server that accepts every connection and never says a word; it counts who is waiting on it. */
async function startSilentSmtp() {
  const open = new Set<Socket>();
  let connections = 0;
  let mostAtOnce = 0;
  const server: Server = createServer((socket) => {
    connections++;
    open.add(socket);
    mostAtOnce = Math.max(mostAtOnce, open.size);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    stats: () => ({ connections, mostAtOnce }),
    reset() {
      connections = 0;
      mostAtOnce = open.size;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

const TIMEOUT_MS = 1000;
const PER_PROVIDER = 3;
const NOW = '2026-12-04T11:00:00+09:00';

describe('one hanging provider holds no sweep for long: sends side by side, a budget below the lease, a prompt stop', () => {
  let dir: string;
  let silent: Awaited<ReturnType<typeof startSilentSmtp>>;
  let deps: Deps;
  let admitted = 0;
  const env = () => ({
    DATABASE_URL: `file:${join(dir, 'silent.db')}`,
    RENKEI_ADMIN_TOKEN: ADMIN_TOKEN,
    RENKEI_TEST_CLOCK: '1',
    NOTIFIER_TIMEOUT_MS: String(TIMEOUT_MS),
    NOTIFIER_CONCURRENCY: String(PER_PROVIDER),
  });
  /** Admissions queue one email to the care office each; no dispatch runs until the test calls one. */
  const admit = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const encounter = `S-${admitted++}`;
      const r = await recordHospitalEvent(
        deps,
        'sanda-shimin',
        `adm-${encounter}`,
        admittedEvent(encounter) as HospitalEventInput,
      );
      expect(r.kind).toBe('accepted');
    }
  };
  const pendingUntried = async () =>
    (await deps.database.db.select().from(outbox).where(eq(outbox.status, 'pending'))).filter((r) => r.attempts === 0);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-silent-'));
    silent = await startSilentSmtp();
    deps = await startEngine(readConfig({ ...env(), SMTP_URL: silent.url }), {
      log: silentLogger,
      now: testClock(NOW).now,
    });
    await upsertCareOffice(deps, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
  });
  afterAll(async () => {
    deps?.database.close();
    await silent?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("the sweep's budget ends below the notices' lease by two provider timeouts, at the default and the longest timeout", () => {
    expect(dispatchBudgetMs({ config: readConfig({}) })).toBe(5 * 60_000 - 2 * 30_000);
    const longest = readConfig({ NOTIFIER_TIMEOUT_MS: '600000' });
    expect(dispatchBudgetMs({ config: longest })).toBe(4 * 600_000 - 2 * 600_000);
    expect(readConfig({}).notifierConcurrency).toBe(4);
    expect(() => readConfig({ NOTIFIER_CONCURRENCY: '0' })).toThrow(/NOTIFIER_CONCURRENCY/);
  });

  it(`a sweep sends side by side, never more than NOTIFIER_CONCURRENCY (${PER_PROVIDER}) at once to one provider`, async () => {
    await admit(9);
    silent.reset();
    const counts = await runScheduled(deps, deps.now());
    expect(counts.notices).toMatchObject({ sent: 0, failed: 9, dead: 0, deferred: 0 });
    expect(silent.stats()).toEqual({ connections: 9, mostAtOnce: PER_PROVIDER });
  }, 60_000);

  it('a dispatch past its deadline starts nothing more: the rest stays due, untried, and a working provider sends each once', async () => {
    await admit(12);
    silent.reset();
    const started = Date.now();
    const counts = await dispatchOutbox(deps, deps.now(), 100, { until: Date.now() + TIMEOUT_MS / 2 });
    // The first slots started before the deadline and timed out; nothing started after it.
    expect(counts).toMatchObject({ sent: 0, failed: PER_PROVIDER, dead: 0 });
    // Claimed but not started: let go at once (what was never claimed stays as it was).
    expect(counts.deferred).toBeGreaterThan(0);
    expect(silent.stats().connections).toBe(PER_PROVIDER);
    // Generous: one sequential pass would take 12 timeouts.
    expect(Date.now() - started).toBeLessThan(6 * TIMEOUT_MS);
    const untried = await pendingUntried();
    expect(untried).toHaveLength(12 - PER_PROVIDER);
    for (const row of untried) {
      expect(row.claimedUntil).toBeNull();
      expect(row.nextAttemptAt).toBeLessThanOrEqual(deps.now().getTime());
    }
    // Another process with a provider that answers takes exactly those, once each.
    const smtp = await startSmtp();
    const other = await startEngine(readConfig({ ...env(), SMTP_URL: smtp.url }), {
      log: silentLogger,
      now: testClock(NOW).now,
    });
    try {
      const next = await dispatchOutbox(other, other.now());
      expect(next).toMatchObject({ sent: 12 - PER_PROVIDER, failed: 0, deferred: 0 });
      expect(smtp.mails).toHaveLength(12 - PER_PROVIDER);
      expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(12 - PER_PROVIDER);
      expect(await pendingUntried()).toHaveLength(0);
    } finally {
      other.database.close();
      await smtp.close();
    }
  }, 60_000);

  it('SIGTERM during a sweep stuck on a silent provider: the server exits within about one timeout, and every notice stays due', async () => {
    const procDir = await mkdtemp(join(tmpdir(), 'renkei-silent-proc-'));
    const timeoutMs = 2000;
    const server = await startServerProcess({
      DATABASE_URL: `file:${join(procDir, 'p.db')}`,
      RENKEI_ADMIN_TOKEN: ADMIN_TOKEN,
      RENKEI_TEST_CLOCK: '1',
      PUBLIC_BASE_URL: 'http://renkei.test',
      SCHEDULE_INTERVAL_SECONDS: '3600',
      WEBHOOK_RATE_PER_MINUTE: '0',
      SMTP_URL: silent.url,
      NOTIFIER_TIMEOUT_MS: String(timeoutMs),
      NOTIFIER_CONCURRENCY: '2',
    });
    const database = await openDatabase(`file:${join(procDir, 'p.db')}`);
    try {
      const client = serviceClient((path, init) => fetch(`${server.base}${path}`, init));
      await registerCareOffice(client);
      const secret = await client.secretFor('sanda-shimin');
      silent.reset();
      for (let i = 0; i < 20; i++)
        expect(
          (
            await client.sendEvent(
              'sanda-shimin',
              admittedEvent(`T-${i}`, { occurredAt: new Date(Date.now() - 60_000).toISOString() }),
              { secret },
            )
          ).status,
        ).toBe(202);
      // The dispatch after the commits is under way, stuck on the silent server.
      await waitUntil(() => silent.stats().connections > 0, 10_000);
      const stopped = Date.now();
      await server.stop();
      // Generous: sequential sends would hold the stop for up to ten timeouts (a claimed chunk).
      expect(Date.now() - stopped).toBeLessThan(4 * timeoutMs);
      const rows = await database.db.select().from(outbox);
      expect(rows).toHaveLength(20);
      expect(rows.every((r) => r.status === 'pending')).toBe(true);
      // Only the sends in flight were tried; every other notice was let go, due for the next process.
      const tried = rows.filter((r) => r.attempts > 0);
      expect(tried.length).toBeLessThanOrEqual(silent.stats().connections);
      expect(rows.filter((r) => r.attempts === 0 && r.claimedUntil !== null)).toEqual([]);
    } finally {
      database.close();
      await server.kill();
      await rm(procDir, { recursive: true, force: true });
    }
  }, 120_000);
});
