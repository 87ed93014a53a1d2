import type { AdmissionErrors, AdmissionField, AdmissionFields } from '../../admissionInput.js';
import { OFFICE_NONE, OFFICE_UNKNOWN } from '../../admissionInput.js';
import { ConsolePage, CsrfField, type PageContext } from './common.js';

// Registering an admission by hand: the liaison office's first act for a patient, when no system
// sends the hospital's admissions. The care office is searched on the server (a search button posts
// the form back with everything typed), so the page needs no script.

export interface OfficeChoice {
  id: string;
  name: string;
  phone: string | null;
  kindLabel: string;
}

function FieldError({ field, errors }: { field: AdmissionField; errors: AdmissionErrors }) {
  const message = errors[field];
  return message ? (
    <p class="field-error" id={`${field}-error`} role="alert">
      {message}
    </p>
  ) : null;
}

function Text(props: {
  field: AdmissionField;
  label: string;
  values: Partial<AdmissionFields>;
  errors: AdmissionErrors;
  type?: string;
  hint?: string;
  required?: boolean;
}) {
  const { field, errors } = props;
  return (
    <>
      <label for={field}>
        {props.label}
        {props.hint && <span class="muted"> {props.hint}</span>}
      </label>
      <input
        id={field}
        name={field}
        type={props.type ?? 'text'}
        value={props.values[field] ?? ''}
        required={props.required ?? true}
        aria-invalid={errors[field] ? 'true' : undefined}
        aria-describedby={errors[field] ? `${field}-error` : undefined}
      />
      <FieldError field={field} errors={errors} />
    </>
  );
}

export function AdmissionFormPage(props: {
  ctx: PageContext;
  hospitals: { id: string; name: string }[];
  /** The staff member's own hospital: not a choice. */
  fixedHospital: { id: string; name: string } | null;
  hospitalId: string;
  hospitalError?: string | undefined;
  values: Partial<AdmissionFields>;
  errors: AdmissionErrors;
  officeQuery: string;
  /** The offices the search found, and the one chosen before (kept across posts). */
  offices: OfficeChoice[];
  /** A search ran and found nothing. */
  nothingFound: boolean;
  nowLocal: string;
  requestId: string;
  /** A stay with this 入院番号 exists: its case, to link. */
  existing?: { caseId: string; hospitalizationId: string } | undefined;
}) {
  const { values, errors, ctx } = props;
  const office = values.office ?? '';
  return (
    <ConsolePage title="入院の登録" section="admissions" ctx={ctx}>
      <p class="muted">
        病院のシステム連携がなくても、入院をここで登録すると連携ルールの期限と通知が始まります。病院の入退院台帳をまとめて取り込むときは
        <a href="/console/admissions/import">CSV取り込み</a>をお使いください。
      </p>
      {props.existing && (
        <div class="notice error" role="alert" id="already-registered">
          入院番号 {props.existing.hospitalizationId} はすでに登録されています。
          <a href={`/console/cases/${props.existing.caseId}`}>登録済みの入院を開く</a>
        </div>
      )}
      {Object.keys(errors).length > 0 && (
        <div class="notice error" role="alert">
          入力内容を確認してください。各項目の下に理由を示しています。
        </div>
      )}
      <form method="post" action="/console/admissions/new" id="admission-form">
        <CsrfField csrf={ctx.csrf} />
        <input type="hidden" name="requestId" value={props.requestId} />
        {props.fixedHospital ? (
          <p>
            病院: <strong>{props.fixedHospital.name}</strong>
            <input type="hidden" name="hospitalId" value={props.fixedHospital.id} />
          </p>
        ) : (
          <>
            <label for="hospitalId">病院</label>
            <select id="hospitalId" name="hospitalId" required>
              <option value="">選んでください</option>
              {props.hospitals.map((h) => (
                <option value={h.id} selected={h.id === props.hospitalId}>
                  {h.name}
                </option>
              ))}
            </select>
            {props.hospitalError && (
              <p class="field-error" role="alert">
                {props.hospitalError}
              </p>
            )}
          </>
        )}
        <Text
          field="hospitalizationId"
          label="入院番号"
          hint="(病院の入院番号・患者ごとの番号ではなく入院ごと)"
          values={values}
          errors={errors}
        />
        <Text field="name" label="患者氏名 (漢字)" values={values} errors={errors} />
        <Text field="nameKana" label="ふりがな" hint="(任意)" values={values} errors={errors} required={false} />
        <Text field="birthDate" label="生年月日" type="date" values={values} errors={errors} />
        <Text field="ward" label="病棟" values={values} errors={errors} />
        <Text
          field="admittedAt"
          label="入院日時"
          hint={`(日本時間。期限はここから数えます。現在 ${props.nowLocal.replace('T', ' ')})`}
          type="datetime-local"
          values={values}
          errors={errors}
        />
        <fieldset class="group" id="office-choice">
          <legend>介護サービスの利用と担当ケアマネ事業所</legend>
          <label for="officeQuery">事業所を名簿から検索 (名称の一部・電話番号・FAX番号)</label>
          <input id="officeQuery" name="officeQuery" value={props.officeQuery} />{' '}
          <button type="submit" name="op" value="search" class="secondary" formnovalidate>
            検索
          </button>
          {props.nothingFound && (
            <p class="muted" id="office-none-found">
              名簿に該当する事業所がありません。「不明」を選ぶと、病院が担当者を探す期限が始まります。
            </p>
          )}
          <div id="office-results">
            {props.offices.map((o) => (
              <label class="plain">
                <input type="radio" name="office" value={o.id} checked={office === o.id} /> {o.name}{' '}
                <span class="muted">
                  ({o.kindLabel}
                  {o.phone ? ` / 電話 ${o.phone}` : ''})
                </span>
              </label>
            ))}
            <label class="plain">
              <input type="radio" name="office" value={OFFICE_UNKNOWN} checked={office === OFFICE_UNKNOWN} /> 不明
              (介護サービスを利用しているが事業所がわからない: 病院が探します)
            </label>
            <label class="plain">
              <input type="radio" name="office" value={OFFICE_NONE} checked={office === OFFICE_NONE} /> なし
              (介護サービスを利用していない: 介護保険の申請支援へ)
            </label>
          </div>
          <FieldError field="office" errors={errors} />
        </fieldset>
        <label for="firstInformedBy">最初に入院を知ったのは</label>
        <select id="firstInformedBy" name="firstInformedBy">
          <option value="hospital" selected={values.firstInformedBy !== 'care_manager'}>
            病院 (病院からケアマネジャーへ入院を知らせる)
          </option>
          <option value="care_manager" selected={values.firstInformedBy === 'care_manager'}>
            ケアマネジャー (ケアマネジャーから病院へ連絡があった)
          </option>
        </select>
        <FieldError field="firstInformedBy" errors={errors} />
        <div>
          <button type="submit" name="op" value="register" id="register">
            入院を登録する
          </button>
        </div>
      </form>
    </ConsolePage>
  );
}
