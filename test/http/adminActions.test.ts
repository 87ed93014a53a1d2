import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeResends, outbox } from '../../db/schema.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

type Detail = {
  state: string;
  careOfficeId: string | null;
  timeline: {
    kind: string;
    type?: string;
    source?: string;
    outcome?: string;
    noticeId?: string;
    notice?: string;
    manual?: { by: string; reason: string } | null;
  }[];
};

describe('administration API actions: resend, reassign, facts by hand', () => {
  let s: TestServer;
  let caseId = '';
  const detail = async () => (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    await registerCareOffice(s, 'sanda-kyotaku-02', 'cm2@example.jp');
    caseId = ((await (await s.sendEvent('sanda-shimin', admittedEvent('E-act'))).json()) as { caseId: string }).caseId;
    await s.sweep();
  });
  afterAll(async () => {
    await s.close();
  });

  it('resend queues a new notice with a new idempotency key, linked to the original; a pending notice of no case is 404', async () => {
    const original = (await detail()).timeline.find((t) => t.kind === 'notice' && t.notice === 'admission_notice')!;
    const res = await s.admin(`/v1/admin/hospitalizations/${caseId}/notices/${original.noticeId}/resend`, {
      method: 'POST',
      body: { reason: 'CMから未着の連絡' },
    });
    expect(res.status).toBe(200);
    const { noticeId } = (await res.json()) as { noticeId: string };
    const { db } = s.running.deps.database;
    const rows = await db.select().from(outbox);
    const [a, b] = [rows.find((r) => r.id === original.noticeId)!, rows.find((r) => r.id === noticeId)!];
    expect(b).toMatchObject({
      notice: a.notice,
      recipientId: a.recipientId,
      taskId: a.taskId,
      route: a.route,
      documentId: a.documentId,
      aboutNoticeId: a.aboutNoticeId,
    });
    expect(b.idempotencyKey).not.toBe(a.idempotencyKey);
    expect(await db.select().from(noticeResends)).toEqual([
      expect.objectContaining({
        outboxId: noticeId,
        originalId: original.noticeId,
        actor: 'bootstrap-admin',
        reason: 'CMから未着の連絡',
      }),
    ]);
    expect(
      (await s.admin(`/v1/admin/hospitalizations/${caseId}/notices/ntc_nope/resend`, { method: 'POST', body: {} }))
        .status,
    ).toBe(404);
  });

  it('a resent information sheet is still its FAX: route, document and the notice it is about are kept', async () => {
    const { db } = s.running.deps.database;
    const now = Date.now();
    // A dead sheet FAX, as dispatch leaves one after its retries: the resend must carry its pages.
    await db.insert(outbox).values({
      id: 'ntc_sheet_dead',
      caseId,
      notice: 'information_sheet',
      route: 'document',
      channel: 'fax',
      recipientKind: 'hospital_window',
      recipientId: 'sanda-shimin-renkei',
      documentId: 'sheet_x',
      aboutNoticeId: 'ntc_about',
      idempotencyKey: 'sheet:sheet_x',
      shortCode: 'DEADSHEET1',
      status: 'dead',
      attempts: 5,
      nextAttemptAt: now,
      createdAt: now,
    });
    const res = await s.admin(`/v1/admin/hospitalizations/${caseId}/notices/ntc_sheet_dead/resend`, {
      method: 'POST',
      body: { reason: '病院のFAX故障が直った' },
    });
    expect(res.status).toBe(200);
    const { noticeId } = (await res.json()) as { noticeId: string };
    const [resent] = (await db.select().from(outbox)).filter((r) => r.id === noticeId);
    expect(resent).toMatchObject({
      notice: 'information_sheet',
      route: 'document',
      documentId: 'sheet_x',
      aboutNoticeId: 'ntc_about',
      recipientKind: 'hospital_window',
    });
  });

  it('reassigning the care office records care_office_identified from the administrator through the machine', async () => {
    const res = await s.admin(`/v1/admin/hospitalizations/${caseId}/care-office`, {
      method: 'POST',
      body: { careOfficeId: 'sanda-kyotaku-02', reason: '家族から担当変更の連絡' },
    });
    expect(res.status).toBe(200);
    const d = await detail();
    expect(d.careOfficeId).toBe('sanda-kyotaku-02');
    expect(d.timeline.find((t) => t.type === 'care_office_identified')).toMatchObject({
      source: 'admin',
      outcome: 'accepted',
      manual: { by: 'bootstrap-admin', reason: '家族から担当変更の連絡' },
    });
  });

  it('a fact by hand needs a reason (400); one the rule refuses is kept in the log (409); a repeated key records once', async () => {
    const noReason = await s.admin(`/v1/admin/hospitalizations/${caseId}/events`, {
      method: 'POST',
      body: { event: { type: 'died', occurredAt: '2026-12-04T10:40:00+09:00', data: {} } },
    });
    expect(noReason.status).toBe(400);
    const refused = await s.admin(`/v1/admin/hospitalizations/${caseId}/events`, {
      method: 'POST',
      body: {
        event: { type: 'care_plan_copy_sent', occurredAt: '2026-12-04T10:40:00+09:00', data: {} },
        reason: '誤操作の確認',
      },
    });
    expect(refused.status).toBe(409);
    expect(
      (await detail()).timeline.some(
        (t) => t.type === 'care_plan_copy_sent' && t.outcome === 'rejected' && t.source === 'admin',
      ),
    ).toBe(true);
    const body = {
      event: {
        type: 'treatment_plan_shared',
        occurredAt: '2026-12-04T10:41:00+09:00',
        data: { expectedLengthOfStayDays: 14 },
      },
      reason: '電話で共有',
      idempotencyKey: 'fact-0001',
    };
    expect((await s.admin(`/v1/admin/hospitalizations/${caseId}/events`, { method: 'POST', body })).status).toBe(200);
    expect((await s.admin(`/v1/admin/hospitalizations/${caseId}/events`, { method: 'POST', body })).status).toBe(200);
    expect((await detail()).timeline.filter((t) => t.type === 'treatment_plan_shared')).toHaveLength(1);
  });
});
