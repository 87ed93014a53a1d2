import { DeliveryError } from './delivery.js';
import type { EmailSender } from './email.js';

export interface HttpMailOptions {
  url: string;
  token: string | undefined;
  from: string;
  /** A call that takes longer is a failed attempt (retried with backoff). */
  timeoutMs?: number;
}

/**
 * Mail through an HTTP API with one JSON POST per message: what a Worker can use, since it
 * cannot open SMTP connections. The body is the common shape of transactional mail APIs (or
 * of a small relay in front of one): from, to, subject, text, headers. Our notice id goes as
 * Message-ID and as Idempotency-Key, so a provider or relay that honours either drops the
 * duplicate of an at-least-once send. Any answer but 2xx is a failed attempt (retried with backoff).
 */
export function httpMailSender(options: HttpMailOptions): EmailSender {
  return {
    kind: 'http-api',
    async send(m) {
      const messageId = `<${m.noticeId}@renkei>`;
      let res: Response;
      try {
        res = await fetch(options.url, {
          method: 'POST',
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
          headers: {
            'content-type': 'application/json',
            'idempotency-key': m.noticeId,
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          body: JSON.stringify({
            from: options.from,
            to: m.to,
            subject: m.subject,
            text: m.text,
            headers: { 'Message-ID': messageId, 'X-Renkei-Notice': m.noticeId },
          }),
        });
      } catch (e) {
        throw new DeliveryError(`mail API unreachable: ${(e as Error).message.slice(0, 200)}`, false);
      }
      const answer = await res.text();
      if (!res.ok) {
        // 408, 425, 429 and 5xx mean "later"; any other refusal will not change by retrying the same API.
        const later = res.status >= 500 || [408, 425, 429].includes(res.status);
        throw new DeliveryError(`mail API answered ${res.status}: ${answer.slice(0, 200)}`, !later);
      }
      let id: unknown;
      try {
        id = (JSON.parse(answer) as { id?: unknown }).id;
      } catch {
        id = undefined;
      }
      return { providerId: typeof id === 'string' ? id : messageId, status: 'sent' };
    },
  };
}
