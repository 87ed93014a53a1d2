import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  accountView,
  audit,
  createAccount,
  disableAccount,
  findAccount,
  issueApiToken,
  listAccounts,
  listAudit,
  resetTwoFactor,
} from '../../engine/access/index.js';
import type { Deps } from '../../engine/deps.js';
import type { AppEnv } from '../env.js';
import { problem } from '../problem.js';
import { AccountInputSchema, AccountSchema, AuditEntrySchema } from '../schemas.js';
import { denied, json, problemContent, security } from './adminOpenapi.js';

const tags = ['Accounts'];
const withToken = z.object({
  account: AccountSchema,
  apiToken: z.string().openapi({ description: 'Shown once; only its hash is kept' }),
});

const listRoute = createRoute({
  operationId: 'listAccounts',
  method: 'get',
  path: '/v1/admin/accounts',
  tags,
  security,
  summary: 'Accounts (administrators only)',
  responses: { 200: json(z.object({ items: z.array(AccountSchema) }), 'Accounts'), ...denied },
});
const createAccountRoute = createRoute({
  operationId: 'createAccount',
  method: 'post',
  path: '/v1/admin/accounts',
  tags,
  security,
  summary: 'Create an administrator or hospital-staff account; returns its first API token once',
  request: { body: { required: true, content: { 'application/json': { schema: AccountInputSchema } } } },
  responses: {
    201: json(withToken, 'Created'),
    400: { description: 'Invalid body, or unknown hospital', content: problemContent },
    409: { description: 'The login id is taken', content: problemContent },
    ...denied,
  },
});
const tokenRoute = createRoute({
  operationId: 'issueAccountToken',
  method: 'post',
  path: '/v1/admin/accounts/{id}/tokens',
  tags,
  security,
  summary: 'Issue another API token for an account (shown once)',
  request: { params: z.object({ id: z.string() }) },
  responses: {
    201: json(withToken, 'The new token'),
    404: { description: 'No such account', content: problemContent },
    ...denied,
  },
});
const disableRoute = createRoute({
  operationId: 'disableAccount',
  method: 'post',
  path: '/v1/admin/accounts/{id}/disable',
  tags,
  security,
  summary: 'Disable an account: ends its sessions, revokes its tokens',
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: json(AccountSchema, 'Disabled'),
    404: { description: 'No such account', content: problemContent },
    ...denied,
  },
});
const resetTwoFactorRoute = createRoute({
  operationId: 'resetTwoFactor',
  method: 'post',
  path: '/v1/admin/accounts/{id}/two-factor/reset',
  tags,
  security,
  summary:
    "Turn an account's console second factor off (a lost phone): ends its sessions; an administrator enrols again at next login",
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: json(AccountSchema, 'Reset'),
    404: { description: 'No such account', content: problemContent },
    ...denied,
  },
});
const auditRoute = createRoute({
  operationId: 'listAudit',
  method: 'get',
  path: '/v1/admin/audit',
  tags,
  security,
  summary: 'The audit log, newest first (administrators only)',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }) },
  responses: { 200: json(z.object({ items: z.array(AuditEntrySchema) }), 'Audit entries'), ...denied },
});

export function registerAccountRoutes(app: OpenAPIHono<AppEnv>, deps: Deps) {
  app.openapi(listRoute, async (c) => c.json({ items: await listAccounts(deps) }, 200));
  app.openapi(createAccountRoute, async (c) => {
    const input = c.req.valid('json');
    const principal = c.get('principal');
    const result = await createAccount(
      deps,
      {
        loginId: input.loginId,
        name: input.name,
        role: input.role,
        hospitalId: input.hospitalId ?? null,
        password: input.password ?? null,
        email: input.email ?? null,
      },
      principal.actor,
    );
    switch (result.kind) {
      case 'created':
        await audit(
          deps,
          {
            actor: principal.actor,
            action: 'account.created',
            target: result.account.id,
            detail: { loginId: input.loginId, role: input.role },
          },
          c.get('requester'),
        );
        return c.json({ account: result.account, apiToken: result.apiToken }, 201);
      case 'login_taken':
        return problem(c, 409, 'login-taken', 'Login id taken', `an account "${input.loginId}" exists`);
      case 'hospital_required':
        return problem(
          c,
          400,
          'invalid-request',
          'The request is not valid',
          'hospitalId: required for hospital_staff',
          { errors: [{ field: 'hospitalId', message: 'required for hospital_staff' }] },
        );
      case 'unknown_hospital':
        return problem(
          c,
          400,
          'invalid-request',
          'The request is not valid',
          `hospitalId: no hospital "${input.hospitalId}"`,
          { errors: [{ field: 'hospitalId', message: 'unknown hospital' }] },
        );
    }
  });
  app.openapi(tokenRoute, async (c) => {
    const row = await findAccount(deps, c.req.valid('param').id);
    if (!row || row.disabledAt !== null)
      return problem(c, 404, 'unknown-account', 'Unknown account', 'no such active account');
    const apiToken = await issueApiToken(deps, row.id);
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'account.token_issued', target: row.id },
      c.get('requester'),
    );
    return c.json({ account: accountView(row), apiToken }, 201);
  });
  app.openapi(disableRoute, async (c) => {
    const row = await findAccount(deps, c.req.valid('param').id);
    if (!row) return problem(c, 404, 'unknown-account', 'Unknown account', 'no such account');
    await disableAccount(deps, row.id);
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'account.disabled', target: row.id },
      c.get('requester'),
    );
    return c.json(accountView((await findAccount(deps, row.id))!), 200);
  });
  app.openapi(resetTwoFactorRoute, async (c) => {
    const row = await findAccount(deps, c.req.valid('param').id);
    if (!row) return problem(c, 404, 'unknown-account', 'Unknown account', 'no such account');
    await resetTwoFactor(deps, row.id);
    await audit(
      deps,
      {
        actor: c.get('principal').actor,
        action: 'two_factor.reset',
        target: row.id,
        detail: { wasEnabled: row.totpSecret !== null },
      },
      c.get('requester'),
    );
    return c.json(accountView((await findAccount(deps, row.id))!), 200);
  });
  app.openapi(auditRoute, async (c) =>
    c.json({ items: await listAudit(deps, { limit: c.req.valid('query').limit ?? 200 }) }, 200),
  );
}
