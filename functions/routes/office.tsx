import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import {
  audit,
  closeOfficeSession,
  officeActor,
  officeSessionFor,
  RateLimiter,
  requestSignIn,
  SESSION_TTL_MS,
  signInLinkUsable,
  useSignInLink,
} from '../../engine/access/index.js';
import { fileDischargeRecord, officeStay, reportAdmission } from '../../engine/cases/index.js';
import type { Deps } from '../../engine/deps.js';
import { type CareOffice, listHospitals, setNotificationMode } from '../../engine/directory/index.js';
import { loggableMessage } from '../../engine/log.js';
import { readCarePlanCopy } from '../../engine/notices/index.js';
import { dischargeRecordPdf, dischargeRecordView, officeView } from '../../engine/offices/index.js';
import { jstDate } from '../../machines/calendar.js';
import { officeSignInMail } from '../../notifiers/officeTexts.js';
import { capabilityLinkHeaders } from '../capabilityLinks.js';
import { carePlanCopyResponse } from '../carePlanCopyFile.js';
import { refusedWithoutCsrf } from '../csrfToken.js';
import { readRecordForm } from '../dischargeRecordForm.js';
import { cleanText, hasHiddenCharacter, readForm, readFormAll } from '../input.js';
import { DischargeRecordPage, formValues, RecordClosedPage } from '../pages/dischargeRecordPages.js';
import {
  OfficeHomePage,
  OfficeLinkSentPage,
  OfficeReportPage,
  OfficeSignInConfirmPage,
  OfficeSignInPage,
  type ReportForm,
} from '../pages/officePages.js';
import { MessagePage } from '../pages/taskPages.js';
import { pdfDownload } from '../pdfDownload.js';
import type { ClientAddress } from './careManagerTasks.js';
import { officeNursingSummaryRoutes } from './officeNursingSummary.js';
import { officeProviderRoutes } from './officeProviders.js';
import { type OfficeEnv, officeRecordRoutes } from './officeRecords.js';

// The care office's own page, without passwords: its registered address receives a sign-in link
// (GET shows a button, POST signs in: a mail scanner opening the link signs nobody in), and the
// session it opens sees this office's clients only.

/** `__Host-`: secure origin only, path /, no Domain; a different cookie from the console's. */
export const OFFICE_COOKIE = '__Host-renkei_office';
/** Sign-in requests one client address may make a minute (each office is further limited in the engine). */
export const SIGN_IN_REQUESTS_PER_MINUTE = 5;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const pick = (raw: Record<string, string>) => ({
  name: (raw.name ?? '').trim(),
  birthDate: raw.birthDate ?? '',
  hospitalId: raw.hospitalId ?? '',
  admittedOn: raw.admittedOn ?? '',
});
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Runs after the answer: on Workers through waitUntil, on Node as a promise nobody awaits. */
function afterAnswer(c: Context, work: Promise<void>) {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // Node: no execution context; the promise runs on by itself.
  }
}

const badLink = () => (
  <MessagePage
    tone="warn"
    title="このリンクは使えません"
    message="ログイン用のリンクは1回だけ、15分の間だけ使えます。もう一度ログイン用のリンクをお送りください。"
  />
);

export function officeRoutes(deps: Deps, clientAddress: ClientAddress) {
  const app = new Hono<OfficeEnv>();
  const limiter = new RateLimiter(SIGN_IN_REQUESTS_PER_MINUTE);
  // A form posted from another site is refused by its Origin before anything reads it.
  app.use('/office', csrf());
  app.use('/office/*', csrf());
  app.use('/office/signin/*', capabilityLinkHeaders);

  app.post('/office/signin', async (c) => {
    // Wall-clock time, like the link-guessing limit: it counts requests as they arrive.
    const wait = limiter.take(clientAddress(c) ?? 'unknown', Date.now());
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return c.html(<OfficeSignInPage error="続けて送信されたため、しばらくお待ちください。" />, 429);
    }
    const email = (await readForm(c)).email?.trim() ?? '';
    if (!EMAIL.test(email) || email.length > 254)
      return c.html(<OfficeSignInPage email={email} error="メールアドレスの形をご確認ください。" />, 400);
    const request = await requestSignIn(deps, email);
    await audit(
      deps,
      {
        actor: 'anonymous',
        action: 'office.sign_in_requested',
        target: request.kind === 'unknown' ? '' : request.office.id,
        detail: { outcome: request.kind },
      },
      c.get('requester'),
    );
    if (request.kind === 'link') {
      const mail = officeSignInMail({
        officeName: request.office.name,
        url: `${deps.config.publicBaseUrl}/office/signin/${request.token}`,
        expiresAt: new Date(request.expiresAt).toISOString(),
      });
      // Sent after the answer, so the answer takes as long whether or not the address is registered.
      afterAnswer(
        c,
        deps.email
          .send({ noticeId: `signin-${request.expiresAt}-${request.office.id}`, to: request.office.email, ...mail })
          .then(() => undefined)
          .catch((e: Error) =>
            deps.log.warn('office sign-in mail failed', {
              careOfficeId: request.office.id,
              errorMessage: loggableMessage(e),
            }),
          ),
      );
    }
    return c.html(<OfficeLinkSentPage />);
  });

  app.get('/office/signin/:token', async (c) => {
    if (!(await signInLinkUsable(deps, c.req.param('token')))) return c.html(badLink(), 404);
    return c.html(<OfficeSignInConfirmPage action={`/office/signin/${c.req.param('token')}`} />);
  });

  app.post('/office/signin/:token', async (c) => {
    const opened = await useSignInLink(deps, c.req.param('token'));
    if (!opened) return c.html(badLink(), 404);
    await audit(
      deps,
      {
        actor: officeActor(opened.session.careOfficeId),
        action: 'office.signed_in',
        target: opened.session.careOfficeId,
      },
      c.get('requester'),
    );
    setCookie(c, OFFICE_COOKIE, opened.token, {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.redirect('/office', 303);
  });

  // Everything below: the office's session, and the session's CSRF token on every form POST.
  const signedIn = createMiddleware<OfficeEnv>(async (c, next) => {
    const token = getCookie(c, OFFICE_COOKIE);
    const session = token ? await officeSessionFor(deps, token) : null;
    if (!session) {
      if (c.req.method === 'GET') return c.html(<OfficeSignInPage />);
      return c.html(<OfficeSignInPage error="ログインの有効期限が切れました。もう一度ログインしてください。" />, 401);
    }
    const refused = await refusedWithoutCsrf(deps, c, officeActor(session.careOfficeId), session.csrfToken);
    if (refused) return refused;
    c.set('office', session.office);
    c.set('csrfToken', session.csrfToken);
    c.header('Cache-Control', 'no-store');
    await next();
  });

  app.get('/office', signedIn, async (c) => {
    const office = c.get('office');
    const view = await officeView(deps, office);
    await audit(
      deps,
      {
        actor: officeActor(office.id),
        action: 'office.viewed',
        target: office.id,
        detail: { cases: [...view.open, ...view.closed].map((s) => s.caseId) },
      },
      c.get('requester'),
    );
    return c.html(<OfficeHomePage view={view} csrf={c.get('csrfToken')} />);
  });

  const hospitalsFor = async (office: CareOffice, q: string) =>
    (await listHospitals(deps))
      .filter((h) => (!office.region || h.region === office.region) && h.name.includes(q.trim()))
      .map((h) => ({ id: h.id, name: h.name }));
  const emptyReport = (q: string): ReportForm => ({ q, name: '', birthDate: '', hospitalId: '', admittedOn: '' });

  app.get('/office/report', signedIn, async (c) => {
    const q = cleanText(c.req.query('q') ?? '').slice(0, 50);
    return c.html(
      <OfficeReportPage
        csrf={c.get('csrfToken')}
        hospitals={await hospitalsFor(c.get('office'), q)}
        form={emptyReport(q)}
      />,
    );
  });

  app.post('/office/report', signedIn, async (c) => {
    const office = c.get('office');
    const raw = await readForm(c);
    const form: ReportForm = { ...emptyReport(raw.q?.slice(0, 50) ?? ''), ...pick(raw) };
    const errors: Partial<Record<keyof ReportForm, string>> = {};
    if (!/^\S+[\s\u3000]+\S+/.test(form.name) || form.name.length > 60 || hasHiddenCharacter(form.name))
      errors.name = '姓と名を空白で区切って入力してください。';
    if (!DATE.test(form.birthDate)) errors.birthDate = '生年月日を入力してください。';
    if (!DATE.test(form.admittedOn)) errors.admittedOn = '入院日を入力してください。';
    const result =
      Object.keys(errors).length === 0
        ? await reportAdmission(deps, office, {
            patient: { name: form.name, birthDate: form.birthDate },
            hospitalId: form.hospitalId,
            admittedOn: form.admittedOn,
          })
        : null;
    if (result?.kind === 'invalid') errors[result.field === 'hospital' ? 'hospitalId' : result.field] = result.detail;
    if (!result || result.kind === 'invalid')
      return c.html(
        <OfficeReportPage
          csrf={c.get('csrfToken')}
          hospitals={await hospitalsFor(office, form.q)}
          form={form}
          errors={errors}
        />,
        400,
      );
    await audit(
      deps,
      { actor: officeActor(office.id), action: 'office.admission_reported', target: result.caseId },
      c.get('requester'),
    );
    return c.redirect('/office', 303);
  });

  // お知らせの受け取り方: the office's own choice, audited like every act on its page.
  app.post('/office/notifications', signedIn, async (c) => {
    const office = c.get('office');
    const raw = await readForm(c);
    const mode = raw.mode === 'digest' ? 'digest' : raw.mode === 'realtime' ? 'realtime' : null;
    const hour = /^\d{1,2}$/.test(raw.hour ?? '') ? Number(raw.hour) : -1;
    if (!mode || hour < 0 || hour > 23 || !(await setNotificationMode(deps, office.id, mode, hour)))
      return c.html(
        <MessagePage
          tone="warn"
          title="受け取り方を保存できませんでした"
          message="受け取り方と時刻を選び直してください。まとめて受け取るには、事業所のメールアドレスが登録されている必要があります。"
        />,
        400,
      );
    await audit(
      deps,
      {
        actor: officeActor(office.id),
        action: 'office.notification_mode_changed',
        target: office.id,
        detail: { mode, hour },
      },
      c.get('requester'),
    );
    return c.redirect('/office', 303);
  });

  // 退院・退所情報記録書 of one stay: the office's own stays only, checked before the body is read.
  const notFound = () => (
    <MessagePage tone="warn" title="見つかりません" message="この入院は事業所の利用者の一覧にありません。" />
  );
  const recordPath = (caseId: string) => `/office/stays/${caseId}/record`;
  const recordPage = (
    c: Context<OfficeEnv>,
    view: Awaited<ReturnType<typeof dischargeRecordView>>,
    extra: Partial<Parameters<typeof DischargeRecordPage>[0]> = {},
  ) => (
    <DischargeRecordPage
      view={view}
      values={formValues(view.values)}
      action={recordPath(view.caseId)}
      csrf={c.get('csrfToken')}
      pdf={{ href: `${recordPath(view.caseId)}.pdf` }}
      back={{ href: '/office', label: '← 利用者の一覧へ' }}
      showPatient
      {...extra}
    />
  );

  app.get('/office/stays/:caseId/record', signedIn, async (c) => {
    const office = c.get('office');
    const row = await officeStay(deps, office.id, c.req.param('caseId'));
    if (!row) return c.html(notFound(), 404);
    await audit(
      deps,
      { actor: officeActor(office.id), action: 'office.discharge_record_viewed', target: row.id },
      c.get('requester'),
    );
    return c.html(recordPage(c, await dischargeRecordView(deps, row), { filed: c.req.query('filed') === '1' }));
  });

  app.post('/office/stays/:caseId/record', signedIn, async (c) => {
    const office = c.get('office');
    const row = await officeStay(deps, office.id, c.req.param('caseId'));
    if (!row) return c.html(notFound(), 404);
    const form = await readFormAll(c);
    const read = readRecordForm(form, jstDate(deps.now()));
    const view = await dischargeRecordView(deps, row);
    if ('errors' in read) return c.html(recordPage(c, view, { values: read.values, errors: read.errors }), 400);
    const filed = await fileDischargeRecord(deps, row.id, read.record, {
      actor: officeActor(office.id),
      requester: c.get('requester'),
      basedOn: Number(form.basedOn) || 0,
    });
    if (filed.kind !== 'filed') return c.html(<RecordClosedPage />, 409);
    return c.redirect(`${recordPath(row.id)}?filed=1`, 303);
  });

  app.get('/office/stays/:caseId/record.pdf', signedIn, async (c) => {
    const office = c.get('office');
    const row = await officeStay(deps, office.id, c.req.param('caseId'));
    if (!row) return c.html(notFound(), 404);
    const pdf = await dischargeRecordPdf(deps, await dischargeRecordView(deps, row));
    if (!pdf) return c.html(notFound(), 404);
    await audit(
      deps,
      { actor: officeActor(office.id), action: 'office.discharge_record_pdf', target: row.id },
      c.get('requester'),
    );
    return pdfDownload(c, pdf, 'discharge-record', jstDate(deps.now()));
  });

  // ケアプランの写し the office uploaded: its own stays only, each opening audited.
  app.get('/office/stays/:caseId/care-plan-copies/:copyId', signedIn, async (c) => {
    const office = c.get('office');
    const row = await officeStay(deps, office.id, c.req.param('caseId'));
    const copy = row ? await readCarePlanCopy(deps, row.id, c.req.param('copyId')) : null;
    if (!row || !copy) return c.html(notFound(), 404);
    await audit(
      deps,
      { actor: officeActor(office.id), action: 'office.care_plan_copy_pdf', target: c.req.param('copyId') },
      c.get('requester'),
    );
    return carePlanCopyResponse(c, copy);
  });

  officeRecordRoutes(app, deps, signedIn);
  officeProviderRoutes(app, deps, signedIn);
  officeNursingSummaryRoutes(app, deps, signedIn);

  app.post('/office/logout', signedIn, async (c) => {
    await closeOfficeSession(deps, getCookie(c, OFFICE_COOKIE) ?? '');
    await audit(
      deps,
      { actor: officeActor(c.get('office').id), action: 'office.signed_out', target: c.get('office').id },
      c.get('requester'),
    );
    deleteCookie(c, OFFICE_COOKIE, { path: '/', secure: true });
    return c.redirect('/office', 303);
  });

  return app;
}
