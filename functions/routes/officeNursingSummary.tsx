import type { Hono, MiddlewareHandler } from 'hono';
import { audit, officeActor } from '../../engine/access/index.js';
import { officeStay } from '../../engine/cases/index.js';
import type { Deps } from '../../engine/deps.js';
import { nursingSummaryPdf, nursingSummaryView } from '../../engine/offices/index.js';
import { jstDate } from '../../machines/calendar.js';
import { NursingSummaryPage } from '../pages/nursingSummaryPages.js';
import { MessagePage } from '../pages/taskPages.js';
import { pdfDownload } from '../pdfDownload.js';
import type { OfficeEnv } from './officeRecords.js';

const notFound = () => (
  <MessagePage tone="error" title="見つかりません" message="この利用者の入院は、この事業所の一覧にありません。" />
);

/**
 * 看護サマリー on the care office's own page: behind its session (no mail scanner reaches it), one of
 * its own stays only (another office's stay is not found), each opening audited like the record's.
 */
export function officeNursingSummaryRoutes(app: Hono<OfficeEnv>, deps: Deps, signedIn: MiddlewareHandler<OfficeEnv>) {
  const path = (caseId: string) => `/office/stays/${caseId}/nursing-summary`;

  app.get('/office/stays/:caseId/nursing-summary', signedIn, async (c) => {
    const office = c.get('office');
    const row = await officeStay(deps, office.id, c.req.param('caseId'));
    if (!row) return c.html(notFound(), 404);
    const view = await nursingSummaryView(deps, row);
    await audit(
      deps,
      { actor: officeActor(office.id), action: 'office.nursing_summary_viewed', target: row.id },
      c.get('requester'),
    );
    return c.html(
      <NursingSummaryPage
        view={view}
        pdf={{ href: `${path(row.id)}.pdf` }}
        back={{ href: '/office', label: '← 利用者の一覧へ' }}
      />,
    );
  });

  app.get('/office/stays/:caseId/nursing-summary.pdf', signedIn, async (c) => {
    const office = c.get('office');
    const row = await officeStay(deps, office.id, c.req.param('caseId'));
    if (!row) return c.html(notFound(), 404);
    const pdf = await nursingSummaryPdf(deps, await nursingSummaryView(deps, row));
    if (!pdf) return c.html(notFound(), 404);
    await audit(
      deps,
      { actor: officeActor(office.id), action: 'office.nursing_summary_pdf', target: row.id },
      c.get('requester'),
    );
    return pdfDownload(c, pdf, 'nursing-summary', jstDate(deps.now()));
  });
}
