import { LEAK_LABELS, STATE_LABELS } from '../../../engine/console/index.js';
import { ConsolePage, jst, type PageContext } from './common.js';

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

export function CasesPage({
  ctx,
  items,
  hospitals,
  state,
}: {
  ctx: PageContext;
  items: CaseRow[];
  hospitals: Map<string, string>;
  state: string | undefined;
}) {
  return (
    <ConsolePage title="入院一覧" section="cases" ctx={ctx}>
      <form class="filters" method="get" action="/console/cases">
        <label>
          段階
          <br />
          <select name="state">
            <option value="">すべて</option>
            {Object.entries(STATE_LABELS)
              .filter(([k]) => k !== 'stay' && k !== 'admission')
              .map(([k, l]) => (
                <option value={k} selected={k === state}>
                  {l}
                </option>
              ))}
          </select>
        </label>
        <button type="submit">絞り込む</button>
      </form>
      <p>{items.length}件 (新しい入院から最大500件)</p>
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
    </ConsolePage>
  );
}
