import type { Child } from 'hono/jsx';
import { FAVICON, STYLESHEETS } from './styles.js';

export function Layout(props: { title: string; lang?: 'ja' | 'en'; wide?: boolean; children: Child }) {
  return (
    <html lang={props.lang ?? 'ja'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title} | renkei</title>
        <link rel="icon" href={FAVICON} type="image/svg+xml" />
        <link rel="stylesheet" href={STYLESHEETS.page} />
        {props.wide && <link rel="stylesheet" href={STYLESHEETS.console} />}
      </head>
      <body class={props.wide ? 'wide' : undefined}>{props.children}</body>
    </html>
  );
}
