import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { audit } from '../../engine/access/index.js';
import { scopedFilter } from '../../engine/console/index.js';
import type { Deps } from '../../engine/deps.js';
import {
  getHospital,
  issueWebhookSecret,
  listHospitals,
  upsertCareOffice,
  upsertHospital,
} from '../../engine/directory/index.js';
import { listStuckNotices } from '../../engine/notices/index.js';
import { apiAccount } from '../adminAuth.js';
import { type AppEnv, routeGroup } from '../env.js';
import { cleanJsonBody } from '../input.js';
import { problem } from '../problem.js';
import {
  CareOfficeInputSchema,
  CareOfficeSchema,
  HospitalInputSchema,
  HospitalSchema,
  StuckSchema,
} from '../schemas.js';
import { registerAccountRoutes } from './adminAccounts.js';
import { registerCaseRoutes } from './adminCases.js';
import { registerDataKeyRoutes } from './adminDataKeys.js';
import { registerMetricsRoutes } from './adminMetrics.js';
import { denied, problemContent, security } from './adminOpenapi.js';
import { registerRegionRoutes } from './adminRegions.js';

const tags = ['Administration'];
const unauthorized = denied;

const listHospitalsRoute = createRoute({
  operationId: 'listHospitals',
  method: 'get',
  path: '/v1/admin/hospitals',
  tags,
  security,
  summary: 'The hospital directory with contact windows',
  responses: {
    200: {
      description: 'Hospitals',
      content: { 'application/json': { schema: z.object({ items: z.array(HospitalSchema) }) } },
    },
    ...unauthorized,
  },
});

const putHospitalRoute = createRoute({
  operationId: 'putHospital',
  method: 'put',
  path: '/v1/admin/hospitals/{id}',
  tags,
  security,
  summary: 'Create or replace a hospital and its contact windows (the region pack no longer overwrites it)',
  request: {
    params: z.object({ id: z.string().regex(/^[a-z0-9-]{1,100}$/, 'lower-case letters, digits and -') }),
    body: { required: true, content: { 'application/json': { schema: HospitalInputSchema } } },
  },
  responses: {
    200: { description: 'Replaced', content: { 'application/json': { schema: HospitalSchema } } },
    201: { description: 'Created', content: { 'application/json': { schema: HospitalSchema } } },
    400: { description: 'Invalid body', content: problemContent },
    ...unauthorized,
  },
});

const issueSecretRoute = createRoute({
  operationId: 'issueWebhookSecret',
  method: 'post',
  path: '/v1/admin/hospitals/{id}/secrets',
  tags,
  security,
  summary: 'Issue a webhook secret for a hospital (shown once); earlier secrets stay valid for 24 hours',
  request: { params: z.object({ id: z.string() }) },
  responses: {
    201: {
      description: 'The new secret',
      content: { 'application/json': { schema: z.object({ secret: z.string(), hospitalId: z.string() }) } },
    },
    404: { description: 'Unknown hospital', content: problemContent },
    ...unauthorized,
  },
});

const putCareOfficeRoute = createRoute({
  operationId: 'putCareOffice',
  method: 'put',
  path: '/v1/admin/care-offices/{id}',
  tags,
  security,
  summary: 'Create or replace a care office',
  request: {
    params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, - and _') }),
    body: { required: true, content: { 'application/json': { schema: CareOfficeInputSchema } } },
  },
  responses: {
    200: { description: 'Replaced', content: { 'application/json': { schema: CareOfficeSchema } } },
    201: { description: 'Created', content: { 'application/json': { schema: CareOfficeSchema } } },
    400: { description: 'Invalid body', content: problemContent },
    ...unauthorized,
  },
});

/** Hospital staff read and act on their own hospital's cases; everything else is for administrators. */
function administratorsOnly(c: Context<AppEnv>): boolean {
  const path = c.req.path;
  if (path.startsWith('/v1/admin/accounts') || path.startsWith('/v1/admin/regions') || path === '/v1/admin/audit')
    return true;
  return (
    c.req.method !== 'GET' &&
    !path.startsWith('/v1/admin/hospitalizations/') &&
    !/^\/v1\/admin\/stuck\/[^/]+\/follow-up$/.test(path)
  );
}

const unknownRegion = (c: Context<AppEnv>, deps: Deps, region: string) =>
  problem(c, 400, 'invalid-request', 'The request is not valid', `region: unknown region "${region}"`, {
    errors: [{ field: 'region', message: `known regions: ${[...deps.regions.keys()].join(', ')}` }],
  });

const stuckNoticesRoute = createRoute({
  operationId: 'listStuckNotices',
  method: 'get',
  path: '/v1/admin/notices/stuck',
  tags,
  security,
  summary:
    "Notices to look at: dead-lettered ones, and FAXes not confirmed within the region's time (hospital staff: their hospital only)",
  responses: {
    200: { description: 'Stuck notices', content: { 'application/json': { schema: StuckSchema } } },
    ...unauthorized,
  },
});

export function adminRoutes(deps: Deps) {
  const app = routeGroup();
  app.use('/v1/admin/*', apiAccount(deps, administratorsOnly));
  // After the scope: free text in the administrators' JSON is cleaned before any schema reads it.
  app.use('/v1/admin/*', cleanJsonBody);
  app.openapi(listHospitalsRoute, async (c) => c.json({ items: await listHospitals(deps) }, 200));
  app.openapi(putHospitalRoute, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    if (!deps.regions.has(input.region)) return unknownRegion(c, deps, input.region);
    const result = await upsertHospital(deps, id, input);
    if (result.kind === 'window_taken') {
      return problem(
        c,
        400,
        'invalid-request',
        'The request is not valid',
        `windows: window id "${result.windowId}" belongs to another hospital`,
        { errors: [{ field: 'windows', message: `window id "${result.windowId}" belongs to another hospital` }] },
      );
    }
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'directory.hospital.saved', target: id },
      c.get('requester'),
    );
    const saved = (await listHospitals(deps)).find((h) => h.id === id)!;
    return c.json(saved, result.created ? 201 : 200);
  });
  app.openapi(issueSecretRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await getHospital(deps, id)))
      return problem(c, 404, 'unknown-hospital', 'Unknown hospital', `no hospital "${id}"`);
    const secret = await issueWebhookSecret(deps, id);
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'directory.webhook_secret.issued', target: id },
      c.get('requester'),
    );
    return c.json({ secret, hospitalId: id }, 201);
  });
  app.openapi(putCareOfficeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    if (input.region && !deps.regions.has(input.region)) return unknownRegion(c, deps, input.region);
    const { created, office } = await upsertCareOffice(deps, id, input);
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'directory.care_office.saved', target: id },
      c.get('requester'),
    );
    return c.json(office, created ? 201 : 200);
  });
  app.openapi(stuckNoticesRoute, async (c) => {
    const { hospitalId } = scopedFilter(c.get('principal'), {});
    return c.json(await listStuckNotices(deps, { hospitalId }), 200);
  });
  registerCaseRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerDataKeyRoutes(app, deps);
  registerRegionRoutes(app, deps);
  return app;
}
