import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { isDatabaseBusy } from '../db/database.js';
import { RateLimiter } from '../engine/access/index.js';
import { DataKeyError } from '../engine/crypto/index.js';
import type { Deps } from '../engine/deps.js';
import { loggableMessage } from '../engine/log.js';
import { requestBodyLimit } from './bodyLimit.js';
import type { AppEnv } from './env.js';
import { type LimitKey, linkGuessingLimit } from './linkGuard.js';
import { problem } from './problem.js';
import { adminRoutes } from './routes/admin.js';
import { assetRoutes } from './routes/assets.js';
import { type ClientAddress, careManagerTasks } from './routes/careManagerTasks.js';
import { consoleRoutes } from './routes/console/index.js';
import { devMailboxRoutes } from './routes/devMailbox.js';
import { docsRoutes } from './routes/docs.js';
import { hospitalHl7 } from './routes/hospitalHl7.js';
import { hospitalHooks } from './routes/hospitalHooks.js';
import { nursingSummaryLinks } from './routes/nursingSummaryLinks.js';
import { officeRoutes } from './routes/office.js';
import { scheduledRoutes } from './routes/scheduled.js';
import { shortLinkRoutes } from './routes/shortLinks.js';

export interface AppOptions {
  /** How this runtime learns the client's address (for the audit of task confirmations). */
  clientAddress?: ClientAddress;
  /** The address the link-guessing limit counts; defaults to `clientAddress`. */
  limitKey?: LimitKey;
  /** The buckets of that limit, when they must outlive this app (a Worker builds an app per request). */
  linkLimiter?: RateLimiter;
  /** Route groups only this runtime can serve (Twilio's callbacks need the Node-only twilio SDK). */
  extraRoutes?: Hono[];
}

/** Seconds a client is asked to wait after a 503 for a busy database. */
export const DATABASE_BUSY_RETRY_AFTER_S = 2;

/** How long GET /healthz waits for the database before it answers 503 (well under a balancer's timeout). */
export const HEALTH_CHECK_TIMEOUT_MS = 3000;

/** The promise's outcome, or a rejection once `ms` have passed without one. */
function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Every page is rendered on the server and styled from this origin's stylesheets: no script runs at
 * all, nothing inline, nothing from elsewhere, no framing, forms post only here.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const fromForwardedHeader: ClientAddress = (c: Context) =>
  c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? null;

/** The one Hono app every runtime serves: routes grouped by their users and mounted here. */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', secureHeaders({ referrerPolicy: 'no-referrer', contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  // Before every route, so none parses more than the limit (functions/bodyLimit.tsx).
  app.use('*', requestBodyLimit);
  const clientAddress = options.clientAddress ?? fromForwardedHeader;
  app.use('*', async (c, next) => {
    c.set('requester', { ip: clientAddress(c), userAgent: c.req.header('user-agent') ?? null });
    await next();
  });

  const guessing = linkGuessingLimit(
    options.linkLimiter ?? new RateLimiter(deps.config.linkMissesPerMinute),
    options.limitKey ?? clientAddress,
  );
  for (const path of ['/n/*', '/r/*', '/a/*', '/t/*', '/office/signin/*']) app.use(path, guessing);

  app.route('/', hospitalHooks(deps));
  app.route('/', hospitalHl7(deps));
  app.route('/', careManagerTasks(deps, clientAddress));
  app.route('/', adminRoutes(deps));
  app.route('/', consoleRoutes(deps));
  app.route('/', officeRoutes(deps, clientAddress));
  app.route('/', scheduledRoutes(deps));
  for (const routes of options.extraRoutes ?? []) app.route('/', routes);
  app.route('/', nursingSummaryLinks(deps, clientAddress));
  app.route('/', shortLinkRoutes(deps, clientAddress));
  if (deps.email.kind === 'dev-mailbox' && !deps.config.production) app.route('/', devMailboxRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      'RENKEI_ADMIN_TOKEN (bootstrap administrator) or an account API token (rk_…); hospital staff see their hospital only',
  });
  // Standard Webhooks: the three headers together are the hospital's proof (a webhook operation
  // requires all of them in one security requirement); the signature covers id, timestamp and body.
  for (const [name, header, description] of [
    ['webhookId', 'webhook-id', 'Unique per delivery; a repeated id returns the first answer'],
    ['webhookTimestamp', 'webhook-timestamp', 'Unix seconds at signing, within 5 minutes of the server clock'],
    [
      'webhookSignature',
      'webhook-signature',
      "v1, + base64 HMAC-SHA256 over {id}.{timestamp}.{raw body} keyed with the hospital's secret (whsec_…)",
    ],
  ] as const) {
    app.openAPIRegistry.registerComponent('securitySchemes', name, {
      type: 'apiKey',
      in: 'header',
      name: header,
      description,
    });
  }
  // Read per request: the public base URL is where clients reach this deployment.
  const docConfig = () => ({
    openapi: '3.1.0',
    info: {
      title: 'renkei API',
      version: '0.1.0',
      description:
        'renkei (連携): admission/discharge support rules (入退院支援ルール) as running software. Hospitals post signed events; administrators inspect cases.',
    },
    servers: [{ url: deps.config.publicBaseUrl, description: 'This deployment (PUBLIC_BASE_URL)' }],
  });
  app.doc31('/openapi.json', docConfig);
  app.route('/', assetRoutes());
  app.route(
    '/',
    docsRoutes(() => app.getOpenAPI31Document(docConfig()) as never),
  );

  // For a load balancer or an uptime check: 200 only while the database (and each database thread)
  // answers with its settings; a dead thread or an unreachable database is a 503 within seconds.
  app.get('/healthz', async (c) => {
    try {
      await withinMs(deps.database.check(), HEALTH_CHECK_TIMEOUT_MS);
      return c.json({ ok: true });
    } catch (e) {
      deps.log.error('health check failed', { errorMessage: loggableMessage(e) });
      c.header('Retry-After', String(DATABASE_BUSY_RETRY_AFTER_S));
      return problem(
        c,
        503,
        'unhealthy',
        'Service unavailable',
        'the database does not answer as it must; the operator is told by the log',
        { ok: false },
      );
    }
  });
  app.get('/', (c) =>
    c.json({
      service: 'renkei',
      description: '入退院支援ルールを動くソフトウェアに / admission-discharge handoff rules as running software',
      docs: '/docs',
      openapi: '/openapi.json',
      console: '/console',
      ...(deps.email.kind === 'dev-mailbox' && !deps.config.production ? { devMailbox: '/dev/mailbox' } : {}),
    }),
  );

  app.notFound((c) => problem(c, 404, 'not-found', 'Not found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      return problem(
        c,
        err.status as 400,
        'http-error',
        err.message || 'Request error',
        err.message || 'the request could not be processed',
      );
    }
    if (isDatabaseBusy(err)) {
      // Another writer held the database past the busy timeout; the batch was not applied, so the
      // same request (a webhook with the same webhook-id) can simply be sent again.
      deps.log.warn('database busy', { path: c.req.routePath, method: c.req.method });
      c.header('Retry-After', String(DATABASE_BUSY_RETRY_AFTER_S));
      return problem(
        c,
        503,
        'database-busy',
        'Temporarily unavailable',
        `the database is busy; nothing was recorded, retry after ${DATABASE_BUSY_RETRY_AFTER_S} s`,
      );
    }
    if (isClientAbort(err, c.req.raw)) {
      // The client hung up before its request was read: nothing was recorded and nobody reads the answer.
      deps.log.info('client aborted', { path: c.req.routePath, method: c.req.method });
      return problem(c, 400, 'client-aborted', 'Request aborted', 'the request was aborted before it was read');
    }
    // Name and message only: a stack or request dump could carry personal data into the logs.
    deps.log.error('unhandled error', {
      path: c.req.routePath,
      method: c.req.method,
      error: err.name,
      errorMessage: loggableMessage(err),
    });
    // A value sealed with a key this deployment lacks: say which key (ids only), for whoever configures it.
    if (err instanceof DataKeyError) return problem(c, 500, 'data-key', 'Data key problem', err.message);
    return problem(
      c,
      500,
      'internal-error',
      'Internal error',
      'the server failed; nothing you sent was half-applied, retry later',
    );
  });
  return app;
}

/**
 * Reading the body failed because the client went away (Node's stream fails with "aborted" or
 * ECONNRESET, a fetch body with AbortError) and the request's signal says so: not a server fault.
 */
function isClientAbort(err: Error, request: Request): boolean {
  const code = (err as { code?: unknown }).code;
  const abortError = err.name === 'AbortError' || code === 'ECONNRESET' || err.message === 'aborted';
  return abortError && request.signal.aborted;
}
