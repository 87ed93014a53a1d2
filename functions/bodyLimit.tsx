import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MessagePage } from './pages/taskPages.js';
import { problem } from './problem.js';

/**
 * The largest body any route takes: a webhook's JSON, a console or task form. 64 KiB holds the
 * longest information sheet many times over; nothing renkei accepts is an upload.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** The API (and its documents) answers machines; every other path is a page a person reads. */
const isApi = (path: string) => path.startsWith('/v1/') || path === '/openapi.json';

const tooLarge = (c: Context) =>
  isApi(c.req.path)
    ? problem(c, 413, 'body-too-large', 'Body too large', `the body must be at most ${MAX_BODY_BYTES} bytes`)
    : c.html(
        <MessagePage
          tone="error"
          title="送信内容が大きすぎます"
          message={`送信できる大きさ（${MAX_BODY_BYTES / 1024}KB）を超えています。入力を短くして、もう一度お送りください。`}
        />,
        413,
      );

/**
 * One body limit for every route, mounted once before any route: hono counts the bytes while they
 * stream in (a chunked body without content-length too) and answers 413 as soon as the limit is
 * passed, so no handler, form parser or signature check ever holds more than MAX_BODY_BYTES.
 */
export const requestBodyLimit: MiddlewareHandler = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
