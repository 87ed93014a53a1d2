import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { metricsCsv, metricsFor } from '../../engine/console/index.js';
import type { Deps } from '../../engine/deps.js';
import type { AppEnv } from '../env.js';
import { MetricsQuerySchema, MetricsSchema, ProblemSchema } from '../schemas.js';

const metricsRoute = createRoute({
  operationId: 'getMetrics',
  method: 'get',
  path: '/v1/admin/metrics',
  tags: ['Administration'],
  security: [{ adminToken: [] }],
  summary:
    'Monthly measures per region and hospital: handoff-leak rate, information sheets within 3 days, discharge-start days, add-ons (format=csv for a spreadsheet)',
  request: { query: MetricsQuerySchema },
  responses: {
    200: {
      description: 'The month, with the leak-rate trend of the 6 months up to it',
      content: { 'application/json': { schema: MetricsSchema }, 'text/csv': { schema: z.string() } },
    },
    401: { description: 'Missing or wrong token', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerMetricsRoutes(app: OpenAPIHono<AppEnv>, deps: Deps) {
  app.openapi(metricsRoute, async (c) => {
    const q = c.req.valid('query');
    const result = await metricsFor(deps, c.get('principal'), q);
    if (q.format === 'csv') {
      return c.body(metricsCsv(result), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="renkei-metrics-${result.month}.csv"`,
      }) as never;
    }
    return c.json(result, 200);
  });
}
