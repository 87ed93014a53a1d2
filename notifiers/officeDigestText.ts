import { citeRule } from '../regions/document.js';
import type { RuleDocument } from '../regions/schema.js';
import { jaDate } from './texts.js';

// The care office's daily digest: every routine notice held since the last one, by client. The
// least personal information that does the job, as in every mail (notifiers/texts.ts): the family
// name, the hospital, the ward and the admission date; the record itself is behind each link.

export interface DigestClient {
  patientFamilyName: string | null;
  hospitalName: string;
  ward: string;
  admittedOn: string;
  /** What happened: one line per held notice, with its task's link when it carries one. */
  happened: { what: string; link: { url: string; expiresOn: string } | null }[];
  /** The office's own deadlines for this stay, counted on the office's calendar. */
  deadlines: { label: string; dueOn: string; daysLeft: number }[];
}

export interface DigestFacts {
  officeName: string;
  /** The Japan-time day and hour of the digest. */
  day: string;
  hour: number;
  clients: DigestClient[];
  officePage: string;
  document: RuleDocument;
  administratorName: string;
  administratorPhone: string | null;
}

function daysLeft(n: number): string {
  if (n < 0) return `${-n}日超過`;
  return n === 0 ? '今日まで' : `あと${n}営業日`;
}

function client(c: DigestClient): string[] {
  const who = c.patientFamilyName ? `${c.patientFamilyName} 様` : '利用者様';
  return [
    `■ ${who} (${c.hospitalName}${c.ward ? ` ${c.ward}` : ''}・${jaDate(c.admittedOn)} 入院)`,
    ...c.happened.flatMap((h) => [
      `  ・${h.what}`,
      ...(h.link ? [`    ▼ 開いて確認・記録する (有効期限: ${jaDate(h.link.expiresOn)})`, `    ${h.link.url}`] : []),
    ]),
    ...c.deadlines.map((d) => `  期限: ${d.label} ${jaDate(d.dueOn)}まで (${daysLeft(d.daysLeft)})`),
    '',
  ];
}

export function officeDigestText(f: DigestFacts): { subject: string; text: string } {
  const phone = f.administratorPhone ? ` (${f.administratorPhone})` : '';
  return {
    subject: `【お知らせのまとめ】${jaDate(f.day)} 利用者${f.clients.length}名`,
    text: [
      `${f.officeName} ご担当ケアマネジャー様`,
      '',
      `事業所の設定により、急ぎでないお知らせを1日1回 (${f.hour}時) まとめてお送りしています。`,
      '至急の退院・期限超過・訂正のお知らせは、これまでどおりその都度お送りします。',
      '',
      ...f.clients.flatMap(client),
      '(リンクを開いただけでは記録されません。ページのボタンを押すと記録されます。)',
      '',
      '▼ 担当の利用者さま全員の状況 (事業所のページ・メールでログイン。受け取り方の変更もこちらから)',
      f.officePage,
      '',
      '──',
      `このメールは${citeRule(f.document)}に基づき renkei から自動送信しています。`,
      ...(f.administratorName ? [`ルールに関するお問い合わせ: ${f.administratorName}${phone}`] : []),
    ].join('\n'),
  };
}
