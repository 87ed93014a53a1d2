import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../engine/deps.js';
import { getHospital, issueWebhookSecret, listHospitals, upsertCareOffice } from '../../engine/directory.js';
import { listStuck } from '../../engine/faxReceipts.js';
import { caseDetail, listCases } from '../../engine/queries.js';
import { adminOnly } from '../adminAuth.js';
import { routeGroup } from '../env.js';
import { problem } from '../problem.js';
import {
  CareOfficeInputSchema, CareOfficeSchema, CaseDetailSchema, CaseSummarySchema, HospitalSchema, ProblemSchema, StuckSchema,
} from '../schemas.js';

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
const security = [{ adminToken: [] }];
const tags = ['Administration'];
const unauthorized = { 401: { description: 'Missing or wrong administrator token', content: problemContent } };

const listHospitalsRoute = createRoute({
  method: 'get', path: '/v1/admin/hospitals', tags, security, summary: 'The hospital directory with contact windows',
  responses: { 200: { description: 'Hospitals', content: { 'application/json': { schema: z.object({ items: z.array(HospitalSchema) }) } } }, ...unauthorized },
});

const issueSecretRoute = createRoute({
  method: 'post', path: '/v1/admin/hospitals/{id}/secrets', tags, security,
  summary: "Issue a webhook secret for a hospital (shown once); earlier secrets stay valid for 24 hours",
  request: { params: z.object({ id: z.string() }) },
  responses: {
    201: { description: 'The new secret', content: { 'application/json': { schema: z.object({ secret: z.string(), hospitalId: z.string() }) } } },
    404: { description: 'Unknown hospital', content: problemContent }, ...unauthorized,
  },
});

const putCareOfficeRoute = createRoute({
  method: 'put', path: '/v1/admin/care-offices/{id}', tags, security, summary: 'Create or replace a care office',
  request: {
    params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, - and _') }),
    body: { required: true, content: { 'application/json': { schema: CareOfficeInputSchema } } },
  },
  responses: {
    200: { description: 'Replaced', content: { 'application/json': { schema: CareOfficeSchema } } },
    201: { description: 'Created', content: { 'application/json': { schema: CareOfficeSchema } } },
    400: { description: 'Invalid body', content: problemContent }, ...unauthorized,
  },
});

const listCasesRoute = createRoute({
  method: 'get', path: '/v1/admin/hospitalizations', tags, security, summary: 'Hospitalizations, filtered',
  request: {
    query: z.object({
      state: z.string().optional(),
      overdue: z.enum(['true', 'false']).optional(),
      hospitalId: z.string().optional(),
    }),
  },
  responses: { 200: { description: 'Cases', content: { 'application/json': { schema: z.object({ items: z.array(CaseSummarySchema) }) } } }, ...unauthorized },
});

const caseDetailRoute = createRoute({
  method: 'get', path: '/v1/admin/hospitalizations/{caseId}', tags, security,
  summary: 'One hospitalization: state, deadlines with their reasons, timeline of events, notices and deliveries',
  request: { params: z.object({ caseId: z.string() }) },
  responses: {
    200: { description: 'The case', content: { 'application/json': { schema: CaseDetailSchema } } },
    404: { description: 'Unknown case', content: problemContent }, ...unauthorized,
  },
});

const stuckRoute = createRoute({
  method: 'get', path: '/v1/admin/notices/stuck', tags, security,
  summary: 'Notices to look at: dead-lettered ones, and FAXes not confirmed within the region\'s time',
  responses: { 200: { description: 'Stuck notices', content: { 'application/json': { schema: StuckSchema } } }, ...unauthorized },
});

export function adminRoutes(deps: Deps) {
  const app = routeGroup();
  app.use('/v1/admin/*', adminOnly(deps));
  app.openapi(listHospitalsRoute, async (c) => c.json({ items: await listHospitals(deps) }, 200));
  app.openapi(issueSecretRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await getHospital(deps, id))) return problem(c, 404, 'unknown-hospital', 'Unknown hospital', `no hospital "${id}"`);
    return c.json({ secret: await issueWebhookSecret(deps, id), hospitalId: id }, 201);
  });
  app.openapi(putCareOfficeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    if (input.region && !deps.regions.has(input.region)) {
      return problem(c, 400, 'invalid-request', 'The request is not valid', `region: unknown region "${input.region}"`,
        { errors: [{ field: 'region', message: `known regions: ${[...deps.regions.keys()].join(', ')}` }] });
    }
    const { created, office } = await upsertCareOffice(deps, id, input);
    return c.json(office, created ? 201 : 200);
  });
  app.openapi(listCasesRoute, async (c) => {
    const q = c.req.valid('query');
    const items = await listCases(deps, { state: q.state, hospitalId: q.hospitalId, overdue: q.overdue === undefined ? undefined : q.overdue === 'true' });
    return c.json({ items }, 200);
  });
  app.openapi(stuckRoute, async (c) => c.json(await listStuck(deps), 200));
  app.openapi(caseDetailRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const detail = await caseDetail(deps, caseId);
    if (!detail) return problem(c, 404, 'unknown-case', 'Unknown case', `no case "${caseId}"`);
    return c.json(detail, 200);
  });
  return app;
}
