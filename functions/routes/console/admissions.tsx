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
  type HospitalRow,
  listCareOffices,
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
import { MAX_UPLOAD_BYTES } from '../../bodyLimit.js';
import type { AppEnv } from '../../env.js';
import { readFormAll } from '../../input.js';
import { decodeLedger, ledgerTemplate, parseLedger } from '../../ledgerCsv.js';
import {
  AdmissionFormPage,
  ImportPage,
  ImportPreviewPage,
  type OfficeChoice,
  type PreviewRow,
} from '../../pages/console/admissions.js';
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
  'wardType',
  'preAdmissionAt',
  'preAdmissionItems',
  'fromHomeToHome',
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
      values: { firstInformedBy: 'hospital', fromHomeToHome: 'yes' },
    }),
  );

  app.post('/new', async (c) => {
    const principal = c.get('principal');
    const all = await readFormAll(c);
    // Check boxes repeat (入院時支援加算's items): kept as one comma-separated field; every other field once.
    const form = Object.fromEntries(
      Object.entries(all).map(([k, v]) => [k, Array.isArray(v) ? (k === 'preAdmissionItems' ? v.join(',') : v[0]) : v]),
    ) as Record<string, string | undefined>;
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
  const importPage = async (c: Context<AppEnv>, hospitalId: string, error?: string) => {
    const principal = c.get('principal');
    const hospitals = (await listHospitals(deps)).map((h) => ({ id: h.id, name: h.name }));
    const own = principal.role === 'admin' ? null : (hospitals.find((h) => h.id === principal.hospitalId) ?? null);
    return c.html(
      <ImportPage
        ctx={pageContext(c)}
        hospitals={hospitals}
        fixedHospital={own}
        hospitalId={hospitalId}
        error={error}
        maxMb={MAX_UPLOAD_BYTES / 1024 / 1024}
      />,
      error ? 400 : 200,
    );
  };

  /** Each row's verdict before anything is recorded: what the form would say of it, or that it exists. */
  const previewRows = async (hospital: HospitalRow, text: string) => {
    const parsed = parseLedger(text, await listCareOffices(deps), hospital.regionId);
    if ('error' in parsed) return parsed;
    const existing = await registeredStays(
      deps,
      hospital.id,
      parsed.rows.map((r) => r.fields.hospitalizationId),
    );
    const seen = new Set<string>();
    const now = deps.now();
    const rows = parsed.rows.map((row) => {
      const built = admissionEvent(row.fields, now);
      const messages = [...new Set([...Object.values(row.errors), ...Object.values(built.errors ?? {})])];
      const id = row.fields.hospitalizationId;
      if (seen.has(id) && id !== '') messages.push(`入院番号 ${id} がこのファイルの前の行にもあります。`);
      seen.add(id);
      const caseId = existing.get(id);
      const view = { line: row.line, hospitalizationId: id, name: row.fields.name };
      if (caseId) return { ...view, status: { kind: 'registered' as const, caseId }, event: null };
      if (messages.length > 0 || built.errors)
        return { ...view, status: { kind: 'invalid' as const, messages }, event: null };
      return { ...view, status: { kind: 'ok' as const }, event: built.event };
    });
    return { rows };
  };

  app.get('/import', (c) => importPage(c, hospitalOf(c.get('principal'), c.req.query('hospital'))));
  app.get('/import/template.csv', (c) =>
    c.body(ledgerTemplate(), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="renkei-admissions-template.csv"`,
    }),
  );

  /** The upload: read, checked row by row, shown. Nothing is recorded here. */
  app.post('/import', async (c) => {
    const body = await c.req.parseBody();
    const hospitalId = hospitalOf(c.get('principal'), typeof body.hospitalId === 'string' ? body.hospitalId : '');
    const hospital = hospitalId ? await getHospital(deps, hospitalId) : null;
    if (!hospital) return importPage(c, hospitalId, '病院を選んでください。');
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return importPage(c, hospitalId, 'CSVファイルを選んでください。');
    const { text, encoding } = decodeLedger(new Uint8Array(await file.arrayBuffer()));
    const preview = await previewRows(hospital, text);
    if ('error' in preview) return importPage(c, hospitalId, preview.error);
    return c.html(
      <ImportPreviewPage
        ctx={pageContext(c)}
        hospitalName={hospital.name}
        hospitalId={hospital.id}
        encoding={encoding}
        rows={preview.rows}
        text={text}
      />,
    );
  });

  /**
   * The confirmation sends the file's text back: it is read and checked again, and every row that
   * still passes goes through the webhook's engine path, keyed by its 入院番号 (a second import of
   * the same ledger records nothing twice).
   */
  app.post('/import/confirm', async (c) => {
    const principal = c.get('principal');
    const form = await c.req.parseBody();
    const hospitalId = hospitalOf(principal, typeof form.hospitalId === 'string' ? form.hospitalId : '');
    const hospital = hospitalId ? await getHospital(deps, hospitalId) : null;
    if (!hospital) return importPage(c, hospitalId, '病院を選んでください。');
    const text = typeof form.ledger === 'string' ? form.ledger : '';
    const preview = await previewRows(hospital, text);
    if ('error' in preview) return importPage(c, hospitalId, preview.error);
    const rows: PreviewRow[] = [];
    for (const row of preview.rows) {
      if (!row.event) {
        rows.push(row);
        continue;
      }
      const result = await recordHospitalEvent(
        deps,
        hospital.id,
        `ledger:${row.event.hospitalizationId}`,
        row.event,
        undefined,
        { principal, requester: c.get('requester'), via: 'import' },
      );
      const refusal = refusalOf(result);
      const status: PreviewRow['status'] =
        result.kind === 'accepted'
          ? { kind: 'recorded', caseId: result.caseId }
          : refusal && 'existing' in refusal
            ? { kind: 'registered', caseId: refusal.existing }
            : { kind: 'invalid', messages: Object.values(refusal ?? {}) };
      rows.push({ line: row.line, hospitalizationId: row.hospitalizationId, name: row.name, status });
    }
    return c.html(
      <ImportPreviewPage
        ctx={pageContext(c)}
        hospitalName={hospital.name}
        hospitalId={hospital.id}
        encoding="UTF-8"
        rows={rows}
        text={null}
      />,
    );
  });
  return app;
}
