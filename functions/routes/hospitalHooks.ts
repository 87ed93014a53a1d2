import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { keepRefusedRequest, type Principal, RateLimiter } from '../../engine/access/index.js';
import {
  peekJson,
  readWebhook,
  recordHospitalEvent,
  type WebhookPeek,
  type WebhookReads,
} from '../../engine/cases/index.js';
import { toBase64, verifyWebhook } from '../../engine/crypto/index.js';
import type { Deps } from '../../engine/deps.js';
import { bearerPrincipal, unauthorized } from '../adminAuth.js';
import { MAX_BODY_BYTES } from '../bodyLimit.js';
import { type AppEnv, routeGroup } from '../env.js';
import { cacheCleanedJson } from '../input.js';
import {
  type FieldError,
  fieldErrors,
  type Problem,
  problem,
  problemBody,
  problemResponse,
  validationProblem,
} from '../problem.js';
import { AcceptedSchema, HospitalEventSchema, ProblemSchema } from '../schemas.js';

/** The body limit of every route (functions/bodyLimit.tsx, mounted in app.ts) holds for webhooks too. */
export const MAX_WEBHOOK_BODY_BYTES = MAX_BODY_BYTES;

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** The Standard Webhooks headers every hospital webhook route is signed with. */
export const webhookHeaders = z.object({
  'webhook-id': z.string().openapi({ example: 'msg_2fQ1' }),
  'webhook-timestamp': z.string().openapi({ example: '1796351400' }),
  'webhook-signature': z.string().openapi({ example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' }),
});

const postEvent = createRoute({
  operationId: 'recordHospitalEvent',
  method: 'post',
  path: '/v1/hospitals/{hospitalId}/events',
  tags: ['Hospital webhooks'],
  // Either requirement: the three signature headers together, or a staff account's token.
  security: [{ webhookId: [], webhookTimestamp: [], webhookSignature: [] }, { adminToken: [] }] as Record<
    string,
    string[]
  >[],
  summary: "Record a fact from the hospital's system or its staff",
  description: [
    'Signed as in Standard Webhooks: `webhook-id`, `webhook-timestamp` (unix seconds, within 5 minutes),',
    '`webhook-signature` = `v1,` + base64 HMAC-SHA256 over `{id}.{timestamp}.{raw body}` keyed with the',
    'base64-decoded secret after its `whsec_` prefix. A repeated `webhook-id` returns the first answer and changes nothing.',
    "Or, for scripts of a hospital without a system link: a hospital staff account's `Authorization: Bearer rk_…` token",
    "and no signature, for the account's own hospital only (another hospital answers 404 like an unknown one), with an",
    '`Idempotency-Key` header in place of `webhook-id` (the same namespace: a retraction names either). Recorded with',
    "source `staff` and the account in the audit log. An administrator's token is refused (403).",
  ].join(' '),
  request: {
    params: z.object({ hospitalId: z.string().openapi({ example: 'hospital-01' }) }),
    headers: z.object({
      'webhook-id': z.string().optional().openapi({ example: 'msg_2fQ1' }),
      'webhook-timestamp': z.string().optional().openapi({ example: '1796351400' }),
      'webhook-signature': z
        .string()
        .optional()
        .openapi({ example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' }),
      'idempotency-key': z.string().optional().openapi({
        description: "With a staff token: this event's unique id (a repeated key returns the first answer)",
        example: 'ledger-2026-12-01-0007',
      }),
    }),
    body: { required: true, content: { 'application/json': { schema: HospitalEventSchema } } },
  },
  responses: {
    202: {
      description: 'Accepted: the case id and its state after this event',
      content: { 'application/json': { schema: AcceptedSchema } },
    },
    400: { description: 'The body is not valid; `errors` names each field', content: problemContent },
    401: { description: 'Missing, stale or wrong signature', content: problemContent },
    404: { description: 'Unknown hospital', content: problemContent },
    409: { description: 'Not allowed in the current state; the event is kept for review', content: problemContent },
    422: {
      description:
        'A field names something unknown (event_retracted: a webhook-id never received); the delivery is kept for review',
      content: problemContent,
    },
    413: { description: 'Body larger than 64 KiB', content: problemContent },
    429: {
      description: 'More events a minute than WEBHOOK_RATE_PER_MINUTE from this hospital; see Retry-After',
      content: problemContent,
    },
    503: {
      description:
        'The database is busy (another writer held it too long); nothing was recorded, retry after Retry-After with the same webhook-id',
      content: problemContent,
    },
  },
});

/** One rate budget per hospital for all its webhook routes (JSON events and HL7), per running app. */
const limiters = new WeakMap<Deps, RateLimiter>();
export function hospitalRateLimiter(deps: Deps): RateLimiter {
  const known = limiters.get(deps);
  if (known) return known;
  const limiter = new RateLimiter(deps.config.webhookRatePerMinute);
  limiters.set(deps, limiter);
  return limiter;
}

/**
 * How a webhook route peeks at its body before the signature holds: the id the delivery is
 * recorded under (replays are found by it) and what the read batch should load.
 */
export type PeekBody = (
  bytes: Uint8Array,
  webhookId: string | null,
) => { deliveryId: string | null; peek: WebhookPeek };

const peekJsonBody: PeekBody = (bytes, webhookId) => ({
  deliveryId: webhookId,
  peek: peekJson(new TextDecoder().decode(bytes)),
});

const unknownHospital = (c: Context<AppEnv>, hospitalId: string) =>
  problem(c, 404, 'unknown-hospital', 'Unknown hospital', `no hospital "${hospitalId}" in the directory`);

/** What a staff script sends as its delivery's id: the same rules as a webhook-id. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

type Delivery = { webhookId: string; reads: WebhookReads; staff: Principal | null };

/**
 * A member of the hospital's staff delivering with their API token (no signature). A token of
 * another hospital's staff gets the very answer an unknown hospital gets; an administrator records a
 * hospital's fact on the case, with a reason, instead.
 */
async function byStaffToken(
  deps: Deps,
  c: Context<AppEnv>,
  hospitalId: string,
  bytes: Uint8Array,
  peekBody: PeekBody,
): Promise<Delivery | Response> {
  const principal = await bearerPrincipal(deps, c.req.header('authorization'));
  if (!principal) return unauthorized(c);
  if (principal.role === 'admin')
    return problem(
      c,
      403,
      'hospital-staff-only',
      "Hospital staff or the hospital's system only",
      "an administrator records a hospital's fact on its case, with a reason: POST /v1/admin/hospitalizations/{caseId}/events",
    );
  if (principal.hospitalId !== hospitalId) return unknownHospital(c, hospitalId);
  const webhookId = c.req.header('idempotency-key') ?? '';
  if (!IDEMPOTENCY_KEY.test(webhookId))
    return problem(
      c,
      400,
      'idempotency-key-required',
      'Idempotency-Key required',
      'send Idempotency-Key: a unique id of this event (1 to 200 visible ASCII characters); a repeated key returns the first answer',
    );
  const peeked = peekBody(bytes, webhookId);
  const reads = await readWebhook(deps, hospitalId, peeked.deliveryId, peeked.peek);
  if (!reads.hospital) return unknownHospital(c, hospitalId);
  return { webhookId, reads, staff: principal };
}

/** The hospital's system: its signature over the raw bytes, with one of its secrets. */
async function bySignature(
  deps: Deps,
  c: Context<AppEnv>,
  hospitalId: string,
  bytes: Uint8Array,
  peekBody: PeekBody,
  staffTokens: boolean,
): Promise<Delivery | Response> {
  // One read batch for the whole delivery (a round trip per query adds up on a remote database);
  // the body is only peeked at here, and trusted after the signature and the schema hold.
  const peeked = peekBody(bytes, c.req.header('webhook-id') ?? null);
  const reads = await readWebhook(deps, hospitalId, peeked.deliveryId, peeked.peek);
  if (!reads.hospital) return unknownHospital(c, hospitalId);
  const failure = await verifyWebhook(
    reads.secrets,
    {
      id: c.req.header('webhook-id'),
      timestamp: c.req.header('webhook-timestamp'),
      signature: c.req.header('webhook-signature'),
    },
    bytes,
    Math.floor(Date.now() / 1000),
  );
  if (failure) {
    const details = {
      missing_headers: staffTokens
        ? "webhook-id, webhook-timestamp and webhook-signature are required (or a hospital staff account's Authorization: Bearer rk_… token)"
        : 'webhook-id, webhook-timestamp and webhook-signature are required',
      stale_timestamp: 'webhook-timestamp is more than 5 minutes from now; check the clock and sign at send time',
      bad_signature: 'webhook-signature does not match any valid secret of this hospital',
    } as const;
    return problem(c, 401, 'bad-signature', 'Signature not accepted', details[failure]);
  }
  return { webhookId: c.req.header('webhook-id')!, reads, staff: null };
}

/**
 * Checks the hospital, who delivers (the signature over the raw bytes, or where `staffTokens`
 * allows it a staff member's API token) and the rate before anything reads the body as data (the
 * size is checked before, by the app's body limit). Shared by every hospital webhook route.
 */
export function signedByHospital(deps: Deps, peekBody: PeekBody, options: { staffTokens?: boolean } = {}) {
  const limiter = hospitalRateLimiter(deps);
  const staffTokens = options.staffTokens ?? false;
  return createMiddleware<AppEnv>(async (c, next) => {
    const hospitalId = c.req.param('hospitalId')!;
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const byStaff =
      staffTokens && !c.req.header('webhook-signature') && /^Bearer\s/i.test(c.req.header('authorization') ?? '');
    const who = byStaff
      ? await byStaffToken(deps, c, hospitalId, bytes, peekBody)
      : await bySignature(deps, c, hospitalId, bytes, peekBody, staffTokens);
    // A problem answer (typed never, like every problem response: see functions/problem.ts).
    if (who instanceof Response) return who as never;
    const wait = limiter.take(hospitalId, Date.now());
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return problem(
        c,
        429,
        'rate-limited',
        'Too many events',
        `more than ${deps.config.webhookRatePerMinute} events a minute from this hospital; retry after ${wait} s`,
      );
    }
    c.set('hospitalId', hospitalId);
    c.set('webhookId', who.webhookId);
    c.set('webhookReads', who.reads);
    if (who.staff) c.set('principal', who.staff);
    await next();
  });
}

/** A JSON event body: UTF-8, JSON, the right content type; a refusal is kept for review. */
function jsonBody(deps: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const hospitalId = c.get('hospitalId');
    const webhookId = c.get('webhookId');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let raw: string;
    const refuse = async (body: Problem, kept: string) => {
      await keepRefusedRequest(deps, { hospitalId, webhookId, status: body.status, problem: body, body: kept });
      return problemResponse(c, { ...body, instance: c.req.path });
    };
    try {
      raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return refuse(
        problemBody(400, 'bad-encoding', 'Body is not UTF-8', 'the body must be JSON encoded as UTF-8'),
        `(base64) ${toBase64(bytes.slice(0, MAX_WEBHOOK_BODY_BYTES))}`,
      );
    }
    c.set('rawBody', raw);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return refuse(problemBody(400, 'malformed-json', 'Malformed JSON', 'the body is not valid JSON'), raw);
    }
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      return refuse(
        problemBody(
          400,
          'unsupported-media-type',
          'Wrong content type',
          'send the body as Content-Type: application/json',
        ),
        raw,
      );
    }
    // Parsed once: the validator reads the cleaned value (NFC, line breaks, no controls) from the cache.
    cacheCleanedJson(c, parsed);
    await next();
  });
}

async function refuseInvalid(deps: Deps, c: Context<AppEnv>, errors: FieldError[]): Promise<never> {
  const body = validationProblem(errors);
  await keepRefusedRequest(deps, {
    hospitalId: c.get('hospitalId'),
    webhookId: c.get('webhookId'),
    status: 400,
    problem: body,
    body: c.get('rawBody'),
  });
  return problemResponse(c, { ...body, instance: c.req.path });
}

export function hospitalHooks(deps: Deps) {
  const app = routeGroup();
  app.openapi(
    {
      ...postEvent,
      middleware: [signedByHospital(deps, peekJsonBody, { staffTokens: true }), jsonBody(deps)] as const,
    },
    async (c) => {
      const hospitalId = c.get('hospitalId');
      const webhookId = c.get('webhookId');
      const staff = c.get('principal') as Principal | undefined;
      const result = await recordHospitalEvent(
        deps,
        hospitalId,
        webhookId,
        c.req.valid('json'),
        c.get('webhookReads'),
        staff && { principal: staff, requester: c.get('requester'), via: 'api' },
      );
      const keep = async (body: Problem) => {
        await keepRefusedRequest(deps, {
          hospitalId,
          webhookId,
          status: body.status,
          problem: body,
          body: c.get('rawBody'),
        });
        return problemResponse(c, { ...body, instance: c.req.path });
      };
      switch (result.kind) {
        case 'accepted':
          return c.json({ caseId: result.caseId, state: result.state }, 202);
        case 'rejected':
          return problemResponse(c, {
            ...problemBody(409, 'not-allowed-in-state', 'Not allowed in the current state', result.detail, {
              caseId: result.caseId,
              state: result.state,
            }),
            instance: c.req.path,
          });
        case 'unknown_hospital':
          return unknownHospital(c, hospitalId);
        case 'unknown_hospitalization':
          return keep(problemBody(409, 'unknown-hospitalization', 'Unknown hospitalization', result.detail));
        case 'invalid':
          return keep(validationProblem([{ field: result.field, message: result.detail }]));
        case 'unprocessable':
          return keep(
            problemBody(422, 'unknown-reference', 'A field names nothing known', `${result.field}: ${result.detail}`, {
              errors: [{ field: result.field, message: result.detail }],
            }),
          );
      }
    },
    (result, c) => (result.success ? undefined : refuseInvalid(deps, c, fieldErrors(result.error.issues))),
  );
  return app;
}
