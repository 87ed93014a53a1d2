import type { OfficeClient, OfficeRecordsMonth } from '../../engine/offices/index.js';
import { OFFICE_RECORD_ADD_ONS, type OfficeRecordKind } from '../../machines/billing.js';
import { jaDate, jaDateTime } from '../../notifiers/texts.js';
import { Layout } from './layout.js';

// The care office's own records outside a stay (seed 002 ❹❺): the form that adds one, and the
// section of the office page that shows last month's and this month's, each judged.

/** What each kind asks, in the form's words. */
export const RECORD_FORM_WORDS: Record<
  OfficeRecordKind,
  { title: string; intro: string; at: string; place: string; attendees: string }
> = {
  home_conference: {
    title: '緊急時等居宅カンファレンスの記録',
    intro:
      '病院又は診療所の求めにより、その医師又は看護師等と利用者の居宅を訪問してカンファレンスを行ったときに記録してください (月2回まで)。',
    at: 'カンファレンスの日時',
    place: '求めのあった病院・診療所',
    attendees: '参加した医療関係職種等の氏名 (職種と氏名)',
  },
  clinic_visit: {
    title: '通院時の情報連携の記録',
    intro: '利用者の受診に同席し、医師又は歯科医師と情報をやり取りしたときに記録してください (月1回まで)。',
    at: '受診の日時',
    place: '受診した病院・診療所',
    attendees: '診察した医師又は歯科医師 (任意)',
  },
};

export interface RecordForm {
  kind: OfficeRecordKind;
  caseId: string;
  at: string;
  place: string;
  attendees: string;
  checks: string[];
}
export type RecordErrors = Partial<Record<'caseId' | 'at' | 'place' | 'attendees' | 'checks', string>>;

const FieldError = (props: { text: string | undefined }) =>
  props.text ? (
    <p class="notice error" role="alert">
      {props.text}
    </p>
  ) : null;

export function OfficeRecordPage(props: {
  csrf: string;
  clients: OfficeClient[];
  form: RecordForm;
  errors?: RecordErrors;
}) {
  const { form, errors = {} } = props;
  const words = RECORD_FORM_WORDS[form.kind];
  const spec = OFFICE_RECORD_ADD_ONS[form.kind];
  return (
    <Layout title={words.title}>
      <p>
        <a href="/office">← 利用者の一覧へ</a>
      </p>
      <h1>{words.title}</h1>
      <p>{words.intro}</p>
      {props.clients.length === 0 ? (
        <p class="notice">入院の記録がある利用者さまがまだいません。</p>
      ) : (
        <form method="post" action="/office/records">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <input type="hidden" name="kind" value={form.kind} />
          <label for="caseId">利用者</label>
          <FieldError text={errors.caseId} />
          <select id="caseId" name="caseId" class="full" required>
            {props.clients.map((c) => (
              <option value={c.caseId} selected={c.caseId === form.caseId}>
                {c.name} 様 ({jaDate(c.birthDate)}生)
              </option>
            ))}
          </select>
          <label for="at">{words.at}</label>
          <FieldError text={errors.at} />
          <input id="at" name="at" type="datetime-local" required value={form.at} />
          <label for="place">{words.place}</label>
          <FieldError text={errors.place} />
          <input id="place" name="place" class="full" maxlength={100} required value={form.place} />
          <label for="attendees">{words.attendees}</label>
          <FieldError text={errors.attendees} />
          <input id="attendees" name="attendees" class="full" maxlength={200} value={form.attendees} />
          <p>行ったことに印をつけてください (加算の要件です。印のない項目は「未確認」と表示されます)。</p>
          <FieldError text={errors.checks} />
          {Object.entries(spec.checks).map(([key, label]) => (
            <label class="plain">
              <input type="checkbox" name="checks" value={key} checked={form.checks.includes(key)} /> {label}
            </label>
          ))}
          <button type="submit">記録する</button>
        </form>
      )}
    </Layout>
  );
}

const ym = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;

/** The office page's section: each month's records per add-on, with the month's count against its cap. */
export function OfficeRecordsSection(props: { months: OfficeRecordsMonth[] }) {
  return (
    <>
      <h2>通院時情報連携・緊急時等居宅カンファレンス</h2>
      <p>
        <a href="/office/records/new?kind=clinic_visit">通院に同席した記録を追加</a> /{' '}
        <a href="/office/records/new?kind=home_conference">緊急時等居宅カンファレンスの記録を追加</a>
      </p>
      {[...props.months].reverse().map((m) => (
        <div class="stay">
          <h3>{ym(m.month)}</h3>
          {(Object.keys(OFFICE_RECORD_ADD_ONS) as OfficeRecordKind[]).map((kind) => {
            const spec = OFFICE_RECORD_ADD_ONS[kind];
            const records = m.records.filter((r) => r.kind === kind);
            return (
              <>
                <p>
                  {spec.name} {spec.value}: 要件を満たす記録 {m.supported[kind]}件 (記録 {records.length}件)
                </p>
                {records.length > 0 && (
                  <ul>
                    {records.map((r) => (
                      <li class={r.supported ? undefined : 'late'}>
                        {r.clientName} 様 {jaDateTime(r.at)} {r.place}
                        {r.attendees ? ` (${r.attendees})` : ''} —{' '}
                        {r.supported ? '記録上の要件を満たしています' : `満たしていません: ${r.missing.join(' / ')}`}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            );
          })}
        </div>
      ))}
    </>
  );
}
