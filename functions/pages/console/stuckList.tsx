import {
  explainDeliveryError,
  FOLLOW_UP_LABELS,
  FOLLOW_UP_STATUSES,
  type FollowUp,
  isSnoozed,
  STATE_LABELS,
  type StuckItem,
} from '../../../engine/console/index.js';
import { ConsolePage, ContactLine, CsrfField, deadlineDay, duration, jaDay, jst, type PageContext } from './common.js';

// The stuck list as the coordination center works through it: one row per case, its stuck items
// nested, each with whom to call, what was done about it (follow-up) and a form to record the next step.

const stateLabel = (s: string) => STATE_LABELS[s as keyof typeof STATE_LABELS] ?? s;

/** Who may be put in charge of an item: administrators, and staff of the case's hospital. */
export interface AssigneeOption {
  id: string;
  name: string;
  role: 'admin' | 'hospital_staff';
  hospitalId: string | null;
}

export interface FollowUpForms {
  ctx: PageContext;
  accounts: AssigneeOption[];
  /** Where the form returns to (this list with its filters). */
  back: string;
  today: string;
}

/** The directory page of whom to call, where the directory has one. */
export function directoryHref(owner: StuckItem['owner']): string | null {
  switch (owner.kind) {
    case 'care_office':
      return owner.id ? `/console/directory/care-offices/${encodeURIComponent(owner.id)}` : null;
    case 'hospital':
      return `/console/directory/hospitals/${encodeURIComponent(owner.id)}`;
    case 'region_administrator':
      return `/console/directory/regions/${encodeURIComponent(owner.id)}`;
    default:
      return null;
  }
}

/** Why it is stuck, said to a person: a deadline's reason, or what happened to a notice and what to do. */
function Why({ item }: { item: StuckItem }) {
  if (item.kind === 'deadline') return item.detail ? <div class="muted">{item.detail}</div> : null;
  const p = explainDeliveryError(item.detail);
  const href = p.directory ? directoryHref(item.owner) : null;
  return (
    <div class="why">
      {p.what}
      {p.todo}
      {href && (
        <>
          {' '}
          <a href={href} class="directory-link">
            名簿の「{item.owner.name}」を開く
          </a>
        </>
      )}
    </div>
  );
}

export function FollowUpLine({ f, assignee, today }: { f: FollowUp; assignee: StuckItem['assignee']; today: string }) {
  return (
    <div class="follow-up">
      <span class={`badge fu-${f.status}`}>{FOLLOW_UP_LABELS[f.status]}</span>
      {f.until && isSnoozed(f, today) && <span class="badge snoozed">{jaDay(f.until)}まで保留</span>}
      {assignee && <span class="muted"> 担当: {assignee.name}</span>}
      {f.by && f.at && (
        <span class="muted">
          {' '}
          ({f.by} {jst(f.at)})
        </span>
      )}
      {f.note && <div class="note">{f.note}</div>}
    </div>
  );
}

function FollowUpForm({ item, forms }: { item: StuckItem; forms: FollowUpForms }) {
  const people = forms.accounts.filter((a) => a.role === 'admin' || a.hospitalId === item.hospitalId);
  const f = item.followUp;
  return (
    <details class="no-print">
      <summary>対応を記録</summary>
      <form method="post" action={`/console/stuck/${encodeURIComponent(item.id)}/follow-up`} class="follow-up-form">
        <CsrfField csrf={forms.ctx.csrf} />
        <input type="hidden" name="back" value={forms.back} />
        <label>
          対応状況
          <select name="status">
            {FOLLOW_UP_STATUSES.map((s) => (
              <option value={s} selected={s === f.status}>
                {FOLLOW_UP_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          担当者
          <select name="assignee">
            <option value="">(なし)</option>
            {people.map((a) => (
              <option value={a.id} selected={a.id === item.assignee?.accountId}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          保留する日 (この日まで一覧から外す)
          <input type="date" name="until" min={forms.today} value={f.until ?? ''} />
        </label>
        <label>
          メモ (誰に何を伝えたか)
          <textarea name="note" maxlength={1000}>
            {f.note ?? ''}
          </textarea>
        </label>
        <button type="submit">記録する</button>
      </form>
    </details>
  );
}

function Item({ item, forms, today }: { item: StuckItem; forms: FollowUpForms | null; today: string }) {
  return (
    <li data-item={item.id} class={`stuck-item fu-${item.followUp.status}`}>
      <div>
        <span class="late">{duration(item.lateMs)}</span> {item.missedStep}
      </div>
      <div class="muted">
        {item.kind === 'deadline' ? `期限 ${deadlineDay(item.since)}` : `送信 ${jst(item.since)}`}
      </div>
      <Why item={item} />
      <div>
        連絡先: <ContactLine contact={item.owner} />
      </div>
      <FollowUpLine f={item.followUp} assignee={item.assignee} today={today} />
      {forms && <FollowUpForm item={item} forms={forms} />}
    </li>
  );
}

/** Items grouped by case, in the order of the case's latest item (the list comes most late first). */
export function byCase(items: StuckItem[]): StuckItem[][] {
  const groups = new Map<string, StuckItem[]>();
  for (const i of items) groups.set(i.caseId, [...(groups.get(i.caseId) ?? []), i]);
  return [...groups.values()];
}

/** One row per case: the case link is the second click from the overview. */
export function StuckTable({
  items,
  forms = null,
  today,
}: {
  items: StuckItem[];
  forms?: FollowUpForms | null;
  today: string;
}) {
  if (items.length === 0) return <p class="notice">滞留中の引き継ぎはありません。</p>;
  return (
    <table class="list cards-on-phone" id="stuck">
      <thead>
        <tr>
          <th>入院</th>
          <th>止まっている手順・連絡先・対応</th>
        </tr>
      </thead>
      <tbody>
        {byCase(items).map((group) => {
          const c = group[0]!;
          return (
            <tr data-case={c.caseId}>
              <td data-label="入院" class="case-cell">
                <a class="case-link" href={`/console/cases/${c.caseId}`}>
                  {c.hospitalName} 入院番号 {c.hospitalizationId}
                </a>
                <div class="muted">段階: {stateLabel(c.state)}</div>
                <div class="muted">ケアマネ事業所: {c.careOfficeName ?? '—'}</div>
                <div class="muted">{group.length}件</div>
              </td>
              <td data-label="手順と対応">
                <ul class="stuck-items">
                  {group.map((i) => (
                    <Item item={i} forms={forms} today={today} />
                  ))}
                </ul>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A follow-up that could not be recorded: why, in Japanese, and the way back. */
export function FollowUpRefused({ ctx, message, back }: { ctx: PageContext; message: string; back: string }) {
  return (
    <ConsolePage title="対応を記録できませんでした" section="stuck" ctx={ctx}>
      <p class="notice error" role="alert">
        {message}
      </p>
      <p>
        <a href={back}>一覧へ戻る</a>
      </p>
    </ConsolePage>
  );
}
