import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';

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
  const page = String(opts.page ?? 1);
  return withPdf(pdf, async (path, dir) => {
    await poppler('pdftoppm', [
      '-gray',
      '-rx',
      String(opts.dpiX ?? 200),
      '-ry',
      String(opts.dpiY ?? 200),
      '-f',
      page,
      '-l',
      page,
      '-singlefile',
      path,
      join(dir, 'page'),
    ]);
    const { width, height, pixels } = parsePgm(await readFile(join(dir, 'page.pgm')));
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = pixels[i]!;
      rgba[i * 4 + 3] = 255;
    }
    return jsQR(rgba, width, height)?.data ?? null;
  });
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
