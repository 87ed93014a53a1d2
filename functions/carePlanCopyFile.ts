import type { Context } from 'hono';
import { jstDate } from '../machines/calendar.js';

/**
 * A care plan's copy handed to a person allowed to read it (the office that uploaded it, the
 * hospital's staff, the center): inline, never cached, named by its upload day, not by anyone's id.
 */
export function carePlanCopyResponse(c: Context, copy: { pdf: Uint8Array; uploadedAt: string }) {
  return c.body(copy.pdf as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="care-plan-copy-${jstDate(copy.uploadedAt)}.pdf"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}
