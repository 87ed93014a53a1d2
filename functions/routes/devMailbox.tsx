import { desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { devMailbox, devMailboxAttachments } from '../../db/schema.js';
import type { Deps } from '../../engine/deps.js';
import { Layout } from '../pages/layout.js';
import { MessagePage } from '../pages/taskPages.js';

function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return <pre>{parts.map((p) => (/^https?:\/\//.test(p) ? <a href={p}>{p}</a> : p))}</pre>;
}

/** Sizes as a person reads them in a file list. */
export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * RFC 6266 `attachment` with the name twice: an ASCII stand-in for old clients and the UTF-8 name
 * as RFC 5987 `filename*` (percent-encoded, so no quote, semicolon or line break of a name escapes).
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const attachmentUrl = (id: number) => `/dev/mailbox/attachments/${id}`;

/**
 * Development mailbox: where notices go when SMTP_URL is not set. Never mounted in production
 * (functions/app.ts mounts it only with the development mailbox sender outside production), and its
 * attachment downloads live in the same sub-app, so they are reachable exactly when the page is.
 * GET only: the app-wide body limit (functions/bodyLimit.tsx) applies before any of these runs.
 */
export function devMailboxRoutes(deps: Deps) {
  const app = new Hono();
  const db = deps.database.db;
  const latest = async () => {
    const mails = await db.select().from(devMailbox).orderBy(desc(devMailbox.id)).limit(100);
    const files =
      mails.length === 0
        ? []
        : await db
            .select({
              id: devMailboxAttachments.id,
              mailId: devMailboxAttachments.mailId,
              filename: devMailboxAttachments.filename,
              contentType: devMailboxAttachments.contentType,
              size: devMailboxAttachments.size,
              kept: devMailboxAttachments.content,
            })
            .from(devMailboxAttachments)
            .where(
              inArray(
                devMailboxAttachments.mailId,
                mails.map((m) => m.id),
              ),
            )
            .orderBy(devMailboxAttachments.id);
    return mails.map((m) => ({
      ...m,
      attachments: files
        .filter((f) => f.mailId === m.id)
        .map(({ id, filename, contentType, size, kept }) => ({
          id,
          filename,
          contentType,
          size,
          url: kept ? attachmentUrl(id) : null,
        })),
    }));
  };
  app.get('/dev/mailbox.json', async (c) => c.json({ items: await latest() }));
  app.get('/dev/mailbox', async (c) => {
    const mails = await latest();
    return c.html(
      <Layout title="開発用メールボックス">
        <h1>開発用メールボックス</h1>
        <p class="muted">
          SMTP_URL が未設定のため、送信されたメールはここに保存されます
          (本番モードでは使われません)。新しい順に最大100件。
        </p>
        {mails.length === 0 && <p class="notice">まだメールはありません。</p>}
        {mails.map((m) => (
          <section>
            <h2 class="mail-subject">{m.subject}</h2>
            <p class="muted">
              宛先: {m.to} / {new Date(m.createdAt).toISOString()}
            </p>
            <Linkified text={m.text} />
            {m.attachments.length > 0 && (
              <ul class="mail-attachments">
                {m.attachments.map((a) => (
                  <li>
                    添付: {a.url ? <a href={a.url}>{a.filename}</a> : a.filename} ({byteSize(a.size)})
                    {!a.url && ' 大きすぎるため保存していません'}
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </Layout>,
    );
  });
  app.get('/dev/mailbox/attachments/:id', async (c) => {
    const id = c.req.param('id');
    const missing = () =>
      c.html(
        <MessagePage
          tone="error"
          title="添付ファイルが見つかりません"
          message="この添付ファイルは開発用メールボックスにありません。メールボックスから開き直してください。"
        />,
        404,
      );
    if (!/^[1-9]\d{0,15}$/.test(id)) return missing();
    const [file] = await db
      .select()
      .from(devMailboxAttachments)
      .where(eq(devMailboxAttachments.id, Number(id)));
    if (!file?.content) return missing();
    return c.body(new Uint8Array(file.content), 200, {
      'content-type': file.contentType,
      'content-disposition': attachmentDisposition(file.filename),
      'cache-control': 'no-store',
    });
  });
  return app;
}
