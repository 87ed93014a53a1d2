import { createMiddleware } from 'hono/factory';

/** For pages behind a link that is itself the capability: never leak it through Referer, caches or indexing. */
export const capabilityLinkHeaders = createMiddleware(async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex');
});
