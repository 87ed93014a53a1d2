import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Deps } from '../../engine/deps.js';
import type { CareOffice } from '../../engine/directory/index.js';
import { officeClients, recordOfficeRecord } from '../../engine/offices/index.js';
import { OFFICE_RECORD_ADD_ONS, OFFICE_RECORD_KINDS, type OfficeRecordKind } from '../../machines/billing.js';
import { CLOCK_SKEW_MS, jstLocalMinute } from '../../machines/time.js';
import type { AppEnv } from '../env.js';
import { readFormAll } from '../input.js';
import { OfficeRecordPage, type RecordErrors, type RecordForm } from '../pages/officeRecordPages.js';

// The office's own records of 緊急時等居宅カンファレンス and 通院時情報連携 (seed 002 ❹❺): behind the
// office's session (mounted by routes/office.tsx after the body limit, the session and its CSRF token),
// for a client of this office only; each record is audited with it.

/** A request behind the office's session: the office it is scoped to. */
export type OfficeEnv = AppEnv & { Variables: { office: CareOffice } };

const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const EARLIEST = Date.parse('2000-01-01T00:00:00+09:00');
const kindOf = (v: unknown): OfficeRecordKind =>
  OFFICE_RECORD_KINDS.includes(v as OfficeRecordKind) ? (v as OfficeRecordKind) : 'clinic_visit';
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** What to fix in each field, in Japanese; empty when the form can be recorded. */
function check(form: RecordForm, now: Date): RecordErrors {
  const errors: RecordErrors = {};
  if (form.caseId === '') errors.caseId = '利用者を選んでください。';
  const at = Date.parse(`${form.at}:00+09:00`);
  if (form.at === '') errors.at = '日時を入力してください。';
  else if (!LOCAL_MINUTE.test(form.at) || Number.isNaN(at)) errors.at = '日時の形式が正しくありません。';
  else if (at > now.getTime() + CLOCK_SKEW_MS) errors.at = '日時が未来になっています。';
  else if (at < EARLIEST) errors.at = '2000年以降の日時を入力してください。';
  if (form.place.trim() === '') errors.place = '病院・診療所の名前を入力してください。';
  else if (form.place.length > 100) errors.place = '100文字以内で入力してください。';
  if (form.attendees.length > 200) errors.attendees = '200文字以内で入力してください。';
  const allowed = Object.keys(OFFICE_RECORD_ADD_ONS[form.kind].checks);
  if (form.checks.some((c) => !allowed.includes(c))) errors.checks = '選べない項目が含まれています。';
  return errors;
}

export function officeRecordRoutes(app: Hono<OfficeEnv>, deps: Deps, signedIn: MiddlewareHandler<OfficeEnv>) {
  const page = async (c: Context<OfficeEnv>, form: RecordForm, errors?: RecordErrors) =>
    c.html(
      <OfficeRecordPage
        csrf={c.get('csrfToken')}
        clients={await officeClients(deps, c.get('office'))}
        form={form}
        {...(errors ? { errors } : {})}
      />,
      errors ? 400 : 200,
    );

  app.get('/office/records/new', signedIn, (c) =>
    page(c, {
      kind: kindOf(c.req.query('kind')),
      caseId: '',
      at: jstLocalMinute(deps.now()),
      place: '',
      attendees: '',
      checks: [],
    }),
  );

  app.post('/office/records', signedIn, async (c) => {
    const raw = await readFormAll(c);
    const checks = raw.checks === undefined ? [] : Array.isArray(raw.checks) ? raw.checks : [raw.checks];
    const form: RecordForm = {
      kind: kindOf(one(raw.kind)),
      caseId: one(raw.caseId),
      at: one(raw.at).trim(),
      place: one(raw.place).trim(),
      attendees: one(raw.attendees).trim(),
      checks: [...new Set(checks)],
    };
    const errors = check(form, deps.now());
    if (Object.keys(errors).length > 0) return page(c, form, errors);
    const result = await recordOfficeRecord(
      deps,
      c.get('office'),
      { ...form, at: new Date(Date.parse(`${form.at}:00+09:00`)).toISOString() },
      c.get('requester'),
    );
    // A stay of another office reads as if it were not in the list: nothing tells it exists.
    if (result.kind === 'not_client') return page(c, form, { caseId: '利用者を一覧から選んでください。' });
    return c.redirect('/office', 303);
  });
}
