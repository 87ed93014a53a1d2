import { type Context, Hono } from 'hono';
import { listAccounts } from '../../../engine/access/index.js';
import {
  type ActionResult,
  bringIntoRuleScope,
  caseProviderNames,
  type ManualFactInput,
  mayActOnCase,
  needsReason,
  reassignCareOffice,
  recordManualFact,
  resendNotice,
  revokeCaseLinks,
} from '../../../engine/cases/index.js';
import {
  type CaseDetail,
  caseAudit,
  caseCarePlanCopies,
  caseHospital,
  offeredFacts,
  openCarePlanCopy,
  resendsOf,
  STATE_STEPS,
  summaryState,
  summaryStay,
  viewCase,
} from '../../../engine/console/index.js';
import { newId } from '../../../engine/crypto/index.js';
import type { Deps } from '../../../engine/deps.js';
import { getCareOffice, getHospital, listCareOffices, listHospitals } from '../../../engine/directory/index.js';
import { nursingSummaryPdf, nursingSummaryView } from '../../../engine/offices/index.js';
import { jstDate } from '../../../machines/calendar.js';
import type { HospitalizationState } from '../../../machines/hospitalization.js';
import { jstLocalMinute } from '../../../machines/time.js';
import { citeRule } from '../../../regions/document.js';
import { carePlanCopyResponse } from '../../carePlanCopyFile.js';
import type { AppEnv } from '../../env.js';
import { readForm } from '../../input.js';
import { auditActorLabel } from '../../pages/console/auditLabels.js';
import { CasePage } from '../../pages/console/case.js';
import { type DirectoryChoices, jstInstantOf } from '../../pages/console/factForms.js';
import { FIELD_LABELS, jaFieldErrors } from '../../pages/console/jaErrors.js';
import { layOutMachine } from '../../pages/console/machineDiagram.js';
import { MANUAL_TYPES, ManualEventPage, type ManualType, manualData } from '../../pages/console/manualEvent.js';
import { NursingSummaryPage } from '../../pages/nursingSummaryPages.js';
import { pdfDownload } from '../../pdfDownload.js';
import { ManualFactSchema } from '../../schemas.js';
import { readableAudit } from './audit.js';
import { caseProviderRoutes } from './caseProviders.js';
import { pageContext } from './session.js';

const FLASH: Record<string, string> = {
  resent: '通知を再送しました。',
  revoked: 'この入院のケアマネジャー向けリンクを無効にしました。',
  reassigned: '担当ケアマネ事業所の変更を記録しました。',
  recorded: '出来事を記録しました。',
  registered: '入院を登録しました。連携ルールの期限と通知が始まっています。',
  scoped: '入退院支援ルールの対象に変更しました。期限の催促が始まります。',
};

/** The case's stage cited in its region's own words (the document and the step as its pack names it); nothing where the pack names no step. */
function ruleStepOf(deps: Deps, detail: CaseDetail): string | null {
  const step = STATE_STEPS[detail.state as HospitalizationState];
  const document = deps.regions.get(detail.regionId)?.document;
  return step && document?.steps[step] ? citeRule(document, step) : null;
}

const notFound = (c: Context<AppEnv>) =>
  c.html(
    '<!doctype html><meta charset="utf-8"><title>見つかりません</title><p>この入院は見つかりません。</p><p><a href="/console">概要へ</a></p>',
    404,
  );

/** After an action: back to the case with a message, or the reason it was not done. */
function afterAction(c: Context<AppEnv>, caseId: string, result: ActionResult, done: string) {
  switch (result.kind) {
    case 'done':
      return c.redirect(`/console/cases/${caseId}?done=${done}`, 303);
    case 'not_found':
      return notFound(c);
    case 'refused':
      return c.html(
        `<!doctype html><meta charset="utf-8"><p>規則上、現在の段階では記録できません (記録のみ残しました): ${escapeHtml(result.detail)}</p><p><a href="/console/cases/${caseId}">戻る</a></p>`,
        409,
      );
    case 'conflict':
      return c.html(
        `<!doctype html><meta charset="utf-8"><p>まだ送信待ちの通知です。自動で再試行されます。</p><p><a href="/console/cases/${caseId}">戻る</a></p>`,
        409,
      );
    case 'invalid':
      return c.html(
        `<!doctype html><meta charset="utf-8"><p>入力を確認してください: ${escapeHtml(result.detail)}</p><p><a href="/console/cases/${caseId}">戻る</a></p>`,
        400,
      );
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The directory a fact's form picks from: the region's care offices matching the search, the other hospitals. */
async function directoryChoices(deps: Deps, detail: CaseDetail, query: string): Promise<DirectoryChoices> {
  const [offices, hospitals] = await Promise.all([listCareOffices(deps), listHospitals(deps)]);
  const q = query.trim().normalize('NFKC');
  const digits = q.replace(/\D/g, '');
  return {
    officeQuery: q,
    offices: offices
      .filter((o) => !o.region || o.region === detail.regionId)
      .filter(
        (o) =>
          !q ||
          o.name.normalize('NFKC').includes(q) ||
          (digits.length >= 3 && (o.phone ?? '').replace(/\D/g, '').includes(digits)),
      )
      .map((o) => ({ id: o.id, name: o.name, kind: o.kind, phone: o.phone })),
    hospitals: hospitals.filter((h) => h.id !== detail.hospitalId).map((h) => ({ id: h.id, name: h.name })),
  };
}

/** The pages of one stay, mounted at /console/cases behind the console's session and CSRF checks. */
export function consoleCasePages(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/:caseId', async (c) => {
    const caseId = c.req.param('caseId');
    const detail = await viewCase(deps, c.get('principal'), caseId, c.get('requester'));
    if (!detail) return notFound(c);
    const noticeIds = detail.timeline
      .filter((t) => t.kind === 'notice')
      .map((t) => (t as { noticeId: string }).noticeId);
    const [
      hospital,
      office,
      offices,
      resends,
      auditRows,
      hospitals,
      accounts,
      diagram,
      providers,
      carePlanCopies,
      summary,
    ] = await Promise.all([
      getHospital(deps, detail.hospitalId),
      detail.careOfficeId ? getCareOffice(deps, detail.careOfficeId) : null,
      listCareOffices(deps),
      resendsOf(deps, noticeIds),
      caseAudit(deps, caseId),
      listHospitals(deps),
      listAccounts(deps),
      layOutMachine(detail.route),
      caseProviderNames(deps, caseId),
      caseCarePlanCopies(deps, c.get('principal'), caseId),
      summaryState(deps, caseId),
    ]);
    // Whom each notice went to, by the name people know: never `care_office:…` or `account:…`.
    const recipients = new Map<string, string>([
      ...offices.map((o) => [`care_office:${o.id}`, o.name] as const),
      ...hospitals.map((h) => [`hospital:${h.id}`, h.name] as const),
      ...accounts.map((a) => [`account:${a.id}`, a.name] as const),
      ...[...providers].map(([id, name]) => [`other_provider:${id}`, `${name} (写し)`] as const),
      ...[...deps.regions.values()].map((r) => [`region_administrator:${r.id}`, `${r.name}の地域の管理者`] as const),
    ]);
    return c.html(
      <CasePage
        ctx={pageContext(c)}
        detail={detail}
        extras={{
          hospitalName: hospital?.name ?? detail.hospitalId,
          careOfficeName: office?.name ?? null,
          offices: offices
            .filter((o) => !o.region || o.region === detail.regionId)
            .map((o) => ({ id: o.id, name: o.name })),
          resends: new Map(resends.map((r) => [r.outboxId, r.originalId])),
          audit: await readableAudit(deps, auditRows),
          recipients,
          actorName: (actor: string) =>
            auditActorLabel(actor, {
              accounts: new Map(accounts.map((a) => [a.loginId, a.name])),
              offices: new Map(offices.map((o) => [o.id, o.name])),
              hospitals: new Map(hospitals.map((h) => [h.id, h.name])),
            }),
          nonce: newId('form'),
          flash: FLASH[c.req.query('done') ?? ''],
          ruleStep: ruleStepOf(deps, detail),
          diagram,
          stepNames: deps.regions.get(detail.regionId)?.document.steps ?? {},
          carePlanCopies,
          nursingSummary: summary,
        }}
      />,
    );
  });

  app.get('/:caseId/care-plan-copies/:copyId', async (c) => {
    const { caseId, copyId } = c.req.param();
    const copy = await openCarePlanCopy(deps, c.get('principal'), c.get('requester'), caseId, copyId);
    return copy ? carePlanCopyResponse(c, copy) : notFound(c);
  });
  // 看護サマリー: the center sees every stay's, a hospital's staff their own hospital's; each opening audited.
  app.get('/:caseId/nursing-summary', async (c) => {
    const row = await summaryStay(deps, c.get('principal'), c.req.param('caseId'), c.get('requester'));
    if (!row) return notFound(c);
    const view = await nursingSummaryView(deps, row);
    return c.html(
      <NursingSummaryPage
        view={view}
        pdf={{ href: `/console/cases/${row.id}/nursing-summary.pdf` }}
        back={{ href: `/console/cases/${row.id}`, label: '← 入院の詳細へ' }}
      />,
    );
  });
  app.get('/:caseId/nursing-summary.pdf', async (c) => {
    const row = await summaryStay(deps, c.get('principal'), c.req.param('caseId'), c.get('requester'));
    if (!row) return notFound(c);
    const pdf = await nursingSummaryPdf(deps, await nursingSummaryView(deps, row));
    if (!pdf) return notFound(c);
    return pdfDownload(c, pdf, 'nursing-summary', jstDate(deps.now()));
  });

  app.post('/:caseId/notices/:noticeId/resend', async (c) => {
    const { caseId, noticeId } = c.req.param();
    const reason = ((await readForm(c)).reason ?? '').trim().slice(0, 500) || null;
    return afterAction(
      c,
      caseId,
      await resendNotice(deps, c.get('principal'), c.get('requester'), caseId, noticeId, reason),
      'resent',
    );
  });

  /** Another hospital's case first (404, audited like the action), before the form is read or validated. */
  const outOfScope = async (c: Context<AppEnv>, fact: ManualFactInput['type']) =>
    !(await mayActOnCase(deps, c.get('principal'), c.get('requester'), c.req.param('caseId')!, `case.fact.${fact}`));

  app.post('/:caseId/rule-scope', async (c) => {
    const caseId = c.req.param('caseId');
    if (await outOfScope(c, 'brought_into_rule_scope')) return notFound(c);
    const form = await readForm(c);
    const reason = (form.reason ?? '').trim();
    if (!reason)
      return c.html(
        `<!doctype html><meta charset="utf-8"><p>理由を入力してください。</p><p><a href="/console/cases/${escapeHtml(caseId)}#rule-scope">戻る</a></p>`,
        400,
      );
    return afterAction(
      c,
      caseId,
      await bringIntoRuleScope(deps, c.get('principal'), c.get('requester'), caseId, reason.slice(0, 500), null),
      'scoped',
    );
  });

  app.post('/:caseId/links/revoke', async (c) => {
    const caseId = c.req.param('caseId');
    const reason = ((await readForm(c)).reason ?? '').trim().slice(0, 500) || null;
    return afterAction(
      c,
      caseId,
      await revokeCaseLinks(deps, c.get('principal'), c.get('requester'), caseId, reason),
      'revoked',
    );
  });

  app.post('/:caseId/care-office', async (c) => {
    const caseId = c.req.param('caseId');
    if (await outOfScope(c, 'care_office_identified')) return notFound(c);
    const form = await readForm(c);
    const reason = (form.reason ?? '').trim();
    const officeId = String(form.careOfficeId ?? '');
    if (!reason || !officeId)
      return c.html(
        `<!doctype html><meta charset="utf-8"><p>事業所と理由を入力してください。</p><p><a href="/console/cases/${escapeHtml(caseId)}#reassign">戻る</a></p>`,
        400,
      );
    return afterAction(
      c,
      caseId,
      await reassignCareOffice(
        deps,
        c.get('principal'),
        c.get('requester'),
        caseId,
        officeId,
        reason.slice(0, 500),
        String(form.nonce ?? '') || null,
      ),
      'reassigned',
    );
  });

  caseProviderRoutes(app, deps);

  const manualPage = async (
    c: Context<AppEnv>,
    type: ManualType | null,
    errors: string[],
    values: Record<string, string>,
    status: 200 | 400 = 200,
    fieldErrors: Record<string, string[]> = {},
  ) => {
    const caseId = c.req.param('caseId')!;
    const principal = c.get('principal');
    const detail = await viewCase(deps, principal, caseId, c.get('requester'));
    if (!detail) return notFound(c);
    const [offered, directory] = await Promise.all([
      offeredFacts(deps, caseId, MANUAL_TYPES),
      directoryChoices(deps, detail, c.req.query('q') ?? ''),
    ]);
    return c.html(
      <ManualEventPage
        ctx={pageContext(c)}
        caseId={caseId}
        title={detail.hospitalizationId}
        type={type}
        offered={offered}
        reasonRequired={(t) => needsReason(principal, detail.hospitalId, t)}
        directory={directory}
        nowLocal={jstLocalMinute(deps.now())}
        nonce={values.nonce ?? newId('form')}
        errors={errors}
        fieldErrors={fieldErrors}
        values={values}
      />,
      status,
    );
  };
  const manualType = (t: unknown) =>
    (MANUAL_TYPES as readonly string[]).includes(String(t)) ? (t as ManualType) : null;

  app.get('/:caseId/events/new', (c) => manualPage(c, manualType(c.req.query('type')), [], {}));
  app.post('/:caseId/events', async (c) => {
    const caseId = c.req.param('caseId');
    const form = await readForm(c);
    const type = manualType(form.type);
    if (!type) return manualPage(c, null, ['出来事の種類を選んでください。'], form, 400);
    // 「条件を確認する」: the form again with the add-on condition for these participants; nothing recorded.
    if (form.check === 'yes') return manualPage(c, type, [], form);
    const principal = c.get('principal');
    const reason = (form.reason ?? '').trim();
    const hospitals = (await listHospitals(deps)).map((h) => ({ id: h.id, name: h.name }));
    const parsed = ManualFactSchema.safeParse({
      type,
      occurredAt: jstInstantOf(form.occurredAt) ?? '',
      data: manualData(type, form, hospitals),
    });
    const fieldErrors = parsed.success ? {} : jaFieldErrors(parsed.error.issues);
    const ownerId = (await caseHospital(deps, caseId)) ?? '';
    if (!reason && needsReason(principal, ownerId, type)) fieldErrors.reason = ['理由を入力してください。'];
    if (!parsed.success || fieldErrors.reason)
      return manualPage(c, type, ['入力を確認してください。'], form, 400, fieldErrors);
    const result = await recordManualFact(
      deps,
      principal,
      c.get('requester'),
      caseId,
      parsed.data as ManualFactInput,
      reason ? reason.slice(0, 500) : null,
      form.nonce || null,
    );
    if (result.kind === 'invalid') {
      const message =
        result.field === 'occurredAt'
          ? '未来の日時は入力できません。'
          : result.field === 'reason'
            ? '理由を入力してください。'
            : `${FIELD_LABELS[result.field] ?? '入力'}が名簿にありません。名簿から選んでください。`;
      return manualPage(c, type, ['入力を確認してください。'], form, 400, { [result.field]: [message] });
    }
    return afterAction(c, caseId, result, 'recorded');
  });
  return app;
}
