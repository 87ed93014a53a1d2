import { and, eq } from 'drizzle-orm';
import { cases, outbox } from '../../db/schema.js';
import { fileDischargeRecord, recordHospitalEvent, reportAdmission } from '../../engine/cases/index.js';
import type { Deps } from '../../engine/deps.js';
import { getCareOffice } from '../../engine/directory/index.js';
import { DAY_MS as DAY, jstWallClock } from '../../machines/time.js';
import type { DischargeRecordContent } from '../../machines/types.js';
import { DEMO_OFFICES, type DemoCase } from './plan.js';

// After the month: the features that start from the care manager's side, through the engine calls
// the office page's forms make and the hospital window's link (/a/{code}) over HTTP.
// 先に知った方が連絡する: four admissions reported first by a care manager (one confirmed by the
// window, one joined by the hospital's own admission, one left past its confirmation deadline, so
// it is on the stuck list, one answered 「該当する入院はありません」); and 退院・退所情報記録書 filed
// for three stays, one of them disagreeing with the hospital's conference (another day, a physician
// the hospital did not list).

export interface ReportTarget {
  base: string;
  /** Moves the server's clock (the demo's server runs in this process). */
  setNow(ms: number): void;
  sweep(): Promise<void>;
}

const jstDay = (ms: number) => jstWallClock(ms).slice(0, 10);
const requester = { ip: null, userAgent: 'npm run demo' };

export interface DemoReports {
  reported: number;
  stuck: number;
  records: number;
  repeats: number;
}

export async function demoReportsAndRecords(
  deps: Deps,
  target: ReportTarget,
  plan: DemoCase[],
  caseIds: Map<number, string>,
  end: number,
): Promise<DemoReports> {
  const office = await getCareOffice(deps, DEMO_OFFICES[1]!);
  if (!office) throw new Error('demo: the second care office is missing');
  // The day starts at the office's opening; every report falls in the last week of the month.
  const morning = (daysBefore: number, hour: number) =>
    Date.parse(`${jstDay(end - daysBefore * DAY)}T${String(hour).padStart(2, '0')}:00:00+09:00`);
  const report = async (at: number, name: string, birthDate: string, hospitalId: string, admittedDaysBefore = 1) => {
    target.setNow(at);
    const r = await reportAdmission(deps, office, {
      patient: { name, birthDate },
      hospitalId,
      admittedOn: jstDay(at - admittedDaysBefore * DAY),
    });
    if (r.kind !== 'recorded') throw new Error(`demo: report refused: ${r.detail}`);
    await target.sweep();
    return r.caseId;
  };
  /** The hospital window's answer on the link of its notice (the short code the FAX and mail carry). */
  const windowAnswers = async (caseId: string, at: number, form: Record<string, string>) => {
    target.setNow(at);
    const [row] = await deps.database.db
      .select({ code: outbox.shortCode })
      .from(outbox)
      .where(and(eq(outbox.caseId, caseId), eq(outbox.notice, 'admission_reported_notice')));
    if (!row?.code) throw new Error('demo: the reported admission has no notice with a link');
    const res = await fetch(`${target.base}/a/${row.code}`, { method: 'POST', body: new URLSearchParams(form) });
    if (res.status !== 200) throw new Error(`demo: /a/{code} answered ${res.status}`);
    await target.sweep();
  };

  // Confirmed by the window the same afternoon.
  const confirmed = await report(morning(6, 10), '大西 サダコ', '1938-04-12', 'sanda-shimin');
  await windowAnswers(confirmed, morning(6, 15), { confirm: 'yes', name: '入院受付 田中' });
  // Never answered: past its deadline (one business day), on the stuck list.
  await report(morning(5, 11), '村上 トシオ', '1941-09-03', 'sanda-aino');
  // Joined the next day by the hospital's own admission of the same patient.
  const joinedPatient = { name: '坂本 ミヨ', birthDate: '1936-02-21' };
  const admittedAt = morning(4, 9) - DAY;
  await report(morning(4, 10), joinedPatient.name, joinedPatient.birthDate, 'sanda-onsen');
  target.setNow(morning(3, 14));
  const joined = await recordHospitalEvent(deps, 'sanda-onsen', 'demo_reported_join_1', {
    type: 'admitted',
    hospitalizationId: 'DEMO-R001',
    occurredAt: new Date(admittedAt).toISOString(),
    data: { patient: joinedPatient, ward: '3階病棟', careOfficeId: office.id, usedCareServices: true },
  });
  if (joined.kind !== 'accepted') throw new Error(`demo: the hospital's admission was ${joined.kind}`);
  await target.sweep();
  // 「該当する入院はありません」: the window finds no such stay; the report closes.
  const denied = await report(morning(2, 10), '福田 マサエ', '1944-11-30', 'sanda-kogen');
  await windowAnswers(denied, morning(2, 16), { answer: 'not_found', name: '医事課 森' });
  // Out of the rule's scope: admitted from a facility (not from home to home), no deadline runs.
  target.setNow(morning(2, 11));
  await recordHospitalEvent(deps, 'sanda-shimin', 'demo_out_of_scope_1', {
    type: 'admitted',
    hospitalizationId: 'DEMO-R002',
    occurredAt: new Date(morning(2, 11)).toISOString(),
    data: {
      patient: { name: '中島 ヨネ', birthDate: '1933-07-08' },
      ward: '4階病棟',
      careOfficeId: office.id,
      usedCareServices: true,
      fromHomeToHome: false,
    },
  });
  await target.sweep();
  // A repeat admission of a patient discharged home earlier in the month: the care manager and the
  // ward agree the sheet is not needed this time (今回は提供不要（病院と合意）).
  const before = plan.find(
    (c) =>
      (c.kind === 'normal' || c.kind === 'leak_late') &&
      c.officeId &&
      DEMO_OFFICES.includes(c.officeId) &&
      c.endsAt <= end - 3 * DAY,
  );
  let repeats = 0;
  if (before) {
    target.setNow(morning(1, 10));
    const again = await recordHospitalEvent(deps, before.hospitalId, 'demo_repeat_1', {
      type: 'admitted',
      hospitalizationId: 'DEMO-R003',
      occurredAt: new Date(morning(1, 10)).toISOString(),
      data: { patient: before.patient, ward: '5階病棟', careOfficeId: before.officeId, usedCareServices: true },
    });
    await target.sweep();
    target.setNow(morning(1, 15));
    const agreed = await recordHospitalEvent(deps, before.hospitalId, 'demo_repeat_2', {
      type: 'information_sheet_not_needed_agreed',
      hospitalizationId: 'DEMO-R003',
      occurredAt: new Date(morning(1, 15)).toISOString(),
      data: { agreedWith: { name: '担当ケアマネジャー', role: '介護支援専門員' } },
    });
    if (again.kind === 'accepted' && agreed.kind === 'accepted') repeats++;
    await target.sweep();
  }
  target.setNow(end);
  await target.sweep();

  // 退院・退所情報記録書: stays discharged home after a conference, filed by their care manager.
  const ended = plan.filter((c) => c.officeId && DEMO_OFFICES.includes(c.officeId) && c.endsAt <= end - DAY);
  let records = 0;
  for (const c of ended) {
    const i = records;
    if (i === 3) break;
    const caseId = caseIds.get(c.index);
    if (!caseId) continue;
    const [row] = await deps.database.db.select().from(cases).where(eq(cases.id, caseId));
    const conference = row?.snapshot.context.conferences?.[0];
    const heldAt = conference?.heldAt ?? conference?.at;
    if (!heldAt) continue;
    // The third disagrees with the hospital: a day later, and a physician the hospital did not list.
    const differs = i === 2;
    const held = Date.parse(heldAt) + (differs ? DAY : 0);
    const record: DischargeRecordContent = {
      receivedOn: jstDay(held),
      time: jstWallClock(held).slice(11, 16),
      place: 'hospital',
      placeDetail: '病棟 カンファレンス室',
      conference: true,
      attendees: differs
        ? [
            { name: '主治医 山口', profession: 'physician', side: 'hospital' },
            { name: '病棟看護師 西村', profession: 'nurse', side: 'hospital' },
          ]
        : [
            { name: '病棟看護師 西村', profession: 'nurse', side: 'hospital' },
            { name: 'MSW 岡本', profession: 'msw', side: 'hospital' },
            { name: '担当ケアマネジャー', profession: 'care_manager', side: 'home' },
          ],
      keyPoints: [
        '肺炎は治癒。杖歩行で見守りが必要。',
        '骨折術後。屋内は歩行器で自立。',
        '心不全は安定。塩分制限あり。',
      ][i]!,
      medicalNeeds: '服薬は一包化。体重を毎朝測る。',
      adl: '入浴は一部介助。排泄は自立。',
      services: '訪問看護 週1回、通所リハビリ 週2回',
      wishes: '本人: 自宅に帰りたい。家族: 日中の見守りが不安。',
    };
    const filed = await fileDischargeRecord(deps, caseId, record, {
      actor: `care_office:${c.officeId}`,
      requester,
      basedOn: 0,
    });
    if (filed.kind === 'filed') records++;
  }
  return { reported: 4, stuck: 1, records, repeats };
}
