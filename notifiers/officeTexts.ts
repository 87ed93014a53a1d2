import { jaDateTime } from './texts.js';

// Texts a care office receives about its own page (not about one patient): no patient named.

/** The mail with a sign-in link: it signs in once, until `expiresAt`, and only by pressing the page's button. */
export function officeSignInMail(s: { officeName: string; url: string; expiresAt: string }): {
  subject: string;
  text: string;
} {
  return {
    subject: '【renkei】事業所のページへのログイン',
    text: [
      `${s.officeName} 御中`,
      '',
      '事業所のページへのログインが求められました。次のリンクを開き、「ログインする」ボタンを押してください。',
      '',
      s.url,
      '',
      `このリンクは1回だけ使えます。有効期限: ${jaDateTime(s.expiresAt)}`,
      'お心当たりがない場合は、このメールを破棄してください (リンクを開かなければ何も起きません)。',
      '',
      '──',
      'このメールは renkei から自動送信しています。',
    ].join('\n'),
  };
}
