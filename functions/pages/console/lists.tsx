import { LEAK_LABELS, STATE_LABELS } from '../../../engine/console/index.js';
import { ConsolePage, FieldError, jst, type PageContext } from './common.js';

type CaseRow = {
  caseId: string;
  hospitalId: string;
  hospitalizationId: string;
  state: string;
  overdue: string[];
  admittedAt: string;
  route: string;
  leak: string | null;
};

/** What a person typed into the case search, as it was cleaned; shown back in the form. */
export interface CaseSearchForm {
  hospitalizationId: string;
  office: string;
  patientName: string;
  birthDate: string;
  state: string;
  active: boolean;
}

export type CaseSearchErrors = Partial<Record<keyof CaseSearchForm | 'page', string>>;

/** The query of another page of the same search. */
function pageHref(form: CaseSearchForm, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v) q.set(k, v === true ? '1' : String(v));
  q.set('page', String(page));
  return `/console/cases?${q.toString()}`;
}

export function CasesPage({
  ctx,
  items,
  hospitals,
  form,
  errors,
  page,
  pageSize,
  hasMore,
  offices,
}: {
  ctx: PageContext;
  items: CaseRow[];
  hospitals: Map<string, string>;
  form: CaseSearchForm;
  errors: CaseSearchErrors;
  page: number;
  pageSize: number;
  hasMore: boolean;
  /** The care offices an office query matched; null when none was asked. */
  offices: string[] | null;
}) {
  const first = (page - 1) * pageSize + 1;
  return (
    <ConsolePage title="入院一覧・検索" section="cases" ctx={ctx}>
      <form class="filters" method="get" action="/console/cases" id="case-search">
        <label>
          入院番号
          <br />
          <input name="hospitalizationId" value={form.hospitalizationId} maxlength={100} autocomplete="off" />
          <FieldError field="hospitalizationId" errors={errors} />
        </label>
        <label>
          居宅介護支援事業所 (名前の一部または電話・FAX番号)
          <br />
          <input name="office" value={form.office} maxlength={100} />
          <FieldError field="office" errors={errors} />
        </label>
        <label>
          患者氏名
          <br />
          <input name="patientName" value={form.patientName} maxlength={100} autocomplete="off" />
          <FieldError field="patientName" errors={errors} />
        </label>
        <label>
          生年月日
          <br />
          <input name="birthDate" type="date" value={form.birthDate} />
          <FieldError field="birthDate" errors={errors} />
        </label>
        <label>
          段階
          <br />
          <select name="state">
            <option value="">すべて</option>
            {Object.entries(STATE_LABELS)
              .filter(([k]) => k !== 'stay' && k !== 'admission')
              .map(([k, l]) => (
                <option value={k} selected={k === form.state}>
                  {l}
                </option>
              ))}
          </select>
        </label>
        <label>
          <input type="checkbox" name="active" value="1" checked={form.active} /> 入院中のみ
        </label>
        <button type="submit">検索</button>
        <a href="/console/cases">条件をクリア</a>
      </form>
      <p class="hint">
        患者さんの氏名は暗号化して保存しているため、氏名と生年月日の両方が登録内容と一致する入院だけが見つかります
        (氏名の一部では探せません。空白の有無、全角・半角の違いは問いません)。
      </p>
      <FieldError field="page" errors={errors} />
      {offices !== null ? (
        <p>{offices.length ? `該当する事業所: ${offices.join('、')}` : '該当する居宅介護支援事業所がありません。'}</p>
      ) : null}
      <p id="case-count">
        {items.length === 0
          ? page > 1
            ? 'このページに入院はありません。'
            : '該当する入院はありません。'
          : `${first}〜${first + items.length - 1}件目を表示 (新しい入院から順)`}
      </p>
      <table class="list" id="cases">
        <tr>
          <th>入院</th>
          <th>病院</th>
          <th>入院番号</th>
          <th>段階</th>
          <th>期限超過</th>
          <th>調整漏れ</th>
        </tr>
        {items.map((c) => (
          <tr>
            <td>{jst(c.admittedAt)}</td>
            <td>{hospitals.get(c.hospitalId) ?? c.hospitalId}</td>
            <td>
              <a href={`/console/cases/${c.caseId}`}>{c.hospitalizationId}</a>
            </td>
            <td>{STATE_LABELS[c.state as keyof typeof STATE_LABELS] ?? c.state}</td>
            <td class={c.overdue.length ? 'late' : undefined}>{c.overdue.length || ''}</td>
            <td>{c.leak ? (LEAK_LABELS[c.leak as keyof typeof LEAK_LABELS] ?? c.leak) : ''}</td>
          </tr>
        ))}
      </table>
      <nav class="pager" aria-label="ページ">
        {page > 1 ? (
          <a href={pageHref(form, page - 1)} rel="prev">
            前の{pageSize}件
          </a>
        ) : null}{' '}
        {hasMore ? (
          <a href={pageHref(form, page + 1)} rel="next">
            次の{pageSize}件
          </a>
        ) : null}
      </nav>
    </ConsolePage>
  );
}
