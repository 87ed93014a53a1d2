import type { Child } from 'hono/jsx';

const css = `
body{font-family:"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;max-width:42rem;margin:0 auto;padding:1rem;line-height:1.7;color:#1b1b1b;background:#fafafa}
h1{font-size:1.35rem;border-bottom:3px solid #2f6f4f;padding-bottom:.3rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;background:#fff;padding:1rem;border:1px solid #ddd;border-radius:6px}
dt{color:#555}dd{margin:0}
form{background:#fff;padding:1rem;border:1px solid #ddd;border-radius:6px;margin-top:1rem}
label{display:block;margin:.6rem 0 .2rem;font-weight:bold}
input,select{font-size:1rem;padding:.35rem}
button{margin-top:1rem;font-size:1.1rem;padding:.6rem 1.4rem;background:#2f6f4f;color:#fff;border:0;border-radius:6px;cursor:pointer}
.notice{padding:.8rem 1rem;border-radius:6px;background:#eef6f1;border:1px solid #b9d9c6}
.warn{background:#fff5e6;border-color:#f0c27b}
.error{background:#fdecec;border-color:#e6a1a1;color:#8a1f1f}
.muted{color:#666;font-size:.9rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:.8rem;border-radius:6px}
`;

export function Layout(props: { title: string; lang?: 'ja' | 'en'; children: Child }) {
  return (
    <html lang={props.lang ?? 'ja'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title} | renkei</title>
        <style>{css}</style>
      </head>
      <body>{props.children}</body>
    </html>
  );
}
