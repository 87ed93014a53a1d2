import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer, taskLinks } from '../support/server.js';

type Detail = {
  state: string;
  route: string;
  careOfficeId: string | null;
  closedReason: string | null;
  leak: { reason: string; detail: string } | null;
  noExchangeBeforeDischarge: boolean;
  previousStay: { caseId: string | null; reason: string; atAnotherHospital: boolean } | null;
  eligibility: { guideToApplication: boolean; reasons: string[] } | null;
  assignment: { matchesRecommendation: boolean } | null;
  deadlines: { key: string; status: string }[];
  tasks: { kind: string; status: string }[];
  billing: { code: string; supported: boolean; missing: string[] }[];
  timeline: { kind: string; type?: string; outcome?: string; detail?: string | null }[];
};

describe('the whole rule over HTTP: route B, leaks, transfers, readmissions, corrections', () => {
  let s: TestServer;
  const ev = (encounter: string, type: string, occurredAt: string, data: unknown) => ({
    type,
    hospitalizationId: encounter,
    occurredAt,
    data,
  });
  const detail = async (caseId: string) =>
    (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;
  const post = async (hospital: string, body: unknown, id?: string) => {
    const res = await s.sendEvent(hospital, body, id ? { id } : {});
    return { status: res.status, body: (await res.json()) as { caseId: string; state: string; detail?: string } };
  };
  const mailTo = (address: string, subject: string) =>
    s.smtp!.mails.find((m) => m.to.includes(address) && m.subject.includes(subject));
  const waitMail = async (address: string, subject: string) => {
    for (let i = 0; i < 200 && !mailTo(address, subject); i++) await new Promise((r) => setTimeout(r, 20));
    const mail = mailTo(address, subject);
    expect(mail, `${subject} to ${address}`).toBeDefined();
    return mail!;
  };
  const waitDelivered = async (caseId: string) => {
    for (let i = 0; i < 200 && !(await detail(caseId)).timeline.some((t) => t.type === 'notice_delivered'); i++)
      await new Promise((r) => setTimeout(r, 20));
  };

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-01T09:00:00+09:00' });
    await registerCareOffice(s);
    await s.admin('/v1/admin/care-offices/sanda-houkatsu-01', {
      method: 'PUT',
      body: {
        name: '三田市地域包括支援センター',
        kind: 'community_support_center',
        email: 'houkatsu@example.jp',
        region: 'sanda',
      },
    });
    await s.admin('/v1/admin/care-offices/sanda-kyotaku-02', {
      method: 'PUT',
      body: { name: 'さんだ居宅介護支援', email: 'cm2@example.jp', region: 'sanda' },
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it('B① a patient without a care manager is screened; the decision comes with its reasons', async () => {
    const admitted = await post(
      'sanda-nishi',
      admittedEvent('E-B', { careOfficeId: null, occurredAt: '2026-12-01T08:30:00+09:00' }),
    );
    expect(admitted.body.state).toBe('eligibilityScreening');
    const screened = await post(
      'sanda-nishi',
      ev('E-B', 'eligibility_screened', '2026-12-01T08:40:00+09:00', {
        age: 84,
        criteria: ['standing_walking', 'toileting'],
        wantsServices: true,
      }),
    );
    expect(screened.body.state).toBe('insuranceApplication');
    const d = await detail(admitted.body.caseId);
    expect(d.route).toBe('B');
    expect(d.eligibility!.guideToApplication).toBe(true);
    expect(d.eligibility!.reasons).toEqual(
      expect.arrayContaining([
        '目安: 立ち上がりや歩行などに介助が必要',
        '目安: 排泄に介助が必要、またはポータブルトイレを使用中',
      ]),
    );
  });

  it('B① when the family cannot, the hospital asks the community support center, which is told', async () => {
    const res = await post(
      'sanda-nishi',
      ev('E-B', 'insurance_application_supported', '2026-12-01T08:50:00+09:00', {
        by: 'hospital',
        supportCenterId: 'sanda-houkatsu-01',
      }),
    );
    expect(res.body.state).toBe('careManagerAssignment');
    const mail = await waitMail('houkatsu@example.jp', '介護保険申請の支援依頼');
    expect(mail.text).toContain('三田西病院');
  });

  it('B① a support center id that is a home-care office is refused naming the field', async () => {
    const res = await s.sendEvent(
      'sanda-nishi',
      ev('E-B', 'insurance_application_supported', '2026-12-01T08:51:00+09:00', {
        by: 'hospital',
        supportCenterId: 'sanda-kyotaku-02',
      }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('data.supportCenterId');
  });

  it('B② the assigned care manager is asked to contact the hospital early, and records it from the link', async () => {
    const res = await post(
      'sanda-nishi',
      ev('E-B', 'care_manager_assigned', '2026-12-01T08:55:00+09:00', {
        careOfficeId: 'sanda-kyotaku-02',
        expectedCareLevel: 'care',
      }),
    );
    expect(res.body.state).toBe('careManagerContact');
    const mail = await waitMail('cm2@example.jp', '担当のお知らせ');
    const [link] = taskLinks(mail.text);
    expect(await (await fetch(link!)).text()).toContain('病院への連絡の記録');
    const done = await fetch(link!, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes', contactedAt: '2026-12-01T08:58' }),
    });
    expect(done.status).toBe(200);
    const d = await detail(res.body.caseId);
    expect(d.state).toBe('inpatientCoordination');
    expect(d.assignment!.matchesRecommendation).toBe(true);
  });

  it('B③ B⑤ a new applicant discharged without any conference or information exchange is flagged', async () => {
    await post(
      'sanda-nishi',
      ev('E-B', 'discharge_planning_started', '2026-12-01T08:59:00+09:00', { expectedDischargeDate: '2026-12-10' }),
    );
    await waitMail('cm2@example.jp', '退院調整開始');
    const { body } = await post(
      'sanda-nishi',
      ev('E-B', 'discharged', '2026-12-01T09:00:00+09:00', { destination: 'home', nursingSummarySent: true }),
    );
    const d = await detail(body.caseId);
    expect(d.state).toBe('carePlanCopy');
    expect(d.noExchangeBeforeDischarge).toBe(true);
  });

  it('A③ a sudden discharge is a handoff leak with its reason, and the care manager is told at once', async () => {
    const admitted = await post('sanda-aino', admittedEvent('E-sudden', { occurredAt: '2026-12-01T08:00:00+09:00' }));
    const { body } = await post(
      'sanda-aino',
      ev('E-sudden', 'discharged', '2026-12-01T08:30:00+09:00', { destination: 'home', nursingSummarySent: false }),
    );
    expect(body.state).toBe('discharged');
    const d = await detail(admitted.body.caseId);
    expect(d.leak).toEqual({
      reason: 'no_discharge_start_notice',
      detail: '退院調整開始の連絡がないまま退院 (急な退院)',
    });
    const mail = await waitMail('cm@kyotaku.example.jp', '至急・退院のお知らせ');
    expect(mail.text).toContain('あいの病院');
    const rows = await s.running.deps.database.db.select().from(outbox);
    expect(rows.find((r) => r.notice === 'sudden_discharge_notice')!.urgent).toBe(true);
    const list = (await (await s.admin('/v1/admin/hospitalizations?hospitalId=sanda-aino')).json()) as {
      items: { leak: string | null }[];
    };
    expect(list.items[0]!.leak).toBe('no_discharge_start_notice');
  });

  it('A③ a discharge-start notice delivered fewer than the lead days before discharge (announced with more) is a late notice', async () => {
    const admitted = await post('sanda-aino', admittedEvent('E-late', { occurredAt: '2026-12-01T08:00:00+09:00' }));
    // Announced for 12/9 (8 days ahead), then out on 12/2: the notice came 1 day before. (Announced
    // for 12/2 and told at once, it would be a sudden discharge told promptly: no late notice.)
    await post(
      'sanda-aino',
      ev('E-late', 'discharge_planning_started', '2026-12-01T08:10:00+09:00', { expectedDischargeDate: '2026-12-09' }),
    );
    await waitDelivered(admitted.body.caseId);
    s.clock.set('2026-12-02T10:00:00+09:00');
    await post(
      'sanda-aino',
      ev('E-late', 'discharged', '2026-12-02T09:00:00+09:00', { destination: 'home', nursingSummarySent: true }),
    );
    const d = await detail(admitted.body.caseId);
    expect(d.leak!.reason).toBe('discharge_start_notice_late');
    expect(d.leak!.detail).toContain('1日前');
  });

  let transferred: string;
  it('転院: the care manager is told, the receiving window gets the information-sheet copy, and the next stay continues it', async () => {
    s.clock.set('2026-12-03T10:00:00+09:00');
    const admitted = await post('sanda-shimin', admittedEvent('E-T1', { occurredAt: '2026-12-03T09:00:00+09:00' }));
    transferred = admitted.body.caseId;
    const adm = await waitMail('cm@kyotaku.example.jp', '【入院のお知らせ】三田市民病院');
    await post(
      'sanda-shimin',
      ev('E-T1', 'discharge_difficulty_screened', '2026-12-03T09:10:00+09:00', { difficult: true }),
    );
    const sheetTask = (await detail(transferred)).tasks.find((t) => t.kind === 'report_information_sheet');
    expect(sheetTask!.status).toBe('open');
    // The care manager provided the sheet by FAX; the hospital then transfers the patient.
    const [ackLink] = taskLinks(adm.text);
    const page = await (
      await fetch(ackLink!, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) })
    ).text();
    const [sheetLink] = taskLinks(page.replace(/href="/g, ' '));
    await fetch(sheetLink!, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes', providedAt: '2026-12-03T09:30', means: 'fax' }),
    });
    const res = await post(
      'sanda-shimin',
      ev('E-T1', 'transferred', '2026-12-03T09:45:00+09:00', {
        toHospitalId: 'sanda-hirashima',
        toHospitalName: '平島病院',
      }),
    );
    expect(res.body.state).toBe('closed');
    const d = await detail(transferred);
    expect(d.closedReason).toBe('transferred');
    expect(d.deadlines.find((x) => x.key === 'patientFamilyInterview')!.status).toBe('waived');
    const mail = await waitMail('cm@kyotaku.example.jp', '転院のお知らせ');
    expect(mail.text).toContain('転院先: 平島病院');
    // A sheet is on record: the notice says a copy goes to the receiving hospital, and asks for nothing.
    expect(mail.text).toContain('転院先の病院へは入院時情報提供シートの写しが提供されます');
    expect(taskLinks(mail.text)).toEqual([]);
    const copy = (await s.running.deps.database.db.select().from(outbox)).find(
      (r) => r.notice === 'information_sheet_copy',
    )!;
    expect(copy).toMatchObject({
      channel: 'fax',
      recipientKind: 'hospital',
      recipientId: 'sanda-hirashima',
      recipientPurpose: 'planned_admission',
    });

    const next = await post(
      'sanda-hirashima',
      admittedEvent('E-T2', { careOfficeId: null, occurredAt: '2026-12-03T09:55:00+09:00' }),
    );
    const n = await detail(next.body.caseId);
    expect(n.previousStay).toEqual({ caseId: transferred, reason: 'transfer', atAnotherHospital: true });
    expect(n.careOfficeId).toBe('sanda-kyotaku-01');
    expect(n.route).toBe('A');
  });

  it('readmission within 30 days of a discharge home is linked to the earlier stay', async () => {
    s.clock.set('2026-12-20T10:00:00+09:00');
    const again = await post('sanda-aino', admittedEvent('E-sudden-2', { occurredAt: '2026-12-20T09:00:00+09:00' }));
    const d = await detail(again.body.caseId);
    expect(d.previousStay?.reason).toBe('readmission');
  });

  it('a mistaken event is retracted by a correction, never edited: the case is rebuilt and the care manager told', async () => {
    s.clock.set('2026-12-21T10:00:00+09:00');
    const admitted = await post('sanda-kogen', admittedEvent('E-fix', { occurredAt: '2026-12-21T08:00:00+09:00' }));
    const caseId = admitted.body.caseId;
    await post(
      'sanda-kogen',
      ev('E-fix', 'discharge_planning_started', '2026-12-21T08:10:00+09:00', { expectedDischargeDate: '2026-12-28' }),
    );
    const wrong = await post(
      'sanda-kogen',
      ev('E-fix', 'discharged', '2026-12-21T08:20:00+09:00', { destination: 'home', nursingSummarySent: true }),
      'msg_wrong_discharge',
    );
    expect(wrong.body.state).toBe('carePlanCopy');
    expect((await detail(caseId)).tasks.find((t) => t.kind === 'confirm_care_plan_copy')!.status).toBe('open');
    const fix = await post(
      'sanda-kogen',
      ev('E-fix', 'event_retracted', '2026-12-21T09:00:00+09:00', {
        webhookId: 'msg_wrong_discharge',
        reason: '別の患者の退院を誤送信',
      }),
    );
    expect(fix.status).toBe(202);
    expect(fix.body.state).toBe('dischargeStart');
    const d = await detail(caseId);
    expect(d.tasks.find((t) => t.kind === 'confirm_care_plan_copy')!.status).toBe('closed');
    expect(d.deadlines.some((x) => x.key === 'carePlanCopy')).toBe(false);
    expect(d.timeline.filter((t) => t.kind === 'event').map((t) => t.type)).toEqual(
      expect.arrayContaining(['discharged', 'event_retracted']),
    );
    const corrected = await waitMail('cm@kyotaku.example.jp', '【訂正】');
    expect(corrected.text).toContain('取り消された連絡: 退院\n');
    expect(corrected.text).toContain('現在の状況: 入院中です');
    const twice = await s.sendEvent(
      'sanda-kogen',
      ev('E-fix', 'event_retracted', '2026-12-21T09:05:00+09:00', {
        webhookId: 'msg_wrong_discharge',
        reason: 'again',
      }),
    );
    expect(twice.status).toBe(409);
    const admission = await s.sendEvent(
      'sanda-kogen',
      ev('E-fix', 'event_retracted', '2026-12-21T09:06:00+09:00', { webhookId: 'nope', reason: 'x' }),
    );
    expect(admission.status).toBe(422);
  });

  it('billing evidence: a conference with three home-side professions and the care manager meets 退院・退所加算(I)ロ but for the month services start', async () => {
    s.clock.set('2026-12-22T12:00:00+09:00');
    const admitted = await post('sanda-kogen', admittedEvent('E-bill', { occurredAt: '2026-12-22T09:00:00+09:00' }));
    await post(
      'sanda-kogen',
      ev('E-bill', 'discharge_planning_started', '2026-12-22T09:10:00+09:00', { expectedDischargeDate: '2026-12-30' }),
    );
    await post(
      'sanda-kogen',
      ev('E-bill', 'conference_held', '2026-12-22T10:00:00+09:00', {
        kind: 'joint_guidance',
        participants: [
          { profession: 'physician' },
          { profession: 'care_manager' },
          { profession: 'visiting_nurse' },
          { profession: 'pharmacist', side: 'home' },
        ],
      }),
    );
    await post(
      'sanda-kogen',
      ev('E-bill', 'discharged', '2026-12-22T11:00:00+09:00', { destination: 'home', nursingSummarySent: true }),
    );
    const billing = (await detail(admitted.body.caseId)).billing;
    const byCode = Object.fromEntries(billing.map((b) => [b.code, b]));
    // Every condition met but the month: 退院・退所加算 waits for the day services start (❷ 利用開始月).
    expect(byCode.discharge_1ro!.supported).toBe(false);
    expect(byCode.discharge_1ro!.missing).toEqual([
      '居宅サービスの利用開始日の記録がない (利用開始月に算定: ケアプランの写しの送付記録で入力)',
    ]);
    expect(byCode.discharge_2ro!.supported).toBe(false);
    expect(byCode.multi_agency_guidance!.supported).toBe(true);
    expect(byCode.info_linkage_1!.supported).toBe(false);
    expect(byCode.info_linkage_1!.missing[0]).toContain('入院時情報提供の記録がない');
  });
});
