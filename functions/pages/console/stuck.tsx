import type { Overview, StuckFilter, StuckItem } from '../../../engine/console/index.js';
import { percent, STATE_LABELS } from '../../../engine/console/index.js';
import { ConsolePage, ContactLine, duration, jst, type PageContext } from './common.js';

const stateLabel = (s: string) => STATE_LABELS[s as keyof typeof STATE_LABELS] ?? s;

/** One row a stuck handoff: the case link is the second click from the overview. */
export function StuckTable({ items }: { items: StuckItem[] }) {
  if (items.length === 0) return <p class="notice">滞留中の引き継ぎはありません。</p>;
  return (
    <table class="list" id="stuck">
      <tr>
        <th>遅れ</th>
        <th>止まっている手順</th>
        <th>担当 (連絡先)</th>
        <th>病院 / 入院番号</th>
        <th>段階</th>
        <th>ケアマネ事業所</th>
      </tr>
      {items.map((i) => (
        <tr data-case={i.caseId}>
          <td class="late">
            {duration(i.lateMs)}
            <div class="muted">{i.kind === 'deadline' ? `期限 ${jst(i.since)}` : `送信 ${jst(i.since)}`}</div>
          </td>
          <td>
            {i.missedStep}
            {i.detail && <div class="muted">{i.detail}</div>}
          </td>
          <td>
            <ContactLine contact={i.owner} />
          </td>
          <td>
            <a class="case-link" href={`/console/cases/${i.caseId}`}>
              {i.hospitalName} {i.hospitalizationId}
            </a>
          </td>
          <td>{stateLabel(i.state)}</td>
          <td>{i.careOfficeName ?? '—'}</td>
        </tr>
      ))}
    </table>
  );
}

/** What renkei gave up on: each links to its case; the detail names notices and errors, not patients. */
function AlertTable({ items }: { items: Overview['alerts']['items'] }) {
  if (items.length === 0) return <p class="notice">警告はありません。</p>;
  return (
    <table class="list" id="alert-list">
      <tr>
        <th>日時</th>
        <th>警告</th>
        <th>内容</th>
        <th>入院</th>
      </tr>
      {items.map((a) => (
        <tr data-alert={a.id}>
          <td>{jst(a.createdAt)}</td>
          <td>{a.label}</td>
          <td class="muted">{a.detail}</td>
          <td>{a.caseId ? <a href={`/console/cases/${a.caseId}`}>{a.caseId}</a> : '—'}</td>
        </tr>
      ))}
    </table>
  );
}

export function OverviewPage({ ctx, data }: { ctx: PageContext; data: Overview }) {
  const active = data.activeByState.reduce((s, r) => s + r.count, 0);
  const rate = data.dischargesHomeThisMonth ? data.leaksThisMonth / data.dischargesHomeThisMonth : null;
  return (
    <ConsolePage title="概要" section="overview" ctx={ctx}>
      {data.escalationMail
        .filter((r) => r.recipients === 0)
        .map((r) => (
          <p class="late" id={`nobody-mailed-${r.regionId}`}>
            {r.regionName}: 期限超過の報告をメールで受け取る人がいません。報告はこの画面にだけ表示されます。
            {ctx.principal.role === 'admin' && (
              <>
                {' '}
                <a href={`/console/directory/regions/${r.regionId}`}>名簿で地域の管理者のメールアドレスを登録する</a>
              </>
            )}
          </p>
        ))}
      <div class="cards">
        <div class="card">
          <a href="/console/cases?active=1">
            進行中の入院<b>{active}</b>
          </a>
        </div>
        <div class={`card${data.overdueDeadlines ? ' alert' : ''}`}>
          <a href="/console/stuck?kind=deadline" id="overdue-card">
            期限超過<b>{data.overdueDeadlines}</b>
          </a>
        </div>
        <div class={`card${data.deadNotices ? ' alert' : ''}`}>
          <a href="/console/stuck?kind=dead_notice">
            不達の通知<b>{data.deadNotices}</b>
          </a>
        </div>
        <div class="card">
          未確認のFAX<b>{data.unconfirmedFaxes}</b>
          <span class="muted">受信確認のないFAX</span>
        </div>
        <div class={`card${data.alerts.count ? ' alert' : ''}`}>
          <a href="#alerts" id="alerts-card">
            管理者への警告<b>{data.alerts.count}</b>
          </a>
        </div>
        <div class={`card${data.leaksThisMonth ? ' alert' : ''}`}>
          <a href={`/console/metrics?month=${data.month}`}>
            今月の調整漏れ ({data.month})
            <b>
              {data.leaksThisMonth} / {data.dischargesHomeThisMonth}
            </b>
            <span class="muted">自宅退院のうち {percent(rate)}</span>
          </a>
        </div>
      </div>
      <section>
        <h2>段階ごとの進行中の入院</h2>
        <table class="list">
          <tr>
            <th>段階</th>
            <th>件数</th>
          </tr>
          {data.activeByState
            .sort((a, b) => b.count - a.count)
            .map((r) => (
              <tr>
                <td>
                  <a href={`/console/cases?state=${r.state}`}>{stateLabel(r.state)}</a>
                </td>
                <td class="num">{r.count}</td>
              </tr>
            ))}
        </table>
      </section>
      <section>
        <h2>滞留中の引き継ぎ ({data.stuck.length}件)</h2>
        <p>
          <a href="/console/stuck" id="all-stuck">
            すべて表示・絞り込み
          </a>
        </p>
        <StuckTable items={data.stuck} />
      </section>
      <section id="alerts">
        <h2>管理者への警告 ({data.alerts.count}件)</h2>
        <AlertTable items={data.alerts.items} />
      </section>
    </ConsolePage>
  );
}

export interface StuckOptions {
  regions: { id: string; name: string }[];
  hospitals: { id: string; name: string }[];
  offices: { id: string; name: string }[];
  states: string[];
}

function Select(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: { id: string; name: string }[];
}) {
  return (
    <label>
      {props.label}
      <br />
      <select name={props.name}>
        <option value="">すべて</option>
        {props.options.map((o) => (
          <option value={o.id} selected={o.id === props.value}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function StuckPage({
  ctx,
  items,
  filter,
  options,
}: {
  ctx: PageContext;
  items: StuckItem[];
  filter: StuckFilter & { kind?: string | undefined };
  options: StuckOptions;
}) {
  return (
    <ConsolePage title="滞留中の引き継ぎ" section="stuck" ctx={ctx}>
      <p class="muted">
        期限を過ぎても済んでいない手順と、届かなかった通知。遅れの大きい順。担当の窓口に電話・FAXで確認してください。
      </p>
      <form class="filters" method="get" action="/console/stuck">
        {ctx.principal.role === 'admin' && (
          <Select name="region" label="地域" value={filter.regionId} options={options.regions} />
        )}
        {ctx.principal.role === 'admin' && (
          <Select name="hospital" label="病院" value={filter.hospitalId} options={options.hospitals} />
        )}
        <Select name="office" label="ケアマネ事業所" value={filter.careOfficeId} options={options.offices} />
        <Select
          name="state"
          label="段階"
          value={filter.state}
          options={options.states.map((s) => ({ id: s, name: stateLabel(s) }))}
        />
        <Select
          name="kind"
          label="種類"
          value={filter.kind}
          options={[
            { id: 'deadline', name: '期限超過' },
            { id: 'dead_notice', name: '不達の通知' },
          ]}
        />
        <button type="submit">絞り込む</button>
      </form>
      <p>{items.length}件</p>
      <StuckTable items={items} />
    </ConsolePage>
  );
}
