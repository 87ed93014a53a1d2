import type { DischargeRecordView } from '../../engine/offices/index.js';
import { PLACE_LABELS, PROFESSION_LABELS, type RecordComparison } from '../../machines/dischargeRecord.js';
import type { Profession } from '../../machines/types.js';
import { jaDate, jaDateTime } from '../../notifiers/texts.js';
import { RECORD_PLACES, type RecordErrors, type RecordValues } from '../dischargeRecordForm.js';
import { professions } from '../schemas.js';
import { Layout } from './layout.js';
import { MessagePage } from './taskPages.js';

// 退院・退所情報記録書 on a phone: the form (prefilled from the hospital's facts), the record beside
// the hospital's facts, and the PDF of the region's form. One page for the office page and the task link.

/** Empty rows offered for more attendees than the record (or the hospital) names. */
const EXTRA_ROWS = 3;

/** The hospital's facts and the care manager's record side by side, and how they differ. */
export function RecordEvidence({ comparison }: { comparison: RecordComparison }) {
  if (comparison.status === 'none') return null;
  return (
    <div class="record-evidence">
      <p>
        <b>退院・退所情報記録書と病院の記録</b>{' '}
        {comparison.status === 'agree'
          ? '一致しています'
          : comparison.status === 'no_record'
            ? '記録書なし'
            : '食い違いがあります'}
      </p>
      <table>
        <tbody>
          <tr>
            <th>病院の記録</th>
            <td>{comparison.hospital.length ? comparison.hospital.join(' / ') : '記録なし'}</td>
          </tr>
          <tr>
            <th>ケアマネジャーの記録書</th>
            <td>{comparison.careManager.length ? comparison.careManager.join(' / ') : 'まだありません'}</td>
          </tr>
        </tbody>
      </table>
      {comparison.differences.length > 0 && (
        <ul class="late">
          {comparison.differences.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The record's fields as the form shows them: a filed or prefilled record, or what was typed. */
export function formValues(v: DischargeRecordView['values']): RecordValues {
  return { ...v, time: v.time ?? '', attendees: v.attendees };
}

function FieldError({ error }: { error: string | undefined }) {
  return error ? <p class="notice error">{error}</p> : null;
}

function TextItem(props: { name: keyof RecordValues; label: string; value: string; error: string | undefined }) {
  return (
    <>
      <label for={props.name}>{props.label}</label>
      <FieldError error={props.error} />
      <textarea id={props.name} name={props.name} class="full" rows={3}>
        {props.value}
      </textarea>
    </>
  );
}

export function DischargeRecordPage(props: {
  view: DischargeRecordView;
  values: RecordValues;
  errors?: RecordErrors;
  /** Where the form posts; the office page's form carries its CSRF field. */
  action: string;
  csrf?: string;
  /** How the PDF is had: a link (the office's session), or a form POST (a task link: GET only shows). */
  pdf: { href: string } | { post: string };
  back?: { href: string; label: string };
  filed?: boolean;
  /** The name is shown only to a signed-in office or after a press of the button (task links). */
  showPatient: boolean;
}) {
  const { view, values, errors = {} } = props;
  const rows = [
    ...values.attendees,
    ...Array.from({ length: EXTRA_ROWS }, () => ({ name: '', profession: '', side: '' })),
  ];
  return (
    <Layout title={view.form.name}>
      {props.back && (
        <p>
          <a href={props.back.href}>{props.back.label}</a>
        </p>
      )}
      <h1>{view.form.name}</h1>
      <p class="muted">{view.lead}</p>
      {props.filed && (
        <p class="notice" role="status">
          記録しました。PDFをダウンロードして、居宅サービス計画等(支援経過)とともに保管してください。
        </p>
      )}
      <dl>
        <dt>利用者</dt>
        <dd>{props.showPatient ? `${view.patient.name} 様` : 'お名前は、記録した後に表示されます。'}</dd>
        <dt>病院</dt>
        <dd>
          {view.hospitalName} {view.ward} / 入院 {jaDate(view.admittedOn)}
        </dd>
        {view.expectedDischargeDate && (
          <>
            <dt>退院予定日</dt>
            <dd>{jaDate(view.expectedDischargeDate)}</dd>
          </>
        )}
        {view.dischargedOn && (
          <>
            <dt>退院日</dt>
            <dd>{jaDate(view.dischargedOn)}</dd>
          </>
        )}
      </dl>
      <RecordEvidence comparison={view.comparison} />
      {view.current ? (
        <>
          <p>
            記録済み ({jaDateTime(view.current.filedAt)}
            {view.records > 1 ? `、${view.records}回目の記録` : ''})。直して記録し直すと、新しい記録が有効になります
            (前の記録も残ります)。
          </p>
          {'href' in props.pdf ? (
            <p>
              <a href={props.pdf.href} download>
                PDFをダウンロード ({view.form.name})
              </a>
            </p>
          ) : (
            <form method="post" action={props.pdf.post}>
              <button type="submit" class="secondary">
                PDFをダウンロード ({view.form.name})
              </button>
            </form>
          )}
        </>
      ) : (
        <p class="muted">
          病院の記録 (カンファレンスの日時・出席者の職種) を下に入れてあります。聞いた内容に合わせて直してください。
        </p>
      )}
      <form method="post" action={props.action}>
        {props.csrf && <input type="hidden" name="_csrf" value={props.csrf} />}
        <input type="hidden" name="basedOn" value={String(view.records)} />
        <label for="receivedOn">情報を受けた日</label>
        <FieldError error={errors.receivedOn} />
        <input id="receivedOn" name="receivedOn" type="date" required value={values.receivedOn} />
        <label for="time">時刻 (分かれば)</label>
        <FieldError error={errors.time} />
        <input id="time" name="time" type="time" value={values.time} />
        <label for="place">場所</label>
        <FieldError error={errors.place} />
        <select id="place" name="place" class="full">
          {RECORD_PLACES.map((p) => (
            <option value={p} selected={values.place === p}>
              {PLACE_LABELS[p]}
            </option>
          ))}
        </select>
        <label for="placeDetail">場所の詳細 (会議室など)</label>
        <FieldError error={errors.placeDetail} />
        <input id="placeDetail" name="placeDetail" class="full" value={values.placeDetail} />
        <label class="plain">
          <input type="checkbox" name="conference" value="yes" checked={values.conference} /> カンファレンスに参加した
        </label>
        <fieldset class="group">
          <legend>出席者 (氏名と職種)</legend>
          <FieldError error={errors.attendees} />
          {rows.map((a, i) => (
            <div class="attendee">
              <input
                name="attendeeName"
                aria-label={`出席者${i + 1}の氏名`}
                placeholder="氏名"
                class="full"
                value={a.name}
              />
              <select name="attendeeProfession" aria-label={`出席者${i + 1}の職種`}>
                <option value="" selected={a.profession === ''}>
                  職種
                </option>
                {professions.map((p) => (
                  <option value={p} selected={a.profession === p}>
                    {PROFESSION_LABELS[p as Profession]}
                  </option>
                ))}
              </select>
              <select name="attendeeSide" aria-label={`出席者${i + 1}の所属`}>
                <option value="hospital" selected={a.side !== 'home'}>
                  病院
                </option>
                <option value="home" selected={a.side === 'home'}>
                  在宅側
                </option>
              </select>
            </div>
          ))}
        </fieldset>
        <TextItem name="keyPoints" label="内容の要点" value={values.keyPoints} error={errors.keyPoints} />
        <TextItem
          name="medicalNeeds"
          label="退院後の医療・看護の必要性"
          value={values.medicalNeeds}
          error={errors.medicalNeeds}
        />
        <TextItem name="adl" label="ADLの状況" value={values.adl} error={errors.adl} />
        <TextItem name="services" label="必要なサービス" value={values.services} error={errors.services} />
        <TextItem name="wishes" label="本人・家族の意向" value={values.wishes} error={errors.wishes} />
        <button type="submit">{view.current ? '記録し直す' : '記録する'}</button>
      </form>
    </Layout>
  );
}

/** A record refused because the stay no longer takes one (past the days after a discharge home). */
export function RecordClosedPage() {
  return (
    <MessagePage
      tone="warn"
      title="記録できませんでした"
      message="この入院は退院・退所情報記録書を受け付ける時期を過ぎています。病院の窓口へお問い合わせください。"
    />
  );
}
