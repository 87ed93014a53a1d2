import { addDays, jstDate } from './calendar.js';
import { md } from './time.js';
import type {
  Conference,
  DischargeRecord,
  HospitalizationContext,
  HospitalizationEvent,
  Profession,
  RecordPlace,
} from './types.js';

// 退院・退所情報記録書: when the care manager may file it, and how it compares with what the hospital
// recorded. Seed 002 ❷ 【算定時の留意事項】: 「カンファレンスに参加した場合は、その日時、開催場所、
// 出席者、内容の要点等について居宅サービス計画等（支援経過）に記録」; information received within 7
// days after the discharge still counts, so the record is often written after the stay has ended.

/**
 * After a discharge home whose stay has closed (the care-plan copy sent), a record may still be filed
 * for this many days: the seven days the information counts, and the time to write it up. renkei's
 * reading; the seeds set no limit on when the record is written.
 */
export const RECORD_DAYS_AFTER_DISCHARGE = 30;

export const PROFESSION_LABELS: Record<Profession, string> = {
  physician: '医師',
  nurse: '看護師',
  msw: '医療ソーシャルワーカー',
  care_manager: '介護支援専門員',
  visiting_nurse: '訪問看護師',
  pharmacist: '薬剤師',
  therapist: 'リハビリ職 (PT・OT・ST)',
  dentist: '歯科医師',
  other: 'その他',
};

export const PLACE_LABELS: Record<RecordPlace, string> = {
  hospital: '病院',
  home: '自宅',
  online: 'オンライン',
  facility: '施設',
  phone: '電話',
  other: 'その他',
};

/** The record in force: the last one filed. */
export function currentDischargeRecord(ctx: HospitalizationContext): DischargeRecord | null {
  return ctx.dischargeRecords?.at(-1) ?? null;
}

/** The records with this one filed last: the one in force. */
export function withDischargeRecord(
  ctx: HospitalizationContext,
  event: Extract<HospitalizationEvent, { type: 'discharge_record_filed' }>,
): DischargeRecord[] {
  return [...(ctx.dischargeRecords ?? []), { ...event.record, filedAt: event.occurredAt }];
}

/** A stay that has closed after its discharge home may still take the record for a while (see above). */
export function lateRecordAccepted(ctx: HospitalizationContext, at: string): boolean {
  return (
    ctx.careOfficeId !== null &&
    ctx.closedReason === 'completed' &&
    ctx.discharge?.destination === 'home' &&
    jstDate(at) <= addDays(jstDate(ctx.discharge.at), RECORD_DAYS_AFTER_DISCHARGE)
  );
}

/** The hospital's facts the form is prefilled from: the latest conference held, else the one scheduled. */
export function conferenceForRecord(ctx: HospitalizationContext): Conference | null {
  const held = ctx.conferences.filter((c) => c.heldAt !== null);
  return held.at(-1) ?? ctx.conferences.at(-1) ?? null;
}

const professionList = (ps: readonly Profession[]) =>
  [...ps]
    .sort()
    .map((p) => PROFESSION_LABELS[p])
    .join('・');

/** Professions counted with repeats: [nurse, nurse, msw] → {nurse: 2, msw: 1}. */
function counted(ps: readonly Profession[]): Map<Profession, number> {
  const m = new Map<Profession, number>();
  for (const p of ps) m.set(p, (m.get(p) ?? 0) + 1);
  return m;
}

export interface RecordComparison {
  /** `none`: neither side has anything yet; `no_record`: the hospital has, the care manager has not filed. */
  status: 'none' | 'no_record' | 'agree' | 'disagree';
  /** What the hospital recorded, one line each, in Japanese. */
  hospital: string[];
  /** What the care manager's record in force says. */
  careManager: string[];
  /** Each way the two differ, in Japanese; empty when they agree. */
  differences: string[];
}

/**
 * The hospital's facts and the care manager's 退院・退所情報記録書 side by side (退院・退所加算's
 * evidence, seed 002 ❷): the day of the information, the conference and who attended. A difference
 * is said, not judged: either side may have recorded it wrong.
 */
export function compareDischargeRecord(ctx: HospitalizationContext): RecordComparison {
  const held = ctx.conferences.filter((c): c is Conference & { heldAt: string } => c.heldAt !== null);
  const hospital = [
    ...held.map(
      (c) =>
        `カンファレンス ${md(jstDate(c.heldAt))}: ${c.participants.length}名 (${professionList(c.participants.map((p) => p.profession)) || '出席者の記録なし'})`,
    ),
    ...ctx.infoExchanges.map((x) => `情報提供 ${md(jstDate(x.at))}`),
  ];
  const record = currentDischargeRecord(ctx);
  if (!record) {
    const anything = hospital.length > 0;
    return {
      status: anything ? 'no_record' : 'none',
      hospital,
      careManager: [],
      differences: anything ? ['ケアマネジャーの退院・退所情報記録書がまだありません'] : [],
    };
  }
  const recorded = record.attendees.map((a) => a.profession);
  const careManager = [
    `${record.conference ? 'カンファレンス' : '情報の受領'} ${md(record.receivedOn)}${record.time ? ` ${record.time}` : ''} (${PLACE_LABELS[record.place]})`,
    `出席者 ${record.attendees.length}名${recorded.length ? ` (${professionList(recorded)})` : ''}`,
  ];
  const differences: string[] = [];
  const day = record.receivedOn;
  if (record.conference) {
    const sameDay = held.filter((c) => jstDate(c.heldAt) === day);
    if (held.length === 0)
      differences.push(`病院のカンファレンスの記録がありません (記録書: ${md(day)}のカンファレンス)`);
    else if (sameDay.length === 0)
      differences.push(
        `日付が異なります: 記録書 ${md(day)}、病院のカンファレンス ${held.map((c) => md(jstDate(c.heldAt))).join('・')}`,
      );
    else {
      const theirs = sameDay.flatMap((c) => c.participants.map((p) => p.profession));
      if (theirs.length !== recorded.length)
        differences.push(`出席者の人数が異なります: 病院の記録 ${theirs.length}名、記録書 ${recorded.length}名`);
      const a = counted(theirs);
      const b = counted(recorded);
      const onlyHospital = [...a].filter(([p, n]) => n > (b.get(p) ?? 0)).map(([p]) => p);
      const onlyRecord = [...b].filter(([p, n]) => n > (a.get(p) ?? 0)).map(([p]) => p);
      if (onlyHospital.length || onlyRecord.length)
        differences.push(
          `出席者の職種が異なります:${onlyHospital.length ? ` 病院の記録のみ ${professionList(onlyHospital)}` : ''}${onlyRecord.length ? ` 記録書のみ ${professionList(onlyRecord)}` : ''}`,
        );
    }
  } else {
    const days = new Set([...held.map((c) => jstDate(c.heldAt)), ...ctx.infoExchanges.map((x) => jstDate(x.at))]);
    if (!days.has(day))
      differences.push(
        days.size
          ? `日付が異なります: 記録書 ${md(day)}、病院の記録 ${[...days].sort().map(md).join('・')}`
          : `病院の記録に${md(day)}の情報提供がありません`,
      );
  }
  return { status: differences.length ? 'disagree' : 'agree', hospital, careManager, differences };
}
