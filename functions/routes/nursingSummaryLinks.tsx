import { type Context, Hono } from 'hono';
import { audit } from '../../engine/access/index.js';
import type { Deps } from '../../engine/deps.js';
import { getHospital } from '../../engine/directory/index.js';
import { summaryOfLink } from '../../engine/notices/index.js';
import { nursingSummaryPdf, nursingSummaryView } from '../../engine/offices/index.js';
import { jstDate } from '../../machines/calendar.js';
import { capabilityLinkHeaders } from '../capabilityLinks.js';
import { NursingSummaryButtonPage, NursingSummaryPage } from '../pages/nursingSummaryPages.js';
import { RevokedLinkPage } from '../pages/taskPages.js';
import { pdfDownload } from '../pdfDownload.js';
import type { ClientAddress } from './careManagerTasks.js';
import { expiredShortLink, invalidShortLink } from './shortLinks.js';

/**
 * 看護サマリー from its notice's short link: GET shows only a button (a mail scanner may open it),
 * the explicit POST shows the summary and the PDF's POST hands it out, each audited on the stay.
 * The body limit (functions/bodyLimit.tsx) and the link-guessing limit (/n/*) come from the app.
 */
export function nursingSummaryLinks(deps: Deps, clientAddress: ClientAddress) {
  const app = new Hono();
  app.use('/n/*', capabilityLinkHeaders);

  const opened = async (c: Context) => {
    const found = await summaryOfLink(deps, c.req.param('code') ?? '');
    switch (found.kind) {
      case 'invalid':
        return { failure: c.html(invalidShortLink(), 404) };
      case 'expired':
        return { failure: c.html(expiredShortLink(), 410) };
      case 'revoked':
        return { failure: c.html(<RevokedLinkPage contact={found.contact} />, 410) };
      case 'ok':
        return found;
    }
  };
  const audited = (c: Context, found: { notice: { recipientId: string }; stay: { id: string } }, action: string) =>
    audit(
      deps,
      { actor: `care_office:${found.notice.recipientId}`, action, target: found.stay.id },
      { ip: clientAddress(c), userAgent: c.req.header('user-agent') ?? null },
    );

  app.get('/n/:code/summary', async (c) => {
    const found = await opened(c);
    if ('failure' in found) return found.failure;
    const hospital = await getHospital(deps, found.stay.hospitalId);
    return c.html(
      <NursingSummaryButtonPage hospitalName={hospital?.name ?? ''} action={`/n/${c.req.param('code')}/summary`} />,
    );
  });

  app.post('/n/:code/summary', async (c) => {
    const found = await opened(c);
    if ('failure' in found) return found.failure;
    const view = await nursingSummaryView(deps, found.stay);
    await audited(c, found, 'nursing_summary.viewed');
    return c.html(<NursingSummaryPage view={view} pdf={{ post: `/n/${c.req.param('code')}/summary/pdf` }} />);
  });

  app.post('/n/:code/summary/pdf', async (c) => {
    const found = await opened(c);
    if ('failure' in found) return found.failure;
    const pdf = await nursingSummaryPdf(deps, await nursingSummaryView(deps, found.stay));
    if (!pdf) return c.html(invalidShortLink(), 404);
    await audited(c, found, 'nursing_summary.pdf');
    return pdfDownload(c, pdf, 'nursing-summary', jstDate(deps.now()));
  });
  return app;
}
