import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
// pdfkit is loaded at the first FAX rendered, not at start (~250 ms of a cold start).
import type {} from 'pdfkit';
import encodeQR from 'qr';

import { jstWallClock } from '../machines/time.js';
import { DeliveryError } from './delivery.js';
import { type FaxDocument, MAX_FAX_PAGES } from './faxDocument.js';

export type { FaxDocument, FaxSection } from './faxDocument.js';

const require = createRequire(import.meta.url);
// BIZ UDPGothic (Morisawa, OFL) is a universal-design face made to stay legible in poor print,
// which is what a FAX is; its TrueType outlines subset cleanly, so a page embeds only its glyphs.
const FONT_FILES = {
  regular: '@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf',
  bold: '@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf',
};
let fonts: Promise<{ regular: Buffer; bold: Buffer }> | null = null;

function loadFonts() {
  fonts ??= Promise.all([
    readFile(require.resolve(FONT_FILES.regular)),
    readFile(require.resolve(FONT_FILES.bold)),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 42;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const LABEL_WIDTH = 150;
const QR_SIZE = 112;

function jstStamp(iso: string): string {
  const jst = jstWallClock(iso);
  return `${jst.slice(0, 4)}年${Number(jst.slice(5, 7))}月${Number(jst.slice(8, 10))}日 ${jst.slice(11, 16)}`;
}

/** Draws the QR code as filled squares: vector modules stay sharp at any FAX resolution. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const modules = encodeQR(text, 'raw', { ecc: 'medium' });
  const quiet = 4;
  const cell = size / (modules.length + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (const [r, row] of modules.entries()) {
    for (const [c, dark] of row.entries()) {
      if (dark) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
    }
  }
  doc.fill('#000000').restore();
}

export async function renderFaxPdf(fax: FaxDocument): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const { regular, bold } = await loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: fax.title, Author: fax.from.name, Creator: 'renkei' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('jp', regular);
  doc.registerFont('jp-bold', bold);

  // Header: title and addressing on the left, the confirmation QR code (when there is one) on the right.
  const top = MARGIN;
  const { confirmation } = fax;
  const qrX = A4.width - MARGIN - QR_SIZE;
  const headWidth = confirmation ? qrX - MARGIN - 12 : CONTENT_WIDTH;
  doc.font('jp-bold').fontSize(18).text(fax.title, MARGIN, top, { width: headWidth });
  if (fax.lead) doc.font('jp').fontSize(9).text(fax.lead, { width: headWidth });
  doc.moveDown(0.4).font('jp').fontSize(11);
  if (fax.to) doc.text(`宛先: ${fax.to.name} 御中 (FAX ${fax.to.fax})`, { width: headWidth });
  const fromContact = [fax.from.phone && `電話 ${fax.from.phone}`, fax.from.fax && `FAX ${fax.from.fax}`]
    .filter(Boolean)
    .join(' / ');
  doc.text(`${fax.to ? '送信元' : '作成'}: ${fax.from.name}${fromContact ? ` (${fromContact})` : ''}`, {
    width: headWidth,
  });
  doc.text(`${fax.to ? '送信日時' : '作成日時'}: ${jstStamp(fax.sentAt)}`, { width: headWidth });
  let y = doc.y + 8;
  if (confirmation) {
    drawQr(doc, confirmation.url, qrX, top, QR_SIZE);
    doc
      .font('jp')
      .fontSize(7)
      .text(confirmation.qrLabel ?? '受信確認用QRコード', qrX, top + QR_SIZE + 2, {
        width: QR_SIZE,
        align: 'center',
      });
    y = Math.max(doc.y, top + QR_SIZE + 14) + 8;
    doc.font('jp').fontSize(10);
    const ask =
      confirmation.ask ??
      '【受信確認のお願い】このFAXを受け取りましたら、右上のQRコードを読み取るか次のURLを開き、「受信を確認しました」を押してください。';
    const box = `${ask}\n${confirmation.url}  (確認番号 ${confirmation.code})`;
    const boxHeight = doc.heightOfString(box, { width: CONTENT_WIDTH - 16 }) + 12;
    doc.rect(MARGIN, y, CONTENT_WIDTH, boxHeight).lineWidth(1.2).stroke();
    doc.text(box, MARGIN + 8, y + 6, { width: CONTENT_WIDTH - 16 });
    y += boxHeight + 12;
  }

  const bottom = A4.height - MARGIN - 24;
  // FAX pages come apart in the tray: every later page says what it continues.
  const ensure = (height: number, style: () => void) => {
    if (y + height <= bottom) return;
    doc.addPage();
    doc
      .font('jp')
      .fontSize(9)
      .text(
        `${fax.title} (続き)  ${fax.to ? '送信元' : '作成'}: ${fax.from.name}${confirmation ? `  確認番号 ${confirmation.code}` : ''}`,
        MARGIN,
        MARGIN,
        { width: CONTENT_WIDTH },
      );
    doc
      .moveTo(MARGIN, doc.y + 2)
      .lineTo(A4.width - MARGIN, doc.y + 2)
      .lineWidth(0.5)
      .stroke();
    y = doc.y + 10;
    style();
  };
  const headingStyle = () => doc.font('jp-bold').fontSize(11);
  const bodyStyle = () => doc.font('jp').fontSize(10);
  for (const section of fax.sections) {
    headingStyle();
    ensure(doc.heightOfString(section.heading) + 24, headingStyle);
    doc.text(section.heading, MARGIN, y, { width: CONTENT_WIDTH });
    y = doc.y + 3;
    bodyStyle();
    if ('text' in section) {
      const h = doc.heightOfString(section.text, { width: CONTENT_WIDTH });
      ensure(Math.min(h, bottom - MARGIN), bodyStyle);
      doc.text(section.text, MARGIN, y, { width: CONTENT_WIDTH });
      y = doc.y + 10;
      continue;
    }
    for (const [label, value] of section.rows) {
      const shown = value.trim() === '' ? '—' : value;
      const h =
        Math.max(
          doc.heightOfString(label, { width: LABEL_WIDTH - 8 }),
          doc.heightOfString(shown, { width: CONTENT_WIDTH - LABEL_WIDTH - 8 }),
        ) + 8;
      ensure(h, bodyStyle);
      doc.rect(MARGIN, y, LABEL_WIDTH, h).fillAndStroke('#eeeeee', '#000000');
      doc.rect(MARGIN + LABEL_WIDTH, y, CONTENT_WIDTH - LABEL_WIDTH, h).stroke();
      doc.fillColor('#000000');
      doc.text(label, MARGIN + 4, y + 4, { width: LABEL_WIDTH - 8 });
      doc.text(shown, MARGIN + LABEL_WIDTH + 4, y + 4, { width: CONTENT_WIDTH - LABEL_WIDTH - 8 });
      y += h;
    }
    y += 10;
  }

  const range = doc.bufferedPageRange();
  // A refusal, not an outage: the same document would be as long on every try and every channel.
  if (range.count > MAX_FAX_PAGES) {
    doc.end();
    throw new DeliveryError(`the FAX would have ${range.count} pages, more than ${MAX_FAX_PAGES}`, true);
  }
  const footer = fax.footer ?? 'このFAXには個人情報が含まれます。誤って届いた場合は破棄し、送信元へご連絡ください。';
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('jp')
      .fontSize(8)
      .text(`${footer}  (${i + 1}/${range.count})`, MARGIN, A4.height - MARGIN - 12, {
        width: CONTENT_WIDTH,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
