import { homeCategories, isQualifyingConference } from '../../../machines/billing.js';
import {
  CRITERIA_65,
  type Criterion,
  type ExpectedCareLevel,
  type OfficeKind,
  recommendedOfficeKind,
  SPECIFIED_DISEASES,
} from '../../../machines/eligibility.js';
import type { ConferenceKind, Profession, Side } from '../../../machines/types.js';
import { professions } from '../../schemas.js';
import { MEANS_LABELS } from '../taskPages.js';
import { NursingSummaryFields, summaryData } from './summaryFields.js';

// The fields each fact recorded by hand needs, in the rule's words, and how a posted form becomes the
// `data` of the same fact the hospitals' webhook takes (functions/schemas.ts). The page around them is
// manualEvent.tsx; the directory lists (care offices, hospitals) come from the route.

/** The facts a person may record by hand, in the order of the rule: the hospital's, then a care manager's reports. */
export const MANUAL_TYPES = [
  'care_office_identified',
  'admission_reported_by_care_manager',
  'eligibility_screened',
  'insurance_application_supported',
  'care_manager_assigned',
  'care_manager_contacted_hospital',
  'care_level_change_needed',
  'treatment_plan_shared',
  'discharge_difficulty_screened',
  'patient_family_interviewed',
  'discharge_planning_started',
  'conference_scheduled',
  'conference_held',
  'discharge_information_shared',
  'discharged',
  'nursing_summary_sent',
  'information_sheet_not_needed_agreed',
  'transferred',
  'died',
  'admission_cancelled',
  'admission_plan_cancelled',
  'admission_acknowledged',
  'information_sheet_provided',
  'care_plan_copy_sent',
] as const;
export type ManualType = (typeof MANUAL_TYPES)[number];

export const PROFESSION_LABELS: Record<Profession, string> = {
  physician: '医師',
  nurse: '看護師',
  msw: '医療ソーシャルワーカー',
  care_manager: 'ケアマネジャー',
  visiting_nurse: '訪問看護師',
  pharmacist: '薬剤師',
  therapist: 'リハビリ職 (PT・OT・ST)',
  dentist: '歯科医師',
  other: 'その他',
};
const SIDES: Record<Side, string> = { hospital: '病院側', home: '在宅側' };
const CONFERENCE_KINDS: Record<ConferenceKind, string> = {
  pre_discharge: '退院前カンファレンス',
  joint_guidance: '退院時共同指導',
  care_support_linkage: '介護支援等連携指導',
};
const METHODS = {
  conference: 'カンファレンス',
  face_to_face: '面談',
  phone: '電話',
  document: '文書',
  online: 'オンライン',
};
const DESTINATIONS = { home: '自宅', facility: '施設', other_hospital: '他の病院' };
const CARE_LEVELS: Record<ExpectedCareLevel, string> = {
  support: '要支援の見込み',
  care: '要介護の見込み',
  unsure: 'わからない',
};
export const OFFICE_KINDS: Record<OfficeKind, string> = {
  home_care_office: '居宅介護支援事業所',
  community_support_center: '地域包括支援センター',
};

export interface DirectoryChoices {
  /** Care offices of the case's region matching the search (all when no search). */
  offices: { id: string; name: string; kind: OfficeKind; phone: string | null }[];
  officeQuery: string;
  /** Other hospitals of the directory, for a transfer. */
  hospitals: { id: string; name: string }[];
}

export type FieldErrors = Record<string, string[]>;

function FieldError({ errors, field }: { errors: FieldErrors; field: string }) {
  const list = errors[field];
  return list?.length ? (
    <p class="field-error" role="alert" id={`error-${field.replace(/\W/g, '-')}`}>
      {list.join(' ')}
    </p>
  ) : null;
}

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

function OfficeSelect(props: {
  id: string;
  values: Record<string, string>;
  directory: DirectoryChoices;
  kind?: OfficeKind;
  optional?: boolean;
}) {
  const offices = props.directory.offices.filter((o) => !props.kind || o.kind === props.kind);
  return (
    <select id={props.id} name={props.id} required={!props.optional}>
      {props.optional ? <option value="">(なし)</option> : <option value="">選んでください</option>}
      {offices.map((o) => (
        <option value={o.id} selected={o.id === props.values[props.id]}>
          {o.name} ({OFFICE_KINDS[o.kind]}
          {o.phone ? ` / ${o.phone}` : ''})
        </option>
      ))}
    </select>
  );
}

/** The conference as the form describes it, for the add-on rule of machines/billing.ts. */
export function participantsOf(form: Record<string, string>): { profession: Profession; side: Side }[] {
  return (Object.keys(SIDES) as Side[]).flatMap((side) =>
    professions.filter((p) => form[`p_${side}_${p}`] === 'yes').map((profession) => ({ profession, side })),
  );
}

/** 多機関共同指導加算's condition (the hospital's doctor or nurse with 3+ home-side professions), decided by billing.ts. */
export function ThreeProfessions({ values }: { values: Record<string, string> }) {
  const conference = {
    at: null,
    place: null,
    online: false,
    heldAt: null,
    kind: (values.kind as ConferenceKind) || 'pre_discharge',
    participants: participantsOf(values),
  };
  const met = isQualifyingConference(conference);
  const home = homeCategories(conference).size;
  return (
    <p id="three-professions" class={met ? 'notice' : 'muted'} data-met={met ? 'yes' : 'no'}>
      多機関共同指導加算の職種の条件 (病院の医師又は看護師 + 在宅側3職種以上):{' '}
      <strong>{met ? '満たしています' : '満たしていません'}</strong> (在宅側 {home}職種)
      {conference.kind !== 'joint_guidance' && ' ※加算の算定は種類「退院時共同指導」の場合です。'}
    </p>
  );
}

/**
 * 転院先: a hospital of the directory, or one outside it by name and the FAX number the information
 * sheet goes to (without a number, the sheet cannot be sent there).
 */
function ReceivingHospitalFields({
  values,
  errors,
  directory,
}: {
  values: Record<string, string>;
  errors: FieldErrors;
  directory: DirectoryChoices;
}) {
  const err = (field: string) => <FieldError errors={errors} field={field} />;
  return (
    <>
      <label for="toHospitalId">転院先 (名簿の病院)</label>
      <select id="toHospitalId" name="toHospitalId">
        <option value="">名簿にない病院 (下に病院名を入力)</option>
        {directory.hospitals.map((h) => (
          <option value={h.id} selected={h.id === values.toHospitalId}>
            {h.name}
          </option>
        ))}
      </select>
      {err('data.toHospitalId')}
      <label for="toHospitalName">転院先の病院名 (名簿にない場合)</label>
      <input id="toHospitalName" name="toHospitalName" maxlength={200} value={values.toHospitalName ?? ''} />
      {err('data.toHospitalName')}
      <label for="toHospitalFax">転院先のFAX番号 (名簿にない場合。入院時情報提供シートを送ります)</label>
      <input
        id="toHospitalFax"
        name="toHospitalFax"
        inputmode="tel"
        maxlength={20}
        placeholder="079-563-1222"
        value={values.toHospitalFax ?? ''}
      />
      {err('data.toHospitalFax')}
    </>
  );
}

/** The receiving hospital as the fact's data: the directory's, or the name and FAX number typed. */
function receivingHospitalData(form: Record<string, string>, hospitals: { id: string; name: string }[]) {
  const listed = hospitals.find((h) => h.id === form.toHospitalId);
  return listed
    ? { toHospitalId: listed.id, toHospitalName: listed.name }
    : {
        toHospitalId: null,
        toHospitalName: form.toHospitalName,
        ...(form.toHospitalFax ? { toHospitalFax: form.toHospitalFax } : {}),
      };
}

export function FactFields(props: {
  type: ManualType;
  values: Record<string, string>;
  errors: FieldErrors;
  directory: DirectoryChoices;
}) {
  const { type, values, errors, directory } = props;
  const err = (field: string) => <FieldError errors={errors} field={field} />;
  switch (type) {
    case 'care_office_identified':
      return (
        <>
          <label for="careOfficeId">担当ケアマネジャーの事業所 (上の検索で絞り込めます)</label>
          <OfficeSelect id="careOfficeId" values={values} directory={directory} />
          {err('data.careOfficeId')}
        </>
      );
    case 'eligibility_screened':
      return (
        <>
          <label for="age">年齢</label>
          <input id="age" name="age" type="number" min="0" max="130" required value={values.age ?? ''} />
          {err('data.age')}
          <fieldset>
            <legend>65歳以上: 介護保険申請の目安 (該当するものすべて)</legend>
            {(Object.entries(CRITERIA_65) as [Criterion, string][]).map(([k, v]) => (
              <label class="plain">
                <input
                  type="checkbox"
                  name={`criterion_${k}`}
                  value="yes"
                  checked={values[`criterion_${k}`] === 'yes'}
                />{' '}
                {v}
              </label>
            ))}
          </fieldset>
          {err('data.criteria')}
          <label for="specifiedDisease">40〜64歳: 特定疾病 (16疾病)</label>
          <select id="specifiedDisease" name="specifiedDisease">
            <option value="">該当なし</option>
            <Options map={SPECIFIED_DISEASES} value={values.specifiedDisease} />
          </select>
          {err('data.specifiedDisease')}
          <label class="plain">
            <input type="checkbox" name="wantsServices" value="yes" checked={values.wantsServices === 'yes'} />{' '}
            本人・家族が介護保険サービスの利用を希望している
          </label>
        </>
      );
    case 'insurance_application_supported':
      return (
        <>
          <label for="by">申請の相談をした人</label>
          <select id="by" name="by">
            <Options map={{ family: '家族', hospital: '病院 (家族に代わって)' }} value={values.by} />
          </select>
          {err('data.by')}
          <label for="supportCenterId">相談先の地域包括支援センター (病院が依頼した場合)</label>
          <OfficeSelect
            id="supportCenterId"
            values={values}
            directory={directory}
            kind="community_support_center"
            optional
          />
          {err('data.supportCenterId')}
        </>
      );
    case 'care_manager_assigned':
      return (
        <>
          <label for="expectedCareLevel">見込まれる介護度</label>
          <select id="expectedCareLevel" name="expectedCareLevel">
            <Options map={CARE_LEVELS} value={values.expectedCareLevel} />
          </select>
          {err('data.expectedCareLevel')}
          <p class="muted" id="recommendation">
            ルールの目安:{' '}
            {(Object.keys(CARE_LEVELS) as ExpectedCareLevel[])
              .map((level) => `${CARE_LEVELS[level]} → ${OFFICE_KINDS[recommendedOfficeKind(level)]}`)
              .join(' / ')}
          </p>
          <label for="careOfficeId">担当の事業所 (上の検索で絞り込めます)</label>
          <OfficeSelect id="careOfficeId" values={values} directory={directory} />
          {err('data.careOfficeId')}
        </>
      );
    case 'treatment_plan_shared':
      return (
        <>
          <label for="expectedLengthOfStayDays">入院期間の見込み (日数、わからなければ空欄)</label>
          <input
            id="expectedLengthOfStayDays"
            name="expectedLengthOfStayDays"
            type="number"
            min="1"
            max="3650"
            value={values.expectedLengthOfStayDays ?? ''}
          />
          {err('data.expectedLengthOfStayDays')}
          <p class="muted">見込みを記録すると、退院見込み日に向けた退院調整開始の連絡の期限が設定されます。</p>
        </>
      );
    case 'discharge_difficulty_screened':
      return (
        <>
          <label for="difficult">判定</label>
          <select id="difficult" name="difficult">
            <Options map={{ yes: '退院困難', no: '退院困難ではない' }} value={values.difficult} />
          </select>
          {err('data.difficult')}
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
          {err('data.expectedDischargeDate')}
        </>
      );
    case 'conference_scheduled':
      return (
        <>
          <label for="conferenceAt">開催日時</label>
          <input
            id="conferenceAt"
            type="datetime-local"
            name="conferenceAt"
            required
            value={values.conferenceAt ?? ''}
          />
          {err('data.at')}
          <label for="place">場所</label>
          <input id="place" name="place" maxlength={200} value={values.place ?? ''} />
          {err('data.place')}
          <label class="plain">
            <input type="checkbox" name="online" value="yes" checked={values.online === 'yes'} /> オンラインで開催
          </label>
          <label for="kind">種類</label>
          <select id="kind" name="kind">
            <Options map={CONFERENCE_KINDS} value={values.kind} />
          </select>
        </>
      );
    case 'conference_held':
      return (
        <>
          <label for="kind">種類</label>
          <select id="kind" name="kind">
            <Options map={CONFERENCE_KINDS} value={values.kind} />
          </select>
          <table id="participants">
            <caption>参加者 (職種と立場)</caption>
            <tr>
              <th>職種</th>
              {Object.values(SIDES).map((s) => (
                <th>{s}</th>
              ))}
            </tr>
            {professions.map((p) => (
              <tr>
                <td>{PROFESSION_LABELS[p]}</td>
                {(Object.keys(SIDES) as Side[]).map((side) => (
                  <td>
                    <input
                      type="checkbox"
                      name={`p_${side}_${p}`}
                      value="yes"
                      aria-label={`${PROFESSION_LABELS[p]} (${SIDES[side]})`}
                      checked={values[`p_${side}_${p}`] === 'yes'}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </table>
          {err('data.participants')}
          <ThreeProfessions values={values} />
          <button type="submit" name="check" value="yes" formnovalidate>
            条件を確認する (記録しません)
          </button>
        </>
      );
    case 'discharge_information_shared':
      return (
        <>
          <label for="method">方法</label>
          <select id="method" name="method">
            <Options map={METHODS} value={values.method} />
          </select>
          {err('data.method')}
        </>
      );
    case 'discharged':
      return (
        <>
          <label for="destination">退院先</label>
          <select id="destination" name="destination">
            <Options map={DESTINATIONS} value={values.destination} />
          </select>
          {err('data.destination')}
          <label class="plain">
            <input
              type="checkbox"
              name="nursingSummarySent"
              value="yes"
              checked={values.nursingSummarySent === 'yes'}
            />{' '}
            看護サマリーを提供済み
          </label>
          <p>退院先が「他の病院」の場合は、転院先を選ぶか病院名を入力してください (入院時情報提供シートを送ります)。</p>
          <ReceivingHospitalFields values={values} errors={errors} directory={directory} />
        </>
      );
    case 'transferred':
      return <ReceivingHospitalFields values={values} errors={errors} directory={directory} />;
    case 'nursing_summary_sent':
      return <NursingSummaryFields values={values} err={err} />;
    case 'information_sheet_not_needed_agreed':
      // Offered only on a repeat admission within the region's days (the machine's guard decides).
      return (
        <>
          <p>
            前回の入院の終了から地域のルールの日数以内の再入院で、状態に変化がなく、ケアマネジャーと今回の入院時情報提供シートは不要と合意したときに記録します。
          </p>
          <label for="agreedName">合意した病院の担当者の氏名</label>
          <input id="agreedName" name="agreedName" required maxlength={100} value={values.agreedName ?? ''} />
          {err('data.agreedWith.name')}
          <label for="agreedRole">その方の職種・役割 (例: 退院調整看護師)</label>
          <input id="agreedRole" name="agreedRole" required maxlength={100} value={values.agreedRole ?? ''} />
          {err('data.agreedWith.role')}
        </>
      );
    case 'information_sheet_provided':
      return (
        <>
          <label for="means">提供方法</label>
          <select id="means" name="means" required>
            <Options map={MEANS_LABELS} value={values.means} />
          </select>
          {err('data.means')}
        </>
      );
    default:
      return null;
  }
}

/** "" → undefined, digits → a number, anything else as typed (the schema then says what is wrong). */
const numberOr = (v: string | undefined) => (v === undefined || v === '' ? undefined : /^\d+$/.test(v) ? Number(v) : v);
/** A datetime-local value in Japan as an instant; anything else as typed. */
export const jstInstantOf = (v: string | undefined) =>
  v && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? new Date(`${v}:00+09:00`).toISOString().replace('Z', '+00:00') : v;

/** Form values as the API's `data` of that fact. */
export function manualData(
  type: ManualType,
  form: Record<string, string>,
  hospitals: { id: string; name: string }[],
): Record<string, unknown> {
  switch (type) {
    case 'care_office_identified':
      return { careOfficeId: form.careOfficeId || undefined };
    case 'eligibility_screened':
      return {
        age: numberOr(form.age),
        criteria: (Object.keys(CRITERIA_65) as Criterion[]).filter((k) => form[`criterion_${k}`] === 'yes'),
        specifiedDisease: form.specifiedDisease || null,
        wantsServices: form.wantsServices === 'yes',
      };
    case 'insurance_application_supported':
      return { by: form.by, supportCenterId: form.supportCenterId || null };
    case 'care_manager_assigned':
      return { careOfficeId: form.careOfficeId || undefined, expectedCareLevel: form.expectedCareLevel };
    case 'treatment_plan_shared':
      return { expectedLengthOfStayDays: numberOr(form.expectedLengthOfStayDays) ?? null };
    case 'discharge_difficulty_screened':
      return { difficult: form.difficult === 'yes' };
    case 'discharge_planning_started':
      return { expectedDischargeDate: form.expectedDischargeDate };
    case 'conference_scheduled':
      return {
        at: jstInstantOf(form.conferenceAt),
        ...(form.place ? { place: form.place } : {}),
        online: form.online === 'yes',
        kind: form.kind || undefined,
      };
    case 'conference_held':
      return { participants: participantsOf(form), kind: form.kind || undefined };
    case 'discharge_information_shared':
      return { method: form.method };
    case 'discharged':
      return {
        destination: form.destination,
        nursingSummarySent: form.nursingSummarySent === 'yes',
        // Only a discharge to another hospital names one (the schema refuses it otherwise).
        ...(form.destination === 'other_hospital' && (form.toHospitalId || form.toHospitalName)
          ? receivingHospitalData(form, hospitals)
          : {}),
      };
    case 'transferred':
      return receivingHospitalData(form, hospitals);
    case 'information_sheet_provided':
      return { means: form.means };
    case 'nursing_summary_sent':
      return summaryData(form);
    case 'information_sheet_not_needed_agreed':
      return { agreedWith: { name: form.agreedName ?? '', role: form.agreedRole ?? '' } };
    default:
      return {};
  }
}

/** Facts that name a care office: the page offers a directory search for them. */
export const NAMES_AN_OFFICE: readonly ManualType[] = [
  'care_office_identified',
  'care_manager_assigned',
  'insurance_application_supported',
];
