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

// The console shows wide tables and diagrams: the body widens and gains a few components.
const consoleCss = `
body.wide{max-width:80rem}
nav.top{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;background:#2f6f4f;color:#fff;padding:.5rem 1rem;border-radius:6px}
nav.top a{color:#fff;text-decoration:none;font-weight:bold}nav.top a.on{text-decoration:underline}
nav.top form{margin:0 0 0 auto;padding:0;background:none;border:0}nav.top button{margin:0;padding:.2rem .8rem;font-size:.9rem;background:#fff;color:#2f6f4f}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.8rem;margin:1rem 0}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8rem 1rem}.card b{display:block;font-size:1.8rem}.card a{text-decoration:none;color:inherit}
.card.alert{border-color:#e6a1a1;background:#fdf3f3}
table.list th{background:#eef3f0}table.list td.num{text-align:right}
.late{color:#8a1f1f;font-weight:bold}
.filters{display:flex;gap:.6rem;flex-wrap:wrap;align-items:end;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem}
.filters label{margin:0;font-weight:normal;font-size:.9rem}.filters button{margin:0;padding:.35rem 1rem;font-size:1rem}
.machine{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start}
.st{border:2px solid #bbb;border-radius:8px;padding:.3rem .5rem;background:#fff;font-size:.85rem;min-width:9rem}
.st.compound{background:#f4f7f5;flex-basis:100%}.st.visited{border-color:#2f6f4f;background:#eef6f1}
.st.current{border-color:#c0392b;background:#fdecec;box-shadow:0 0 0 3px #f5b7b1}.st .name{font-weight:bold}
.st ul{margin:.2rem 0 0;padding-left:1rem;color:#555;font-size:.78rem}
.inline{display:inline;margin:0;padding:0;background:none;border:0}.inline button{margin:0;padding:.15rem .6rem;font-size:.85rem}
section{margin-top:1.5rem}h2{font-size:1.15rem;border-left:5px solid #2f6f4f;padding-left:.5rem}
textarea{font-size:1rem;width:100%;min-height:4rem}
`;

export function Layout(props: { title: string; lang?: 'ja' | 'en'; wide?: boolean; children: Child }) {
  return (
    <html lang={props.lang ?? 'ja'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title} | renkei</title>
        <style>{props.wide ? css + consoleCss : css}</style>
      </head>
      <body class={props.wide ? 'wide' : undefined}>{props.children}</body>
    </html>
  );
}
