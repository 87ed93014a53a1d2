import { jaDate, type NoticeText } from './texts.js';

// The morning summary's words: what a coordination center nurse (or a hospital's staff) reads first
// thing, to know whom to call today. Stays are named by hospital and 入院番号, never by the patient.

export interface SummaryLine {
  hospitalName: string;
  hospitalizationId: string;
  /** What is stuck or what happened, in Japanese. */
  what: string;
  /** Since when (a Japan-time date YYYY-MM-DD). */
  since: string;
  /** The person in charge, when one is set. */
  assignee?: string | null | undefined;
}

export interface MorningSummaryFacts {
  /** The Japan-time day the summary is of (YYYY-MM-DD). */
  day: string;
  /** The first line: 「…センター 御中」 for a center's address, 「… 様」 for a person. */
  greeting: string;
  newItems: SummaryLine[];
  overdue: SummaryLine[];
  leaks: SummaryLine[];
  unconfirmedFaxes: SummaryLine[];
  /** The console's stuck list, where each line is followed up. */
  stuckUrl: string;
}

/** Lines a section lists before it says how many more there are (the console has them all). */
export const SUMMARY_SECTION_LINES = 30;

const shortDate = (date: string) => {
  const full = jaDate(date);
  return full
    .slice(full.indexOf('年') + 1)
    .replace('月', '/')
    .replace('日', '');
};

function section(title: string, lines: SummaryLine[], none: string): string[] {
  const shown = lines.slice(0, SUMMARY_SECTION_LINES).map((l) => {
    const who = l.assignee ? ` 担当: ${l.assignee}` : '';
    return `・${l.hospitalName} 入院番号 ${l.hospitalizationId}: ${l.what} (${shortDate(l.since)}から)${who}`;
  });
  const more = lines.length > SUMMARY_SECTION_LINES ? [`  ほか ${lines.length - SUMMARY_SECTION_LINES}件`] : [];
  return [`■ ${title} ${lines.length}件`, ...(lines.length ? [...shown, ...more] : [`  ${none}`]), ''];
}

export function morningSummaryText(f: MorningSummaryFacts): NoticeText {
  const total = f.newItems.length + f.overdue.length + f.leaks.length + f.unconfirmedFaxes.length;
  const headline =
    total === 0 ? '本日、対応が必要な滞留はありません。' : `本日、確認が必要なものが ${total}件 あります。`;
  const lines = [
    f.greeting,
    '',
    `renkei からの朝のまとめです (${jaDate(f.day)} 朝の時点)。`,
    headline,
    '',
    ...section('新たに滞留した引き継ぎ (この24時間)', f.newItems, 'ありません'),
    ...section('フォローが遅れている引き継ぎ (1日以上 未対応、または保留期限切れ)', f.overdue, 'ありません'),
    ...section('昨日の退院で調整漏れになったもの', f.leaks, 'ありません'),
    ...section('受信確認のないFAX', f.unconfirmedFaxes, 'ありません'),
    `滞留一覧 (フォローの記録はこちらから): ${f.stuckUrl}`,
    '',
    'このメールは毎朝1通、自動で送っています。患者さんのお名前は載せていません。入院番号で管理画面を検索してください。',
  ];
  return {
    subject: `【renkei】朝のまとめ ${shortDate(f.day)} ${total === 0 ? '滞留なし' : `要確認 ${total}件`}`,
    text: lines.join('\n'),
  };
}
