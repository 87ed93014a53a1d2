import { jstDate } from '../../machines/calendar.js';
import { jstLocalMinute } from '../../machines/time.js';
import { explainDeliveryError } from '../../notifiers/deliveryProblems.js';
import { toCsv } from './csv.js';
import { FOLLOW_UP_LABELS } from './followUps.js';
import { STATE_LABELS } from './labels.js';
import type { StuckItem } from './stuck.js';

// The stuck list as a spreadsheet for the morning call round: one line per stuck item, the case as
// people name it (hospital and 入院番号), whom to call, and what was done. Japanese throughout.

const minute = (iso: string) => jstLocalMinute(new Date(iso)).replace('T', ' ').replace(/-/g, '/');

export function stuckCsv(items: StuckItem[]): string {
  const header = [
    '病院',
    '入院番号',
    '段階',
    'ケアマネ事業所',
    '種類',
    '止まっている手順',
    '期限の日・送信日時',
    '遅れ(日)',
    '理由・すること',
    '連絡先',
    '電話',
    'FAX',
    '対応状況',
    '担当者',
    '保留する日',
    'メモ',
    '記録した人',
    '記録日時',
  ];
  const lines = items.map((i) => {
    const why =
      i.kind === 'deadline' ? i.detail : (({ what, todo }) => `${what}${todo}`)(explainDeliveryError(i.detail));
    return [
      i.hospitalName,
      i.hospitalizationId,
      STATE_LABELS[i.state as keyof typeof STATE_LABELS] ?? i.state,
      i.careOfficeName,
      i.kind === 'deadline' ? '期限超過' : '不達の通知',
      i.missedStep,
      i.kind === 'deadline' ? jstDate(new Date(Date.parse(i.since) - 1)).replace(/-/g, '/') : minute(i.since),
      Math.floor(i.lateMs / 86_400_000),
      why,
      i.owner.name,
      i.owner.phone,
      i.owner.fax,
      FOLLOW_UP_LABELS[i.followUp.status],
      i.assignee?.name ?? null,
      i.followUp.until,
      i.followUp.note,
      i.followUp.by,
      i.followUp.at ? minute(i.followUp.at) : null,
    ];
  });
  return toCsv([header, ...lines]);
}
