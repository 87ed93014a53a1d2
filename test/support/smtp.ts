import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitUntil } from './wait.js';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string | undefined;
  attachments: { filename: string | undefined; contentType: string; content: Buffer }[];
}

/** Waits until a mailbox (an SMTP server's or a mail API's) holds at least `count` messages. */
export async function waitForMails(mails: ReceivedMail[], count: number, timeoutMs = 5000): Promise<ReceivedMail[]> {
  await waitUntil(
    () => mails.length >= count,
    timeoutMs,
    () => `${count} mails (got ${mails.length})`,
  );
  return mails;
}

export interface TestSmtp {
  url: string;
  mails: ReceivedMail[];
  /** Refuse the next n messages: 451 is an outage (try later), 550 a refusal (never). */
  refuseNext(n: number, code?: 451 | 550): void;
  /** Refuse every recipient matching the pattern at RCPT TO (null: stop refusing), e.g. a FAX gateway refusing numbers. */
  refuseTo(pattern: RegExp | null, code?: 451 | 550): void;
  /**
   * Runs `hook` after a message is parsed and kept, before the server answers 250 (null: stop): a
   * fault injected there lands deterministically between a send and the sender's record of it.
   */
  afterAccept(hook: ((mail: ReceivedMail) => Promise<void>) | null): void;
  /** Stop listening (an SMTP server that is down) and listen again on the same port. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that parses and keeps every message it accepts. */
export async function startSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  let refuse = 0;
  let refuseCode = 451;
  let refuseRecipients: { pattern: RegExp; code: number } | null = null;
  let accepted: ((mail: ReceivedMail) => Promise<void>) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuseRecipients?.pattern.test(address.address)) {
        const { code } = refuseRecipients;
        return callback(
          Object.assign(new Error(`${code} ${code === 451 ? 'try again later' : 'number not accepted'} (test)`), {
            responseCode: code,
          }),
        );
      }
      callback();
    },
    onData(stream, session, callback) {
      if (refuse > 0) {
        refuse--;
        stream.resume();
        const text = refuseCode === 451 ? 'temporary failure (test outage)' : 'recipient refused (test)';
        stream.on('end', () =>
          callback(Object.assign(new Error(`${refuseCode} ${text}`), { responseCode: refuseCode })),
        );
        return;
      }
      simpleParser(stream)
        .then(async (parsed) => {
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId,
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              content: a.content,
            })),
          };
          mails.push(mail);
          await accepted?.(mail);
        })
        .then(() => callback(), callback);
    },
  });
  // A sender killed mid-session resets its connection; a real server logs that and carries on.
  server.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') throw e;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuseNext(n, code = 451) {
      refuse = n;
      refuseCode = code;
    },
    refuseTo(pattern, code = 550) {
      refuseRecipients = pattern && { pattern, code };
    },
    afterAccept(hook) {
      accepted = hook;
    },
    // A server that goes down drops the connections a sender keeps open (nodemailer's pool) too.
    stop: () =>
      new Promise<void>((resolve) => {
        server.server.close(() => resolve());
        for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections)
          connection.close();
      }),
    restart: () => new Promise<void>((resolve) => server.server.listen(port, '127.0.0.1', () => resolve())),
    waitFor: (count, timeoutMs) => waitForMails(mails, count, timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
