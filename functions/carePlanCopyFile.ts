import type { Context } from 'hono';
import { jstDate } from '../machines/calendar.js';
import { pdfDownload } from './pdfDownload.js';

/**
 * A care plan's copy handed to a person allowed to read it (the office that uploaded it, the
 * hospital's staff, the center): inline, never cached, named by its upload day, not by anyone's id.
 */
export function carePlanCopyResponse(c: Context, copy: { pdf: Uint8Array; uploadedAt: string }) {
  return pdfDownload(c, copy.pdf, 'care-plan-copy', jstDate(copy.uploadedAt), { inline: true });
}
