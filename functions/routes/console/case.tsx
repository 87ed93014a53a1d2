import { type Context, Hono } from 'hono';
import {
  type ActionResult,
  type ManualFactInput,
  reassignCareOffice,
  recordManualFact,
  resendNotice,
  revokeCaseLinks,
} from '../../../engine/cases/index.js';
import { type CaseDetail, caseAudit, resendsOf, STATE_STEPS, viewCase } from '../../../engine/console/index.js';
import { newId } from '../../../engine/crypto/index.js';
import type { Deps } from '../../../engine/deps.js';
import { getCareOffice, getHospital, listCareOffices } from '../../../engine/directory/index.js';
import type { HospitalizationState } from '../../../machines/hospitalization.js';
import { jstLocalMinute } from '../../../machines/time.js';
import { citeRule } from '../../../regions/document.js';
import type { AppEnv } from '../../env.js';
import { readForm } from '../../input.js';
import { CasePage } from '../../pages/console/case.js';
import { jaMessages } from '../../pages/console/jaErrors.js';
import { MANUAL_TYPES, ManualEventPage, type ManualType, manualData } from '../../pages/console/manualEvent.js';
import { ManualFactSchema } from '../../schemas.js';
import { pageContext } from './session.js';

const FLASH: Record<string, string> = {
  resent: '通知を再送しました。',
  revoked: 'この入院のケアマネジャー向けリンクを無効にしました。',
  reassigned: '担当ケアマネ事業所の変更を記録しました。',
  recorded: '出来事を記録しました。',
  registered: '入院を登録しました。連携ルールの期限と通知が始まっています。',
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
    const [hospital, office, offices, resends, auditRows] = await Promise.all([
      getHospital(deps, detail.hospitalId),
      detail.careOfficeId ? getCareOffice(deps, detail.careOfficeId) : null,
      listCareOffices(deps),
      resendsOf(deps, noticeIds),
      caseAudit(deps, caseId),
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
          audit: auditRows,
          nonce: newId('form'),
          flash: FLASH[c.req.query('done') ?? ''],
          ruleStep: ruleStepOf(deps, detail),
        }}
      />,
    );
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

  const manualPage = async (
    c: Context<AppEnv>,
    type: ManualType | null,
    errors: string[],
    values: Record<string, string>,
    status: 200 | 400 = 200,
  ) => {
    const caseId = c.req.param('caseId')!;
    const detail = await viewCase(deps, c.get('principal'), caseId, c.get('requester'));
    if (!detail) return notFound(c);
    return c.html(
      <ManualEventPage
        ctx={pageContext(c)}
        caseId={caseId}
        title={detail.hospitalizationId}
        type={type}
        nowLocal={jstLocalMinute(deps.now())}
        nonce={values.nonce ?? newId('form')}
        errors={errors}
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
    const reason = (form.reason ?? '').trim();
    const occurredAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(form.occurredAt ?? '')
      ? new Date(`${form.occurredAt}:00+09:00`).toISOString()
      : '';
    const parsed = ManualFactSchema.safeParse({
      type,
      occurredAt: occurredAt.replace('Z', '+00:00'),
      data: manualData(type, form),
    });
    const errors = [
      ...(reason ? [] : ['理由を入力してください。']),
      ...(parsed.success ? [] : jaMessages(parsed.error.issues)),
    ];
    if (!parsed.success || errors.length) return manualPage(c, type, errors, form, 400);
    const result = await recordManualFact(
      deps,
      c.get('principal'),
      c.get('requester'),
      caseId,
      parsed.data as ManualFactInput,
      reason.slice(0, 500),
      form.nonce || null,
    );
    if (result.kind === 'invalid')
      return manualPage(
        c,
        type,
        [result.field === 'occurredAt' ? '未来の日時は入力できません。' : `入力を確認してください: ${result.detail}`],
        form,
        400,
      );
    return afterAction(c, caseId, result, 'recorded');
  });
  return app;
}
