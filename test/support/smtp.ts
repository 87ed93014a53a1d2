import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string | undefined;
}

export interface TestSmtp {
  url: string;
  mails: ReceivedMail[];
  /** Refuse the next n messages with a temporary failure (an outage). */
  refuseNext(n: number): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** Resolves once `count` mails have arrived (notices go out after the response, asynchronously). */
export async function waitForMails(mails: ReceivedMail[], count: number, timeoutMs = 5000): Promise<ReceivedMail[]> {
  const start = Date.now();
  while (mails.length < count) {
    if (Date.now() - start > timeoutMs) throw new Error(`expected ${count} mails, got ${mails.length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return mails;
}

/** A real SMTP server on loopback that parses and keeps every message it accepts. */
export async function startSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  let refuse = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      if (refuse > 0) {
        refuse--;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('451 temporary failure (test outage)'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then((parsed) => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          messageId: parsed.messageId,
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuseNext(n) { refuse = n; },
    waitFor: (count, timeoutMs) => waitForMails(mails, count, timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
