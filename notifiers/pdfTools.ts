/**
 * Reading and joining PDFs someone else wrote (a care plan uploaded by a care manager). pdf-lib: pure
 * JavaScript, so the embedded default (`npm start`) needs nothing installed and Workers can use it too.
 */
export interface PdfTools {
  /** The number of pages; null when the file cannot be read as a PDF (damaged, encrypted, not a PDF). */
  pageCount(pdf: Uint8Array): Promise<number | null>;
  /** One PDF holding the documents' pages in order (a FAX cover, then the uploaded pages). */
  join(documents: Uint8Array[]): Promise<Uint8Array>;
}

export const pdfLibTools: PdfTools = {
  async pageCount(pdf) {
    const { PDFDocument } = await pdfLib();
    try {
      // An encrypted file is refused (load throws): a FAX gateway could not open one either.
      const doc = await PDFDocument.load(pdf, { updateMetadata: false });
      const pages = doc.getPageCount();
      return pages > 0 ? pages : null;
    } catch {
      return null;
    }
  },
  async join(documents) {
    const { PDFDocument } = await pdfLib();
    const out = await PDFDocument.create();
    for (const bytes of documents) {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      const pages = await out.copyPages(doc, doc.getPageIndices());
      for (const page of pages) out.addPage(page);
    }
    return out.save();
  },
};

/** pdf-lib, loaded at the first PDF read or joined, not at start (~230 ms of a cold start). */
function pdfLib() {
  return import('pdf-lib');
}
