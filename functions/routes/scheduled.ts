import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../engine/deps.js';
import { runScheduled } from '../../engine/sweep/index.js';
import { adminOnly } from '../adminAuth.js';
import { routeGroup } from '../env.js';
import { problem } from '../problem.js';
import { ProblemSchema, ScheduledInputSchema, ScheduledResultSchema } from '../schemas.js';

const route = createRoute({
  operationId: 'runScheduledSweep',
  method: 'post',
  path: '/v1/scheduled',
  tags: ['Scheduling'],
  security: [{ adminToken: [] }],
  summary: 'Run one sweep: fire due timers, dispatch the outbox (for any external cron)',
  request: { body: { required: false, content: { 'application/json': { schema: ScheduledInputSchema } } } },
  responses: {
    200: { description: 'What the sweep did', content: { 'application/json': { schema: ScheduledResultSchema } } },
    400: {
      description: '`now` given without RENKEI_TEST_CLOCK=1',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    503: {
      description:
        'The database is busy; claimed timers and notices are taken again by a later sweep once their lease lapses',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

export function scheduledRoutes(deps: Deps) {
  const app = routeGroup();
  app.use('/v1/scheduled', adminOnly(deps));
  app.openapi(route, async (c) => {
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    if (body.now && !deps.config.testClock) {
      return problem(
        c,
        400,
        'test-clock-disabled',
        'now is not accepted',
        '`now` is accepted only when RENKEI_TEST_CLOCK=1',
      );
    }
    const now = body.now ? new Date(body.now) : deps.now();
    // The whole sweep happens "at" now: events, notices and retries are stamped with it.
    const counts = await runScheduled(body.now ? { ...deps, now: () => now } : deps, now);
    return c.json(
      {
        now: now.toISOString(),
        timersFired: counts.timers.fired,
        timersSkipped: counts.timers.skipped,
        noticesSent: counts.notices.sent,
        noticesFailed: counts.notices.failed,
        noticesDead: counts.notices.dead,
        noticesDeferred: counts.notices.deferred,
        faxReminders: counts.receipts.reminded,
        faxStuck: counts.receipts.stuck,
      },
      200,
    );
  });
  return app;
}
