import type { Child } from 'hono/jsx';
import type { Principal } from '../../../engine/access/index.js';
import type { Contact } from '../../../engine/console/index.js';
import { HOUR_MS, jstWallClock } from '../../../machines/time.js';
import { Layout } from '../layout.js';

export type Section =
  | 'today'
  | 'overview'
  | 'stuck'
  | 'cases'
  | 'admissions'
  | 'metrics'
  | 'directory'
  | 'audit'
  | 'security';

const SECTIONS: { key: Section; href: string; label: string; adminOnly?: boolean }[] = [
  { key: 'today', href: '/console/today', label: '今日の仕事' },
  { key: 'overview', href: '/console', label: '概要' },
  { key: 'stuck', href: '/console/stuck', label: '滞留中の引き継ぎ' },
  { key: 'cases', href: '/console/cases', label: '入院一覧' },
  { key: 'admissions', href: '/console/admissions/new', label: '入院登録' },
  { key: 'metrics', href: '/console/metrics', label: '指標' },
  { key: 'directory', href: '/console/directory', label: '名簿' },
  { key: 'audit', href: '/console/audit', label: '監査ログ', adminOnly: true },
  { key: 'security', href: '/console/two-factor', label: '二段階認証' },
];

export interface PageContext {
  principal: Principal;
  csrf: string;
}

export function CsrfField({ csrf }: { csrf: string }) {
  return <input type="hidden" name="_csrf" value={csrf} />;
}

/** Every console page: navigation, who is signed in, and the logout form. */
export function ConsolePage(props: { title: string; section: Section; ctx: PageContext; children: Child }) {
  const { principal } = props.ctx;
  return (
    <Layout title={props.title} wide>
      <nav class="top" aria-label="コンソール">
        <strong>renkei 連携コンソール</strong>
        {SECTIONS.filter((s) => !s.adminOnly || principal.role === 'admin').map((s) => (
          <a href={s.href} class={s.key === props.section ? 'on' : undefined}>
            {s.label}
          </a>
        ))}
        <form method="post" action="/console/logout">
          <CsrfField csrf={props.ctx.csrf} />
          <span class="muted who">
            {principal.name} ({principal.role === 'admin' ? '管理者' : '病院職員'}){' '}
          </span>
          <button type="submit">ログアウト</button>
        </form>
      </nav>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}

/** "3日4時間": how long something has been late. */
export function duration(ms: number): string {
  if (ms < 0) return 'まだ期限前';
  const hours = Math.floor(ms / HOUR_MS);
  const days = Math.floor(hours / 24);
  if (days === 0) return `${hours}時間`;
  return hours % 24 ? `${days}日${hours % 24}時間` : `${days}日`;
}

/** Japan-time "2026/12/04 10:30". */
export function jst(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = jstWallClock(iso);
  return `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)} ${d.slice(11, 16)}`;
}

export function ContactLine({ contact }: { contact: Contact }) {
  return (
    <span>
      {contact.name}
      {contact.phone && (
        <>
          {' '}
          / 電話 <a href={`tel:${contact.phone}`}>{contact.phone}</a>
        </>
      )}
      {contact.fax && <> / FAX {contact.fax}</>}
      {!contact.phone && !contact.fax && <span class="muted"> (連絡先が名簿にありません)</span>}
    </span>
  );
}

export function Errors({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="notice error" role="alert">
      <ul>
        {errors.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  );
}

/** A form field's error, next to it (the field's input names it with aria-describedby `{field}-error`). */
export function FieldError<F extends string>({ field, errors }: { field: F; errors: Partial<Record<F, string>> }) {
  const message = errors[field];
  return message ? (
    <p class="field-error" id={`${field}-error`} role="alert">
      {message}
    </p>
  ) : null;
}

export function Flash({ message }: { message: string | undefined }) {
  return message ? (
    <p class="notice" role="status">
      {message}
    </p>
  ) : null;
}

const WEEKDAYS = '日月火水木金土';

/** "11/4(水)" for a Japan-time date YYYY-MM-DD. */
export function jaDay(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${m}/${d}(${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]})`;
}

/**
 * A deadline as people say it: the day it ends. A deadline stored as the midnight that closes a day
 * (the rule's "within 3 days") reads 「11/4(水)中」, not 「11/05 00:00」; any other instant reads with its time.
 */
export function deadlineDay(dueAt: string): string {
  const wall = jstWallClock(dueAt);
  if (wall.slice(11, 23) !== '00:00:00.000') return `${jaDay(wall)} ${wall.slice(11, 16)}まで`;
  return `${jaDay(jstWallClock(Date.parse(dueAt) - 1))}中`;
}
