import { EVENT_LABELS } from '../../../engine/console/index.js';
import { MEANS_LABELS } from '../taskPages.js';
import { ConsolePage, CsrfField, Errors, type PageContext } from './common.js';

/** The facts a person may record by hand from the console, and the fields each needs. */
export const MANUAL_TYPES = [
  'admission_acknowledged',
  'information_sheet_provided',
  'admission_reported_by_care_manager',
  'care_manager_contacted_hospital',
  'discharge_difficulty_screened',
  'patient_family_interviewed',
  'care_level_change_needed',
  'discharge_planning_started',
  'discharge_information_shared',
  'discharged',
  'nursing_summary_sent',
  'care_plan_copy_sent',
  'transferred',
  'died',
  'admission_cancelled',
] as const;
export type ManualType = (typeof MANUAL_TYPES)[number];

const METHODS = {
  conference: 'カンファレンス',
  face_to_face: '面談',
  phone: '電話',
  document: '文書',
  online: 'オンライン',
};
const DESTINATIONS = { home: '自宅', facility: '施設', other_hospital: '他の病院' };

function Options({ map, value }: { map: Record<string, string>; value: string | undefined }) {
  return (
    <>
      {Object.entries(map).map(([k, v]) => (
        <option value={k} selected={k === value}>
          {v}
        </option>
      ))}
    </>
  );
}

function Fields({ type, values }: { type: ManualType; values: Record<string, string> }) {
  switch (type) {
    case 'information_sheet_provided':
      return (
        <>
          <label for="means">提供方法</label>
          <select id="means" name="means" required>
            <Options map={MEANS_LABELS} value={values.means} />
          </select>
        </>
      );
    case 'discharge_difficulty_screened':
      return (
        <>
          <label for="difficult">判定</label>
          <select id="difficult" name="difficult">
            <Options map={{ yes: '退院困難', no: '退院困難ではない' }} value={values.difficult} />
          </select>
        </>
      );
    case 'discharge_planning_started':
      return (
        <>
          <label for="expectedDischargeDate">退院予定日</label>
          <input
            id="expectedDischargeDate"
            type="date"
            name="expectedDischargeDate"
            required
            value={values.expectedDischargeDate ?? ''}
          />
        </>
      );
    case 'discharge_information_shared':
      return (
        <>
          <label for="method">方法</label>
          <select id="method" name="method">
            <Options map={METHODS} value={values.method} />
          </select>
        </>
      );
    case 'discharged':
      return (
        <>
          <label for="destination">退院先</label>
          <select id="destination" name="destination">
            <Options map={DESTINATIONS} value={values.destination} />
          </select>
          <label class="plain">
            <input
              type="checkbox"
              name="nursingSummarySent"
              value="yes"
              checked={values.nursingSummarySent === 'yes'}
            />{' '}
            看護サマリーを提供済み
          </label>
        </>
      );
    case 'transferred':
      return (
        <>
          <label for="toHospitalName">転院先の病院名</label>
          <input id="toHospitalName" name="toHospitalName" required value={values.toHospitalName ?? ''} />
        </>
      );
    default:
      return null;
  }
}

/** Form values as the API's `data` of that fact. */
export function manualData(type: ManualType, form: Record<string, string>): Record<string, unknown> {
  switch (type) {
    case 'information_sheet_provided':
      return { means: form.means };
    case 'discharge_difficulty_screened':
      return { difficult: form.difficult === 'yes' };
    case 'discharge_planning_started':
      return { expectedDischargeDate: form.expectedDischargeDate };
    case 'discharge_information_shared':
      return { method: form.method };
    case 'discharged':
      return { destination: form.destination, nursingSummarySent: form.nursingSummarySent === 'yes' };
    case 'transferred':
      return { toHospitalName: form.toHospitalName };
    default:
      return {};
  }
}

export function ManualEventPage(props: {
  ctx: PageContext;
  caseId: string;
  title: string;
  type: ManualType | null;
  nowLocal: string;
  nonce: string;
  errors: string[];
  values: Record<string, string>;
}) {
  const { ctx, caseId, type, values } = props;
  return (
    <ConsolePage title={`出来事の手入力: ${props.title}`} section="cases" ctx={ctx}>
      <p>
        <a href={`/console/cases/${caseId}`}>← 入院の詳細へ戻る</a>
      </p>
      <p class="muted">
        電話やFAXで確認できた出来事を記録します。記録は規則(状態遷移)を通り、理由と記録した人とともに経過に残ります。
      </p>
      <form method="get" action={`/console/cases/${caseId}/events/new`}>
        <label for="type">出来事の種類</label>
        <select id="type" name="type">
          {MANUAL_TYPES.map((t) => (
            <option value={t} selected={t === type}>
              {EVENT_LABELS[t]}
            </option>
          ))}
        </select>
        <button type="submit">選ぶ</button>
      </form>
      {type && (
        <form method="post" action={`/console/cases/${caseId}/events`} id="manual-form">
          <Errors errors={props.errors} />
          <CsrfField csrf={ctx.csrf} />
          <input type="hidden" name="type" value={type} />
          <input type="hidden" name="nonce" value={props.nonce} />
          <p>
            <strong>{EVENT_LABELS[type]}</strong>
          </p>
          <label for="occurredAt">出来事の日時</label>
          <input
            id="occurredAt"
            type="datetime-local"
            name="occurredAt"
            required
            value={values.occurredAt ?? props.nowLocal}
            max={props.nowLocal}
          />
          <Fields type={type} values={values} />
          <label for="reason">理由 (必須: なぜ手入力するのか、何で確認したか)</label>
          <textarea id="reason" name="reason" required maxlength={500}>
            {values.reason ?? ''}
          </textarea>
          <button type="submit">記録する</button>
        </form>
      )}
    </ConsolePage>
  );
}
