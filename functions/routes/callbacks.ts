import { Hono } from 'hono';
import type { Deps } from '../../engine/deps.js';
import { applyProviderStatus } from '../../engine/notices/index.js';
import { outcomeOfTwilioStatus } from '../../notifiers/sms.js';
import { problem } from '../problem.js';

/**
 * Delivery reports from providers. Twilio signs each status callback with the account's auth
 * token over the URL it called and the form parameters (X-Twilio-Signature); we check it with
 * twilio's own validateRequest against our public URL, since a proxy may change the host we see.
 */
export function callbackRoutes(deps: Deps) {
  const app = new Hono();
  app.post('/v1/callbacks/twilio', async (c) => {
    const config = deps.config.twilio;
    if (!config) return problem(c, 404, 'not-found', 'Not found', 'SMS is not configured');
    const form = await c.req.parseBody();
    const params = Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
    const query = new URL(c.req.url).search;
    const url = `${deps.config.publicBaseUrl}${c.req.path}${query}`;
    const signature = c.req.header('x-twilio-signature') ?? '';
    // The SDK is loaded at the first callback, not at start (notifiers/sms.ts says why).
    const { default: twilio } = await import('twilio');
    if (!signature || !twilio.validateRequest(config.authToken, signature, url, params)) {
      deps.log.warn('twilio callback refused: bad signature', {});
      return problem(c, 403, 'bad-signature', 'Invalid signature', 'X-Twilio-Signature does not match this request');
    }
    const sid = params.MessageSid;
    const outcome = outcomeOfTwilioStatus(params.MessageStatus ?? '');
    // Twilio retries on anything but 2xx: statuses we do not track are acknowledged and ignored.
    if (!sid || !outcome) return c.body(null, 204);
    const detail = params.ErrorCode ? `twilio ${params.MessageStatus} (error ${params.ErrorCode})` : null;
    // Twilio may report before we have recorded the send it answered a moment ago: wait for it briefly.
    for (let tries = 0; tries < 10; tries++) {
      if ((await applyProviderStatus(deps, sid, outcome, detail)) !== 'unknown') return c.body(null, 204);
      await new Promise((r) => setTimeout(r, 100));
    }
    deps.log.warn('twilio callback for an unknown message', { sid });
    return c.body(null, 204);
  });
  return app;
}
