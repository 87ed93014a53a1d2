import { EVENT_LABELS } from '../../../engine/console/index.js';
import { ConsolePage, CsrfField, Errors, type PageContext } from './common.js';
import {
  type DirectoryChoices,
  FactFields,
  type FieldErrors,
  MANUAL_TYPES,
  type ManualType,
  NAMES_AN_OFFICE,
} from './factForms.js';

export { MANUAL_TYPES, type ManualType, manualData } from './factForms.js';

export function ManualEventPage(props: {
  ctx: PageContext;
  caseId: string;
  title: string;
  type: ManualType | null;
  /** The facts the case's state accepts now: the only ones offered. */
  offered: readonly ManualType[];
  /** Whether this person must say why (recording on someone else's behalf). */
  reasonRequired: (type: ManualType) => boolean;
  directory: DirectoryChoices;
  nowLocal: string;
  nonce: string;
  errors: string[];
  fieldErrors: FieldErrors;
  values: Record<string, string>;
}) {
  const { ctx, caseId, type, values } = props;
  const offered = type && !props.offered.includes(type) ? null : type;
  const reasonRequired = offered ? props.reasonRequired(offered) : true;
  return (
    <ConsolePage title={`出来事の記録: ${props.title}`} section="cases" ctx={ctx}>
      <p>
        <a href={`/console/cases/${caseId}`}>← 入院の詳細へ戻る</a>
      </p>
      <p class="muted">
        病院で起きたこと、電話やFAXで確認できたことを記録します。記録は病院のシステムからの連絡と同じ規則(状態遷移)を通り、記録した人とともに経過に残ります。
      </p>
      {type && !offered && (
        <p class="notice error" role="alert">
          「{EVENT_LABELS[type]}」は、この入院の現在の段階では記録できません。下の一覧から選んでください。
        </p>
      )}
      <form method="get" action={`/console/cases/${caseId}/events/new`}>
        <label for="type">出来事の種類 (現在の段階で記録できるもの)</label>
        <select id="type" name="type">
          {MANUAL_TYPES.filter((t) => props.offered.includes(t)).map((t) => (
            <option value={t} selected={t === offered}>
              {EVENT_LABELS[t]}
            </option>
          ))}
        </select>
        <button type="submit">選ぶ</button>
      </form>
      {offered && NAMES_AN_OFFICE.includes(offered) && (
        <form method="get" action={`/console/cases/${caseId}/events/new`} id="office-search">
          <input type="hidden" name="type" value={offered} />
          <label for="q">事業所を名簿から探す (名称・所在地・電話番号)</label>
          <input id="q" name="q" value={props.directory.officeQuery} />
          <button type="submit">探す</button>
          <span class="muted"> {props.directory.offices.length}件</span>
        </form>
      )}
      {offered && (
        <form method="post" action={`/console/cases/${caseId}/events`} id="manual-form">
          <Errors errors={props.errors} />
          <CsrfField csrf={ctx.csrf} />
          <input type="hidden" name="type" value={offered} />
          <input type="hidden" name="nonce" value={props.nonce} />
          <p>
            <strong>{EVENT_LABELS[offered]}</strong>
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
          {props.fieldErrors.occurredAt?.length ? (
            <p class="field-error">{props.fieldErrors.occurredAt.join(' ')}</p>
          ) : null}
          <FactFields type={offered} values={values} errors={props.fieldErrors} directory={props.directory} />
          {reasonRequired && (
            <>
              <label for="reason">理由 (必須: 代わりに記録する理由と、何で確認したか)</label>
              <textarea id="reason" name="reason" required maxlength={500}>
                {values.reason ?? ''}
              </textarea>
              {props.fieldErrors.reason?.length ? (
                <p class="field-error">{props.fieldErrors.reason.join(' ')}</p>
              ) : null}
            </>
          )}
          <button type="submit" id="record">
            記録する
          </button>
        </form>
      )}
    </ConsolePage>
  );
}
