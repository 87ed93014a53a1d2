import { type Accepted, DeliveryError, transientHttpStatus } from './delivery.js';
import type { EmailSender } from './email.js';

export interface FaxMessage {
  noticeId: string;
  /** The number as the directory writes it, e.g. 079-565-8018. */
  to: string;
  /** Shown by gateways that print a cover or log a subject. */
  subject: string;
  pdf: Uint8Array;
  filename: string;
}

export interface FaxSender {
  readonly kind: 'email-gateway' | 'http';
  send(message: FaxMessage): Promise<Accepted>;
}

export function faxDigits(number: string): string {
  return number.replace(/\D/g, '');
}

/**
 * Email-to-FAX, as Japanese internet FAX services accept it: the PDF attached to a mail for
 * `<digits>@<gateway domain>`. A gateway that refuses the number answers 5xx, which is final.
 */
export function emailGatewayFax(email: EmailSender, domain: string): FaxSender {
  return {
    kind: 'email-gateway',
    async send(m) {
      const accepted = await email.send({
        noticeId: m.noticeId,
        to: `${faxDigits(m.to)}@${domain}`,
        subject: m.subject,
        text: `FAX送信: ${m.subject} (${m.filename})`,
        attachments: [{ filename: m.filename, contentType: 'application/pdf', content: m.pdf }],
      });
      return { providerId: accepted.providerId, status: 'sent' };
    },
  };
}

/**
 * A generic HTTP FAX API (README "HTTP FAX API"): one JSON POST per FAX, the PDF in base64,
 * the notice id as the idempotency key so a provider can drop our at-least-once repeats.
 * 2xx with `{ "id": "...", "status": "queued" | "sent" }` is accepted; 408, 425, 429 and 5xx mean
 * "later"; any other status is a refusal.
 */
export function httpFax(
  url: string,
  token: string | undefined,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 30_000,
): FaxSender {
  return {
    kind: 'http',
    async send(m) {
      let res: Response;
      try {
        res = await fetchImpl(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': m.noticeId,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({
            to: faxDigits(m.to),
            reference: m.noticeId,
            subject: m.subject,
            document: {
              filename: m.filename,
              contentType: 'application/pdf',
              base64: Buffer.from(m.pdf).toString('base64'),
            },
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        throw new DeliveryError(`fax api unreachable: ${(e as Error).message.slice(0, 200)}`, false);
      }
      const text = await res.text();
      if (!res.ok)
        throw new DeliveryError(`fax api ${res.status}: ${text.slice(0, 200)}`, !transientHttpStatus(res.status));
      let body: { id?: unknown; status?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        throw new DeliveryError(`fax api ${res.status}: answer is not JSON`, false);
      }
      if (typeof body.id !== 'string') throw new DeliveryError(`fax api ${res.status}: answer has no id`, false);
      return { providerId: body.id, status: body.status === 'sent' ? 'sent' : 'queued' };
    },
  };
}
