import { PRE_ADMISSION_ITEM_NAMES } from '../../../machines/billing.js';
import { PRE_ADMISSION_ITEMS } from '../../../machines/types.js';
import type { AdmissionErrors, AdmissionField, AdmissionFields } from '../../admissionInput.js';
import { OFFICE_NONE, OFFICE_UNKNOWN, preAdmissionItemsOf, WARD_TYPE_LABELS } from '../../admissionInput.js';
import { ConsolePage, CsrfField, FieldError, type PageContext } from './common.js';

// Registering an admission by hand: the liaison office's first act for a patient, when no system
// sends the hospital's admissions. The care office is searched on the server (a search button posts
// the form back with everything typed), so the page needs no script.

export interface OfficeChoice {
  id: string;
  name: string;
  phone: string | null;
  kindLabel: string;
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
        <HospitalField
          hospitals={props.hospitals}
          fixedHospital={props.fixedHospital}
          hospitalId={props.hospitalId}
          error={props.hospitalError}
        />
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
        <label for="wardType">
          病棟の種別{' '}
          <span class="muted">(任意。入退院支援加算の点数と面接の期限 (療養病棟は14日以内) が変わります)</span>
        </label>
        <select id="wardType" name="wardType">
          <option value="" selected={!values.wardType}>
            記録しない (一般病棟として扱います)
          </option>
          {Object.entries(WARD_TYPE_LABELS).map(([value, label]) => (
            <option value={value} selected={values.wardType === value}>
              {label}
            </option>
          ))}
        </select>
        <FieldError field="wardType" errors={errors} />
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
          <label for="officeQuery">事業所を名簿から検索 (名称の一部・所在地・電話番号・FAX番号)</label>
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
        <PreAdmissionSupport values={values} errors={errors} />
        <RuleScope values={values} errors={errors} />
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

/**
 * The rule's scope (支援の対象者): admitted from home (自宅等) and expected to go home. Out of scope, the
 * stay is kept and shown but not chased (the webhook's `fromHomeToHome: false`); it can be brought back later.
 */
function RuleScope(props: { values: Partial<AdmissionFields>; errors: AdmissionErrors }) {
  const out = props.values.fromHomeToHome === 'no';
  return (
    <fieldset class="group" id="rule-scope">
      <legend>入退院支援ルールの対象 (自宅等から入院し、自宅等へ退院する見込みの方)</legend>
      <label class="plain">
        <input type="radio" name="fromHomeToHome" value="yes" checked={!out} /> 対象
        (自宅等から入院し、自宅等へ退院する見込み)
      </label>
      <label class="plain">
        <input type="radio" name="fromHomeToHome" value="no" checked={out} /> 対象外
        (施設などから入院した、または施設などへ退院する見込み: 記録と表示のみで、期限の督促はしません)
      </label>
      <FieldError field="fromHomeToHome" errors={props.errors} />
    </fieldset>
  );
}

/** 入院時支援加算: the 療養支援計画 made before a planned admission, and which of (ア)〜(ク) were done. */
function PreAdmissionSupport(props: { values: Partial<AdmissionFields>; errors: AdmissionErrors }) {
  const { values, errors } = props;
  const checked = preAdmissionItemsOf(values.preAdmissionItems);
  return (
    <fieldset class="group" id="pre-admission-support">
      <legend>入院前の支援 (入院時支援加算・予定入院のとき。任意)</legend>
      <label for="preAdmissionAt">療養支援計画を立てた日時 (日本時間・入院前)</label>
      <input
        id="preAdmissionAt"
        name="preAdmissionAt"
        type="datetime-local"
        value={values.preAdmissionAt ?? ''}
        aria-invalid={errors.preAdmissionAt ? 'true' : undefined}
        aria-describedby={errors.preAdmissionAt ? 'preAdmissionAt-error' : undefined}
      />
      <FieldError field="preAdmissionAt" errors={errors} />
      <p class="muted">入院前に実施した項目 (すべてで入院時支援加算1、(ア)(イ)(ク)で2)</p>
      {PRE_ADMISSION_ITEMS.map((item) => (
        <label class="plain">
          <input type="checkbox" name="preAdmissionItems" value={item} checked={checked.includes(item)} />{' '}
          {PRE_ADMISSION_ITEM_NAMES[item]}
        </label>
      ))}
      <FieldError field="preAdmissionItems" errors={errors} />
    </fieldset>
  );
}

const COLUMN_NOTES: [string, string][] = [
  ['入院番号', '病院の入院ごとの番号 (必須)'],
  ['氏名', '患者氏名 (必須)'],
  ['ふりがな', 'ひらがなかカタカナ (任意)'],
  ['生年月日', '例: 1941/05/02 (必須)'],
  ['病棟', '(必須)'],
  ['入院日時', '日本時間。例: 2026/12/01 10:30 (時刻がなければ 0:00) (必須)'],
  ['ケアマネ事業所', '名簿の正式名称・電話番号・FAX番号、または「不明」「なし」 (必須)'],
  ['最初に知った人', '「病院」か「ケアマネジャー」 (空欄は病院)'],
  ['病棟種別', '「一般」か「療養」 (療養病棟入院基本料等。空欄は記録なし・一般として扱う)'],
  ['入院前支援日時', '入院時支援加算の療養支援計画を立てた日時 (日本時間。予定入院のみ、任意)'],
  ['入院前支援項目', '入院前に実施した項目を (ア)〜(ク) の文字で。例: アイク (入院前支援日時と一緒に)'],
];

/** Hospital staff register for their own hospital (shown, not chosen); an administrator chooses. */
function HospitalField(props: {
  hospitals: { id: string; name: string }[];
  fixedHospital: { id: string; name: string } | null;
  hospitalId: string;
  error?: string | undefined;
}) {
  return props.fixedHospital ? (
    <p>
      病院: <strong>{props.fixedHospital.name}</strong>
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
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
    </>
  );
}

export function ImportPage(props: {
  ctx: PageContext;
  hospitals: { id: string; name: string }[];
  fixedHospital: { id: string; name: string } | null;
  hospitalId: string;
  error?: string | undefined;
  maxMb: number;
}) {
  return (
    <ConsolePage title="入退院台帳のCSV取り込み" section="admissions" ctx={props.ctx}>
      <p>
        病院の入退院台帳をCSVで取り込み、入院をまとめて登録します。取り込む前に確認画面で1行ずつ結果を示します。すでに登録済みの入院番号は登録し直しません。
      </p>
      <p>
        <a href="/console/admissions/import/template.csv" download>
          テンプレート (CSV) をダウンロード
        </a>{' '}
        <span class="muted">Excel の「CSV UTF-8」でも「CSV (コンマ区切り)」(Shift_JIS) でも読み込めます。</span>
      </p>
      <table class="list" id="columns">
        <tr>
          <th>列名 (1行目)</th>
          <th>内容</th>
        </tr>
        {COLUMN_NOTES.map(([column, note]) => (
          <tr>
            <td>{column}</td>
            <td>{note}</td>
          </tr>
        ))}
      </table>
      {props.error && (
        <div class="notice error" role="alert" id="import-error">
          {props.error}
        </div>
      )}
      <form method="post" action="/console/admissions/import" enctype="multipart/form-data">
        <CsrfField csrf={props.ctx.csrf} />
        <HospitalField hospitals={props.hospitals} fixedHospital={props.fixedHospital} hospitalId={props.hospitalId} />
        <label for="file">CSVファイル (最大 {props.maxMb}MB)</label>
        <input id="file" type="file" name="file" accept=".csv,text/csv" required />
        <div>
          <button type="submit">確認画面へ</button>
        </div>
      </form>
    </ConsolePage>
  );
}

export type PreviewStatus =
  | { kind: 'ok' }
  | { kind: 'registered'; caseId: string }
  | { kind: 'invalid'; messages: string[] }
  | { kind: 'recorded'; caseId: string };

export interface PreviewRow {
  line: number;
  hospitalizationId: string;
  name: string;
  status: PreviewStatus;
}

function StatusCell({ status }: { status: PreviewStatus }) {
  switch (status.kind) {
    case 'ok':
      return <>登録できます</>;
    case 'recorded':
      return (
        <>
          登録しました (<a href={`/console/cases/${status.caseId}`}>開く</a>)
        </>
      );
    case 'registered':
      return (
        <>
          登録済み (<a href={`/console/cases/${status.caseId}`}>開く</a>)
        </>
      );
    case 'invalid':
      return (
        <ul class="row-errors">
          {status.messages.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      );
  }
}

/** The preview (nothing recorded yet) or, after the confirmation, what was recorded. */
export function ImportPreviewPage(props: {
  ctx: PageContext;
  hospitalName: string;
  hospitalId: string;
  encoding: string;
  rows: PreviewRow[];
  /** The file's text, sent back with the confirmation (read and checked again then). */
  text: string | null;
}) {
  const count = (kind: PreviewStatus['kind']) => props.rows.filter((r) => r.status.kind === kind).length;
  const done = props.text === null;
  return (
    <ConsolePage title={done ? 'CSV取り込みの結果' : 'CSV取り込みの確認'} section="admissions" ctx={props.ctx}>
      <p id="import-summary">
        {props.hospitalName} / 文字コード {props.encoding} / {props.rows.length}行:{' '}
        {done ? `登録 ${count('recorded')}件` : `登録できる行 ${count('ok')}件`}、登録済み {count('registered')}
        件、エラー {count('invalid')}件
      </p>
      {!done && (
        <p class="muted">まだ何も登録していません。エラーの行は登録しません (台帳を直して、もう一度取り込めます)。</p>
      )}
      <table class="list" id="import-rows">
        <tr>
          <th>行</th>
          <th>入院番号</th>
          <th>氏名</th>
          <th>結果</th>
        </tr>
        {props.rows.map((r) => (
          <tr class={r.status.kind === 'invalid' ? 'bad' : undefined} data-line={String(r.line)}>
            <td class="num">{r.line}</td>
            <td>{r.hospitalizationId}</td>
            <td>{r.name}</td>
            <td>
              <StatusCell status={r.status} />
            </td>
          </tr>
        ))}
      </table>
      {!done && count('ok') > 0 && (
        <form method="post" action="/console/admissions/import/confirm" enctype="multipart/form-data">
          <CsrfField csrf={props.ctx.csrf} />
          <input type="hidden" name="hospitalId" value={props.hospitalId} />
          <input type="hidden" name="ledger" value={props.text ?? ''} />
          <button type="submit" id="confirm-import">
            {count('ok')}件を登録する
          </button>
        </form>
      )}
      <p>
        <a href="/console/admissions/import">別のファイルを取り込む</a> / <a href="/console/cases">入院一覧へ</a>
      </p>
    </ConsolePage>
  );
}
