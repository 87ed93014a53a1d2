import type { CaseProviderRow } from '../../engine/cases/index.js';
import type { OtherProviderKind } from '../../machines/otherProviders.js';
import type { RegionOtherProvider } from '../../regions/schema.js';
import type { ProviderErrors, ProviderForm } from '../otherProviderForm.js';

// 他の事業所に写しを送る: the providers a stay copies on its discharge start and discharge, and the form
// that adds one; shared by the office page (a phone, 390 px) and the console's case page.

export const PROVIDER_KIND_LABELS: Record<OtherProviderKind, string> = {
  visiting_nursing: '訪問看護ステーション',
  day_service: '通所介護 (デイサービス)',
  day_rehabilitation: '通所リハビリテーション',
  welfare_equipment: '福祉用具',
  home_help: '訪問介護',
  other: 'その他',
};

const CHANNEL_LABELS = { email: 'メール', fax: 'FAX', sms: 'SMS' } as const;

const FieldError = (props: { text: string | undefined; id: string }) =>
  props.text ? (
    <p class="notice error" role="alert" id={`${props.id}-error`}>
      {props.text}
    </p>
  ) : null;

function contactOf(p: CaseProviderRow): string {
  const address = { email: p.email, fax: p.fax, sms: p.smsPhone }[p.preferredChannel];
  return `${CHANNEL_LABELS[p.preferredChannel]}で送付${address ? ` (${address})` : ''}`;
}

export interface ProviderSectionProps {
  csrf: string;
  providers: CaseProviderRow[];
  /** The region directory's providers to pick from (none: only given in full). */
  directory: RegionOtherProvider[];
  /** Where the add form posts; `${action}/${id}/remove` removes one. */
  action: string;
  /** Who named each, as people know them (the hospital, the office, the console). */
  addedBy: (actor: string) => string;
  form: ProviderForm;
  errors?: ProviderErrors | undefined;
  flash?: string | undefined;
}

/** The list of copied providers and the form that adds one. */
export function OtherProvidersSection(props: ProviderSectionProps) {
  const { form, errors = {} } = props;
  const text = (name: keyof ProviderForm, label: string, type: string, extra: Record<string, string> = {}) => (
    <>
      <label for={`provider-${name}`}>{label}</label>
      <FieldError text={errors[name]} id={`provider-${name}`} />
      <input
        id={`provider-${name}`}
        name={name}
        type={type}
        class="full"
        value={form[name]}
        aria-invalid={errors[name] ? 'true' : undefined}
        {...extra}
      />
    </>
  );
  return (
    <section id="other-providers">
      <p>
        退院調整の開始と退院のお知らせを、担当ケアマネジャーと同時に、利用者さまの他の事業所
        (訪問看護ステーション・デイサービスなど)
        にも写しとしてお送りします。写しは知らせるだけで、受け取った事業所に操作や返信はいりません。
      </p>
      {props.flash && <p class="notice">{props.flash}</p>}
      <h2>写しを送る事業所</h2>
      {props.providers.length === 0 ? (
        <p class="muted">まだありません。</p>
      ) : (
        <ul class="providers">
          {props.providers.map((p) => (
            <li>
              <strong>{p.name}</strong> ({PROVIDER_KIND_LABELS[p.kind]})
              <br />
              <span class="muted">
                {contactOf(p)} / 登録: {props.addedBy(p.addedBy)}
              </span>
              <form method="post" action={`${props.action}/${p.id}/remove`}>
                <input type="hidden" name="_csrf" value={props.csrf} />
                <button type="submit" class="secondary">
                  写しを止める
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2>事業所を追加する</h2>
      <form method="post" action={props.action} id="add-provider">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.directory.length > 0 && (
          <>
            <label for="provider-directoryId">地域の名簿から選ぶ</label>
            <FieldError text={errors.directoryId} id="provider-directoryId" />
            <select id="provider-directoryId" name="directoryId" class="full">
              <option value="">名簿にない事業所 (下に入力)</option>
              {props.directory.map((d) => (
                <option value={d.id} selected={d.id === form.directoryId}>
                  {d.name} ({PROVIDER_KIND_LABELS[d.kind]})
                </option>
              ))}
            </select>
          </>
        )}
        <label for="provider-kind">種類</label>
        <FieldError text={errors.kind} id="provider-kind" />
        <select id="provider-kind" name="kind" class="full">
          {Object.entries(PROVIDER_KIND_LABELS).map(([k, label]) => (
            <option value={k} selected={k === form.kind}>
              {label}
            </option>
          ))}
        </select>
        {text('name', '事業所の名前', 'text', { maxlength: '200', autocomplete: 'organization' })}
        {text('email', 'メールアドレス', 'email', { autocomplete: 'email' })}
        {text('fax', 'FAX番号', 'tel', { inputmode: 'tel' })}
        {text('smsPhone', 'SMSを受ける携帯電話の番号', 'tel', { inputmode: 'tel' })}
        <label for="provider-preferredChannel">受け取り方</label>
        <FieldError text={errors.preferredChannel} id="provider-preferredChannel" />
        <select id="provider-preferredChannel" name="preferredChannel" class="full">
          <option value="">入力した連絡先から (メール・FAX・SMSの順)</option>
          {Object.entries(CHANNEL_LABELS).map(([k, label]) => (
            <option value={k} selected={k === form.preferredChannel}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit">写しを送る事業所に追加する</button>
      </form>
    </section>
  );
}
