import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedEvent, registerCareOffice, taskLinks } from '../support/server.js';
import type { Target } from '../support/targets.js';

type Detail = {
  state: string;
  version: number;
  overdue: string[];
  deadlines: { key: string; status: string; dueAt: string; remindAt: string | null }[];
  timeline: { kind: string; type?: string; source?: string }[];
};

/**
 * The handoff every runtime must carry the same way: a signed webhook, the transition, the
 * outbox, and the runtime's cron firing a timer. Requests run on the runtime's own clock (a
 * Worker's clock cannot be set), so the admission is an hour ago and the cron is run at the
 * instants the case's deadline names.
 */
export function handoffScenario(start: () => Promise<Target>) {
  let t: Target;
  let caseId: string;
  const hospital = 'sanda-shimin';
  const encounter = `E-handoff-${Date.now()}`;
  const admittedAt = new Date(Date.now() - 60 * 60_000).toISOString();
  const deliveryId = `msg-handoff-${Date.now()}`;
  const detail = async () => (await (await t.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;

  beforeAll(async () => {
    t = await start();
    await registerCareOffice(t);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('signed webhook → transition → outbox → cron fires a timer', () => {
    it('A① a signed admission opens a case and its notice goes out after the commit, family name only', async () => {
      const res = await t.sendEvent(hospital, admittedEvent(encounter, { occurredAt: admittedAt }), { id: deliveryId });
      expect(res.status).toBe(202);
      const body = (await res.json()) as { caseId: string; state: string };
      expect(body.state).toBe('admissionNotice');
      caseId = body.caseId;
      const [mail] = await t.waitForMails(1);
      expect(mail!.to).toEqual(['cm@kyotaku.example.jp']);
      expect(mail!.subject).toBe('【入院のお知らせ】三田市民病院');
      expect(mail!.text).toContain('山田 様');
      expect(mail!.text).not.toContain('花子');
      expect(mail!.messageId).toMatch(/^<ntc_[A-Za-z0-9_-]+@renkei>$/);
      expect(taskLinks(mail!.text)).toHaveLength(1);
    });

    it('a repeated delivery (same webhook-id) gets the first answer and changes nothing', async () => {
      const before = await detail();
      const res = await t.sendEvent(hospital, admittedEvent(encounter, { occurredAt: admittedAt }), { id: deliveryId });
      expect(res.status).toBe(202);
      expect(((await res.json()) as { caseId: string }).caseId).toBe(caseId);
      expect((await detail()).version).toBe(before.version);
      expect(t.mails).toHaveLength(1);
    });

    it('a delivery signed with another secret is refused as 401 problem+json', async () => {
      const res = await t.sendEvent(hospital, admittedEvent(`${encounter}-x`), {
        secret: `whsec_${btoa('not the hospital secret')}`,
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });

    it("A① the notice's link opens the care manager's page, naming no one before the press that records, and opening it changes nothing", async () => {
      const [link] = taskLinks(t.mails[0]!.text);
      const page = await t.fetch(link!);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('入院連絡の確認');
      expect(html).not.toContain('山田');
      const d = (await detail()) as Detail & { patient: { name: string } };
      expect(d.version).toBe(1);
      // The full name, decrypted from the case row with this runtime's WebCrypto.
      expect(d.patient.name).toBe('山田 花子');
    });

    it('A① the cron at the reminder time fires the reminder timer once and mails the care office', async () => {
      const deadline = (await detail()).deadlines.find((d) => d.key === 'informationSheet')!;
      expect(deadline.remindAt).not.toBeNull();
      await t.cron(deadline.remindAt!);
      await t.waitForMails(2);
      expect(t.mails[1]!.subject).toMatch(/^【提出期限のお知らせ】入院時情報提供シート/);
      await t.cron(deadline.remindAt!);
      const timerEvents = (await detail()).timeline.filter((e) => e.kind === 'event' && e.source === 'timer');
      expect(timerEvents.map((e) => e.type)).toEqual(['deadline_approached']);
      expect(t.mails).toHaveLength(2);
    });

    it('A① the cron after the end of the third day lists the case as overdue', async () => {
      const deadline = (await detail()).deadlines.find((d) => d.key === 'informationSheet')!;
      await t.cron(deadline.dueAt);
      const d = await detail();
      expect(d.overdue).toEqual(['informationSheet']);
      const list = (await (await t.admin('/v1/admin/hospitalizations?overdue=true')).json()) as {
        items: { caseId: string }[];
      };
      expect(list.items.map((i) => i.caseId)).toContain(caseId);
    });

    it('ten events on one case at the same moment: all applied in sequence, none lost (the optimistic lock on this backend)', async () => {
      const before = await detail();
      await t.sendEvent(hospital, {
        type: 'discharge_planning_started',
        hospitalizationId: encounter,
        occurredAt: new Date(Date.now() - 30 * 60_000).toISOString(),
        data: { expectedDischargeDate: '2026-12-31' },
      });
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t.sendEvent(hospital, {
            type: 'conference_scheduled',
            hospitalizationId: encounter,
            occurredAt: new Date(Date.now() - 20 * 60_000).toISOString(),
            data: { at: `2026-12-${String(10 + i).padStart(2, '0')}T14:00:00+09:00`, online: true },
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(202));
      const after = await detail();
      // Eleven hospital events; the sweeps after each commit may add their own (a delivery, a timer) meanwhile.
      const fromHospital = (d: typeof before) =>
        d.timeline.filter((e) => e.kind === 'event' && (e as { source?: string }).source === 'hospital').length;
      expect(fromHospital(after)).toBe(fromHospital(before) + 11);
      expect(after.version).toBeGreaterThanOrEqual(before.version + 11);
      // The timeline is ordered by time, and the timer events were stamped at the cron's (future) instant.
      const seqs = after.timeline
        .filter((e) => e.kind === 'event')
        .map((e) => (e as { seq?: number }).seq!)
        .sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: after.version }, (_, i) => i + 1));
    });

    it('the log names cases and notices by id, never the patient', () => {
      expect(t.logs.some((l) => l.includes(caseId))).toBe(true);
      expect(t.logs.filter((l) => /山田|花子|1941-05-02/.test(l))).toEqual([]);
    });
  });
}
