import { createRoute, z } from '@hono/zod-openapi';
import { keepRefusedRequest } from '../../engine/access/index.js';
import { toBase64 } from '../../engine/crypto/index.js';
import type { Deps } from '../../engine/deps.js';
import { type EdgeText, isEr7, peekHl7, recordHl7Message } from '../../engine/hl7/index.js';
import { routeGroup } from '../env.js';
import { cleanText, hasHiddenCharacter } from '../input.js';
import { problemBody, problemResponse } from '../problem.js';
import { ProblemSchema } from '../schemas.js';
import { type PeekBody, signedByHospital, webhookHeaders } from './hospitalHooks.js';

export const HL7_MEDIA_TYPE = 'x-application/hl7-v2+er7';

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
const er7Content = { [HL7_MEDIA_TYPE]: { schema: z.string() } };

const postHl7 = createRoute({
  operationId: 'recordHospitalAdtMessage',
  method: 'post',
  path: '/v1/hospitals/{hospitalId}/hl7',
  tags: ['Hospital webhooks'],
  security: [{ webhookId: [], webhookTimestamp: [], webhookSignature: [] }],
  summary: "Record one HL7 v2 ADT message from the hospital's information system",
  description: [
    'One HL7 v2.5 message in ER7 (segments separated by CR; LF tolerated), UTF-8 unless MSH-18 is `~ISO IR87`',
    '(ISO-2022-JP, JIS X 0208). Signed exactly like the JSON events, over the raw bytes. Answered with an HL7 ACK:',
    'MSA-1 `AA` when recorded (also for a resent MSH-10 or webhook-id), `AE` with an ERR naming the field when the',
    'content cannot be used (nothing is recorded). ADT^A01/A02/A03/A08/A11/A13/A16; see the README for the mapping.',
  ].join(' '),
  request: {
    params: z.object({ hospitalId: z.string().openapi({ example: 'hospital-01' }) }),
    headers: webhookHeaders,
    body: { required: true, content: er7Content },
  },
  responses: {
    200: { description: 'The HL7 ACK (MSA-1 AA or AE, MSA-2 = MSH-10)', content: er7Content },
    400: { description: 'The body is not an HL7 v2 message (no MSH header)', content: problemContent },
    401: { description: 'Missing, stale or wrong signature', content: problemContent },
    404: { description: 'Unknown hospital', content: problemContent },
    413: { description: 'Body larger than 64 KiB', content: problemContent },
    429: {
      description: 'Over the per-hospital rate shared with the JSON events; see Retry-After',
      content: problemContent,
    },
  },
});

const peekBody: PeekBody = (bytes) => peekHl7(bytes);

/** Text from HL7 is cleaned and checked by the same rules as JSON bodies. */
const edge: EdgeText = { clean: cleanText, hidden: hasHiddenCharacter };

/** `POST /v1/hospitals/{hospitalId}/hl7`: the JSON webhook's signature, size, rate and replay rules, ER7 in, ACK out. */
export function hospitalHl7(deps: Deps) {
  const app = routeGroup();
  app.openapi({ ...postHl7, middleware: [signedByHospital(deps, peekBody)] as const }, async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const hospitalId = c.get('hospitalId');
    const webhookId = c.get('webhookId');
    if (!isEr7(bytes)) {
      const body = problemBody(
        400,
        'not-hl7',
        'Not an HL7 v2 message',
        'the body must start with an MSH segment with the separators |^~\\&',
      );
      await keepRefusedRequest(deps, {
        hospitalId,
        webhookId,
        status: 400,
        problem: body,
        body: `(base64) ${toBase64(bytes)}`,
      });
      return problemResponse(c, { ...body, instance: c.req.path });
    }
    const outcome = await recordHl7Message(deps, hospitalId, bytes, edge, c.get('webhookReads'));
    if (outcome.problem) {
      const { location, detail } = outcome.problem;
      await keepRefusedRequest(deps, {
        hospitalId,
        webhookId,
        status: 200,
        problem: {
          type: 'urn:renkei:problem:hl7-application-error',
          title: 'HL7 message answered AE',
          detail: `${location ? `${location.segment}-${location.field}: ` : ''}${detail}`,
        },
        body: outcome.text ?? `(base64) ${toBase64(bytes)}`,
      });
    }
    return c.body(outcome.ack, 200, { 'content-type': `${HL7_MEDIA_TYPE}; charset=utf-8` });
  });
  return app;
}
