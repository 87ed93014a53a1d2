import { afterEach, describe, expect, it } from 'vitest';
import type { LibsqlDatabase } from '../../db/database.js';
import type { DatabaseThread } from '../../db/threads/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

// GET /healthz is what a load balancer or an uptime check asks: it must turn 503 when the process
// can no longer record anything, not keep answering 200 from a process whose database is gone.

async function health(s: TestServer) {
  const res = await fetch(`${s.base}/healthz`);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

function threadOf(s: TestServer, role: 'writeThread' | 'readThread'): DatabaseThread {
  const thread = (s.running.deps.database as LibsqlDatabase)[role];
  if (!thread) throw new Error(`the test server has no ${role}`);
  return thread as DatabaseThread;
}

describe('GET /healthz: 200 only while the database answers with the settings it must have', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close().catch(() => undefined);
    s = undefined;
  });

  it('answers 200 while the database file and both its threads answer', async () => {
    s = await startTestServer({ smtp: false });
    expect(await health(s)).toMatchObject({ status: 200, body: { ok: true } });
  });

  it.each(['writeThread', 'readThread'] as const)(
    'answers 503 problem+json once the %s is gone, and logs why without a path or a value',
    async (role) => {
      s = await startTestServer({ smtp: false });
      await threadOf(s, role).close();
      const answer = await health(s);
      expect(answer.status).toBe(503);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 503, type: 'urn:renkei:problem:unhealthy', ok: false });
      const logged = s.logs.filter((l) => l.includes('health check failed'));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/a database thread ended|the database thread is closed/);
      expect(logged[0]).not.toContain('renkei.db');
    },
  );

  it("answers 503 when the main connection's settings no longer hold (synchronous is not FULL)", async () => {
    s = await startTestServer({ smtp: false });
    const { client } = s.running.deps.database as LibsqlDatabase;
    await client.execute('PRAGMA synchronous=OFF');
    const answer = await health(s);
    expect(answer.status).toBe(503);
    expect(s.logs.find((l) => l.includes('health check failed'))).toContain('synchronous is 0, expected 2 (FULL)');
    await client.execute('PRAGMA synchronous=FULL');
    expect((await health(s)).status).toBe(200);
  });
});
