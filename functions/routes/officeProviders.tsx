import type { Context, Hono, MiddlewareHandler } from 'hono';
import { officeActor } from '../../engine/access/index.js';
import { addCaseProvider, caseProvidersOf, officeStay, removeCaseProvider } from '../../engine/cases/index.js';
import type { Deps } from '../../engine/deps.js';
import { listCareOffices, listHospitals } from '../../engine/directory/index.js';
import { readForm } from '../input.js';
import {
  EMPTY_PROVIDER_FORM,
  PROVIDER_PROBLEM_JA,
  type ProviderErrors,
  type ProviderForm,
  readProviderForm,
} from '../otherProviderForm.js';
import { auditActorLabel } from '../pages/console/auditLabels.js';
import { Layout } from '../pages/layout.js';
import { OtherProvidersSection } from '../pages/otherProviderPages.js';
import { MessagePage } from '../pages/taskPages.js';
import type { OfficeEnv } from './officeRecords.js';

// 他の事業所に写しを送る, from the office page: the care manager names the patient's other providers
// (a visiting nurse, a day service) on a stay this office holds, or stops one. Mounted by
// routes/office.tsx behind the office's session and CSRF token, after the body limit; the stay is
// checked to be this office's before the body is read, and each change is audited with it.

const FLASH: Record<string, string> = {
  added: '追加しました。退院調整の開始と退院のお知らせの写しが届きます。',
  removed: '写しを止めました。',
  already: 'この事業所はすでに追加されています。',
};

export function officeProviderRoutes(app: Hono<OfficeEnv>, deps: Deps, signedIn: MiddlewareHandler<OfficeEnv>) {
  const path = (caseId: string) => `/office/stays/${caseId}/providers`;
  const notFound = (c: Context<OfficeEnv>) =>
    c.html(
      <MessagePage tone="warn" title="見つかりません" message="この入院は事業所の利用者の一覧にありません。" />,
      404,
    );

  const page = async (
    c: Context<OfficeEnv>,
    row: { id: string; regionId: string },
    form: ProviderForm = EMPTY_PROVIDER_FORM,
    errors?: ProviderErrors,
  ) => {
    const [providers, hospitals, offices] = await Promise.all([
      caseProvidersOf(deps, row.id),
      listHospitals(deps),
      listCareOffices(deps),
    ]);
    const names = {
      accounts: new Map<string, string>(),
      offices: new Map(offices.map((o) => [o.id, o.name])),
      hospitals: new Map(hospitals.map((h) => [h.id, h.name])),
    };
    return c.html(
      <Layout title="他の事業所に写しを送る">
        <p>
          <a href="/office">← 利用者の一覧へ</a>
        </p>
        <h1>他の事業所に写しを送る</h1>
        <OtherProvidersSection
          csrf={c.get('csrfToken')}
          providers={providers}
          directory={deps.regions.get(row.regionId)?.providers ?? []}
          action={path(row.id)}
          // Someone in the console is named by role only: the office does not read the center's accounts.
          addedBy={(actor) =>
            actor.startsWith('account:') ? '連携センター・病院の職員' : auditActorLabel(actor, names)
          }
          form={form}
          errors={errors}
          flash={FLASH[c.req.query('done') ?? '']}
        />
      </Layout>,
      errors ? 400 : 200,
    );
  };

  app.get('/office/stays/:caseId/providers', signedIn, async (c) => {
    const row = await officeStay(deps, c.get('office').id, c.req.param('caseId'));
    if (!row) return notFound(c);
    return page(c, row);
  });

  app.post('/office/stays/:caseId/providers', signedIn, async (c) => {
    const office = c.get('office');
    const row = await officeStay(deps, office.id, c.req.param('caseId'));
    if (!row) return notFound(c);
    const read = readProviderForm(await readForm(c));
    if ('errors' in read) return page(c, row, read.values, read.errors);
    const added = await addCaseProvider(deps, row.id, read.input, {
      actor: officeActor(office.id),
      requester: c.get('requester'),
    });
    if (added.kind === 'invalid')
      return page(c, row, read.values, {
        [added.problem.field]: PROVIDER_PROBLEM_JA[added.problem.reason],
      });
    if (added.kind === 'no_case') return notFound(c);
    return c.redirect(`${path(row.id)}?done=${added.kind === 'added' ? 'added' : 'already'}`, 303);
  });

  app.post('/office/stays/:caseId/providers/:providerId/remove', signedIn, async (c) => {
    const office = c.get('office');
    const row = await officeStay(deps, office.id, c.req.param('caseId'));
    if (!row) return notFound(c);
    await removeCaseProvider(deps, row.id, c.req.param('providerId'), {
      actor: officeActor(office.id),
      requester: c.get('requester'),
    });
    return c.redirect(`${path(row.id)}?done=removed`, 303);
  });
}
