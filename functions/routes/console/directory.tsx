import { type Context, Hono } from 'hono';
import { audit, auditDenied } from '../../../engine/access/index.js';
import type { Deps } from '../../../engine/deps.js';
import {
  getCareOffice,
  getRegionAdministrator,
  listCareOffices,
  listHospitals,
  listRegionAdministrators,
  setRegionAdministratorEmail,
  upsertCareOffice,
  upsertHospital,
} from '../../../engine/directory/index.js';
import type { AppEnv } from '../../env.js';
import { readFormAll } from '../../input.js';
import { CareOfficeForm, DirectoryPage, HospitalForm, RegionAdministratorForm } from '../../pages/console/directory.js';
import { jaMessages } from '../../pages/console/jaErrors.js';
import { CareOfficeInputSchema, HospitalInputSchema, RegionAdministratorInputSchema } from '../../schemas.js';
import { pageContext } from './session.js';

const SAVED: Record<string, string> = {
  office: '事業所を保存しました。',
  hospital: '病院と窓口を保存しました。',
  region: '地域の管理者のメールアドレスを保存しました。',
};
const ID = /^[A-Za-z0-9_-]{1,100}$/;
const HOSPITAL_ID = /^[a-z0-9-]{1,100}$/;
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function officeInput(form: Record<string, string | string[]>) {
  const s = (k: string) => blankToUndefined(form[k]);
  const closed = Array.isArray(form.closedDays) ? form.closedDays : form.closedDays ? [form.closedDays] : [];
  return {
    name: typeof form.name === 'string' ? form.name.trim() : '',
    kind: s('kind'),
    email: s('email'),
    phone: s('phone'),
    fax: s('fax'),
    town: s('town'),
    region: s('region'),
    businessHours:
      s('open') || s('close') ? { open: s('open') ?? '', close: s('close') ?? '', closedDays: closed } : undefined,
    // Every field the form shows is sent back: one left out here would be reset on each save.
    preferredChannel: s('preferredChannel'),
    smsPhone: s('smsPhone'),
    notificationMode: s('notificationMode'),
    digestHour: s('digestHour') === undefined ? undefined : Number(s('digestHour')),
  };
}

function hospitalInput(form: Record<string, string | string[]>) {
  const s = (k: string) => blankToUndefined(form[k]);
  const windows = [0, 1, 2, 3]
    .filter((i) => s(`w${i}.id`) || s(`w${i}.name`))
    .map((i) => {
      const purposes = form[`w${i}.purposes`];
      return {
        id: s(`w${i}.id`) ?? '',
        name: s(`w${i}.name`) ?? '',
        phone: s(`w${i}.phone`),
        fax: s(`w${i}.fax`),
        email: s(`w${i}.email`),
        note: s(`w${i}.note`),
        purposes: Array.isArray(purposes) ? purposes : purposes ? [purposes] : [],
      };
    });
  return {
    region: s('region') ?? '',
    name: typeof form.name === 'string' ? form.name.trim() : '',
    address: s('address'),
    phone: s('phone'),
    // A checkbox: absent when unticked.
    participating: form.participating === 'yes',
    windows,
  };
}

/** Editing the directory is for administrators; staff read it. A refusal is audited. */
async function adminOnly(deps: Deps, c: Context<AppEnv>) {
  if (c.get('principal').role === 'admin') return null;
  await auditDenied(deps, c.get('principal').actor, c.get('requester'), {
    method: c.req.method,
    path: c.req.path,
    reason: 'administrators_only',
  });
  return c.text('管理者のみが編集できます。', 403);
}

/** The directory of hospitals and care offices, mounted at /console/directory behind the console's session and CSRF checks. */
export function consoleDirectoryPages(deps: Deps) {
  const app = new Hono<AppEnv>();
  const regions = () => [...deps.regions.values()].map((r) => ({ id: r.id, name: r.name }));
  app.get('/', async (c) => {
    const [hospitals, offices, regionAdministrators] = await Promise.all([
      listHospitals(deps),
      listCareOffices(deps),
      listRegionAdministrators(deps),
    ]);
    return c.html(
      <DirectoryPage
        ctx={pageContext(c)}
        hospitals={hospitals}
        offices={offices}
        regions={regionAdministrators}
        flash={SAVED[c.req.query('saved') ?? '']}
      />,
    );
  });

  app.get('/regions/:id', async (c) => {
    const denied = await adminOnly(deps, c);
    if (denied) return denied;
    const region = await getRegionAdministrator(deps, c.req.param('id'));
    if (!region) return c.notFound();
    return c.html(
      <RegionAdministratorForm ctx={pageContext(c)} region={region} email={region.email ?? ''} error={null} />,
    );
  });
  app.post('/regions/:id', async (c) => {
    const denied = await adminOnly(deps, c);
    if (denied) return denied;
    const region = await getRegionAdministrator(deps, c.req.param('id'));
    if (!region) return c.notFound();
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const parsed = RegionAdministratorInputSchema.safeParse({ email: email || null });
    if (!parsed.success)
      return c.html(
        <RegionAdministratorForm
          ctx={pageContext(c)}
          region={region}
          email={email}
          error="メールアドレスの形式が正しくありません (例: renkei@example.jp)。"
        />,
        400,
      );
    await setRegionAdministratorEmail(deps, region.regionId, parsed.data.email);
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'directory.region_administrator.saved', target: region.regionId },
      c.get('requester'),
    );
    return c.redirect('/console/directory?saved=region', 303);
  });

  app.get('/care-offices/:id', async (c) => {
    const id = c.req.param('id');
    if (id === 'new')
      return (
        (await adminOnly(deps, c)) ??
        c.html(<CareOfficeForm ctx={pageContext(c)} id={null} values={{}} errors={[]} regions={regions()} />)
      );
    const o = await getCareOffice(deps, id);
    if (!o) return c.notFound();
    const values = {
      name: o.name,
      kind: o.kind,
      email: o.email ?? '',
      phone: o.phone ?? '',
      fax: o.fax ?? '',
      town: o.town ?? '',
      region: o.region ?? '',
      open: o.businessHours?.open ?? '',
      close: o.businessHours?.close ?? '',
      closedDays: o.businessHours?.closedDays ?? [],
      preferredChannel: o.preferredChannel ?? '',
      smsPhone: o.smsPhone ?? '',
      notificationMode: o.notificationMode,
      digestHour: String(o.digestHour),
    };
    return (
      (await adminOnly(deps, c)) ??
      c.html(<CareOfficeForm ctx={pageContext(c)} id={id} values={values} errors={[]} regions={regions()} />)
    );
  });
  app.post('/care-offices/:id', async (c) => {
    const denied = await adminOnly(deps, c);
    if (denied) return denied;
    const form = await readFormAll(c);
    const isNew = c.req.param('id') === 'new';
    const id = isNew ? String(form.id ?? '').trim() : c.req.param('id');
    const parsed = CareOfficeInputSchema.safeParse(officeInput(form));
    const errors = [
      ...(ID.test(id) ? [] : ['IDは半角英数字と - _ で入力してください。']),
      ...(parsed.success ? [] : jaMessages(parsed.error.issues)),
    ];
    if (!parsed.success || errors.length)
      return c.html(
        <CareOfficeForm
          ctx={pageContext(c)}
          id={isNew ? null : id}
          values={form}
          errors={errors}
          regions={regions()}
        />,
        400,
      );
    await upsertCareOffice(deps, id, parsed.data);
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'directory.care_office.saved', target: id },
      c.get('requester'),
    );
    return c.redirect('/console/directory?saved=office', 303);
  });

  app.get('/hospitals/:id', async (c) => {
    const denied = await adminOnly(deps, c);
    if (denied) return denied;
    const id = c.req.param('id');
    if (id === 'new')
      return c.html(
        <HospitalForm
          ctx={pageContext(c)}
          id={null}
          values={{ region: regions()[0]?.id ?? '', participating: 'yes' }}
          errors={[]}
          regions={regions()}
        />,
      );
    const h = (await listHospitals(deps)).find((x) => x.id === id);
    if (!h) return c.notFound();
    const values: Record<string, string> = {
      name: h.name,
      region: h.region,
      address: h.address ?? '',
      phone: h.phone ?? '',
      participating: h.participating ? 'yes' : '',
    };
    for (const [i, w] of h.windows.entries()) {
      Object.assign(values, {
        [`w${i}.id`]: w.id,
        [`w${i}.name`]: w.name,
        [`w${i}.phone`]: w.phone ?? '',
        [`w${i}.fax`]: w.fax ?? '',
        [`w${i}.email`]: w.email ?? '',
        [`w${i}.purposes`]: w.purposes.join(','),
        [`w${i}.note`]: w.note ?? '',
      });
    }
    return c.html(<HospitalForm ctx={pageContext(c)} id={id} values={values} errors={[]} regions={regions()} />);
  });
  app.post('/hospitals/:id', async (c) => {
    const denied = await adminOnly(deps, c);
    if (denied) return denied;
    const form = await readFormAll(c);
    const isNew = c.req.param('id') === 'new';
    const id = isNew ? String(form.id ?? '').trim() : c.req.param('id');
    const input = hospitalInput(form);
    const parsed = HospitalInputSchema.safeParse(input);
    const errors = [
      ...(HOSPITAL_ID.test(id) ? [] : ['IDは半角小文字・数字と - で入力してください。']),
      ...(deps.regions.has(input.region) ? [] : ['地域を選んでください。']),
      ...(parsed.success ? [] : jaMessages(parsed.error.issues)),
    ];
    const flat = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
    if (!parsed.success || errors.length)
      return c.html(
        <HospitalForm ctx={pageContext(c)} id={isNew ? null : id} values={flat} errors={errors} regions={regions()} />,
        400,
      );
    const result = await upsertHospital(deps, id, parsed.data);
    if (result.kind === 'window_taken') {
      return c.html(
        <HospitalForm
          ctx={pageContext(c)}
          id={isNew ? null : id}
          values={flat}
          errors={[`窓口ID「${result.windowId}」は別の病院で使われています。`]}
          regions={regions()}
        />,
        400,
      );
    }
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'directory.hospital.saved', target: id },
      c.get('requester'),
    );
    return c.redirect('/console/directory?saved=hospital', 303);
  });
  return app;
}
