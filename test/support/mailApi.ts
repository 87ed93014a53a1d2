import { createServer, type Server } from 'node:http';
import { type ReceivedMail, waitForMails } from './smtp.js';

export interface TestMailApi {
  url: string;
  mails: ReceivedMail[];
  /** Answer the next n posts with 503 (a provider outage). */
  refuseNext(n: number): void;
  /** Authorization headers seen, to check the token travels. */
  authorizations: (string | undefined)[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real HTTP mail API on loopback, as a transactional mail provider would take our JSON POST. */
export async function startMailApi(): Promise<TestMailApi> {
  const mails: ReceivedMail[] = [];
  const authorizations: (string | undefined)[] = [];
  let refuse = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => {
      authorizations.push(req.headers.authorization);
      if (refuse > 0) {
        refuse--;
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"temporarily unavailable"}');
        return;
      }
      const body = JSON.parse(raw) as { to: string; subject: string; text: string; headers: Record<string, string> };
      mails.push({
        to: [body.to],
        subject: body.subject,
        text: body.text,
        messageId: body.headers['Message-ID'],
        attachments: [],
      });
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `api-${mails.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    mails,
    authorizations,
    refuseNext(n) {
      refuse = n;
    },
    waitFor: (count, timeoutMs) => waitForMails(mails, count, timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
