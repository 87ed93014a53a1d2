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
type AuditEntry = {
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown> | null;
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

export function AuditPage({ ctx, items }: { ctx: PageContext; items: AuditEntry[] }) {
  return (
    <ConsolePage title="監査ログ" section="audit" ctx={ctx}>
      <p class="muted">誰が、いつ、何を見て何をしたか (追記のみ。新しい順に最大500件)。</p>
      <table class="list" id="audit">
        <tr>
          <th>日時</th>
          <th>誰が</th>
          <th>操作</th>
          <th>対象</th>
          <th>接続元</th>
        </tr>
        {items.map((a) => (
          <tr>
            <td>{jst(a.at)}</td>
            <td>{a.actor}</td>
            <td>
              {a.action}
              {a.detail ? <div class="muted">{JSON.stringify(a.detail)}</div> : null}
            </td>
            <td>{a.target.startsWith('case_') ? <a href={`/console/cases/${a.target}`}>{a.target}</a> : a.target}</td>
            <td class="muted">
              {a.ip ?? ''} {a.userAgent?.slice(0, 60) ?? ''}
            </td>
          </tr>
        ))}
      </table>
    </ConsolePage>
  );
}
