import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../../db/schema.js';
import { refusedRequests } from '../../engine/access/index.js';
import { signWebhook } from '../../engine/crypto/index.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

type ProblemJson = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
};

describe('hospital webhook: a rate limit per hospital', () => {
  it('answers 429 with Retry-After past the per-minute budget, for that hospital only', async () => {
    const s = await startTestServer({ smtp: false, env: { WEBHOOK_RATE_PER_MINUTE: '3' } });
    try {
      await registerCareOffice(s);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await s.sendEvent('sanda-aino', admittedEvent(`E-rl-${i}`))).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
      const limited = await s.sendEvent('sanda-aino', admittedEvent('E-rl-9'));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('content-type')).toContain('application/problem+json');
      expect((await s.sendEvent('sanda-onsen', admittedEvent('E-rl-other'))).status).toBe(202);
    } finally {
      await s.close();
    }
  });
});

describe('hospital webhook: signatures, replays, validation, state', () => {
  let s: TestServer;
  const hospital = 'sanda-aino';

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  const expectProblem = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as ProblemJson;
    expect(body.status).toBe(status);
    expect(body.type).toMatch(/^urn:renkei:problem:/);
    expect(body.detail.length).toBeGreaterThan(0);
    return body;
  };
  const eventCount = async () => (await s.running.deps.database.db.select().from(caseEvents)).length;

  it('an unknown hospital gets 404 before anything else is looked at', async () => {
    const res = await s.sendEvent('no-such-hospital', admittedEvent('E-404'), { secret: 'whsec_AAAA' });
    const body = await expectProblem(res, 404);
    expect(body.detail).toContain('no-such-hospital');
  });

  it('a signature made with another secret gets 401 and stores nothing', async () => {
    const before = await eventCount();
    const res = await s.sendEvent(hospital, admittedEvent('E-401'), {
      secret: `whsec_${Buffer.from('not the secret').toString('base64')}`,
    });
    const body = await expectProblem(res, 401);
    expect(body.detail).toContain('does not match');
    expect(await eventCount()).toBe(before);
  });

  it('a body changed after signing gets 401', async () => {
    const secret = await s.secretFor(hospital);
    const id = 'msg_tampered';
    const ts = Math.floor(Date.now() / 1000);
    const signed = JSON.stringify(admittedEvent('E-tamper'));
    const res = await fetch(`${s.base}/v1/hospitals/${hospital}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': await signWebhook(secret, id, ts, signed),
      },
      body: signed.replace('E-tamper', 'E-other'),
    });
    await expectProblem(res, 401);
  });

  it('a timestamp older than 5 minutes is refused as stale (replay window)', async () => {
    const res = await s.sendEvent(hospital, admittedEvent('E-stale'), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    const body = await expectProblem(res, 401);
    expect(body.detail).toContain('5 minutes');
  });

  it('missing signature headers get 401', async () => {
    const res = await fetch(`${s.base}/v1/hospitals/${hospital}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admittedEvent('E-nohdr')),
    });
    await expectProblem(res, 401);
  });

  it('a replayed webhook-id returns the first answer and changes nothing', async () => {
    const first = await s.sendEvent(hospital, admittedEvent('E-replay'), { id: 'msg_replay_1' });
    expect(first.status).toBe(202);
    const firstBody = await first.json();
    const count = await eventCount();
    const again = await s.sendEvent(hospital, admittedEvent('E-replay'), { id: 'msg_replay_1' });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(firstBody);
    // Even a different body under the same id is the same message to us.
    const different = await s.sendEvent(hospital, { ...admittedEvent('E-replay-2') }, { id: 'msg_replay_1' });
    expect(await different.json()).toEqual(firstBody);
    expect(await eventCount()).toBe(count);
  });

  it('the same webhook-id from two hospitals are two different messages', async () => {
    const a = await s.sendEvent('sanda-onsen', admittedEvent('E-shared-id'), { id: 'msg_shared' });
    const b = await s.sendEvent('sanda-kogen', admittedEvent('E-shared-id'), { id: 'msg_shared' });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(((await a.json()) as { caseId: string }).caseId).not.toBe(((await b.json()) as { caseId: string }).caseId);
  });

  it('an invalid body gets 400 naming the field, and is kept for review', async () => {
    const bad = admittedEvent('E-bad');
    bad.data.patient.birthDate = '1941/05/02';
    const res = await s.sendEvent(hospital, bad, { id: 'msg_bad_body' });
    const body = await expectProblem(res, 400);
    expect(body.errors?.map((e) => e.field)).toContain('data.patient.birthDate');
    expect(body.detail).toContain('data.patient.birthDate');
    const kept = await refusedRequests(s.running.deps);
    expect(kept.some((r) => r.webhookId === 'msg_bad_body' && r.status === 400 && r.body.includes('1941/05/02'))).toBe(
      true,
    );
  });

  it('an unknown event type gets 400 naming "type"', async () => {
    const res = await s.sendEvent(hospital, {
      type: 'patient_teleported',
      hospitalizationId: 'E-1',
      occurredAt: '2026-12-04T10:30:00+09:00',
      data: {},
    });
    const body = await expectProblem(res, 400);
    expect(body.errors?.[0]?.field).toBe('type');
  });

  it('occurredAt without an offset gets 400', async () => {
    const res = await s.sendEvent(hospital, admittedEvent('E-naive', { occurredAt: '2026-12-04T10:30:00' }));
    const body = await expectProblem(res, 400);
    expect(body.errors?.[0]?.field).toBe('occurredAt');
  });

  it('occurredAt in the future gets 400: it is when the fact happened', async () => {
    const res = await s.sendEvent(hospital, admittedEvent('E-future', { occurredAt: '2027-01-01T00:00:00+09:00' }));
    const body = await expectProblem(res, 400);
    expect(body.errors?.[0]?.field).toBe('occurredAt');
  });

  it('malformed JSON gets 400 and is kept for review', async () => {
    const res = await s.sendEvent(hospital, null, { rawBody: '{"type": "admitted",', id: 'msg_malformed' });
    await expectProblem(res, 400);
    const kept = await refusedRequests(s.running.deps);
    expect(kept.some((r) => r.webhookId === 'msg_malformed')).toBe(true);
  });

  it('a care office missing from the directory gets 400 naming data.careOfficeId; a retry after registering succeeds', async () => {
    const res = await s.sendEvent(hospital, admittedEvent('E-unknown-office', { careOfficeId: 'sanda-kyotaku-99' }), {
      id: 'msg_office',
    });
    const body = await expectProblem(res, 400);
    expect(body.errors?.[0]?.field).toBe('data.careOfficeId');
    await registerCareOffice(s, 'sanda-kyotaku-99', 'cm99@kyotaku.example.jp');
    const retry = await s.sendEvent(hospital, admittedEvent('E-unknown-office', { careOfficeId: 'sanda-kyotaku-99' }), {
      id: 'msg_office',
    });
    expect(retry.status).toBe(202);
  });

  it('a body over 64 KiB gets 413', async () => {
    const big = admittedEvent('E-big');
    big.data.ward = 'x'.repeat(70 * 1024);
    await expectProblem(await s.sendEvent(hospital, big), 413);
  });

  it('an event for an encounter never admitted gets 409 and is kept for review', async () => {
    const res = await s.sendEvent(
      hospital,
      {
        type: 'discharge_planning_started',
        hospitalizationId: 'E-never',
        occurredAt: '2026-12-04T10:30:00+09:00',
        data: { expectedDischargeDate: '2026-12-20' },
      },
      { id: 'msg_never' },
    );
    const body = await expectProblem(res, 409);
    expect(body.detail).toContain('admitted');
    const kept = await refusedRequests(s.running.deps);
    expect(kept.some((r) => r.webhookId === 'msg_never' && r.status === 409)).toBe(true);
  });

  it('an event not allowed in the current state gets 409 with the state, and is stored in the case log', async () => {
    const admitted = await s.sendEvent(hospital, admittedEvent('E-order'));
    const { caseId } = (await admitted.json()) as { caseId: string };
    const res = await s.sendEvent(hospital, {
      type: 'nursing_summary_sent',
      hospitalizationId: 'E-order',
      occurredAt: '2026-12-04T10:40:00+09:00',
      data: {},
    });
    const body = (await expectProblem(res, 409)) as ProblemJson & { state: string; caseId: string };
    expect(body.state).toBe('admissionNotice');
    expect(body.caseId).toBe(caseId);
    const detail = (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as {
      state: string;
      timeline: { kind: string; type?: string; outcome?: string }[];
    };
    expect(detail.state).toBe('admissionNotice');
    expect(detail.timeline.filter((t) => t.kind === 'event').map((t) => [t.type, t.outcome])).toEqual([
      ['admitted', 'accepted'],
      ['nursing_summary_sent', 'rejected'],
    ]);
  });

  it('a second admission of the same encounter gets 409', async () => {
    await s.sendEvent(hospital, admittedEvent('E-twice'));
    const res = await s.sendEvent(hospital, admittedEvent('E-twice'));
    const body = await expectProblem(res, 409);
    expect(body.detail).toContain('already admitted');
  });

  it('a body that is not UTF-8 gets 400 (the signature covers the bytes) and is kept for review', async () => {
    const secret = await s.secretFor(hospital);
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${s.base}/v1/hospitals/${hospital}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_bytes',
        'webhook-timestamp': String(ts),
        'webhook-signature': await signWebhook(secret, 'msg_bytes', ts, bytes),
      },
      body: bytes,
    });
    const body = await expectProblem(res, 400);
    expect(body.type).toBe('urn:renkei:problem:bad-encoding');
    const kept = await refusedRequests(s.running.deps);
    expect(kept.some((r) => r.webhookId === 'msg_bytes' && r.body.startsWith('(base64)'))).toBe(true);
  });

  it('a secret issued later replaces the first, which stays valid during the rollover', async () => {
    const old = await s.secretFor('sanda-nishi');
    const res = await s.admin('/v1/admin/hospitals/sanda-nishi/secrets', { method: 'POST' });
    const { secret: fresh } = (await res.json()) as { secret: string };
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect((await s.sendEvent('sanda-nishi', admittedEvent('E-rot-1'), { secret: old })).status).toBe(202);
    expect((await s.sendEvent('sanda-nishi', admittedEvent('E-rot-2'), { secret: fresh })).status).toBe(202);
  });
});
