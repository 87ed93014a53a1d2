import { describe, expect, it } from 'vitest';
import { signedHeaders, signWebhookSync } from '../../bench/lib/sign.js';
import { routeAStory, STORY_LENGTH } from '../../bench/lib/workload.js';
import { signWebhook, verifyWebhook } from '../../engine/crypto/index.js';
import { HospitalEventSchema } from '../../functions/schemas.js';

// The load generator signs synchronously; what it sends must be what a hospital sends.
describe('bench load generator', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('signs webhooks exactly as the Standard Webhooks signer does', async () => {
    const body = '{"type":"admitted"}';
    expect(signWebhookSync(secret, 'msg_1', 1796351400, body)).toBe(
      await signWebhook(secret, 'msg_1', 1796351400, body),
    );
  });

  it('signed headers pass the server verification', async () => {
    const body = '{"a":1}';
    const h = signedHeaders(secret, 'msg_2', body, 1796351400);
    expect(
      await verifyWebhook(
        [secret],
        { id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] },
        body,
        1796351400,
      ),
    ).toBeNull();
  });

  it('every step of the bench story is a valid hospital event', () => {
    const steps = routeAStory(7, 'sanda-bench-office-001', Date.parse('2026-11-01T10:00:00+09:00'));
    expect(steps).toHaveLength(STORY_LENGTH);
    for (const step of steps) {
      const parsed = HospitalEventSchema.safeParse({
        type: step.type,
        hospitalizationId: 'E-1',
        occurredAt: '2026-11-01T10:00:00+09:00',
        data: step.data,
      });
      expect(parsed.success, step.type).toBe(true);
    }
  });
});
