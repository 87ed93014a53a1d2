import type { FollowUpView, Overview, StuckFilter, StuckItem } from '../../../engine/console/index.js';
import {
  explainDeliveryError,
  FOLLOW_UP_LABELS,
  inFollowUpView,
  percent,
  STATE_LABELS,
} from '../../../engine/console/index.js';
import { ConsolePage, Flash, jst, type PageContext } from './common.js';
import { type AssigneeOption, StuckTable } from './stuckList.js';

const stateLabel = (s: string) => STATE_LABELS[s as keyof typeof STATE_LABELS] ?? s;

/** An alert's detail as people read it: the notice, what happened and what to do (never the provider's words). */
function explained(detail: string): string {
  const { what, todo } = explainDeliveryError(detail);
  const notice = detail.split(' (')[0];
  return `${notice}: ${what}${todo}`;
}

/** What renkei gave up on: each links to its case; the detail names notices and errors, not patients. */
function AlertTable({ items, hospitals }: { items: Overview['alerts']['items']; hospitals: Map<string, string> }) {
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
          <td class="muted">
            {a.kind === 'sweep_failing' ? 'システム管理者に連絡してください。' : explained(a.detail)}
          </td>
          <td>
            {a.caseId ? (
              <a href={`/console/cases/${a.caseId}`}>
                {hospitals.get(a.hospitalId ?? '') ?? ''} 入院番号 {a.hospitalizationId}
              </a>
            ) : (
              '—'
            )}
          </td>
        </tr>
      ))}
    </table>
  );
}

export function OverviewPage({
  ctx,
  data,
  today,
  hospitals,
}: {
  ctx: PageContext;
  data: Overview;
  today: string;
  hospitals: Map<string, string>;
}) {
  const needsAction = data.stuck.filter((i) => inFollowUpView(i, { view: 'active' }, today));
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
        <h2>対応が必要な滞留 ({needsAction.length}件)</h2>
        <p>
          <a href="/console/stuck" id="all-stuck">
            すべて表示・絞り込み・対応の記録
          </a>
          {needsAction.length < data.stuck.length && (
            <span class="muted"> (解決済み・保留中の{data.stuck.length - needsAction.length}件は除いています)</span>
          )}
        </p>
        <StuckTable items={needsAction} today={today} />
      </section>
      <section id="alerts">
        <h2>管理者への警告 ({data.alerts.count}件)</h2>
        <AlertTable items={data.alerts.items} hospitals={hospitals} />
      </section>
    </ConsolePage>
  );
}

export interface StuckOptions {
  regions: { id: string; name: string }[];
  hospitals: { id: string; name: string }[];
  offices: { id: string; name: string }[];
  states: string[];
  accounts: AssigneeOption[];
}

export const VIEW_OPTIONS: { id: FollowUpView; name: string }[] = [
  { id: 'active', name: '対応が必要 (解決済み・保留中を除く)' },
  { id: 'open', name: FOLLOW_UP_LABELS.open },
  { id: 'in_progress', name: FOLLOW_UP_LABELS.in_progress },
  { id: 'contacted', name: FOLLOW_UP_LABELS.contacted },
  { id: 'resolved', name: FOLLOW_UP_LABELS.resolved },
  { id: 'snoozed', name: '保留中' },
  { id: 'all', name: 'すべて' },
];

function Select(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: { id: string; name: string }[];
  any?: string | false;
}) {
  return (
    <label>
      {props.label}
      <br />
      <select name={props.name}>
        {props.any !== false && <option value="">{props.any ?? 'すべて'}</option>}
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
  total,
  back,
  today,
  flash,
}: {
  ctx: PageContext;
  items: StuckItem[];
  filter: StuckFilter & { kind?: string | undefined; view: FollowUpView; assignee?: string | undefined };
  options: StuckOptions;
  /** Items before the follow-up filters. */
  total: number;
  back: string;
  today: string;
  flash?: string | undefined;
}) {
  const cases = new Set(items.map((i) => i.caseId)).size;
  return (
    <ConsolePage title="滞留中の引き継ぎ" section="stuck" ctx={ctx}>
      <p class="muted">
        期限を過ぎても済んでいない手順と、届かなかった通知。入院ごとにまとめ、遅れの大きい順。担当の窓口に電話・FAXで確認し、
        「対応を記録」で誰が何をしたかを残してください。解決済みと、保留中 (「…まで保留」の日まで)
        は既定の表示から外れます。
      </p>
      <Flash message={flash} />
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
        <Select name="view" label="対応状況" value={filter.view} options={VIEW_OPTIONS} any={false} />
        <Select
          name="assignee"
          label="担当者"
          value={filter.assignee}
          options={[{ id: 'none', name: '(未割り当て)' }, ...options.accounts]}
        />
        <button type="submit">絞り込む</button>
      </form>
      <p class="no-print">
        <span id="stuck-count">
          {cases}件の入院・{items.length}件の手順
        </span>
        {total > items.length && <span class="muted"> (この条件で外れたもの {total - items.length}件)</span>}{' '}
        <a href={`/console/stuck/csv${back.slice('/console/stuck'.length)}`} id="stuck-csv">
          CSVで保存
        </a>
      </p>
      <StuckTable items={items} today={today} forms={{ ctx, accounts: options.accounts, back, today }} />
    </ConsolePage>
  );
}
