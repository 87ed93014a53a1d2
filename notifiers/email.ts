import nodemailer from 'nodemailer';
import type { Db } from '../db/database.js';
import { devMailbox, devMailboxAttachments } from '../db/schema.js';
import { type Accepted, DeliveryError } from './delivery.js';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface EmailMessage {
  /** Our notice id; used as Message-ID so a receiver can drop a duplicate of an at-least-once send. */
  noticeId: string;
  to: string;
  subject: string;
  text: string;
  attachments?: Attachment[];
}

export interface EmailSender {
  readonly kind: 'smtp' | 'http-api' | 'dev-mailbox';
  send(message: EmailMessage): Promise<Accepted>;
  /** Ends the sender's open connections (SMTP's pool) when the process stops; a sender without any has none. */
  close?(): void;
}

/**
 * SMTP answers 5xx for "never" (unknown mailbox, a FAX gateway refusing a number) and 4xx or a
 * dropped connection for "later"; the outbox treats the two differently.
 */
export function smtpError(e: unknown): DeliveryError {
  const err = e as { responseCode?: number; message?: string; code?: string };
  const message = (err.message ?? String(e)).slice(0, 500);
  return new DeliveryError(message, typeof err.responseCode === 'number' && err.responseCode >= 500);
}

export interface SmtpOptions {
  /** Bounds connecting, the greeting and any silence on the socket: a hanging server costs one attempt, not a sweep. */
  timeoutMs?: number;
  /**
   * Connections kept open and reused, at most this many (the sweep's sends at once per provider,
   * NOTIFIER_CONCURRENCY); 0 opens a new connection for every message. Reusing saves the connect,
   * greeting and EHLO of every notice: the dispatch bench measures it (BENCHMARKS.md).
   */
  pool?: number;
}

export function smtpSender(smtpUrl: string, from: string, options: SmtpOptions = {}): EmailSender {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pool = options.pool ?? 0;
  const timeouts = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
  const transport =
    pool > 0
      ? nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: pool, ...timeouts })
      : nodemailer.createTransport({ url: smtpUrl, ...timeouts });
  return {
    kind: 'smtp',
    close: () => transport.close(),
    async send(m) {
      try {
        const info = await transport.sendMail({
          from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          messageId: `<${m.noticeId}@renkei>`,
          headers: { 'X-Renkei-Notice': m.noticeId },
          attachments: m.attachments?.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.content),
          })),
        });
        return { providerId: info.messageId, status: 'sent' };
      } catch (e) {
        throw smtpError(e);
      }
    },
  };
}

/**
 * The largest attachment the development mailbox keeps for download: a FAX PDF with its embedded
 * font is a few hundred KB; anything beyond this is listed by name and size only.
 */
export const DEV_MAILBOX_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** Development only: keeps mail and its attachments in the database, readable at /dev/mailbox. */
export function devMailboxSender(db: Db, now: () => Date): EmailSender {
  return {
    kind: 'dev-mailbox',
    async send(m) {
      const rows = await db
        .insert(devMailbox)
        .values({ outboxId: m.noticeId, to: m.to, subject: m.subject, text: m.text, createdAt: now().getTime() })
        .returning({ id: devMailbox.id });
      const mailId = rows[0]!.id;
      const attachments = m.attachments ?? [];
      if (attachments.length > 0)
        await db.insert(devMailboxAttachments).values(
          attachments.map((a) => ({
            mailId,
            filename: a.filename,
            contentType: a.contentType,
            size: a.content.length,
            content: a.content.length <= DEV_MAILBOX_MAX_ATTACHMENT_BYTES ? Buffer.from(a.content) : null,
          })),
        );
      return { providerId: `dev-mailbox-${mailId}`, status: 'sent' };
    },
  };
}
