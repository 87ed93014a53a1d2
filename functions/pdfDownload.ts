import type { Context } from 'hono';

/** A PDF handed out as a download named `<stem>-<day>.pdf` (a day in JST, never an id of ours). */
export function pdfDownload(c: Context, pdf: Uint8Array, stem: string, day: string) {
  return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${stem}-${day}.pdf"`,
  });
}
