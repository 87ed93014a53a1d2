import type { Context } from 'hono';

/**
 * A PDF of a stay handed to a person allowed to read it, named `<stem>-<day>.pdf` (a day in JST, never an
 * id of ours). Every such PDF carries personal data: never cached, never sniffed as anything else.
 * `inline` opens it in the browser (a document someone else wrote); otherwise it downloads.
 */
export function pdfDownload(c: Context, pdf: Uint8Array, stem: string, day: string, opts: { inline?: boolean } = {}) {
  return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `${opts.inline ? 'inline' : 'attachment'}; filename="${stem}-${day}.pdf"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}
