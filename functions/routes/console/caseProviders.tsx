import type { Context, Hono } from 'hono';
import { listAccounts } from '../../../engine/access/index.js';
import { addCaseProvider, caseProvidersOf, removeCaseProvider, visibleCase } from '../../../engine/cases/index.js';
import type { Deps } from '../../../engine/deps.js';
import { listCareOffices, listHospitals } from '../../../engine/directory/index.js';
import type { AppEnv } from '../../env.js';
import { readForm } from '../../input.js';
import {
  EMPTY_PROVIDER_FORM,
  PROVIDER_PROBLEM_JA,
  type ProviderErrors,
  type ProviderForm,
  readProviderForm,
} from '../../otherProviderForm.js';
import { auditActorLabel } from '../../pages/console/auditLabels.js';
import { ConsolePage } from '../../pages/console/common.js';
import { OtherProvidersSection } from '../../pages/otherProviderPages.js';
import { pageContext } from './session.js';

// 他の事業所への写し, by hand in the console: the coordination center (any stay) or a hospital's staff
// (their hospital's stays only; another's is answered as missing and the attempt audited) name the
// patient's other providers on a stay, or stop one. Mounted on the case pages behind the console's
// session and CSRF check, after the body limit.

const FLASH: Record<string, string> = {
  added: '追加しました。退院調整の開始と退院のお知らせの写しが届きます。',
  removed: '写しを止めました。',
  already: 'この事業所はすでに追加されています。',
};

export function caseProviderRoutes(app: Hono<AppEnv>, deps: Deps) {
  const path = (caseId: string) => `/console/cases/${caseId}/providers`;
  const notFound = (c: Context<AppEnv>) =>
    c.html(
      '<!doctype html><meta charset="utf-8"><title>見つかりません</title><p>この入院は見つかりません。</p><p><a href="/console">概要へ</a></p>',
      404,
    );
  const visible = (c: Context<AppEnv>, attempted: string) =>
    visibleCase(deps, c.get('principal'), c.get('requester'), c.req.param('caseId') ?? '', attempted);

  const page = async (
    c: Context<AppEnv>,
    row: { id: string; hospitalizationId: string; regionId: string },
    form: ProviderForm = EMPTY_PROVIDER_FORM,
    errors?: ProviderErrors,
  ) => {
    const [providers, hospitals, offices, accounts] = await Promise.all([
      caseProvidersOf(deps, row.id),
      listHospitals(deps),
      listCareOffices(deps),
      listAccounts(deps),
    ]);
    const names = {
      accounts: new Map(accounts.map((a) => [a.loginId, a.name])),
      offices: new Map(offices.map((o) => [o.id, o.name])),
      hospitals: new Map(hospitals.map((h) => [h.id, h.name])),
    };
    return c.html(
      <ConsolePage title={`他の事業所への写し (入院 ${row.hospitalizationId})`} section="cases" ctx={pageContext(c)}>
        <p>
          <a href={`/console/cases/${row.id}`}>← 入院の記録へ</a>
        </p>
        <OtherProvidersSection
          csrf={pageContext(c).csrf}
          providers={providers}
          directory={deps.regions.get(row.regionId)?.providers ?? []}
          action={path(row.id)}
          addedBy={(actor) => auditActorLabel(actor, names)}
          form={form}
          errors={errors}
          flash={FLASH[c.req.query('done') ?? '']}
        />
      </ConsolePage>,
      errors ? 400 : 200,
    );
  };

  app.get('/:caseId/providers', async (c) => {
    const row = await visible(c, 'case.other_providers.view');
    if (!row) return notFound(c);
    return page(c, row);
  });

  app.post('/:caseId/providers', async (c) => {
    const row = await visible(c, 'case.other_provider_added');
    if (!row) return notFound(c);
    const read = readProviderForm(await readForm(c));
    if ('errors' in read) return page(c, row, read.values, read.errors);
    const added = await addCaseProvider(deps, row.id, read.input, {
      actor: c.get('principal').actor,
      requester: c.get('requester'),
    });
    if (added.kind === 'invalid')
      return page(c, row, read.values, { [added.problem.field]: PROVIDER_PROBLEM_JA[added.problem.reason] });
    if (added.kind === 'no_case') return notFound(c);
    return c.redirect(`${path(row.id)}?done=${added.kind === 'added' ? 'added' : 'already'}`, 303);
  });

  app.post('/:caseId/providers/:providerId/remove', async (c) => {
    const row = await visible(c, 'case.other_provider_removed');
    if (!row) return notFound(c);
    await removeCaseProvider(deps, row.id, c.req.param('providerId'), {
      actor: c.get('principal').actor,
      requester: c.get('requester'),
    });
    return c.redirect(`${path(row.id)}?done=removed`, 303);
  });
}
