import { Hono } from 'hono';
import type { Deps } from '../../engine/deps.js';
import {
  confirmReceipt,
  confirmReportedAdmission,
  viewNotice,
  viewReceipt,
  viewReportedAdmission,
} from '../../engine/notices/index.js';
import { capabilityLinkHeaders } from '../capabilityLinks.js';
import { readForm } from '../input.js';
import { ReportedAdmissionPage } from '../pages/admissionConfirmPages.js';
import { Layout } from '../pages/layout.js';
import { ReceiptPage } from '../pages/receiptPages.js';
import { MessagePage, RevokedLinkPage } from '../pages/taskPages.js';
import type { ClientAddress } from './careManagerTasks.js';

export const invalidShortLink = () => (
  <MessagePage
    tone="error"
    title="リンクが無効です"
    message="このリンクは無効です。番号をもう一度ご確認いただくか、送信元へお問い合わせください。"
  />
);
export const expiredShortLink = () => (
  <MessagePage
    tone="warn"
    title="リンクの有効期限切れ"
    message="このリンクは有効期限が切れています。送信元へお問い合わせください。"
  />
);

const lookupFailed = (kind: 'invalid' | 'expired') =>
  [kind === 'expired' ? expiredShortLink() : invalidShortLink(), kind === 'expired' ? 410 : 404] as const;

/** The optional name of whoever confirms, as typed (the form is already cleaned by readForm). */
const confirmerName = (form: Record<string, string>) =>
  typeof form.name === 'string' && form.name.trim() ? form.name.trim().slice(0, 50) : null;

/**
 * Short links printed on FAX and sent by SMS: `/n/{code}` opens the notice, `/r/{code}` confirms a
 * FAX, `/a/{code}` confirms an admission a care manager reported first (its FAX's receipt with it).
 */
export function shortLinkRoutes(deps: Deps, clientAddress: ClientAddress) {
  const app = new Hono();
  app.use('/n/*', capabilityLinkHeaders);
  app.use('/r/*', capabilityLinkHeaders);
  app.use('/a/*', capabilityLinkHeaders);

  app.get('/r/:code', async (c) => {
    const found = await viewReceipt(deps, c.req.param('code'));
    if (found.kind === 'invalid') return c.html(invalidShortLink(), 404);
    if (found.kind === 'expired') return c.html(expiredShortLink(), 410);
    // A reported admission's FAX is confirmed with the admission (a receipt reminder links here).
    if (found.row.notice === 'admission_reported_notice') return c.redirect(`/a/${found.row.shortCode}`, 303);
    return c.html(<ReceiptPage view={found.view} />);
  });

  app.get('/a/:code', async (c) => {
    const found = await viewReportedAdmission(deps, c.req.param('code'));
    if (found.kind !== 'ok') return c.html(...lookupFailed(found.kind));
    return c.html(<ReportedAdmissionPage view={found.view} />);
  });

  app.post('/a/:code', async (c) => {
    const code = c.req.param('code');
    const form = await readForm(c);
    // 該当する入院はありません is its own button (its own form): the press is the answer.
    const answer = form.answer === 'not_found' ? 'not_found' : 'confirmed';
    if (answer === 'confirmed' && form.confirm !== 'yes') {
      const found = await viewReportedAdmission(deps, code);
      if (found.kind !== 'ok') return c.html(...lookupFailed(found.kind));
      return c.html(
        <ReportedAdmissionPage
          view={found.view}
          error="「この方が入院していることを確認しました」にチェックを入れてください。"
        />,
        400,
      );
    }
    const result = await confirmReportedAdmission(
      deps,
      code,
      confirmerName(form),
      { ip: clientAddress(c), userAgent: c.req.header('user-agent') ?? null },
      answer,
    );
    if (result.kind === 'invalid' || result.kind === 'expired') return c.html(...lookupFailed(result.kind));
    return c.html(
      <ReportedAdmissionPage
        view={result.view}
        justConfirmed={result.kind === 'confirmed'}
        justDenied={result.kind === 'denied'}
      />,
    );
  });

  app.post('/r/:code', async (c) => {
    const code = c.req.param('code');
    const form = await readForm(c);
    if (form.confirm !== 'yes') {
      const found = await viewReceipt(deps, code);
      if (found.kind !== 'ok') return c.html(...lookupFailed(found.kind));
      return c.html(<ReceiptPage view={found.view} error="「FAXを受け取りました」にチェックを入れてください。" />, 400);
    }
    const result = await confirmReceipt(deps, code, confirmerName(form), {
      ip: clientAddress(c),
      userAgent: c.req.header('user-agent') ?? null,
    });
    if (result.kind === 'invalid') return c.html(invalidShortLink(), 404);
    if (result.kind === 'expired') return c.html(expiredShortLink(), 410);
    return c.html(<ReceiptPage view={result.view} justConfirmed={result.kind === 'confirmed'} />);
  });

  app.get('/n/:code', async (c) => {
    const view = await viewNotice(deps, c.req.param('code'));
    switch (view.kind) {
      case 'invalid':
        return c.html(invalidShortLink(), 404);
      case 'expired':
        return c.html(expiredShortLink(), 410);
      case 'revoked':
        return c.html(<RevokedLinkPage contact={view.contact} />, 410);
      case 'task':
        return c.redirect(view.url, 303);
      case 'nursing_summary':
        return c.redirect(`/n/${c.req.param('code')}/summary`, 303);
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
