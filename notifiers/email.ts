import nodemailer from 'nodemailer';
import type { Db } from '../db/client.js';
import { devMailbox } from '../db/schema.js';

export interface EmailMessage {
  /** Our notice id; used as Message-ID so a receiver can drop a duplicate of an at-least-once send. */
  noticeId: string;
  to: string;
  subject: string;
  text: string;
}

export interface EmailSender {
  readonly kind: 'smtp' | 'http-api' | 'dev-mailbox';
  send(message: EmailMessage): Promise<{ providerId: string }>;
}

export function smtpSender(smtpUrl: string, from: string): EmailSender {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async send(m) {
      const info = await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${m.noticeId}@renkei>`,
        headers: { 'X-Renkei-Notice': m.noticeId },
      });
      return { providerId: info.messageId };
    },
  };
}

/** Development only: keeps mail in the database, readable at /dev/mailbox. */
export function devMailboxSender(db: Db, now: () => Date): EmailSender {
  return {
    kind: 'dev-mailbox',
    async send(m) {
      const rows = await db.insert(devMailbox).values({
        outboxId: m.noticeId, to: m.to, subject: m.subject, text: m.text, createdAt: now().getTime(),
      }).returning({ id: devMailbox.id });
      return { providerId: `dev-mailbox-${rows[0]!.id}` };
    },
  };
}
