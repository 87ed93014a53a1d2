import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cases, informationSheets, linkUses, outbox, tasks } from '../../db/schema.js';
import { isRevokedLinkUse, linkUse, taskLink } from '../../engine/links/index.js';
import { loadSheet, submitSheet } from '../../engine/notices/index.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer, taskLinks } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Task links are revocable: by an administrator (a mail forwarded to the wrong person), and by
// themselves when the case's care office changes. A revoked link shows that it is no longer valid
// and whom to call; a POST with it records nothing; a resend carries a fresh, working link.

type Mail = { to: string[]; text: string };

describe('revocable task links', () => {
  let s: TestServer;
  const db = () => s.running.deps.database.db;
  const confirm = (link: string) => fetch(link, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) });
  const mailsTo = (address: string) => (s.smtp!.mails as Mail[]).filter((m) => m.to.includes(address));
  const admit = async (encounter: string) =>
    ((await (await s.sendEvent('sanda-shimin', admittedEvent(encounter))).json()) as { caseId: string }).caseId;
  const caseRow = async (caseId: string) => (await db().select().from(cases).where(eq(cases.id, caseId)))[0]!;
  const ackTask = async (caseId: string) =>
    (await db().select().from(tasks).where(eq(tasks.caseId, caseId))).find((t) => t.kind === 'acknowledge_admission')!;
  /** Sweeps (dispatching what is due) and returns the next mail to that address. */
  const sweepForMailTo = async (address: string) => {
    const count = mailsTo(address).length;
    await s.sweep();
    await waitUntil(() => mailsTo(address).length > count, 5000, `a mail to ${address}`);
    expect(mailsTo(address)).toHaveLength(count + 1);
    return mailsTo(address).at(-1)!;
  };
  const admissionNotices = async (caseId: string) =>
    (await db().select().from(outbox).where(eq(outbox.caseId, caseId))).filter((n) => n.notice === 'admission_notice');

  beforeAll(async () => {
    s = await startTestServer();
    await registerCareOffice(s);
    await registerCareOffice(s, 'sanda-kyotaku-02', 'cm2@example.jp');
  });
  afterAll(async () => {
    await s.close();
  });

  describe('revoked by an administrator', () => {
    let caseId = '';
    let oldLink = '';
    let oldCode = '';

    beforeAll(async () => {
      caseId = await admit('E-revoke');
      oldLink = taskLinks((await sweepForMailTo('cm@kyotaku.example.jp')).text)[0]!;
      oldCode = (await admissionNotices(caseId))[0]!.shortCode!;
      // Before revocation the link and the short link work.
      expect((await fetch(oldLink!)).status).toBe(200);
      const short = await fetch(`${s.base}/n/${oldCode}`, { redirect: 'manual' });
      expect(short.status).toBe(303);
      expect(short.headers.get('location')).toBe(oldLink);
    });

    it('revoking needs an existing case (404) and a reason of at most 500 characters (400), as problem+json', async () => {
      const res = await s.admin('/v1/admin/hospitalizations/case_nope/links/revoke', {
        method: 'POST',
        body: { reason: 'x' },
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const long = await s.admin(`/v1/admin/hospitalizations/${caseId}/links/revoke`, {
        method: 'POST',
        body: { reason: 'あ'.repeat(501) },
      });
      expect(long.status).toBe(400);
      expect(long.headers.get('content-type')).toContain('application/problem+json');
      expect((await fetch(oldLink)).status).toBe(200);
    });

    it('a revoked task link shows 無効 and acknowledging with it changes nothing', async () => {
      const res = await s.admin(`/v1/admin/hospitalizations/${caseId}/links/revoke`, {
        method: 'POST',
        body: { reason: '別の事業所へ誤って転送された' },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ caseId, state: 'admissionNotice' });
      const before = await caseRow(caseId);

      const page = await fetch(oldLink);
      expect(page.status).toBe(410);
      const html = await page.text();
      expect(html).toContain('このリンクは無効です');
      expect(html).toContain('三田市民病院');
      expect(html).not.toContain('山田');
      expect(page.headers.get('cache-control')).toBe('no-store');

      const post = await confirm(oldLink);
      expect(post.status).toBe(410);
      expect(await post.text()).toContain('無効');
      const after = await caseRow(caseId);
      expect(after.version).toBe(before.version);
      expect(after.state).toBe('admissionNotice');
      expect((await ackTask(caseId)).status).toBe('open');
    });

    it('the short link of a revoked notice shows 無効 too, and no longer leads to the task', async () => {
      const res = await fetch(`${s.base}/n/${oldCode}`, { redirect: 'manual' });
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('このリンクは無効です');
    });

    it('the revocation is in the audit log with the account that did it and the reason', async () => {
      const rows = await db().select().from(auditLog).where(eq(auditLog.action, 'case.links.revoked'));
      expect(rows).toEqual([
        expect.objectContaining({
          actor: 'bootstrap-admin',
          target: caseId,
          detail: { reason: '別の事業所へ誤って転送された' },
        }),
      ]);
    });

    it('a resend after revocation carries a fresh link and short link that work; the old ones stay revoked', async () => {
      const [original] = await admissionNotices(caseId);
      const res = await s.admin(`/v1/admin/hospitalizations/${caseId}/notices/${original!.id}/resend`, {
        method: 'POST',
        body: { reason: '新しいリンクを送る' },
      });
      expect(res.status).toBe(200);
      const { noticeId } = (await res.json()) as { noticeId: string };
      const [fresh] = taskLinks((await sweepForMailTo('cm@kyotaku.example.jp')).text);
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(oldLink);

      const resent = (await db().select().from(outbox).where(eq(outbox.id, noticeId)))[0]!;
      expect(resent.shortCode).toMatch(/^[0-9A-Z]{10}$/);
      expect(resent.shortCode).not.toBe(oldCode);
      const short = await fetch(`${s.base}/n/${resent.shortCode}`, { redirect: 'manual' });
      expect(short.status).toBe(303);
      expect(short.headers.get('location')).toBe(fresh);

      expect((await fetch(fresh!)).status).toBe(200);
      expect((await fetch(oldLink)).status).toBe(410);
      const done = await confirm(fresh!);
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('記録しました');
      expect((await ackTask(caseId)).status).toBe('done');
    });
  });

  describe('revoked when the care office changes', () => {
    let caseId = '';
    let oldLink = '';
    let oldCode = '';

    beforeAll(async () => {
      caseId = await admit('E-reassign');
      oldLink = taskLinks((await sweepForMailTo('cm@kyotaku.example.jp')).text)[0]!;
      oldCode = (await admissionNotices(caseId))[0]!.shortCode!;
      expect((await fetch(oldLink!)).status).toBe(200);
    });

    it("reassigning the care office revokes the previous office's links; the new office's link works", async () => {
      const res = await s.admin(`/v1/admin/hospitalizations/${caseId}/care-office`, {
        method: 'POST',
        body: { careOfficeId: 'sanda-kyotaku-02', reason: '家族から担当変更の連絡' },
      });
      expect(res.status).toBe(200);
      const [newLink] = taskLinks((await sweepForMailTo('cm2@example.jp')).text);
      expect(newLink).toBeDefined();
      expect(newLink).not.toBe(oldLink);

      expect((await fetch(oldLink)).status).toBe(410);
      expect((await confirm(oldLink)).status).toBe(410);
      expect((await ackTask(caseId)).status).toBe('open');
      expect((await fetch(`${s.base}/n/${oldCode}`, { redirect: 'manual' })).status).toBe(410);

      const page = await fetch(newLink!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('入院連絡の確認');
    });

    it("resending the previous office's notice gives it no working link", async () => {
      const original = (await admissionNotices(caseId)).find((n) => n.recipientId === 'sanda-kyotaku-01')!;
      const res = await s.admin(`/v1/admin/hospitalizations/${caseId}/notices/${original.id}/resend`, {
        method: 'POST',
        body: {},
      });
      expect(res.status).toBe(200);
      expect(taskLinks((await sweepForMailTo('cm@kyotaku.example.jp')).text)).toEqual([]);
      const { noticeId } = (await res.json()) as { noticeId: string };
      const resent = (await db().select().from(outbox).where(eq(outbox.id, noticeId)))[0]!;
      const short = await fetch(`${s.base}/n/${resent.shortCode}`, { redirect: 'manual' });
      // The notice itself, not a redirect to the task.
      expect(short.status).toBe(200);
    });
  });

  it('a correction that retracts the care office revokes its links', async () => {
    const caseId = (
      (await (await s.sendEvent('sanda-shimin', admittedEvent('E-retract', { careOfficeId: null }))).json()) as {
        caseId: string;
      }
    ).caseId;
    const identified = await s.sendEvent(
      'sanda-shimin',
      {
        type: 'care_office_identified',
        hospitalizationId: 'E-retract',
        occurredAt: '2026-12-04T10:45:00+09:00',
        data: { careOfficeId: 'sanda-kyotaku-01' },
      },
      { id: 'msg_wrong_office' },
    );
    expect(identified.status).toBe(202);
    const [link] = taskLinks((await sweepForMailTo('cm@kyotaku.example.jp')).text);
    expect((await fetch(link!)).status).toBe(200);

    const retracted = await s.sendEvent('sanda-shimin', {
      type: 'event_retracted',
      hospitalizationId: 'E-retract',
      occurredAt: '2026-12-04T10:50:00+09:00',
      data: { webhookId: 'msg_wrong_office', reason: '別の患者の事業所を誤送信' },
    });
    expect(retracted.status).toBe(202);
    expect((await caseRow(caseId)).careOfficeId).toBeNull();
    expect((await fetch(link!)).status).toBe(410);
  });
});

describe('a revocation committed between the link check and the write wins', () => {
  let s: TestServer;
  const db = () => s.running.deps.database.db;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('an information sheet opened before the revocation and submitted after it is not queued', async () => {
    const deps = s.running.deps;
    const { caseId } = (await (await s.sendEvent('sanda-shimin', admittedEvent('E-race'))).json()) as {
      caseId: string;
    };
    const task = (await db().select().from(tasks).where(eq(tasks.caseId, caseId))).find(
      (t) => t.kind === 'report_information_sheet',
    )!;
    const token = (await taskLink(deps, task)).split('/t/')[1]!;
    const opened = await loadSheet(deps, token);
    expect(opened.kind).toBe('ok');
    if (opened.kind !== 'ok') return;

    const revoked = await s.admin(`/v1/admin/hospitalizations/${caseId}/links/revoke`, {
      method: 'POST',
      body: { reason: 'race' },
    });
    expect(revoked.status).toBe(200);
    expect(
      await submitSheet(deps, opened.context, { admittedOn: opened.context.admittedOn, physicalState: '自立' }),
    ).toBe('revoked');

    const queued = (await db().select().from(outbox).where(eq(outbox.caseId, caseId))).filter(
      (n) => n.notice === 'information_sheet',
    );
    expect(queued).toEqual([]);
    expect(
      (await db().select().from(informationSheets).where(eq(informationSheets.taskId, task.id))).map((x) => x.status),
    ).not.toContain('submitted');
    expect(await db().select().from(linkUses).where(eq(linkUses.taskId, task.id))).toEqual([]);
  });

  it('the database refuses a whole batch that uses a link of an older generation, and keeps one of the current', async () => {
    const deps = s.running.deps;
    const { caseId } = (await (await s.sendEvent('sanda-shimin', admittedEvent('E-race-2'))).json()) as {
      caseId: string;
    };
    const before = (await db().select().from(tasks).where(eq(tasks.caseId, caseId))).find(
      (t) => t.kind === 'acknowledge_admission',
    )!;
    await s.admin(`/v1/admin/hospitalizations/${caseId}/links/revoke`, { method: 'POST', body: { reason: 'race' } });
    const marker = db().insert(auditLog).values({
      at: 1,
      actor: 'test',
      action: 'race.marker',
      target: before.id,
      ip: null,
      userAgent: null,
      detail: null,
    });
    const stale = await deps.database.commit([linkUse(deps, before, 'test.stale', 1), marker]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isRevokedLinkUse(stale)).toBe(true);
    expect(await db().select().from(auditLog).where(eq(auditLog.action, 'race.marker'))).toEqual([]);

    const current = (await db().select().from(tasks).where(eq(tasks.id, before.id)))[0]!;
    expect(current.linkGeneration).toBe(before.linkGeneration + 1);
    await deps.database.commit([linkUse(deps, current, 'test.current', 2)]);
    expect((await db().select().from(linkUses).where(eq(linkUses.taskId, before.id))).map((u) => u.action)).toEqual([
      'test.current',
    ]);
  });
});
