import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedEvent, mailsSent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Issue 13 item 7: a correction tells the care manager what was taken back and where the stay is now.
describe('corrections and endings people can read', () => {
  let s: TestServer;
  const ev = (type: string, occurredAt: string, data: unknown) => ({
    type,
    hospitalizationId: 'E-corr',
    occurredAt,
    data,
  });
  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-06T12:00:00+09:00' });
    await registerCareOffice(s);
    expect((await s.sendEvent('sanda-shimin', admittedEvent('E-corr'))).status).toBe(202);
  });
  afterAll(async () => {
    await s.close();
  });
  const mail = (subject: string) => mailsSent(s).find((m) => m.subject.startsWith(subject));

  it('the 【訂正】 mail after a retracted death names the death and says the stay continues', async () => {
    const died = await s.sendEvent('sanda-shimin', ev('died', '2026-12-05T09:00:00+09:00', {}), { id: 'msg_died' });
    expect(died.status).toBe(202);
    await waitUntil(() => mail('【入院終了のお知らせ】') !== undefined);
    const fix = await s.sendEvent(
      'sanda-shimin',
      ev('event_retracted', '2026-12-05T09:30:00+09:00', { webhookId: 'msg_died', reason: '別の患者と取り違え' }),
    );
    expect(fix.status).toBe(202);
    expect(((await fix.json()) as { state: string }).state).not.toBe('closed');
    await waitUntil(() => mail('【訂正】') !== undefined);
    const text = mail('【訂正】')!.text;
    expect(text).toContain('山田 様についての先のお知らせに誤りがあり、訂正されました');
    expect(text).toContain('取り消された連絡: 死亡退院\n');
    expect(text).toContain('現在の状況: 入院中です (入院は継続しています)');
    expect(text).not.toMatch(/case_|ntc_|died/);
  });

  it('a cancelled admission reads 「…様の入院が取り消されました」', async () => {
    expect((await s.sendEvent('sanda-shimin', admittedEvent('E-cancel'))).status).toBe(202);
    const cancel = await s.sendEvent('sanda-shimin', {
      type: 'admission_cancelled',
      hospitalizationId: 'E-cancel',
      occurredAt: '2026-12-05T10:00:00+09:00',
      data: {},
    });
    expect(cancel.status).toBe(202);
    await waitUntil(() => mailsSent(s).some((m) => m.text.includes('入院が取り消されました')));
    const text = mailsSent(s).find((m) => m.text.includes('入院が取り消されました'))!.text;
    expect(text).toContain('山田 様の入院が取り消されました。');
    expect(text).not.toContain('様が入院が');
  });

  it('an event_retracted naming an unknown webhook-id answers 422 naming data.webhookId', async () => {
    const res = await s.sendEvent(
      'sanda-shimin',
      ev('event_retracted', '2026-12-05T11:00:00+09:00', { webhookId: 'msg_never_sent', reason: '誤送信' }),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { type: string; detail: string; errors: { field: string; message: string }[] };
    expect(body.errors).toEqual([{ field: 'data.webhookId', message: expect.stringContaining('msg_never_sent') }]);
    expect(body.detail).toContain('data.webhookId');
  });
});
