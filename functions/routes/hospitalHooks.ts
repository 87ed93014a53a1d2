import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { keepRefusedRequest, type Principal, RateLimiter } from '../../engine/access/index.js';
import { readWebhook, recordHospitalEvent, type WebhookReads } from '../../engine/cases/index.js';
import { toBase64, verifyWebhook } from '../../engine/crypto/index.js';
import type { Deps } from '../../engine/deps.js';
import { bearerPrincipal, unauthorized } from '../adminAuth.js';
import { MAX_BODY_BYTES } from '../bodyLimit.js';
import { type AppEnv, routeGroup } from '../env.js';
import { cleanJsonBody } from '../input.js';
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
    params: z.object({ hospitalId: z.string().openapi({ example: 'sanda-shimin' }) }),
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
    401: { description: 'Missing, stale or wrong signature; or an unknown token', content: problemContent },
    403: { description: "An administrator's token: record on the case instead", content: problemContent },
    404: { description: 'Unknown hospital (also: a staff token of another hospital)', content: problemContent },
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

const unknownHospital = (c: Context<AppEnv>, hospitalId: string) =>
  problem(c, 404, 'unknown-hospital', 'Unknown hospital', `no hospital "${hospitalId}" in the directory`);

/** What a staff script sends as its delivery's id: the same rules as a webhook-id. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Who delivers: the hospital's system (its signature) or a member of its staff (their API token,
 * when no signature is sent). A token of another hospital's staff gets the very answer an unknown
 * hospital gets; an administrator records a hospital's fact on the case, with a reason, instead.
 */
async function authenticate(
  deps: Deps,
  c: Context<AppEnv>,
  hospitalId: string,
  bytes: Uint8Array,
): Promise<{ webhookId: string; reads: WebhookReads; staff: Principal | null } | Response> {
  const byStaff = !c.req.header('webhook-signature') && /^Bearer\s/i.test(c.req.header('authorization') ?? '');
  if (byStaff) {
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
    const reads = await readWebhook(deps, hospitalId, webhookId, new TextDecoder().decode(bytes));
    if (!reads.hospital) return unknownHospital(c, hospitalId);
    return { webhookId, reads, staff: principal };
  }
  // One read batch for the whole delivery (a round trip per query adds up on a remote database);
  // the body is only peeked at here, and trusted after the signature and the schema hold.
  const reads = await readWebhook(
    deps,
    hospitalId,
    c.req.header('webhook-id') ?? null,
    new TextDecoder().decode(bytes),
  );
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
      missing_headers:
        "webhook-id, webhook-timestamp and webhook-signature are required (or a hospital staff account's Authorization: Bearer rk_… token)",
      stale_timestamp: 'webhook-timestamp is more than 5 minutes from now; check the clock and sign at send time',
      bad_signature: 'webhook-signature does not match any valid secret of this hospital',
    } as const;
    return problem(c, 401, 'bad-signature', 'Signature not accepted', details[failure]);
  }
  return { webhookId: c.req.header('webhook-id')!, reads, staff: null };
}

/** Checks the hospital, the size, who delivers and the rate before anything reads the body as data. */
function fromHospital(deps: Deps, limiter: RateLimiter) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const hospitalId = c.req.param('hospitalId')!;
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const who = await authenticate(deps, c, hospitalId, bytes);
    // A problem answer (typed never, like every problem response: see functions/problem.ts).
    if (who instanceof Response) return who as never;
    const { webhookId, reads, staff } = who;
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
    c.set('webhookId', webhookId);
    c.set('webhookReads', reads);
    if (staff) c.set('principal', staff);
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
    try {
      JSON.parse(raw);
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
  const limiter = new RateLimiter(deps.config.webhookRatePerMinute);
  app.openapi(
    { ...postEvent, middleware: [fromHospital(deps, limiter), cleanJsonBody] as const },
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
