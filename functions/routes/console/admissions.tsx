import { type Context, Hono } from 'hono';
import type { Principal } from '../../../engine/access/index.js';
import { recordHospitalEvent } from '../../../engine/cases/index.js';
import { registeredStays } from '../../../engine/console/index.js';
import { newId } from '../../../engine/crypto/index.js';
import type { Deps } from '../../../engine/deps.js';
import {
  type CareOffice,
  getCareOffice,
  getHospital,
  listHospitals,
  searchCareOffices,
} from '../../../engine/directory/index.js';
import { jstLocalMinute } from '../../../machines/time.js';
import {
  type AdmissionErrors,
  type AdmissionFields,
  admissionEvent,
  OFFICE_NONE,
  OFFICE_UNKNOWN,
  refusalOf,
} from '../../admissionInput.js';
import type { AppEnv } from '../../env.js';
import { readForm } from '../../input.js';
import { AdmissionFormPage, type OfficeChoice } from '../../pages/console/admissions.js';
import { pageContext } from './session.js';

export const OFFICE_KIND_LABELS = {
  home_care_office: '居宅介護支援事業所',
  community_support_center: '地域包括支援センター',
} as const;

export const officeChoice = (o: CareOffice): OfficeChoice => ({
  id: o.id,
  name: o.name,
  phone: o.phone,
  kindLabel: OFFICE_KIND_LABELS[o.kind],
});

/** The hospital a registration is for: hospital staff's own, always; an administrator's choice. */
export function hospitalOf(principal: Principal, asked: string | undefined): string {
  return principal.role === 'admin' ? (asked ?? '') : (principal.hospitalId ?? '');
}

const FIELDS: (keyof AdmissionFields)[] = [
  'hospitalizationId',
  'name',
  'nameKana',
  'birthDate',
  'ward',
  'admittedAt',
  'office',
  'firstInformedBy',
];

/** A form's id, sent back with it: a double submit of one form records once (the webhook's idempotency). */
const REQUEST_ID = /^form_[A-Za-z0-9_-]{10,40}$/;

/** GET and POST /console/admissions/new, behind the console's session and CSRF checks. */
export function consoleAdmissionPages(deps: Deps) {
  const app = new Hono<AppEnv>();

  const render = async (
    c: Context<AppEnv>,
    state: {
      hospitalId: string;
      values: Partial<AdmissionFields>;
      errors?: AdmissionErrors;
      hospitalError?: string;
      officeQuery?: string;
      found?: CareOffice[] | null;
      requestId?: string;
      existing?: { caseId: string; hospitalizationId: string };
    },
    status: 200 | 400 | 409 = 200,
  ) => {
    const principal = c.get('principal');
    const hospitals = (await listHospitals(deps)).map((h) => ({ id: h.id, name: h.name }));
    const own = principal.role === 'admin' ? null : (hospitals.find((h) => h.id === principal.hospitalId) ?? null);
    // The office chosen before stays on the page with the ones just found.
    const chosen = state.values.office;
    const offices = [...(state.found ?? [])];
    if (chosen && chosen !== OFFICE_NONE && chosen !== OFFICE_UNKNOWN && !offices.some((o) => o.id === chosen)) {
      const office = await getCareOffice(deps, chosen);
      if (office) offices.unshift(office);
    }
    return c.html(
      <AdmissionFormPage
        ctx={pageContext(c)}
        hospitals={hospitals}
        fixedHospital={own}
        hospitalId={state.hospitalId}
        hospitalError={state.hospitalError}
        values={state.values}
        errors={state.errors ?? {}}
        officeQuery={state.officeQuery ?? ''}
        offices={offices.map(officeChoice)}
        nothingFound={state.found?.length === 0}
        nowLocal={jstLocalMinute(deps.now())}
        requestId={state.requestId ?? newId('form')}
        existing={state.existing}
      />,
      status,
    );
  };

  app.get('/new', (c) =>
    render(c, {
      hospitalId: hospitalOf(c.get('principal'), c.req.query('hospital')),
      values: { firstInformedBy: 'hospital' },
    }),
  );

  app.post('/new', async (c) => {
    const principal = c.get('principal');
    const form = await readForm(c);
    const values = Object.fromEntries(FIELDS.map((f) => [f, form[f] ?? ''])) as unknown as AdmissionFields;
    const hospitalId = hospitalOf(principal, form.hospitalId);
    const hospital = hospitalId ? await getHospital(deps, hospitalId) : null;
    const requestId = REQUEST_ID.test(form.requestId ?? '') ? form.requestId! : newId('form');
    const officeQuery = (form.officeQuery ?? '').trim().slice(0, 100);
    const base = { hospitalId, values, officeQuery, requestId };
    const hospitalError = hospital ? undefined : '病院を選んでください。';
    if (form.op === 'search') {
      const found = officeQuery ? await searchCareOffices(deps, officeQuery, hospital?.regionId ?? null) : [];
      return render(c, { ...base, found, hospitalError: hospital || !hospitalId ? undefined : hospitalError });
    }
    const built = admissionEvent(values, deps.now());
    if (!hospital || built.errors) return render(c, { ...base, errors: built.errors ?? {}, hospitalError }, 400);
    const { event } = built;
    const existing = (await registeredStays(deps, hospital.id, [event.hospitalizationId])).get(event.hospitalizationId);
    if (existing) {
      return render(c, { ...base, existing: { caseId: existing, hospitalizationId: event.hospitalizationId } }, 409);
    }
    const result = await recordHospitalEvent(deps, hospital.id, `console:${requestId}`, event, undefined, {
      principal,
      requester: c.get('requester'),
      via: 'console',
    });
    const refusal = refusalOf(result);
    if (refusal === null && result.kind === 'accepted')
      return c.redirect(`/console/cases/${result.caseId}?done=registered`, 303);
    if (refusal && 'existing' in refusal)
      return render(
        c,
        { ...base, existing: { caseId: refusal.existing, hospitalizationId: event.hospitalizationId } },
        409,
      );
    return render(c, { ...base, errors: refusal ?? {} }, 400);
  });
  return app;
}
