import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Reading and joining PDFs someone else wrote (a care plan uploaded by a care manager). Node only:
 * poppler-utils (`pdfinfo`, `pdfunite`), which reads real-world PDFs (object streams, xref streams,
 * damaged tables) as a receiving FAX machine's software does. Absent on Workers.
 */
export interface PdfTools {
  /** The number of pages; null when poppler cannot read the file as a PDF (damaged, encrypted, not a PDF). */
  pageCount(pdf: Uint8Array): Promise<number | null>;
  /** One PDF holding the documents' pages in order (a FAX cover, then the uploaded pages). */
  join(documents: Uint8Array[]): Promise<Uint8Array>;
}

const TIMEOUT_MS = 20_000;

async function inTempDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'renkei-pdf-'));
  try {
    return await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const popplerPdfTools: PdfTools = {
  pageCount: (pdf) =>
    inTempDir(async (dir) => {
      const path = join(dir, 'in.pdf');
      await writeFile(path, pdf);
      // An encrypted file reads with an empty user password; a FAX gateway could not open one anyway.
      const info = await run('pdfinfo', [path], { timeout: TIMEOUT_MS }).catch((e: { code?: string }) => {
        if (e.code === 'ENOENT') throw new Error('pdfinfo not found: apt-get install -y poppler-utils');
        return null;
      });
      if (!info || /^Encrypted:\s+yes/m.test(info.stdout)) return null;
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1] ?? Number.NaN);
      return Number.isInteger(pages) && pages > 0 ? pages : null;
    }),
  join: (documents) =>
    inTempDir(async (dir) => {
      const inputs = documents.map((_, i) => join(dir, `${i}.pdf`));
      await Promise.all(documents.map((d, i) => writeFile(inputs[i]!, d)));
      const out = join(dir, 'out.pdf');
      await run('pdfunite', [...inputs, out], { timeout: TIMEOUT_MS });
      return new Uint8Array(await readFile(out));
    }),
};
