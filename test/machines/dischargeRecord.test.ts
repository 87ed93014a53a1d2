// Seed 002 ❷ 退院・退所加算 【算定時の留意事項】: 「カンファレンスに参加した場合は、その日時、開催場所、
// 出席者、内容の要点等について居宅サービス計画等（支援経過）に記録」 (様式⑨ 退院・退所情報記録書), and
// 「退院後７日以内に情報を得た場合には算定する」. The record is a fact through the machine; the evidence
// sets it beside the hospital's facts.
import { describe, expect, it } from 'vitest';
import { billingEvidence } from '../../machines/billing.js';
import {
  compareDischargeRecord,
  conferenceForRecord,
  RECORD_DAYS_AFTER_DISCHARGE,
} from '../../machines/dischargeRecord.js';
import { accepts, admit, apply, type StoredSnapshot } from '../../machines/run.js';
import type { DischargeRecordContent, HospitalizationEvent } from '../../machines/types.js';
import { routeAAdmission, ruleOf } from './stays.js';
import { SAMPLE_RECORD } from './vocabulary.js';

const run = (s: StoredSnapshot, ...events: HospitalizationEvent[]) =>
  events.reduce((x, e) => {
    expect(accepts(x, e), e.type).toBe(true);
    return apply(x, e).snapshot;
  }, s);
const filed = (
  record: Partial<DischargeRecordContent>,
  occurredAt = '2026-06-24T18:00:00+09:00',
): HospitalizationEvent => ({
  type: 'discharge_record_filed',
  record: { ...SAMPLE_RECORD, ...record },
  occurredAt,
});
const admitted = () => admit(routeAAdmission(ruleOf('sasebo'), '2026-06-10T10:00:00+09:00')).snapshot;
const planning: HospitalizationEvent = {
  type: 'discharge_planning_started',
  expectedDischargeDate: '2026-06-30',
  occurredAt: '2026-06-19T10:00:00+09:00',
};
const conferenceHeld: HospitalizationEvent = {
  type: 'conference_held',
  kind: 'pre_discharge',
  participants: [
    { profession: 'physician', side: 'hospital' },
    { profession: 'nurse', side: 'hospital' },
    { profession: 'care_manager', side: 'home' },
  ],
  occurredAt: '2026-06-24T15:00:00+09:00',
};
const atConference = () => run(admitted(), planning, conferenceHeld);

describe('退院・退所情報記録書 through the machine', () => {
  it('A③ the discharge-start notice asks for the record: its task opens, and filing it closes the task', () => {
    const start = apply(admitted(), planning);
    expect(start.effects).toContainEqual({ type: 'openTask', task: 'file_discharge_record' });
    const s = apply(start.snapshot, filed({}));
    expect(s.effects).toContainEqual({ type: 'closeTask', task: 'file_discharge_record' });
    expect(s.snapshot.context.dischargeRecords).toHaveLength(1);
  });

  it('a later record supersedes the earlier; both are kept', () => {
    const s = run(
      atConference(),
      filed({ keyPoints: '一回目' }),
      filed({ keyPoints: '二回目' }, '2026-06-25T09:00:00+09:00'),
    );
    expect(s.context.dischargeRecords!.map((r) => r.keyPoints)).toEqual(['一回目', '二回目']);
    expect(compareDischargeRecord(s.context).careManager[0]).toContain('6/24');
  });

  it(`退院後７日以内: a closed stay (care-plan copy sent) still takes the record for ${RECORD_DAYS_AFTER_DISCHARGE} days after a discharge home, and stays closed`, () => {
    const closed = run(
      atConference(),
      { type: 'discharged', destination: 'home', nursingSummarySent: true, occurredAt: '2026-06-30T10:00:00+09:00' },
      { type: 'care_plan_copy_sent', occurredAt: '2026-07-01T10:00:00+09:00' },
    );
    expect(closed.value).toBe('closed');
    const inTime = filed({}, '2026-07-30T10:00:00+09:00');
    expect(accepts(closed, inTime)).toBe(true);
    const late = apply(closed, inTime);
    expect(late.snapshot.value).toBe('closed');
    // The record only: kept beside everything the closed stay had, and nothing is sent or opened.
    expect(late.effects).toEqual([]);
    expect(late.snapshot.context).toEqual({
      ...closed.context,
      dischargeRecords: [{ ...SAMPLE_RECORD, filedAt: '2026-07-30T10:00:00+09:00' }],
    });
    expect(accepts(closed, filed({}, '2026-07-31T10:00:00+09:00'))).toBe(false);
  });

  it('only a stay closed after its discharge home takes a late record: a transfer or a discharge to a facility does not', () => {
    const transferred = run(atConference(), {
      type: 'transferred',
      toHospitalId: null,
      toHospitalName: '北病院',
      occurredAt: '2026-06-28T10:00:00+09:00',
    });
    expect(transferred.value).toBe('closed');
    expect(accepts(transferred, filed({}, '2026-06-29T10:00:00+09:00'))).toBe(false);
    const facility = run(atConference(), {
      type: 'discharged',
      destination: 'facility',
      nursingSummarySent: true,
      occurredAt: '2026-06-30T10:00:00+09:00',
    });
    expect(facility.value).toBe('closed');
    expect(accepts(facility, filed({}, '2026-07-01T10:00:00+09:00'))).toBe(false);
  });
});

describe("002 ❷ 退院・退所加算: the hospital's facts and the care manager's record side by side", () => {
  it('no record yet, the hospital held a conference: said in Japanese', () => {
    const c = compareDischargeRecord(atConference().context);
    expect(c.status).toBe('no_record');
    expect(c.differences).toEqual(['ケアマネジャーの退院・退所情報記録書がまだありません']);
  });

  it('the same day and the same professions: they agree', () => {
    const c = compareDischargeRecord(run(atConference(), filed({})).context);
    expect(c.status).toBe('agree');
    expect(c.differences).toEqual([]);
  });

  it('a different date from two conferences the hospital held: both its days are said', () => {
    const second: HospitalizationEvent = {
      ...conferenceHeld,
      occurredAt: '2026-06-26T15:00:00+09:00',
    } as HospitalizationEvent;
    const c = compareDischargeRecord(run(atConference(), second, filed({ receivedOn: '2026-06-25' })).context);
    expect(c.differences).toEqual(['日付が異なります: 記録書 6/25、病院のカンファレンス 6/24・6/26']);
    expect(c.hospital).toEqual([
      'カンファレンス 6/24: 3名 (介護支援専門員・看護師・医師)',
      'カンファレンス 6/26: 3名 (介護支援専門員・看護師・医師)',
    ]);
  });

  it("a different date from the hospital's conference is said", () => {
    const c = compareDischargeRecord(run(atConference(), filed({ receivedOn: '2026-06-23' })).context);
    expect(c.status).toBe('disagree');
    expect(c.differences).toEqual(['日付が異なります: 記録書 6/23、病院のカンファレンス 6/24']);
  });

  it('a conference the hospital recorded with different professions and count is said', () => {
    const attendees = [
      { name: '山田', profession: 'physician' as const, side: 'hospital' as const },
      { name: '鈴木', profession: 'pharmacist' as const, side: 'hospital' as const },
    ];
    const c = compareDischargeRecord(run(atConference(), filed({ attendees })).context);
    expect(c.differences).toEqual([
      '出席者の人数が異なります: 病院の記録 3名、記録書 2名',
      '出席者の職種が異なります: 病院の記録のみ 介護支援専門員・看護師 記録書のみ 薬剤師',
    ]);
  });

  it('a record of a conference the hospital never recorded is said', () => {
    const c = compareDischargeRecord(run(admitted(), planning, filed({})).context);
    expect(c.differences).toEqual(['病院のカンファレンスの記録がありません (記録書: 6/24のカンファレンス)']);
  });

  it("退院・退所加算: the record counts as the care manager's receipt of information, on its own day", () => {
    const s = run(
      admitted(),
      planning,
      filed({ receivedOn: '2026-06-22', conference: false }),
      { type: 'discharged', destination: 'home', nursingSummarySent: true, occurredAt: '2026-06-30T10:00:00+09:00' },
      { type: 'care_plan_copy_sent', servicesStartedOn: '2026-07-01', occurredAt: '2026-07-01T10:00:00+09:00' },
    );
    const i = billingEvidence(s.context).find((a) => a.code === 'discharge_1i')!;
    expect(i.supported).toBe(true);
    expect(i.basis).toContain('退院・退所情報記録書 6/22 (ケアマネジャーの記録)');
  });
});

describe("002 ❷ 退院・退所加算 (I)ロ: the care manager's record of a conference counts as one when its attendees meet 注3", () => {
  const closedWith = (record: Partial<DischargeRecordContent>) =>
    run(
      admitted(),
      planning,
      filed({ receivedOn: '2026-06-22', ...record }),
      { type: 'discharged', destination: 'home', nursingSummarySent: true, occurredAt: '2026-06-30T10:00:00+09:00' },
      { type: 'care_plan_copy_sent', servicesStartedOn: '2026-07-01', occurredAt: '2026-07-01T10:00:00+09:00' },
    ).context;
  const tier = (ctx: ReturnType<typeof closedWith>) =>
    billingEvidence(ctx).find((a) => a.code.startsWith('discharge_') && a.supported)?.code;
  const fourAttendees = [
    { name: '佐藤', profession: 'nurse' as const, side: 'hospital' as const },
    { name: '田中', profession: 'care_manager' as const, side: 'home' as const },
    { name: '高橋', profession: 'visiting_nurse' as const, side: 'home' as const },
    { name: '伊藤', profession: 'pharmacist' as const, side: 'home' as const },
  ];

  it("the hospital's nurse and three home-side professions: a カンファレンス, (I)ロ", () => {
    expect(tier(closedWith({ attendees: fourAttendees }))).toBe('discharge_1ro');
  });

  it('a conference with one home-side profession is information received, not a カンファレンス: (I)イ', () => {
    expect(tier(closedWith({}))).toBe('discharge_1i');
  });

  it('the same attendees recorded as information (no conference) stay (I)イ', () => {
    expect(tier(closedWith({ attendees: fourAttendees, conference: false }))).toBe('discharge_1i');
  });
});

describe("退院・退所情報記録書: the form is prefilled from the hospital's conference", () => {
  const scheduled = (at: string): HospitalizationEvent => ({
    type: 'conference_scheduled',
    at,
    place: '3階 カンファレンス室',
    online: false,
    kind: 'pre_discharge',
    occurredAt: '2026-06-20T10:00:00+09:00',
  });

  it('no conference at all: nothing to prefill', () => {
    expect(conferenceForRecord(run(admitted(), planning).context)).toBeNull();
  });

  it('only a scheduled conference: the scheduled one', () => {
    const c = conferenceForRecord(run(admitted(), planning, scheduled('2026-06-26T14:00:00+09:00')).context);
    expect(c?.at).toBe('2026-06-26T14:00:00+09:00');
    expect(c?.heldAt).toBeNull();
  });

  it('a conference held before a later one is scheduled: the held one, not the scheduled', () => {
    const c = conferenceForRecord(run(atConference(), scheduled('2026-06-28T14:00:00+09:00')).context);
    expect(c?.heldAt).toBe('2026-06-24T15:00:00+09:00');
    expect(c?.participants).toHaveLength(3);
  });
});

describe('002 ❷ 退院・退所加算: information received without a conference, side by side', () => {
  const shared = (at: string): HospitalizationEvent => ({
    type: 'discharge_information_shared',
    method: 'phone',
    occurredAt: at,
  });

  it('nothing on either side: status none, nothing said', () => {
    const c = compareDischargeRecord(run(admitted(), planning).context);
    expect(c).toEqual({ status: 'none', hospital: [], careManager: [], differences: [] });
  });

  it("the hospital's information given by phone is listed on its own day; no record yet is said", () => {
    const c = compareDischargeRecord(run(admitted(), planning, shared('2026-06-22T11:00:00+09:00')).context);
    expect(c.status).toBe('no_record');
    expect(c.hospital).toEqual(['情報提供 6/22']);
  });

  it('a record of information received on the day the hospital gave it: they agree, and the line says 情報の受領', () => {
    const c = compareDischargeRecord(
      run(
        admitted(),
        planning,
        shared('2026-06-22T11:00:00+09:00'),
        filed({ receivedOn: '2026-06-22', conference: false, time: null, place: 'phone', attendees: [] }),
      ).context,
    );
    expect(c.status).toBe('agree');
    expect(c.careManager).toEqual(['情報の受領 6/22 (電話)', '出席者 0名']);
    expect(c.differences).toEqual([]);
  });

  it("a record of information on another day than the hospital's: both days are said, sorted", () => {
    const c = compareDischargeRecord(
      run(atConference(), shared('2026-06-21T11:00:00+09:00'), filed({ receivedOn: '2026-06-23', conference: false }))
        .context,
    );
    expect(c.status).toBe('disagree');
    expect(c.differences).toEqual(['日付が異なります: 記録書 6/23、病院の記録 6/21・6/24']);
  });

  it('a record of information the hospital never recorded giving: said', () => {
    const c = compareDischargeRecord(
      run(admitted(), planning, filed({ receivedOn: '2026-06-23', conference: false })).context,
    );
    expect(c.differences).toEqual(['病院の記録に6/23の情報提供がありません']);
  });

  it("the care manager's line carries the time and the place; a conference without attendees recorded says so", () => {
    const bare: HospitalizationEvent = { ...conferenceHeld, participants: [] } as HospitalizationEvent;
    const c = compareDischargeRecord(run(admitted(), planning, bare, filed({ place: 'online' })).context);
    expect(c.careManager).toEqual([
      'カンファレンス 6/24 14:00 (オンライン)',
      '出席者 3名 (介護支援専門員・看護師・医師)',
    ]);
    expect(c.hospital).toEqual(['カンファレンス 6/24: 0名 (出席者の記録なし)']);
  });

  it('only the record names a profession twice: 記録書のみ says it, the hospital side says nothing', () => {
    const attendees = [
      ...SAMPLE_RECORD.attendees,
      { name: '高橋 看護師', profession: 'nurse' as const, side: 'hospital' as const },
    ];
    const c = compareDischargeRecord(run(atConference(), filed({ attendees })).context);
    expect(c.differences).toEqual([
      '出席者の人数が異なります: 病院の記録 3名、記録書 4名',
      '出席者の職種が異なります: 記録書のみ 看護師',
    ]);
  });
});
