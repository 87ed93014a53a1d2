import type { Page } from 'playwright-core';

// What a page may not show where a person reads it (the lesson of the last review): the engine's ids
// (newId's prefixes), an actor key, a region's or its directory's id, or a value a template missed.
export const FORBIDDEN: [string, RegExp][] = [
  ['an internal id', /\b(?:case|ntc|task|acct|alr|cpc|nsum|orec|prov|rc|sec|sheet|sum|tok)_[A-Za-z0-9_-]{8,}/],
  ['an actor key', /\b(?:account|hospital|office|care_office|system):[a-z0-9_-]+/i],
  ['a region id', /\b(?:sanda|sasebo|kagoshima|asahikawa)(?:-[a-z0-9-]+)?\b/],
  ['a missed value', /\b(?:undefined|null|NaN)\b|\[object Object\]/],
];

/**
 * Reads every console page reachable by links from where `page` stands (at most three of each shape:
 * a path with its ids generalised), as the signed-in person would, and lists what a person should not
 * read there. GET only shows, so following every link changes nothing.
 */
export async function readEveryPage(
  page: Page,
  base: string,
  under = '/console',
): Promise<{ seen: string[]; found: string[] }> {
  const seen = new Set<string>();
  const perShape = new Map<string, number>();
  const shapeOf = (u: URL) =>
    u.pathname.replace(/\/[A-Za-z]+_[A-Za-z0-9_-]{8,}/g, '/:id').replace(/\/[a-z]+(?:-[a-z0-9]+)+/g, '/:slug') +
    (u.search ? '?' : '');
  const queue = [new URL(page.url()).pathname, under];
  const found: string[] = [];
  while (queue.length > 0 && seen.size < 150) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const head = await page.request.get(`${base}${path}`, { maxRedirects: 0 });
    if (head.status() !== 200 || !(head.headers()['content-type'] ?? '').includes('text/html')) continue;
    await page.goto(`${base}${path}`);
    const text = await renderedText(page);
    found.push(...unreadable(path, text));
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const u = new URL(href);
      if (u.origin !== base || !u.pathname.startsWith(under) || /\/(?:logout|signout)$/.test(u.pathname)) continue;
      const next = u.pathname + u.search;
      const shape = shapeOf(u);
      if ((perShape.get(shape) ?? 0) >= 3 || seen.has(next)) continue;
      perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
      queue.push(next);
    }
  }
  console.log(`people read names: ${seen.size} pages read, ${perShape.size} shapes`);
  return { seen: [...seen], found };
}

/** What of FORBIDDEN a text a person reads holds, each with the words around it. */
export function unreadable(where: string, text: string): string[] {
  const found: string[] = [];
  for (const [what, re] of FORBIDDEN) {
    const m = re.exec(text);
    if (m) {
      const around = text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ');
      found.push(`${where}: ${what} "${m[0]}" in "…${around}…"`);
    }
  }
  return found;
}

/** The page's rendered text (innerText): what a person reads, not hidden templates or attributes. */
export function renderedText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person reads
  return page.locator('body').innerText();
}
