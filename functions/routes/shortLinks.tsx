import { Hono } from 'hono';
import type { Deps } from '../../engine/deps.js';
import { viewNotice } from '../../engine/shortLinks.js';
import { capabilityLinkHeaders } from '../capabilityLinks.js';
import { Layout } from '../pages/layout.js';
import { MessagePage } from '../pages/taskPages.js';

export const invalidShortLink = () => <MessagePage tone="error" title="リンクが無効です" message="このリンクは無効です。番号をもう一度ご確認いただくか、送信元へお問い合わせください。" />;
export const expiredShortLink = () => <MessagePage tone="warn" title="リンクの有効期限切れ" message="このリンクは有効期限が切れています。送信元へお問い合わせください。" />;

/** Short links printed on FAX and sent by SMS: `/n/{code}` opens the notice. */
export function shortLinkRoutes(deps: Deps) {
  const app = new Hono();
  app.use('/n/*', capabilityLinkHeaders);
  app.get('/n/:code', async (c) => {
    const view = await viewNotice(deps, c.req.param('code'));
    switch (view.kind) {
      case 'invalid': return c.html(invalidShortLink(), 404);
      case 'expired': return c.html(expiredShortLink(), 410);
      case 'task': return c.redirect(view.url, 303);
      case 'notice':
        return c.html(
          <Layout title={view.subject}>
            <h1>{view.subject}</h1>
            <pre>{view.text}</pre>
          </Layout>,
        );
    }
  });
  return app;
}
