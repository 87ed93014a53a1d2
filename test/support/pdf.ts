import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import PDFDocument from 'pdfkit';

const run = promisify(execFile);
// jsqr is CommonJS whose typings declare an ES default export; Node hands us module.exports.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

// poppler-utils (Debian) reads the PDFs back as a receiving machine would: .ci/run installs it.
async function poppler(tool: string, args: string[]) {
  try {
    return await run(tool, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT')
      throw new Error(`${tool} not found: apt-get install -y poppler-utils`);
    throw e;
  }
}

async function withPdf<T>(pdf: Uint8Array, f: (path: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'renkei-pdf-'));
  try {
    const path = join(dir, 'doc.pdf');
    await writeFile(path, pdf);
    return await f(path, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text a reader gets out of the PDF, and what poppler complained about (fonts it could not use). */
export function pdfText(pdf: Uint8Array): Promise<{ text: string; flat: string; pages: number; warnings: string }> {
  return withPdf(pdf, async (path) => {
    const { stdout, stderr } = await poppler('pdftotext', ['-enc', 'UTF-8', path, '-']);
    const info = await poppler('pdfinfo', [path]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1] ?? 0);
    return { text: stdout, flat: stdout.replace(/\s+/g, ''), pages, warnings: stderr };
  });
}

/** Page size in points, from pdfinfo. */
export function pdfPageSize(pdf: Uint8Array): Promise<{ width: number; height: number }> {
  return withPdf(pdf, async (path) => {
    const { stdout } = await poppler('pdfinfo', [path]);
    const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(stdout);
    return { width: Number(m?.[1]), height: Number(m?.[2]) };
  });
}

/**
 * Renders a page the way a FAX machine scans it (greyscale, FAX resolutions in dots per inch) and
 * decodes the QR code found in the picture with an independent reader (jsQR).
 */
export function decodeQrOnPage(
  pdf: Uint8Array,
  opts: { page?: number; dpiX?: number; dpiY?: number } = {},
): Promise<string | null> {
  return withPdf(pdf, async (path, dir) => {
    const { width, height, pixels } = await scanPage(path, dir, opts.page ?? 1, opts.dpiX ?? 200, opts.dpiY ?? 200);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = pixels[i]!;
      rgba[i * 4 + 3] = 255;
    }
    return jsQR(rgba, width, height)?.data ?? null;
  });
}

/** One page in grey, at a FAX machine's resolution (dots per inch across and down). */
async function scanPage(path: string, dir: string, page: number, dpiX: number, dpiY: number) {
  const p = String(page);
  const args = ['-gray', '-rx', String(dpiX), '-ry', String(dpiY), '-f', p, '-l', p, '-singlefile'];
  await poppler('pdftoppm', [...args, path, join(dir, 'page')]);
  return parsePgm(await readFile(join(dir, 'page.pgm')));
}

function parsePgm(buf: Buffer): { width: number; height: number; pixels: Uint8Array } {
  // P5 header: magic, width, height, maxval, each separated by whitespace, then binary pixels.
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[i]!))) i++;
    let token = '';
    while (!/\s/.test(String.fromCharCode(buf[i]!))) token += String.fromCharCode(buf[i++]!);
    fields.push(token);
  }
  if (fields[0] !== 'P5' || fields[3] !== '255') throw new Error(`not an 8-bit PGM: ${fields.join(' ')}`);
  const width = Number(fields[1]);
  const height = Number(fields[2]);
  return { width, height, pixels: buf.subarray(i + 1, i + 1 + width * height) };
}

export interface WordBox {
  text: string;
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Each word poppler finds, with its box in points from the page's top left (pdftotext -bbox). */
export function pdfWords(pdf: Uint8Array): Promise<WordBox[]> {
  return withPdf(pdf, async (path) => {
    const { stdout } = await poppler('pdftotext', ['-enc', 'UTF-8', '-bbox', path, '-']);
    const words: WordBox[] = [];
    let page = 0;
    for (const line of stdout.split('\n')) {
      if (line.includes('<page ')) page++;
      const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
      if (m) words.push({ page, xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]! });
    }
    return words;
  });
}

/**
 * Renders a page as a FAX machine scans it and counts the dark pixels in a rectangle given in points
 * (from the page's top left): ink where there should be none, such as a missing-glyph box.
 */
export function darkPixels(
  pdf: Uint8Array,
  rect: { page: number; x: number; y: number; width: number; height: number },
  dpi = 200,
): Promise<number> {
  return withPdf(pdf, async (path, dir) => {
    const { width, pixels } = await scanPage(path, dir, rect.page, dpi, dpi);
    const scale = dpi / 72;
    let dark = 0;
    for (let y = Math.ceil(rect.y * scale); y < Math.floor((rect.y + rect.height) * scale); y++)
      for (let x = Math.ceil(rect.x * scale); x < Math.floor((rect.x + rect.width) * scale); x++)
        if (pixels[y * width + x]! < 128) dark++;
    return dark;
  });
}

/**
 * A care manager's PDF as an office program would save it (pdfkit, its standard font): each page
 * carries `${marker}-PAGE-${n}`, so a reader of what was sent can tell its pages from ours.
 */
export async function carePlanPdf(pages: number, marker = 'CAREPLAN'): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { Title: marker } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (let n = 1; n <= pages; n++) doc.addPage().fontSize(18).text(`${marker}-PAGE-${n}`, 72, 72);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
