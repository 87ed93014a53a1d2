import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../../engine/notices/index.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type Timeline = {
  timeline: { kind: string; status?: string; notice?: string; detail?: string | null; attempts?: number }[];
};

describe('notices: sent after commit, retried with backoff, dead-lettered, never lost', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ env: { SCHEDULE_INTERVAL_SECONDS: '0' } });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  const timeline = async (caseId: string) =>
    ((await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Timeline).timeline;

  it('retry delays grow exponentially with jitter and stay under an hour', () => {
    expect(retryDelayMs(1, 0)).toBe(15_000);
    expect(retryDelayMs(1, 1)).toBe(30_000);
    expect(retryDelayMs(3, 1)).toBe(120_000);
    expect(retryDelayMs(20, 1)).toBe(3_600_000);
    expect(retryDelayMs(4, 0.5)).toBeGreaterThan(retryDelayMs(3, 0.5));
  });

  it('an SMTP outage fails the first attempt; the next sweep after the backoff delivers it', async () => {
    s.smtp!.refuseNext(1);
    const { caseId } = (await (await s.sendEvent('sanda-aino', admittedEvent('E-outage'))).json()) as {
      caseId: string;
    };
    // The post-commit dispatch ran and failed: the notice waits, recorded as failed.
    await waitUntil(async () => (await timeline(caseId)).some((t) => t.kind === 'delivery' && t.status === 'failed'));
    expect(s.smtp!.mails).toHaveLength(0);
    const early = await s.sweep('2026-12-04T11:00:05+09:00');
    expect(early.noticesSent).toBe(0);
    const later = await s.sweep('2026-12-04T11:05:00+09:00');
    expect(later.noticesSent).toBe(1);
    expect(s.smtp!.mails).toHaveLength(1);
    const deliveries = (await timeline(caseId)).filter((t) => t.kind === 'delivery').map((t) => t.status);
    expect(deliveries).toEqual(['failed', 'sent']);
    const notice = (await timeline(caseId)).find((t) => t.kind === 'notice')!;
    expect(notice).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it(`after ${MAX_DELIVERY_ATTEMPTS} failures the notice is dead-lettered with its reason`, async () => {
    s.smtp!.refuseNext(100);
    const { caseId } = (await (await s.sendEvent('sanda-aino', admittedEvent('E-dead'))).json()) as { caseId: string };
    await waitUntil(async () => (await timeline(caseId)).some((t) => t.kind === 'delivery'));
    for (let hour = 1; hour <= 10; hour++)
      await s.sweep(`2026-12-04T${String(11 + hour).padStart(2, '0')}:00:00+09:00`);
    s.smtp!.refuseNext(0);
    const notice = (await timeline(caseId)).find((t) => t.kind === 'notice')!;
    expect(notice.status).toBe('dead');
    expect(notice.attempts).toBe(MAX_DELIVERY_ATTEMPTS);
    const deliveries = (await timeline(caseId)).filter((t) => t.kind === 'delivery');
    expect(deliveries).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(deliveries.at(-1)!.status).toBe('dead');
    expect(deliveries.at(-1)!.detail).toContain('451');
  });

  it('a care office without an email address dead-letters at once, saying why', async () => {
    await s.admin('/v1/admin/care-offices/sanda-fax-only', {
      method: 'PUT',
      body: { name: 'FAXのみ事業所', fax: '079-111-1111' },
    });
    const { caseId } = (await (
      await s.sendEvent('sanda-aino', admittedEvent('E-faxonly', { careOfficeId: 'sanda-fax-only' }))
    ).json()) as { caseId: string };
    await waitUntil(async () => (await timeline(caseId)).some((t) => t.kind === 'delivery'));
    const notice = (await timeline(caseId)).find((t) => t.kind === 'notice')!;
    expect(notice.status).toBe('dead');
    expect((await timeline(caseId)).find((t) => t.kind === 'delivery')!.detail).toContain('no email address');
  });

  it('each notice has one idempotency key and the Message-ID carries the notice id', async () => {
    const rows = await s.running.deps.database.db.select().from(outbox);
    expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(rows.length);
    const sent = rows.find((r) => r.status === 'sent')!;
    expect(s.smtp!.mails.some((m) => m.messageId === `<${sent.id}@renkei>`)).toBe(true);
  });
});
