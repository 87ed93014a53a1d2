import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.js';

// Forms send CRLF and browsers send any Unicode. Text is made plain here, once, as it enters: a PDF
// draws a missing-glyph box for every carriage return or control character it is handed, and a
// bidirectional override can make a FAX or a mail read differently from what was typed.

/** Line breaks other than LF: CRLF and CR from forms, NEL, LINE and PARAGRAPH SEPARATOR. */
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;
/** C0 and C1 controls but LF and TAB, and the zero-width no-break space (BOM). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u0084\u0086-\u009F\uFEFF]/g;
/** Bidirectional marks, embeddings, overrides and isolates (ALM, LRM, RLM, LRE…RLO, LRI…PDI). */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Not characters at all: the replacement character (a decoding already lost something) and noncharacters. */
const NOT_TEXT = /[\uFFFD\uFFFE\uFFFF]/g;
/** Half of a surrogate pair without its other half: no encoding can carry it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One piece of text as people typed it, made safe for a PDF, a mail and an SMS. */
export function cleanText(text: string): string {
  return (
    text
      .replace(LONE_SURROGATE, '')
      .replace(LINE_BREAKS, '\n')
      .replace(/\t/g, ' ')
      .replace(CONTROLS, '')
      .replace(BIDI, '')
      .replace(NOT_TEXT, '')
      // Last, so that a combining mark left next to its base by a removal is composed with it.
      .normalize('NFC')
  );
}

/**
 * Whether a name or an identifier holds a character that no one typed on purpose: a control
 * (line breaks and tabs too), a bidirectional mark or override, a non-character or half a surrogate pair.
 */
export function hasHiddenCharacter(text: string): boolean {
  // `search` ignores the global flag's lastIndex, so the shared patterns can be used as they are.
  return [LONE_SURROGATE, LINE_BREAKS, /[\t\n]/, CONTROLS, BIDI, NOT_TEXT].some((re) => text.search(re) >= 0);
}

/**
 * JSON keys whose values are a person's name or an identifier: these reach the record as sent and
 * their schema refuses a hidden character (functions/schemas.ts, `personName` and `id`) instead of
 * the edge dropping it. Cleaning silently would store a different name or id than the sender's
 * system holds: the patient's name is hashed to find an earlier stay, and an id must match the
 * sender's own. Free text (wards, reasons, notes, the sheet's items) is cleaned: a reader loses nothing.
 */
const REFUSED_NOT_CLEANED = new Set([
  'patient',
  'hospitalizationId',
  'careOfficeId',
  'webhookId',
  'toHospitalId',
  'supportCenterId',
  'hospitalId',
]);

/** Every string in a parsed JSON body, cleaned (names and identifiers aside, see above); keys as they are. */
export function cleanInput(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanInput);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, REFUSED_NOT_CLEANED.has(k) ? v : cleanInput(v)]),
    );
  return value;
}

/** A posted form's text fields, cleaned; file fields are dropped. */
export async function readForm(c: Context): Promise<Record<string, string>> {
  return (await readFormAndFile(c, null)).form;
}

/** A posted form (multipart or not), cleaned, with the one file field named (null: none chosen, or empty). */
export async function readFormAndFile(
  c: Context,
  fileField: string | null,
): Promise<{ form: Record<string, string>; file: File | null }> {
  const body = await c.req.parseBody();
  const form = Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, cleanText(v)]] : [])),
  );
  const file = fileField === null ? null : body[fileField];
  // A form with the file field left empty posts a nameless, empty part.
  return { form, file: file instanceof File && (file.size > 0 || file.name !== '') ? file : null };
}

/** A posted form whose fields may repeat (check boxes), cleaned; file fields are dropped. */
export async function readFormAll(c: Context): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  return Object.fromEntries(
    Object.entries(body).flatMap(([k, v]): [string, string | string[]][] => {
      if (typeof v === 'string') return [[k, cleanText(v)]];
      if (Array.isArray(v)) return [[k, v.filter((x): x is string => typeof x === 'string').map(cleanText)]];
      return [];
    }),
  );
}

/**
 * Cleans a JSON body before the route's schema reads it. Mount it after the size limit, the
 * signature and the scope: those see the body as it was sent. A body that is not JSON is left for
 * the schema to refuse.
 */
/**
 * Hands Hono's validator the cleaned JSON: `c.req.json()` parses the cached text, which Hono keeps
 * as a promise (its type names the resolved value). For a middleware that has parsed the body already.
 */
export function cacheCleanedJson(c: Context<AppEnv>, parsed: unknown): void {
  let cleaned: string;
  try {
    cleaned = JSON.stringify(cleanInput(parsed));
  } catch {
    // Nested too deep to walk: left as sent, for the schema to refuse.
    return;
  }
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(cleaned);
}

export const cleanJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  if (/^application\/([\w.-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await c.req.text());
    } catch {
      // Not JSON: the validator answers it as it would have.
      return next();
    }
    cacheCleanedJson(c, parsed);
  }
  await next();
});
