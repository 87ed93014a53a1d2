import { desc } from 'drizzle-orm';
import { Hono } from 'hono';
import { devMailbox } from '../../db/schema.js';
import type { Deps } from '../../engine/deps.js';
import { Layout } from '../pages/layout.js';

function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return <pre>{parts.map((p) => (/^https?:\/\//.test(p) ? <a href={p}>{p}</a> : p))}</pre>;
}

/** Development mailbox: where notices go when SMTP_URL is not set. Never mounted in production. */
export function devMailboxRoutes(deps: Deps) {
  const app = new Hono();
  const latest = () => deps.database.db.select().from(devMailbox).orderBy(desc(devMailbox.id)).limit(100);
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
          </section>
        ))}
      </Layout>,
    );
  });
  return app;
}
