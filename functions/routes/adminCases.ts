import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  type ActionResult,
  type ManualFactInput,
  reassignCareOffice,
  recordManualFact,
  resendNotice,
  revokeCaseLinks,
} from '../../engine/cases/index.js';
import {
  caseAudit,
  followUpToday,
  inFollowUpView,
  listCases,
  listStuck,
  overview,
  recordFollowUp,
  scopedFilter,
  viewCase,
} from '../../engine/console/index.js';
import type { Deps } from '../../engine/deps.js';
import type { AppEnv } from '../env.js';
import { problem } from '../problem.js';
import {
  ActionResultSchema,
  AuditEntrySchema,
  CaseDetailSchema,
  CaseSummarySchema,
  FollowUpInputSchema,
  ManualEventInputSchema,
  OverviewSchema,
  ReassignInputSchema,
  ResendInputSchema,
  RevokeLinksInputSchema,
  StuckItemSchema,
  StuckQuerySchema,
} from '../schemas.js';
import { denied, json, problemContent, security } from './adminOpenapi.js';

const tags = ['Administration'];
const common = {
  401: denied[401],
  404: { description: 'No such case, or a case of another hospital (hospital staff)', content: problemContent },
};
const caseParam = z.object({ caseId: z.string() });

const listCasesRoute = createRoute({
  operationId: 'listHospitalizations',
  method: 'get',
  path: '/v1/admin/hospitalizations',
  tags,
  security,
  summary: 'Hospitalizations, filtered (hospital staff: their hospital only)',
  request: {
    query: z.object({
      state: z.string().optional(),
      overdue: z.enum(['true', 'false']).optional(),
      hospitalId: z.string().optional(),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(CaseSummarySchema) }), 'Cases'), 401: common[401] },
});

const caseDetailRoute = createRoute({
  operationId: 'getHospitalization',
  method: 'get',
  path: '/v1/admin/hospitalizations/{caseId}',
  tags,
  security,
  summary:
    'One hospitalization: state, deadlines with their reasons, timeline of events, notices and deliveries (audited)',
  request: { params: caseParam },
  responses: { 200: json(CaseDetailSchema, 'The case'), ...common },
});

const caseAuditRoute = createRoute({
  operationId: 'listHospitalizationAudit',
  method: 'get',
  path: '/v1/admin/hospitalizations/{caseId}/audit',
  tags,
  security,
  summary: 'Who viewed and acted on the case, newest first',
  request: { params: caseParam },
  responses: { 200: json(z.object({ items: z.array(AuditEntrySchema) }), 'Audit entries'), ...common },
});

const stuckRoute = createRoute({
  operationId: 'listStuckHandoffs',
  method: 'get',
  path: '/v1/admin/stuck',
  tags,
  security,
  summary: 'Stuck handoffs, most late first: overdue deadlines and undelivered notices, with whom to call',
  request: { query: StuckQuerySchema },
  responses: { 200: json(z.object({ items: z.array(StuckItemSchema) }), 'Stuck handoffs'), 401: common[401] },
});

const followUpRoute = createRoute({
  operationId: 'recordStuckFollowUp',
  method: 'post',
  path: '/v1/admin/stuck/{itemId}/follow-up',
  tags,
  security,
  summary:
    'Record what was done about a stuck item: status, note, a day to put it off to, the person in charge (audited; hospital staff: their hospital only)',
  request: {
    params: z.object({ itemId: z.string().max(200) }),
    body: { required: true, content: { 'application/json': { schema: FollowUpInputSchema } } },
  },
  responses: {
    200: json(StuckItemSchema, 'Recorded: the item with its follow-up'),
    400: { description: 'Invalid body; `errors` names each field', content: problemContent },
    401: common[401],
    404: {
      description: 'No such stuck item (or no longer stuck), or one of another hospital',
      content: problemContent,
    },
  },
});

const overviewRoute = createRoute({
  operationId: 'getOverview',
  method: 'get',
  path: '/v1/admin/overview',
  tags,
  security,
  summary: 'Active cases by stage, overdue deadlines, dead-lettered notices, unconfirmed FAXes, leaks this month',
  responses: { 200: json(OverviewSchema, 'Overview'), 401: common[401] },
});

const actionResponses = {
  200: json(ActionResultSchema, 'Done: the case and its state'),
  400: { description: 'Invalid body; `errors` names each field', content: problemContent },
  409: {
    description: 'Not allowed in the current state (kept in the log), or the notice is still pending',
    content: problemContent,
  },
  ...common,
};

const resendRoute = createRoute({
  operationId: 'resendNotice',
  method: 'post',
  path: '/v1/admin/hospitalizations/{caseId}/notices/{noticeId}/resend',
  tags,
  security,
  summary: 'Send a notice again: a new notice (new idempotency key) linked to the original; composed afresh',
  request: {
    params: z.object({ caseId: z.string(), noticeId: z.string() }),
    body: { required: false, content: { 'application/json': { schema: ResendInputSchema } } },
  },
  responses: actionResponses,
});

const revokeLinksRoute = createRoute({
  operationId: 'revokeTaskLinks',
  method: 'post',
  path: '/v1/admin/hospitalizations/{caseId}/links/revoke',
  tags,
  security,
  summary:
    "Revoke the case's care-manager links: every task link and notice short link sent to a care office stops working (410, with whom to call); a resend carries a fresh link. Audited",
  request: {
    params: caseParam,
    body: { required: false, content: { 'application/json': { schema: RevokeLinksInputSchema } } },
  },
  responses: { 200: json(ActionResultSchema, 'Revoked: the case and its state'), 400: actionResponses[400], ...common },
});

const reassignRoute = createRoute({
  operationId: 'reassignCareOffice',
  method: 'post',
  path: '/v1/admin/hospitalizations/{caseId}/care-office',
  tags,
  security,
  summary: 'Reassign the care office: records care_office_identified (source admin) through the machine',
  request: {
    params: caseParam,
    body: { required: true, content: { 'application/json': { schema: ReassignInputSchema } } },
  },
  responses: actionResponses,
});

const manualEventRoute = createRoute({
  operationId: 'recordManualEvent',
  method: 'post',
  path: '/v1/admin/hospitalizations/{caseId}/events',
  tags,
  security,
  summary: 'Record a fact by hand, with a required reason (source admin; kept with the reason and the account)',
  request: {
    params: caseParam,
    body: { required: true, content: { 'application/json': { schema: ManualEventInputSchema } } },
  },
  responses: actionResponses,
});

/** An action's result as an HTTP answer (RFC 9457 problems for the refusals). */
export function actionAnswer(c: Context<AppEnv>, result: ActionResult) {
  switch (result.kind) {
    case 'done':
      return c.json(
        { caseId: result.caseId, state: result.state, ...(result.noticeId ? { noticeId: result.noticeId } : {}) },
        200,
      );
    case 'not_found':
      return problem(c, 404, 'unknown-case', 'Unknown case', 'no such case or notice');
    case 'refused':
      return problem(c, 409, 'not-allowed-in-state', 'Not allowed in the current state', result.detail, {
        caseId: result.caseId,
        state: result.state,
      });
    case 'conflict':
      return problem(c, 409, 'conflict', 'Not now', result.detail);
    case 'invalid':
      return problem(c, 400, 'invalid-request', 'The request is not valid', `${result.field}: ${result.detail}`, {
        errors: [{ field: result.field, message: result.detail }],
      });
  }
}

export function registerCaseRoutes(app: OpenAPIHono<AppEnv>, deps: Deps) {
  app.openapi(listCasesRoute, async (c) => {
    const q = c.req.valid('query');
    const { hospitalId } = scopedFilter(c.get('principal'), { hospitalId: q.hospitalId });
    const items = await listCases(deps, {
      state: q.state,
      hospitalId,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    });
    return c.json({ items }, 200);
  });
  app.openapi(caseDetailRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const detail = await viewCase(deps, c.get('principal'), caseId, c.get('requester'));
    if (!detail) return problem(c, 404, 'unknown-case', 'Unknown case', `no case "${caseId}"`);
    return c.json(detail, 200);
  });
  app.openapi(caseAuditRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const detail = await viewCase(deps, c.get('principal'), caseId, c.get('requester'));
    if (!detail) return problem(c, 404, 'unknown-case', 'Unknown case', `no case "${caseId}"`);
    return c.json({ items: await caseAudit(deps, caseId) }, 200);
  });
  app.openapi(stuckRoute, async (c) => {
    const q = c.req.valid('query');
    const filter = scopedFilter(c.get('principal'), {
      regionId: q.region,
      hospitalId: q.hospitalId,
      careOfficeId: q.careOfficeId,
      state: q.state,
    });
    const items = await listStuck(deps, filter);
    const today = followUpToday(deps);
    const view = { view: q.view ?? 'all', assignee: q.assignee } as const;
    return c.json({ items: items.filter((i) => inFollowUpView(i, view, today)) }, 200);
  });
  app.openapi(followUpRoute, async (c) => {
    const { itemId } = c.req.valid('param');
    const result = await recordFollowUp(deps, c.get('principal'), c.get('requester'), itemId, c.req.valid('json'));
    switch (result.kind) {
      case 'done':
        return c.json(result.item, 200);
      case 'not_found':
        return problem(c, 404, 'unknown-stuck-item', 'Unknown stuck item', `no stuck item "${itemId}"`);
      case 'invalid':
        return problem(c, 400, 'invalid-request', 'The request is not valid', `${result.field}: ${result.detail}`, {
          errors: [{ field: result.field, message: result.detail }],
        });
    }
  });
  app.openapi(overviewRoute, async (c) => c.json(await overview(deps, scopedFilter(c.get('principal'), {})), 200));
  app.openapi(resendRoute, async (c) => {
    const { caseId, noticeId } = c.req.valid('param');
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    return actionAnswer(
      c,
      await resendNotice(deps, c.get('principal'), c.get('requester'), caseId, noticeId, body.reason || null),
    );
  });
  app.openapi(revokeLinksRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    return actionAnswer(
      c,
      await revokeCaseLinks(deps, c.get('principal'), c.get('requester'), caseId, body.reason || null),
    );
  });
  app.openapi(reassignRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const body = c.req.valid('json');
    return actionAnswer(
      c,
      await reassignCareOffice(
        deps,
        c.get('principal'),
        c.get('requester'),
        caseId,
        body.careOfficeId,
        body.reason,
        body.idempotencyKey ?? null,
      ),
    );
  });
  app.openapi(manualEventRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const body = c.req.valid('json');
    return actionAnswer(
      c,
      await recordManualFact(
        deps,
        c.get('principal'),
        c.get('requester'),
        caseId,
        body.event as ManualFactInput,
        body.reason,
        body.idempotencyKey ?? null,
      ),
    );
  });
}
