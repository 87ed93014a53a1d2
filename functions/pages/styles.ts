import { centerCss } from './centerStyles.js';

// The pages' styles, served as stylesheets from this origin (functions/routes/assets.ts) so the
// Content-Security-Policy needs no 'unsafe-inline': pages carry no <style> element and no style attribute.

/** Every page: readable Japanese text, forms, notices. */
export const pageCss = `
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
.field-error{color:#8a1f1f;margin:.2rem 0 .6rem;font-size:.95rem}
.muted{color:#666;font-size:.9rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:.8rem;border-radius:6px}
label.plain{font-weight:normal}label.choice{display:inline;font-weight:normal;margin-right:.6rem}
.full{width:100%}textarea.full{font-size:1rem}
fieldset.group{border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
button.secondary{background:#666}
h2.mail-subject{font-size:1.05rem}
.stay{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
.stay h3{margin:.2rem 0;font-size:1.05rem}.stay ul{margin:.3rem 0;padding-left:1.2rem}
.stay .stage{display:inline-block;background:#eef6f1;border:1px solid #b9d9c6;border-radius:4px;padding:0 .4rem;font-size:.9rem}
.late{color:#8a1f1f;font-weight:bold}
nav.office{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}nav.office form{margin:0;padding:0;border:0;background:none}
nav.office button{margin:0;padding:.2rem .8rem;font-size:.9rem}
input.full{width:100%;box-sizing:border-box}
`;

// The console shows wide tables and diagrams: the body widens and gains a few components.
export const consoleCss = `
body.wide{max-width:80rem}
nav.top{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;background:#2f6f4f;color:#fff;padding:.5rem 1rem;border-radius:6px}
nav.top a{color:#fff;text-decoration:none;font-weight:bold}nav.top a.on{text-decoration:underline}
nav.top form{margin:0 0 0 auto;padding:0;background:none;border:0}nav.top button{margin:0;padding:.2rem .8rem;font-size:.9rem;background:#fff;color:#2f6f4f}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.8rem;margin:1rem 0}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8rem 1rem}.card b{display:block;font-size:1.8rem}.card a{text-decoration:none;color:inherit}
.card.alert{border-color:#e6a1a1;background:#fdf3f3}
table.list th{background:#eef3f0}table.list td.num{text-align:right}
.filters{display:flex;gap:.6rem;flex-wrap:wrap;align-items:end;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem}
.filters label{margin:0;font-weight:normal;font-size:.9rem}.filters button{margin:0;padding:.35rem 1rem;font-size:1rem}
.inline{display:inline;margin:0;padding:0;background:none;border:0}.inline button{margin:0;padding:.15rem .6rem;font-size:.85rem}
section{margin-top:1.5rem}h2{font-size:1.15rem;border-left:5px solid #2f6f4f;padding-left:.5rem}
textarea{font-size:1rem;width:100%;min-height:4rem}
h3.flush{margin-top:0}
nav.top .who{color:#e8f3ec}
svg.chart{background:#fff;border:1px solid #ddd;border-radius:6px}
p.field-error{color:#8a1f1f;margin:.1rem 0 .4rem;font-weight:bold}tr.bad td{background:#fdf3f3}
${centerCss}`;

/** FNV-1a, enough to give each stylesheet a URL that changes with its content (cached for a year). */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** The site's icon: two linked rings (連携) on the console's green, as SVG (no image file to ship). */
export const faviconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#2f6f4f"/>' +
  '<g fill="none" stroke="#fff" stroke-width="3"><circle cx="12" cy="16" r="7"/><circle cx="20" cy="16" r="7"/></g></svg>';

/** Where the icon is served: its URL changes with its content, like the stylesheets'. */
export const FAVICON = `/assets/favicon.${fingerprint(faviconSvg)}.svg`;

export const STYLESHEETS = {
  page: `/assets/page.${fingerprint(pageCss)}.css`,
  console: `/assets/console.${fingerprint(consoleCss)}.css`,
};

export const STYLESHEET_BODIES: ReadonlyMap<string, string> = new Map([
  [STYLESHEETS.page, pageCss],
  [STYLESHEETS.console, consoleCss],
]);
