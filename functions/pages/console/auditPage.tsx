import { FOLLOW_UP_LABELS, noticeLabel } from '../../../engine/console/index.js';
import { AUDIT_ACTION_LABELS } from './auditLabels.js';
import { ConsolePage, jst, type PageContext } from './common.js';

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  hospitalization?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
}

export interface AuditRowView {
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown> | null;
  actorLabel: string;
  actionLabel: string;
  targetLabel: string;
  caseId: string | null;
}

const ACTION_OPTIONS = [
  ...Object.entries(AUDIT_ACTION_LABELS).map(([id, name]) => ({ id, name })),
  { id: 'case.fact.', name: '出来事の手入力 (すべて)' },
  { id: 'task.', name: 'ケアマネジャーの回答 (すべて)' },
];

/** The query string of a filter, with another page. */
function href(q: AuditQuery, page: number, base = '/console/audit'): string {
  const p = new URLSearchParams();
  for (const k of ['actor', 'action', 'hospitalization', 'from', 'to'] as const) if (q[k]) p.set(k, q[k]!);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

/** What a detail's keys are called on the page; ids (case, notice, item, account) are left to the CSV. */
const DETAIL_LABELS: Record<string, string> = {
  reason: '理由',
  occurredAt: '出来事の日時',
  via: '経路',
  method: '方法',
  note: 'メモ',
  until: '保留期限',
  status: '状態',
  notice: '通知',
  missedStep: '止まっている段階',
  attempted: '試みた操作',
};
const HIDDEN_DETAILS = new Set(['caseId', 'noticeId', 'newNoticeId', 'itemId', 'assignee']);
const VIA_LABELS: Record<string, string> = { api: 'API', console: '画面', import: 'CSV取り込み', link: 'リンク' };
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function detailValue(key: string, v: unknown): string {
  if (typeof v !== 'string') return JSON.stringify(v);
  if (key === 'status') return FOLLOW_UP_LABELS[v as keyof typeof FOLLOW_UP_LABELS] ?? v;
  if (key === 'notice') return noticeLabel(v);
  if (key === 'via') return VIA_LABELS[v] ?? v;
  if (key === 'attempted') return AUDIT_ACTION_LABELS[v] ?? v;
  return ISO_INSTANT.test(v) ? jst(v) : v;
}

/** A detail object said plainly: "状態: 連絡済み / メモ: …" rather than JSON, times in Japan time. */
export function detailText(detail: Record<string, unknown> | null): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([k, v]) => !HIDDEN_DETAILS.has(k) && v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${DETAIL_LABELS[k] ?? k}: ${detailValue(k, v)}`)
    .join(' / ');
}

export function AuditTable({ items, withTarget = true }: { items: AuditRowView[]; withTarget?: boolean }) {
  return (
    <table class="list cards-on-phone" id="audit">
      <thead>
        <tr>
          <th>日時</th>
          <th>誰が</th>
          <th>操作</th>
          {withTarget && <th>対象</th>}
          <th>接続元</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr data-action={a.action}>
            <td data-label="日時">{jst(a.at)}</td>
            <td data-label="誰が">{a.actorLabel}</td>
            <td data-label="操作">
              {a.actionLabel}
              {a.detail ? <div class="muted">{detailText(a.detail)}</div> : null}
            </td>
            {withTarget && (
              <td data-label="対象">
                {a.caseId ? <a href={`/console/cases/${a.caseId}`}>{a.targetLabel}</a> : a.targetLabel}
              </td>
            )}
            <td data-label="接続元" class="muted">
              {a.ip ?? ''} {a.userAgent?.slice(0, 60) ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditPage(props: {
  ctx: PageContext;
  items: AuditRowView[];
  query: AuditQuery;
  total: number;
  pageSize: number;
  actors: { id: string; name: string }[];
}) {
  const { query: q, total, pageSize } = props;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <ConsolePage title="監査ログ" section="audit" ctx={props.ctx}>
      <p class="muted">誰が、いつ、何を見て何をしたか (追記のみ。新しい順)。</p>
      <form class="filters" method="get" action="/console/audit" id="audit-filters">
        <label>
          誰が
          <br />
          <select name="actor">
            <option value="">すべて</option>
            {props.actors.map((a) => (
              <option value={a.id} selected={a.id === q.actor}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          操作
          <br />
          <select name="action">
            <option value="">すべて</option>
            {ACTION_OPTIONS.map((a) => (
              <option value={a.id} selected={a.id === q.action}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          入院番号
          <br />
          <input name="hospitalization" value={q.hospitalization ?? ''} size={12} />
        </label>
        <label>
          期間 (から)
          <br />
          <input type="date" name="from" value={q.from ?? ''} />
        </label>
        <label>
          (まで)
          <br />
          <input type="date" name="to" value={q.to ?? ''} />
        </label>
        <button type="submit">絞り込む</button>
      </form>
      <p class="pager">
        <span id="audit-count">
          {total}件 ({q.page}/{pages}ページ)
        </span>
        {q.page > 1 && (
          <a href={href(q, q.page - 1)} id="audit-prev">
            前へ
          </a>
        )}
        {q.page < pages && (
          <a href={href(q, q.page + 1)} id="audit-next">
            次へ
          </a>
        )}
        <a href={href(q, 1, '/console/audit/csv')} id="audit-csv">
          CSVで保存
        </a>
      </p>
      <AuditTable items={props.items} />
    </ConsolePage>
  );
}
