import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { audit, rotateBatch } from '../../engine/access/index.js';
import type { Deps } from '../../engine/deps.js';
import type { AppEnv } from '../env.js';
import { denied, json, problemContent, security } from './adminOpenapi.js';

// Key rotation over HTTP, for deployments a script cannot reach the database of (Workers with D1):
// `npm run keys:rotate -- --url https://…` calls this until nothing remains.

const rotateRoute = createRoute({
  operationId: 'rotateDataKeys',
  method: 'post',
  path: '/v1/admin/data-keys/rotate',
  tags: ['Administration'],
  security,
  summary: 'Re-encrypt one batch of personal data under the current data key (the first of RENKEI_DATA_KEYS)',
  request: { query: z.object({ batch: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: {
    200: json(
      z.object({ currentKey: z.string(), rotated: z.number().int(), remaining: z.number().int() }),
      'One batch done; call again while remaining > 0',
    ),
    500: { description: 'A value was sealed with a key that is not configured', content: problemContent },
    ...denied,
  },
});

export function registerDataKeyRoutes(app: OpenAPIHono<AppEnv>, deps: Deps) {
  app.openapi(rotateRoute, async (c) => {
    // A DataKeyError (a value under a key not configured) answers 500 naming the key (functions/app.ts).
    const result = await rotateBatch(deps, c.req.valid('query').batch);
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'data_keys.rotated', target: deps.dataKeys.current },
      c.get('requester'),
    );
    return c.json({ currentKey: deps.dataKeys.current, ...result }, 200);
  });
}
