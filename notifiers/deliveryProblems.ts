// A notice that could not be delivered, said to the person who must now call: what happened and
// what to do, in Japanese. The provider's own words (SMTP replies, Twilio codes, "no usable
// channel: …") stay in the outbox and the API; a page, mail or FAX shows this instead.

export interface DeliveryProblem {
  /** What happened, one sentence. */
  what: string;
  /** What to do now. */
  todo: string;
  /** Whether registering or correcting the directory entry would fix it (the page links to it). */
  directory: boolean;
}

const MISSING: [RegExp, string][] = [
  [/email: no email address/, 'メールアドレス'],
  [/fax: no FAX number/, 'FAX番号'],
  [/sms: no SMS number/, 'SMS用の携帯電話番号'],
];

const CALL = '電話で連絡してください。';

export function explainDeliveryError(raw: string | null): DeliveryProblem {
  const e = raw ?? '';
  if (/is not in the directory/.test(e))
    return {
      what: '送り先が名簿に登録されていないため送れませんでした。',
      todo: `名簿に登録するか、${CALL}`,
      directory: true,
    };
  if (/no usable channel/.test(e)) {
    const missing = MISSING.filter(([re]) => re.test(e)).map(([, name]) => name);
    const unset = [/FAX_PROVIDER=none/.test(e) ? 'FAX' : null, /Twilio not configured/.test(e) ? 'SMS' : null].filter(
      (x): x is string => x !== null,
    );
    const parts = [
      missing.length ? `${missing.join('・')}が未登録` : null,
      unset.length ? `${unset.join('・')}の送信が未設定` : null,
    ].filter(Boolean);
    return {
      what: `${parts.length ? `${parts.join('、')}の` : '使える送り方がない'}ため送れませんでした。`,
      todo: missing.length ? `名簿で登録するか、${CALL}` : `システム管理者に設定を依頼し、それまでは${CALL}`,
      directory: missing.length > 0,
    };
  }
  if (/^fax|fax api|FAX/i.test(e) && /refus|busy|no answer|invalid|not delivered|failed/i.test(e))
    return {
      what: 'FAXが届きませんでした (話し中・番号違い・相手の機械の不調など)。',
      todo: `名簿のFAX番号を確かめ、${CALL}`,
      directory: true,
    };
  if (/twilio|sms/i.test(e))
    return {
      what: 'SMSが届きませんでした (番号違い・受信拒否・電源が入っていないなど)。',
      todo: `名簿の携帯電話番号を確かめ、${CALL}`,
      directory: true,
    };
  if (/\b5\d\d\b|mailbox|user unknown|recipient|no such user|not delivered/i.test(e))
    return {
      what: 'メールが届きませんでした (宛先のアドレスが存在しない・受信を拒否されたなど)。',
      todo: `名簿のメールアドレスを確かめ、${CALL}`,
      directory: true,
    };
  if (/unreachable|ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|timeout|network/i.test(e))
    return {
      what: '送信サービスにつながらず、再試行しても送れませんでした。',
      todo: `システム管理者に連絡し、その間は${CALL}`,
      directory: false,
    };
  if (/more than \d+/.test(e) && /pages/.test(e))
    return {
      what: 'FAXの枚数が多すぎて送れませんでした。',
      todo: `${CALL}書類は郵送か手渡しでお届けください。`,
      directory: false,
    };
  return { what: '送信に失敗しました。', todo: `${CALL}名簿の連絡先が正しいかも確かめてください。`, directory: true };
}
