import { Hono } from 'hono';
import { FAVICON, faviconSvg, STYLESHEET_BODIES } from '../pages/styles.js';

/** The pages' stylesheets and icon, from this origin (the CSP allows no other); their URLs change with their content. */
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
  // The icon every page links to, and at /favicon.ico for a browser that asks there without reading the link.
  const icon = () =>
    new Response(faviconSvg, {
      headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
    });
  app.get(FAVICON, () => {
    const res = icon();
    res.headers.set('cache-control', 'public, max-age=31536000, immutable');
    return res;
  });
  app.get('/favicon.ico', icon);
  return app;
}
