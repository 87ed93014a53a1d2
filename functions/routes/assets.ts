import { Hono } from 'hono';
import { STYLESHEET_BODIES } from '../pages/styles.js';

/** The pages' stylesheets, from this origin (the CSP allows no other); their URLs change with their content. */
export function assetRoutes() {
  const app = new Hono();
  app.get('/assets/:file{[a-z]+\\.[0-9a-z]+\\.css}', (c) => {
    const body = STYLESHEET_BODIES.get(c.req.path);
    if (body === undefined) return c.notFound();
    return c.body(body, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
  return app;
}
