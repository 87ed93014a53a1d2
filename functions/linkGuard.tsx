import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { RateLimiter } from '../engine/access/index.js';
import { MessagePage } from './pages/taskPages.js';

/** The address a limit counts: one the client cannot choose (never a header it could rotate). */
export type LimitKey = (c: Context) => string | null;

/**
 * Short codes and task tokens are capabilities: guessing them must be slow. Each client address has
 * a bucket of unknown links (LINK_MISSES_PER_MINUTE) (404); only a miss takes a token, so a care manager opening
 * and recording any number of real links is never limited. An empty bucket refuses every link (hit
 * or miss, so a refusal tells nothing) with 429 and Retry-After until it refills.
 */
export function linkGuessingLimit(limiter: RateLimiter, limitKey: LimitKey): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    const key = limitKey(c) ?? 'unknown';
    const wait = limiter.wait(key, Date.now());
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      c.header('Cache-Control', 'no-store');
      return c.html(
        <MessagePage
          tone="warn"
          title="しばらくしてからお試しください"
          message={`無効なリンクが続けて開かれたため、一時的に表示を止めています。約${Math.ceil(wait / 60)}分後にもう一度お試しください。お急ぎの場合は送信元へお問い合わせください。`}
        />,
        429,
      );
    }
    await next();
    if (c.res.status === 404) limiter.take(key, Date.now());
  });
}
