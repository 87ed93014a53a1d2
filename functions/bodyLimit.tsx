import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MessagePage } from './pages/taskPages.js';
import { problem } from './problem.js';

/**
 * The largest body any route takes: a webhook's JSON, a console or task form. 64 KiB holds the
 * longest information sheet many times over; the uploads below have their own.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The one upload: a hospital's 入退院 ledger (CSV) and its confirmation, which sends the same file
 * back. A year of a large hospital's admissions is well under this.
 */
export const MAX_UPLOAD_BYTES = 1024 * 1024;
const UPLOAD_PATHS = new Set(['/console/admissions/import', '/console/admissions/import/confirm']);

/**
 * A care plan's copy (PDF) posted from the care manager's task page with its dates. Above the copy's
 * own limit (MAX_CARE_PLAN_BYTES, checked after parsing with a message next to the field, the dates
 * kept), so a slightly large file is told so on the form; far larger is refused while it streams in.
 */
export const MAX_CARE_PLAN_UPLOAD_BYTES = 8 * 1024 * 1024;
const isCarePlanUpload = (path: string) => /^\/t\/[^/]+\/care-plan$/.test(path);

/** The API (and its documents) answers machines; every other path is a page a person reads. */
const isApi = (path: string) => path.startsWith('/v1/') || path === '/openapi.json';

const tooLarge = (limit: number) => (c: Context) =>
  isApi(c.req.path)
    ? problem(c, 413, 'body-too-large', 'Body too large', `the body must be at most ${limit} bytes`)
    : c.html(
        <MessagePage
          tone="error"
          title="送信内容が大きすぎます"
          message={`送信できる大きさ（${limit >= 1024 * 1024 ? `${limit / 1024 / 1024}MB` : `${limit / 1024}KB`}）を超えています。入力を短くして(ファイルは分けて)、もう一度お送りください。`}
        />,
        413,
      );

/**
 * One body limit for every route, mounted once before any route: hono counts the bytes while they
 * stream in (a chunked body without content-length too) and answers 413 as soon as the limit is
 * passed, so no handler, form parser or signature check ever holds more than MAX_BODY_BYTES.
 */
const standardLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge(MAX_BODY_BYTES) });
const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: tooLarge(MAX_UPLOAD_BYTES) });
const carePlanLimit = bodyLimit({ maxSize: MAX_CARE_PLAN_UPLOAD_BYTES, onError: tooLarge(MAX_CARE_PLAN_UPLOAD_BYTES) });
export const requestBodyLimit: MiddlewareHandler = (c, next) =>
  (UPLOAD_PATHS.has(c.req.path) ? uploadLimit : isCarePlanUpload(c.req.path) ? carePlanLimit : standardLimit)(c, next);
