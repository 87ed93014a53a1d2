import type { OtherProviderInput, ProviderProblem } from '../engine/cases/index.js';
import { OTHER_PROVIDER_KINDS, type OtherProviderKind } from '../machines/otherProviders.js';

// 他の事業所への写し: the form that names another provider of the patient on a stay (the office page and
// the console's case page), read once here, with what to fix next to each field in Japanese.

export interface ProviderForm {
  directoryId: string;
  kind: string;
  name: string;
  email: string;
  fax: string;
  smsPhone: string;
  preferredChannel: string;
}
export type ProviderErrors = Partial<Record<keyof ProviderForm, string>>;

export const EMPTY_PROVIDER_FORM: ProviderForm = {
  directoryId: '',
  kind: 'visiting_nursing',
  name: '',
  email: '',
  fax: '',
  smsPhone: '',
  preferredChannel: '',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FAX = /^0[0-9-]{9,13}$/;
const MOBILE = /^0[789]0-?\d{4}-?\d{4}$/;
const CHANNELS = ['email', 'fax', 'sms'] as const;

/** What to fix in the form when the engine refuses the provider. */
export const PROVIDER_PROBLEM_JA: Record<ProviderProblem['reason'], string> = {
  unknown_directory_id: '一覧にない事業所です。選び直すか、名前と連絡先を入力してください。',
  incomplete: '種類と事業所の名前を入力してください。',
  no_contact: 'メールアドレス・FAX番号・SMSの携帯番号のいずれかを入力してください。',
  preferred_without_address: '選んだ受け取り方の連絡先を入力してください。',
};

/** The form's fields as posted (already cleaned by readForm): a directory pick, or a provider in full. */
export function readProviderForm(
  raw: Record<string, string>,
): { input: OtherProviderInput; values: ProviderForm } | { values: ProviderForm; errors: ProviderErrors } {
  const values: ProviderForm = {
    directoryId: (raw.directoryId ?? '').trim(),
    kind: (raw.kind ?? '').trim(),
    name: (raw.name ?? '').trim(),
    email: (raw.email ?? '').trim(),
    fax: (raw.fax ?? '').trim().normalize('NFKC'),
    smsPhone: (raw.smsPhone ?? '').trim().normalize('NFKC'),
    preferredChannel: (raw.preferredChannel ?? '').trim(),
  };
  if (values.directoryId) return { input: { directoryId: values.directoryId }, values };
  const errors: ProviderErrors = {};
  if (!(OTHER_PROVIDER_KINDS as readonly string[]).includes(values.kind)) errors.kind = '種類を選んでください。';
  if (!values.name) errors.name = '事業所の名前を入力してください。';
  else if (values.name.length > 200) errors.name = '200文字以内で入力してください。';
  if (values.email && (!EMAIL.test(values.email) || values.email.length > 254))
    errors.email = 'メールアドレスの形をご確認ください (例: info@example.jp)。';
  if (values.fax && !(FAX.test(values.fax) && values.fax.replace(/-/g, '').length === 10))
    errors.fax = 'FAX番号は0から始まる10桁で入力してください (例: 079-563-1222)。';
  if (values.smsPhone && !MOBILE.test(values.smsPhone))
    errors.smsPhone = '携帯電話の番号を入力してください (例: 090-1234-5678)。';
  if (!values.email && !values.fax && !values.smsPhone && !errors.email) errors.email = PROVIDER_PROBLEM_JA.no_contact;
  const preferred = (CHANNELS as readonly string[]).includes(values.preferredChannel)
    ? (values.preferredChannel as (typeof CHANNELS)[number])
    : null;
  if (preferred) {
    const field = preferred === 'sms' ? 'smsPhone' : preferred;
    if (!values[field] && !errors[field]) errors[field] = PROVIDER_PROBLEM_JA.preferred_without_address;
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    input: {
      kind: values.kind as OtherProviderKind,
      name: values.name,
      email: values.email || null,
      fax: values.fax || null,
      smsPhone: values.smsPhone || null,
      preferredChannel: preferred,
    },
  };
}
