import { eq } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { cases } from '../../db/schema.js';
import { audit } from '../../engine/access/index.js';
import {
  completeTask,
  fileDischargeRecord,
  type TaskAnswer,
  type TaskCompletion,
  type TaskView,
  viewTask,
} from '../../engine/cases/index.js';
import type { Deps } from '../../engine/deps.js';
import { getCareOffice, listCareOffices, searchCareOffices } from '../../engine/directory/index.js';
import { type HospitalContact, hospitalContact, taskLink, taskOfLink } from '../../engine/links/index.js';
import {
  checkCarePlanPdf,
  completeWithCarePlanCopy,
  loadSheet,
  type SheetContext,
  saveDraft,
  submitSheet,
} from '../../engine/notices/index.js';
import { dischargeRecordPdf, dischargeRecordView } from '../../engine/offices/index.js';
import { jstDate } from '../../machines/calendar.js';
import { CLOCK_SKEW_MS, jstLocalMinute } from '../../machines/time.js';
import { sheetAnswers, sheetErrors } from '../../notifiers/informationSheetItems.js';
import { capabilityLinkHeaders } from '../capabilityLinks.js';
import { readRecordForm } from '../dischargeRecordForm.js';
import type { AppEnv } from '../env.js';
import { cleanText, readForm, readFormAll, readFormAndFile } from '../input.js';
import { DischargeRecordPage, formValues, RecordClosedPage } from '../pages/dischargeRecordPages.js';
import { SheetPage } from '../pages/sheetPages.js';
import {
  DonePage,
  type FormState,
  MessagePage,
  type OfficeChoice,
  RevokedLinkPage,
  sheetNotNeededRefusal,
  TaskPage,
} from '../pages/taskPages.js';
import { pdfDownload } from '../pdfDownload.js';

export type ClientAddress = (c: Context) => string | null;

const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** A datetime-local field, read as Japan time; never in the future. */
function readLocalDateTime(value: string | undefined, label: string, now: Date, errors: string[]): string | null {
  const at = localDateTime.test(value ?? '') ? `${value}:00+09:00` : null;
  if (!at) {
    errors.push(`${label}を入力してください。`);
    return null;
  }
  if (Date.parse(at) > now.getTime() + CLOCK_SKEW_MS) {
    errors.push(`${label}に未来の日時は入力できません。`);
    return null;
  }
  return new Date(at).toISOString();
}

/** Reads the form of each task kind; messages are for the care manager, in Japanese. */
function readAnswer(
  kind: string,
  form: Record<string, string>,
  now: Date,
): { answer: TaskAnswer } | { errors: string[] } {
  const errors: string[] = [];
  if (form.confirm !== 'yes') errors.push('確認のチェックを入れてください。');
  switch (kind) {
    case 'acknowledge_admission':
      return errors.length ? { errors } : { answer: { kind } };
    case 'report_hospital_contact': {
      const at = readLocalDateTime(form.contactedAt, '連絡した日時', now, errors);
      return errors.length || !at ? { errors } : { answer: { kind, contactedAt: at } };
    }
    case 'report_information_sheet': {
      if (form.action === 'not_needed') {
        // 「今回は提供不要（病院と合意）」: who at the hospital agreed, both required.
        const name = (form.agreedName ?? '').trim().slice(0, 100);
        const role = (form.agreedRole ?? '').trim().slice(0, 100);
        if (!name) errors.push('合意した病院の担当者の氏名を入力してください。');
        if (!role) errors.push('合意した病院の担当者の職種・役割を入力してください。');
        return errors.length ? { errors } : { answer: { kind, notNeeded: { name, role } } };
      }
      const means = z.enum(['face_to_face', 'fax', 'mail', 'online', 'email']).safeParse(form.means);
      if (!means.success) errors.push('提供方法を選んでください。');
      const at = readLocalDateTime(form.providedAt, '提供した日時', now, errors);
      return errors.length || !means.success || !at ? { errors } : { answer: { kind, at, means: means.data } };
    }
    case 'confirm_care_plan_copy': {
      const sentOn = z.iso.date().safeParse(form.sentOn);
      if (!sentOn.success) errors.push('送付した日を入力してください。');
      else if (sentOn.data > jstDate(now)) errors.push('送付した日に未来の日付は入力できません。');
      // Optional, and may be the planned day (the task is answered once): it decides 退院・退所加算's month.
      const started = form.servicesStartedOn ? z.iso.date().safeParse(form.servicesStartedOn) : null;
      if (started && !started.success) errors.push('居宅サービスの利用開始日を正しく入力してください。');
      return errors.length || !sentOn.success
        ? { errors }
        : { answer: { kind, sentOn: sentOn.data, servicesStartedOn: started?.data ?? null } };
    }
    case 'identify_care_manager': {
      if (!form.careOfficeId) errors.push('担当の事業所を選んでください。');
      return { errors };
    }
    default:
      return { errors: ['この依頼の種類には対応していません。'] };
  }
}

const invalidLink = () => (
  <MessagePage
    tone="error"
    title="リンクが無効です"
    message="このリンクは無効です。メールのリンクをもう一度ご確認いただくか、病院の窓口へお問い合わせください。"
  />
);
const expiredLink = () => (
  <MessagePage
    tone="warn"
    title="リンクの有効期限切れ"
    message="このリンクは有効期限が切れています。病院の窓口へお問い合わせください。"
  />
);

type LinkFailure = { kind: 'invalid' } | { kind: 'expired' } | { kind: 'revoked'; contact: HospitalContact };

/** Why a task link shows nothing: unknown (404), expired (410) or revoked (410, with whom to call). */
function linkFailure(c: Context, failure: LinkFailure) {
  switch (failure.kind) {
    case 'invalid':
      return c.html(invalidLink(), 404);
    case 'expired':
      return c.html(expiredLink(), 410);
    case 'revoked':
      return c.html(<RevokedLinkPage contact={failure.contact} />, 410);
  }
}

/** Care managers' task links: GET only shows; the explicit POST of the form records. No account needed. */
export function careManagerTasks(deps: Deps, clientAddress: ClientAddress) {
  const app = new Hono<AppEnv>();
  app.use('/t/*', capabilityLinkHeaders);

  /** For a support center finding a care manager: the region's offices matching the search (all without one). */
  const officeChoices = async (view: TaskView, query: string): Promise<OfficeChoice[] | undefined> => {
    if (view.task.kind !== 'identify_care_manager') return undefined;
    const q = query.trim();
    const offices = q
      ? await searchCareOffices(deps, q, view.regionId, 50)
      : (await listCareOffices(deps)).filter((o) => o.region === null || o.region === view.regionId);
    return offices
      .filter((o) => o.kind === 'home_care_office' || o.kind === 'community_support_center')
      .slice(0, 50)
      .map((o) => ({ id: o.id, name: o.name, town: o.town, phone: o.phone }));
  };

  app.get('/t/:token', async (c) => {
    const found = await viewTask(deps, c.req.param('token'));
    if (found.kind !== 'ok') return linkFailure(c, found);
    const now = deps.now();
    const query = cleanText(c.req.query('q') ?? '').slice(0, 100);
    return c.html(
      <TaskPage
        view={found.view}
        form={{ errors: [], values: {} }}
        nowLocal={jstLocalMinute(now)}
        today={jstDate(now)}
        taskPath={c.req.path}
        offices={await officeChoices(found.view, query)}
        officeQuery={query}
      />,
    );
  });

  const sheetDefaults = (context: SheetContext) => context.sheet?.answers ?? { admittedOn: context.admittedOn };

  app.get('/t/:token/sheet', async (c) => {
    const found = await loadSheet(deps, c.req.param('token'));
    if (found.kind !== 'ok') return linkFailure(c, found);
    return c.html(<SheetPage context={found.context} values={sheetDefaults(found.context)} errors={[]} />);
  });

  app.post('/t/:token/sheet', async (c) => {
    const token = c.req.param('token');
    const found = await loadSheet(deps, token);
    if (found.kind !== 'ok') return linkFailure(c, found);
    const form = await readFormAll(c);
    const answers = sheetAnswers(found.context.form, form);
    const again = async () => {
      const reloaded = await loadSheet(deps, token);
      return reloaded.kind === 'ok' ? reloaded.context : found.context;
    };
    if (form.action === 'draft') {
      const saved = await saveDraft(deps, found.context, answers);
      const context = await again();
      return c.html(
        <SheetPage
          context={context}
          values={saved === 'saved' ? answers : sheetDefaults(context)}
          errors={[]}
          saved={saved === 'saved'}
        />,
      );
    }
    const fieldErrors = sheetErrors(found.context.form, answers);
    if (Object.keys(fieldErrors).length > 0)
      return c.html(<SheetPage context={found.context} values={answers} errors={[]} fieldErrors={fieldErrors} />, 400);
    const result = await submitSheet(deps, found.context, answers);
    const context = await again();
    switch (result) {
      case 'submitted':
      case 'already_submitted':
        return c.html(<SheetPage context={context} values={sheetDefaults(context)} errors={[]} />);
      case 'no_window':
        return c.html(
          <SheetPage
            context={context}
            values={answers}
            errors={['送付先の窓口が見つかりません。病院へお問い合わせください。']}
          />,
          409,
        );
      case 'task_closed':
        return c.html(
          <MessagePage
            tone="warn"
            title="送信できませんでした"
            message="この依頼はすでに記録されているか、不要になりました。病院の窓口へお問い合わせください。"
          />,
          409,
        );
      case 'revoked':
        return linkFailure(c, { kind: 'revoked', contact: await hospitalContact(deps, found.context.caseId) });
    }
  });

  // 退院・退所情報記録書 from the discharge-start notice's link: GET shows the form, POST files (again:
  // the later supersedes) or hands out the PDF. The link's task and its case are the scope.
  const recordTask = async (c: Context) => {
    const linked = await taskOfLink(deps, c.req.param('token') ?? '');
    if (linked.kind !== 'ok') return { failure: linkFailure(c, linked) };
    if (linked.task.kind !== 'file_discharge_record') return { failure: c.html(invalidLink(), 404) };
    const [row] = await deps.database.db.select().from(cases).where(eq(cases.id, linked.task.caseId));
    if (!row) return { failure: c.html(invalidLink(), 404) };
    return { task: linked.task, row };
  };
  const recordPage = (
    c: Context,
    view: Awaited<ReturnType<typeof dischargeRecordView>>,
    extra: Partial<Parameters<typeof DischargeRecordPage>[0]> = {},
  ) => (
    <DischargeRecordPage
      view={view}
      values={formValues(view.values)}
      action={`/t/${c.req.param('token')}/record`}
      pdf={{ post: `/t/${c.req.param('token')}/record/pdf` }}
      showPatient={false}
      {...extra}
    />
  );

  app.get('/t/:token/record', async (c) => {
    const found = await recordTask(c);
    if ('failure' in found) return found.failure;
    return c.html(recordPage(c, await dischargeRecordView(deps, found.row)));
  });

  app.post('/t/:token/record', async (c) => {
    const found = await recordTask(c);
    if ('failure' in found) return found.failure;
    const form = await readFormAll(c);
    const read = readRecordForm(form, jstDate(deps.now()));
    if ('errors' in read) {
      const view = await dischargeRecordView(deps, found.row);
      return c.html(recordPage(c, view, { values: read.values, errors: read.errors }), 400);
    }
    const filed = await fileDischargeRecord(deps, found.row.id, read.record, {
      actor: `care_office:${found.row.careOfficeId ?? 'unknown'}`,
      requester: { ip: clientAddress(c), userAgent: c.req.header('user-agent') ?? null },
      basedOn: Number(form.basedOn) || 0,
      task: found.task,
    });
    if (filed.kind === 'revoked')
      return linkFailure(c, { kind: 'revoked', contact: await hospitalContact(deps, found.row.id) });
    if (filed.kind !== 'filed') return c.html(<RecordClosedPage />, 409);
    const again = await recordTask(c);
    if ('failure' in again) return again.failure;
    return c.html(recordPage(c, await dischargeRecordView(deps, again.row), { filed: true, showPatient: true }));
  });

  app.post('/t/:token/record/pdf', async (c) => {
    const found = await recordTask(c);
    if ('failure' in found) return found.failure;
    const pdf = await dischargeRecordPdf(deps, await dischargeRecordView(deps, found.row));
    if (!pdf) return c.html(invalidLink(), 404);
    await audit(
      deps,
      {
        actor: `care_office:${found.row.careOfficeId ?? 'unknown'}`,
        action: 'task.discharge_record_pdf',
        target: found.task.id,
      },
      { ip: clientAddress(c), userAgent: c.req.header('user-agent') ?? null },
    );
    return pdfDownload(c, pdf, 'discharge-record', jstDate(deps.now()));
  });

  /** The page answering a recorded (or refused) answer of a task. */
  const answered = async (c: Context, token: string, view: TaskView, result: TaskCompletion, now: Date) => {
    switch (result.kind) {
      case 'done':
        return c.html(<DonePage view={view} nextUrl={result.next ? await taskLink(deps, result.next) : null} />);
      case 'already_done':
      case 'no_longer_needed': {
        const again = await viewTask(deps, token);
        if (again.kind !== 'ok') return linkFailure(c, again);
        // A whole, valid press of the button: answered like one that recorded.
        return c.html(
          <TaskPage
            view={again.view}
            form={{ errors: [], values: {} }}
            nowLocal={jstLocalMinute(now)}
            today={jstDate(now)}
            taskPath={`/t/${token}`}
            showPatient
          />,
        );
      }
      case 'refused':
        return c.html(
          <MessagePage
            tone="warn"
            title="記録できませんでした"
            message="この入院の状況がすでに変わっているため記録できませんでした。病院の窓口へお問い合わせください。"
          />,
          409,
        );
      case 'wrong_task':
        return c.html(invalidLink(), 404);
      case 'invalid':
      case 'expired':
      case 'revoked':
        return linkFailure(c, result);
    }
  };

  // ケアプランの写し: the task's form with its optional PDF (multipart; its own body limit, functions/bodyLimit.tsx).
  // A bad file is told next to its field with the dates kept; without a file the dates record a copy sent on paper.
  app.post('/t/:token/care-plan', async (c) => {
    const token = c.req.param('token');
    const found = await viewTask(deps, token);
    if (found.kind !== 'ok') return linkFailure(c, found);
    if (found.view.task.kind !== 'confirm_care_plan_copy') return c.html(invalidLink(), 404);
    const now = deps.now();
    const { form, file } = await readFormAndFile(c, 'carePlanPdf');
    const read = readAnswer('confirm_care_plan_copy', form, now);
    const bytes = file ? new Uint8Array(await file.arrayBuffer()) : null;
    const check = bytes ? await checkCarePlanPdf(deps, bytes) : null;
    const page = (state: FormState, status: 400 | 409) =>
      c.html(
        <TaskPage
          view={found.view}
          form={state}
          nowLocal={jstLocalMinute(now)}
          today={jstDate(now)}
          taskPath={`/t/${token}`}
        />,
        status,
      );
    const fieldErrors = check?.kind === 'refused' ? { carePlanPdf: check.message } : undefined;
    if ('errors' in read || fieldErrors)
      return page(
        { errors: 'errors' in read ? read.errors : [], values: form, ...(fieldErrors ? { fieldErrors } : {}) },
        400,
      );
    if (read.answer.kind !== 'confirm_care_plan_copy') return c.html(invalidLink(), 404);
    const requester = { ip: clientAddress(c), userAgent: c.req.header('user-agent') ?? null };
    const result =
      bytes && check?.kind === 'ok'
        ? await completeWithCarePlanCopy(deps, token, read.answer, { bytes, pages: check.pages }, requester)
        : await completeTask(deps, token, read.answer, requester);
    if (result.kind === 'no_window')
      return page(
        {
          errors: [],
          values: form,
          fieldErrors: {
            carePlanPdf:
              '送付先の病院の窓口が名簿にないため送信できません。ファイルを選ばずに送付日だけを記録し、FAXや郵送でお送りください。',
          },
        },
        409,
      );
    return answered(c, token, found.view, result, now);
  });

  app.post('/t/:token', async (c) => {
    const token = c.req.param('token');
    const found = await viewTask(deps, token);
    if (found.kind !== 'ok') return linkFailure(c, found);
    const now = deps.now();
    const form = await readForm(c);
    let read = readAnswer(found.view.task.kind, form, now);
    if (found.view.task.kind === 'identify_care_manager' && 'errors' in read && read.errors.length === 0) {
      // The office chosen must be one of the case's region's offices in the directory.
      const office = await getCareOffice(deps, form.careOfficeId ?? '');
      read =
        office && (office.region === null || office.region === found.view.regionId)
          ? {
              answer: {
                kind: 'identify_care_manager',
                office: { id: office.id, kind: office.kind, businessHours: office.businessHours },
              },
            }
          : { errors: ['選んだ事業所が名簿にありません。名簿から選んでください。'] };
    }
    // 「今回は提供不要」 posted on a stay that does not qualify: its reason, not a bare refusal by the machine.
    const offer = found.view.sheetNotNeeded;
    if ('answer' in read && 'notNeeded' in read.answer && !offer.offered)
      read = { errors: [sheetNotNeededRefusal(offer)] };
    if ('errors' in read) {
      const state: FormState = { errors: read.errors, values: form };
      return c.html(
        <TaskPage
          view={found.view}
          form={state}
          nowLocal={jstLocalMinute(now)}
          today={jstDate(now)}
          taskPath={c.req.path}
          offices={await officeChoices(found.view, '')}
        />,
        400,
      );
    }
    const result = await completeTask(deps, token, read.answer, {
      ip: clientAddress(c),
      userAgent: c.req.header('user-agent') ?? null,
    });
    return answered(c, token, found.view, result, now);
  });
  return app;
}
