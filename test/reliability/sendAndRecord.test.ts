// Between a send and its record. A discharge-start notice is a fact of the case: the batch that marks
// it sent also appends its notice_delivered event (engine/notices/outbox.ts, recordDelivery). Split into
// two commits, a failure between them leaves a notice marked sent, never sent again, that the rule
// counts as never delivered (a leak); the crash test's random kills rarely land in that window, so the
// faults here are placed in it deterministically: a second libSQL client on the same file acts right
// after the SMTP server accepted the message and before it answers 250.
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, outbox } from '../../db/schema.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

const HOSPITAL = 'sanda-shimin';
const DISCHARGE_START_SUBJECT = '【退院調整開始のお知らせ】三田市民病院';
/** Past any notice's claim (five minutes): a sweep then may take a notice whose send was never recorded. */
const AFTER_THE_CLAIM_LAPSED = 6 * 60_000;

describe('a sent notice and its delivery fact commit together, or not at all', () => {
  let s: TestServer;
  let other: Client;

  beforeAll(async () => {
    s = await startTestServer({
      env: { DATABASE_BUSY_TIMEOUT_MS: '150', SCHEDULE_INTERVAL_SECONDS: '0', WEBHOOK_RATE_PER_MINUTE: '0' },
    });
    await registerCareOffice(s);
    other = createClient({ url: `file:${join(s.dir, 'renkei.db')}` });
  });
  afterAll(async () => {
    s.smtp!.afterAccept(null);
    other.close();
    await s.close();
  });

  /** Each stay has its own four weeks, so the service's clock only moves forward. */
  const DAY = 86_400_000;
  let stays = 0;
  let start = 0;
  /** Day `d` of the current stay at a JST time of day, set as the service's clock when `set`. */
  const day = (d: number, time: string, set = true) => {
    const iso = new Date(start + d * DAY + Date.parse(`1970-01-01T${time}+09:00`)).toISOString();
    if (set) s.clock.set(iso);
    return iso;
  };

  /** Admits a stay (its admission notice goes out) and starts discharge planning with `fault` armed for its notice. */
  async function dischargePlanningWith(encounter: string, fault: () => Promise<void>): Promise<string> {
    start = Date.parse('2026-12-04T00:00:00+09:00') + 28 * DAY * stays++;
    day(0, '10:35:00');
    const mailsBefore = s.smtp!.mails.length;
    const admitted = await s.sendEvent(HOSPITAL, admittedEvent(encounter, { occurredAt: day(0, '10:30:00', false) }));
    expect(admitted.status).toBe(202);
    const { caseId } = (await admitted.json()) as { caseId: string };
    await s.smtp!.waitFor(mailsBefore + 1);
    await s.running.idle();
    s.smtp!.afterAccept(async (mail) => {
      if (mail.subject !== DISCHARGE_START_SUBJECT) return;
      s.smtp!.afterAccept(null);
      await fault();
    });
    day(6, '09:05:00');
    const started = await s.sendEvent(HOSPITAL, {
      type: 'discharge_planning_started',
      hospitalizationId: encounter,
      occurredAt: day(6, '09:00:00', false),
      data: { expectedDischargeDate: day(16, '00:00:00', false).slice(0, 10) },
    });
    expect(started.status).toBe(202);
    await s.smtp!.waitFor(mailsBefore + 2);
    await s.running.idle();
    return caseId;
  }

  const dischargeStartNotice = async (caseId: string) =>
    (
      await s.running.deps.database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.caseId, caseId), eq(outbox.notice, 'discharge_start_notice')))
    )[0]!;
  const deliveryFacts = async (caseId: string) =>
    s.running.deps.database.db
      .select()
      .from(caseEvents)
      .where(
        and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'notice_delivered'), eq(caseEvents.outcome, 'accepted')),
      );
  const mailsOf = (subject: string) => s.smtp!.mails.filter((m) => m.subject === subject);

  /** The invariant a split batch breaks: the notice is marked sent exactly when its delivery fact is in the log. */
  async function expectSentMarkAndFactAgree(caseId: string) {
    const sent = (await dischargeStartNotice(caseId)).status === 'sent';
    expect(await deliveryFacts(caseId), `notice ${sent ? 'sent' : 'not sent'}`).toHaveLength(sent ? 1 : 0);
  }

  /** After the fault is gone: a later sweep sends again (same Message-ID), and the case no longer leaks at discharge. */
  async function expectRecoveredWithoutLeak(caseId: string, encounter: string, copiesBefore: number) {
    await s.sweep(new Date(Date.parse(day(6, '09:05:00')) + AFTER_THE_CLAIM_LAPSED).toISOString());
    await s.running.idle();
    const notice = await dischargeStartNotice(caseId);
    expect(notice.status).toBe('sent');
    expect(await deliveryFacts(caseId)).toHaveLength(1);
    const copies = mailsOf(DISCHARGE_START_SUBJECT).slice(copiesBefore);
    expect(copies).toHaveLength(2);
    expect(copies[1]!.messageId, 'the resend carries the same Message-ID').toBe(copies[0]!.messageId);
    day(16, '10:05:00');
    const discharged = await s.sendEvent(HOSPITAL, {
      type: 'discharged',
      hospitalizationId: encounter,
      occurredAt: day(16, '10:00:00', false),
      data: { destination: 'home', nursingSummarySent: true },
    });
    expect(discharged.status).toBe(202);
    const detail = (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as { leak: unknown };
    expect(detail.leak, 'the discharge-start notice was delivered ten days before discharge').toBeNull();
  }

  /**
   * A fault armed by another writer, under the write lock, before the sender hears 250: a trigger
   * refusing one half of the record, as a constraint failing or a disk filling up would.
   */
  const refusing = (name: string, on: string, when: string) => async () => {
    const tx = await other.transaction('write');
    await tx.execute(
      `CREATE TRIGGER ${name} BEFORE ${on} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected fault: ${name}'); END`,
    );
    await tx.commit();
  };

  it('the delivery fact refused right after the SMTP server accepted: the notice is not marked sent either, and is sent again and recorded', async () => {
    const copiesBefore = mailsOf(DISCHARGE_START_SUBJECT).length;
    const caseId = await dischargePlanningWith(
      'E-record-fact',
      refusing('test_refuse_delivery_fact', 'INSERT ON case_events', "NEW.type = 'notice_delivered'"),
    );
    await expectSentMarkAndFactAgree(caseId);
    expect((await dischargeStartNotice(caseId)).status).toBe('pending');
    await other.execute('DROP TRIGGER test_refuse_delivery_fact');
    await expectRecoveredWithoutLeak(caseId, 'E-record-fact', copiesBefore);
  });

  it('the sent mark refused right after the SMTP server accepted: the delivery fact is not in the log either, and both come with the resend', async () => {
    const copiesBefore = mailsOf(DISCHARGE_START_SUBJECT).length;
    const caseId = await dischargePlanningWith(
      'E-record-mark',
      refusing(
        'test_refuse_sent_mark',
        'UPDATE OF status ON outbox',
        "NEW.status = 'sent' AND OLD.notice = 'discharge_start_notice'",
      ),
    );
    await expectSentMarkAndFactAgree(caseId);
    expect(await deliveryFacts(caseId)).toEqual([]);
    await other.execute('DROP TRIGGER test_refuse_sent_mark');
    await expectRecoveredWithoutLeak(caseId, 'E-record-mark', copiesBefore);
  });

  it('the write lock held from the SMTP acceptance past busy_timeout: nothing of the send is recorded, and the resend records both at once', async () => {
    const copiesBefore = mailsOf(DISCHARGE_START_SUBJECT).length;
    let release: (() => Promise<void>) | null = null;
    const caseId = await dischargePlanningWith('E-record-lock', async () => {
      // BEGIN IMMEDIATE: the write lock, as a backup tool or a stuck process would hold it.
      const tx = await other.transaction('write');
      release = () => tx.rollback();
    });
    // The dispatch gave up on its record (SQLITE_BUSY) while the lock was held.
    await expectSentMarkAndFactAgree(caseId);
    expect((await dischargeStartNotice(caseId)).status).toBe('pending');
    await release!();
    await expectRecoveredWithoutLeak(caseId, 'E-record-lock', copiesBefore);
  });
});
