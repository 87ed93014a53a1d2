import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { audit } from '../../engine/access/index.js';
import type { Deps } from '../../engine/deps.js';
import { listRegionAdministrators, setRegionAdministratorEmail } from '../../engine/directory/index.js';
import type { AppEnv } from '../env.js';
import { problem } from '../problem.js';
import { RegionAdministratorInputSchema, RegionAdministratorSchema } from '../schemas.js';
import { denied, json, problemContent, security } from './adminOpenapi.js';

const tags = ['Administration'];
/** An email address and little else: anything bigger is not a region administrator's address. */
const MAX_BODY_BYTES = 2048;
const sizeLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    problem(c, 413, 'body-too-large', 'Body too large', `the body must be at most ${MAX_BODY_BYTES} bytes`),
});

const listRoute = createRoute({
  operationId: 'listRegionAdministrators',
  method: 'get',
  path: '/v1/admin/regions',
  tags,
  security,
  summary: "Each region's administrator and the email escalations go to (administrators only)",
  responses: { 200: json(z.object({ items: z.array(RegionAdministratorSchema) }), 'Region administrators'), ...denied },
});

const putRoute = createRoute({
  operationId: 'setRegionAdministratorEmail',
  middleware: [sizeLimit] as const,
  method: 'put',
  path: '/v1/admin/regions/{id}/administrator',
  tags,
  security,
  summary:
    "Set or clear the region administrator's email (administrators only); it wins over the region pack from then on",
  request: {
    params: z.object({ id: z.string().max(100) }),
    body: { required: true, content: { 'application/json': { schema: RegionAdministratorInputSchema } } },
  },
  responses: {
    200: json(RegionAdministratorSchema, 'Saved'),
    400: { description: 'Invalid body', content: problemContent },
    413: { description: 'Body too large', content: problemContent },
    404: { description: 'Unknown region', content: problemContent },
    ...denied,
  },
});

export function registerRegionRoutes(app: OpenAPIHono<AppEnv>, deps: Deps) {
  app.openapi(listRoute, async (c) => c.json({ items: await listRegionAdministrators(deps) }, 200));
  app.openapi(putRoute, async (c) => {
    const { id } = c.req.valid('param');
    const saved = await setRegionAdministratorEmail(deps, id, c.req.valid('json').email);
    if (!saved) return problem(c, 404, 'unknown-region', 'Unknown region', `no region "${id}"`);
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'directory.region_administrator.saved', target: id },
      c.get('requester'),
    );
    return c.json(saved, 200);
  });
}
