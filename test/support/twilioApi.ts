import { createServer, type IncomingMessage, type Server } from 'node:http';
import twilio from 'twilio';
import { waitUntil } from './wait.js';

export interface RecordedMessage {
  sid: string;
  to: string;
  from: string | undefined;
  body: string;
  statusCallback: string | undefined;
  authorized: boolean;
}

export interface TestTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  from: string;
  messages: RecordedMessage[];
  /** Every request the SDK made, accepted or not. */
  requests: { method: string; path: string; status: number }[];
  /** Answer the next n message requests with this HTTP status and a Twilio error body (a 429 with `Retry-After: retryAfterS`). */
  failNext(n: number, status: 400 | 429 | 500 | 503, retryAfterS?: number): void;
  /** Take the next n message requests and never answer them (the SDK's timeout ends each). */
  hangNext(n: number): void;
  /** For the next message: send this status callback first, and answer the API call only `delayMs` later. */
  reportBeforeAnswering(status: string, delayMs: number): void;
  /** Report a status for a message as Twilio does: a signed form POST to its StatusCallback. */
  report(
    sid: string,
    status: string,
    opts?: { errorCode?: string; signatureFor?: string; token?: string },
  ): Promise<Response>;
  waitFor(count: number, timeoutMs?: number): Promise<RecordedMessage[]>;
  close(): Promise<void>;
}

const ERRORS = {
  400: { code: 21211, message: "The 'To' number is not a valid phone number." },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
} as const;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let serial = 0;

/**
 * A local stand-in for Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json):
 * checks Basic auth, records what the real SDK sent, answers with a Message resource or a
 * Twilio error body, and can send status callbacks signed the way Twilio signs them.
 */
export async function startTwilioApi(): Promise<TestTwilio> {
  const accountSid = `AC${'0123456789abcdef'.repeat(2)}`;
  const authToken = 'test-twilio-auth-token-0123456789';
  const from = '+815012345678';
  const messages: RecordedMessage[] = [];
  const requests: TestTwilio['requests'] = [];
  let failures: { n: number; status: 400 | 429 | 500 | 503; retryAfterS?: number | undefined } = { n: 0, status: 500 };
  let hang = 0;
  let early: { status: string; delayMs: number } | null = null;
  let api: TestTwilio;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '';
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? '', path, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(json));
    };
    if (req.method !== 'POST' || path !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    }
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected)
      return reply(401, { code: 20003, message: 'Authenticate', status: 401 });
    if (hang > 0) {
      hang--;
      requests.push({ method: req.method ?? '', path, status: 0 });
      return; // no answer, ever: the connection stays open until the client gives up
    }
    if (failures.n > 0) {
      failures.n--;
      const e = ERRORS[failures.status];
      const headers: Record<string, string> =
        failures.status === 429 && failures.retryAfterS !== undefined
          ? { 'retry-after': String(failures.retryAfterS) }
          : {};
      return reply(
        failures.status,
        { ...e, more_info: `https://www.twilio.com/docs/errors/${e.code}`, status: failures.status },
        headers,
      );
    }
    const form = new URLSearchParams(body);
    const sid = `SM${String(++serial).padStart(32, '0')}`;
    const message: RecordedMessage = {
      sid,
      to: form.get('To') ?? '',
      from: form.get('From') ?? undefined,
      body: form.get('Body') ?? '',
      statusCallback: form.get('StatusCallback') ?? undefined,
      authorized: true,
    };
    messages.push(message);
    if (early) {
      const { status, delayMs } = early;
      early = null;
      void api.report(sid, status);
      await new Promise((r) => setTimeout(r, delayMs));
    }
    reply(201, {
      sid,
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: message.body,
      to: message.to,
      from: message.from,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      price: null,
      error_code: null,
      date_created: new Date().toUTCString(),
      date_updated: new Date().toUTCString(),
      date_sent: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  api = {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    from,
    messages,
    requests,
    failNext(n, status, retryAfterS) {
      failures = { n, status, retryAfterS };
    },
    hangNext(n) {
      hang = n;
    },
    reportBeforeAnswering(status, delayMs) {
      early = { status, delayMs };
    },
    async report(sid, status, opts = {}) {
      const message = messages.find((m) => m.sid === sid);
      if (!message?.statusCallback) throw new Error(`no status callback for ${sid}`);
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from ?? from,
        To: message.to,
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: status,
        SmsStatus: status,
        ...(opts.errorCode ? { ErrorCode: opts.errorCode } : {}),
      };
      const signature = twilio.getExpectedTwilioSignature(
        opts.token ?? authToken,
        opts.signatureFor ?? message.statusCallback,
        params,
      );
      return fetch(message.statusCallback, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params),
      });
    },
    async waitFor(count, timeoutMs = 5000) {
      await waitUntil(
        () => messages.length >= count,
        timeoutMs,
        () => `${count} SMS (got ${messages.length})`,
      );
      return messages;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return api;
}
