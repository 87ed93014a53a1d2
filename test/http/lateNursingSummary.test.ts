import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nursingSummaries, outbox } from '../../db/schema.js';
import { SAMPLE_NURSING_SUMMARY } from '../support/nursingSummary.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitForMails } from '../support/smtp.js';

// Sanda A⑤ 看護サマリー: a summary posted as data after the care plan's copy closed the stay (the
// discharge said the summary went by FAX) is accepted, not refused with 409: it is stored sealed, the
// care manager's notice is queued and sent, its link shows the summary, and the stay stays closed.

describe('Sanda A⑤ 看護サマリー after the stay closed: stored, and the care manager still gets it', () => {
  let s: TestServer;
  let caseId: string;
  const encounter = 'E-late-summary';
  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-16T11:00:00+09:00' });
    await registerCareOffice(s);
    caseId = ((await (await s.sendEvent('sanda-shimin', admittedEvent(encounter))).json()) as { caseId: string })
      .caseId;
    const discharged = await s.sendEvent('sanda-shimin', {
      type: 'discharged',
      hospitalizationId: encounter,
      occurredAt: '2026-12-15T10:00:00+09:00',
      data: { destination: 'home', nursingSummarySent: true },
    });
    expect(discharged.status).toBe(202);
    // The care manager's copy, recorded by the center by hand: the stay closes.
    const copy = await s.admin(`/v1/admin/hospitalizations/${caseId}/events`, {
      method: 'POST',
      body: {
        event: { type: 'care_plan_copy_sent', occurredAt: '2026-12-15T15:00:00+09:00', data: {} },
        reason: '電話で送付を確認',
      },
    });
    expect(copy.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  const state = async () =>
    ((await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as { state: string }).state;

  it('Sanda A⑤ 看護サマリー: the closed stay accepts the summary (202), stores it and queues the notice, and stays closed', async () => {
    expect(await state()).toBe('closed');
    const res = await s.sendEvent('sanda-shimin', {
      type: 'nursing_summary_sent',
      hospitalizationId: encounter,
      occurredAt: '2026-12-16T10:00:00+09:00',
      data: { summary: SAMPLE_NURSING_SUMMARY },
    });
    expect(res.status).toBe(202);
    const { db } = s.running.deps.database;
    expect(await db.select().from(nursingSummaries).where(eq(nursingSummaries.caseId, caseId))).toHaveLength(1);
    const queued = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, caseId), eq(outbox.notice, 'nursing_summary_notice')));
    expect(queued.map((n) => [n.recipientKind, n.taskId])).toEqual([['care_office', null]]);
    expect(await state()).toBe('closed');
  });

  it('Sanda A⑤ 看護サマリー: the care manager is mailed the notice, and its link shows the summary after the press', async () => {
    await s.sweep();
    const mails = await waitForMails(s.smtp!.mails, 1);
    const notice = mails.find((m) => m.subject.includes('看護サマリーのお知らせ'));
    expect(notice, mails.map((m) => m.subject).join(' / ')).toBeDefined();
    expect(notice!.to).toEqual(['cm@kyotaku.example.jp']);
    const link = /https?:\/\/\S+\/n\/[0-9A-Z]+/.exec(notice!.text)![0];
    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const shown = await fetch(new URL(opened.headers.get('location')!, s.base), { method: 'POST' });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('夜間のトイレ移動で転倒の恐れ。');
  });

  it('Sanda A⑤ 看護サマリー: a bare 「サマリー送付済み」 without data on the closed stay is still refused (409)', async () => {
    const res = await s.sendEvent('sanda-shimin', {
      type: 'nursing_summary_sent',
      hospitalizationId: encounter,
      occurredAt: '2026-12-16T10:30:00+09:00',
      data: {},
    });
    expect(res.status).toBe(409);
  });
});
