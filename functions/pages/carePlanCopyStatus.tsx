import type { CarePlanCopyView } from '../../engine/notices/index.js';
import { jaDateTime } from '../../notifiers/texts.js';

// ケアプランの写し as the care office and the console read it: sent when, how far it got, and whether
// the hospital's window confirmed receiving it; the PDF behind a link the page's scope allows.

const CHANNEL = { fax: 'FAX', email: 'メール', sms: 'SMS' } as Record<string, string>;
const DELIVERY = {
  queued: '送信中',
  sent: '送信済み',
  delivered: '到達',
  failed: '送信失敗 (再送中)',
  // The receipt is said on its own, after this.
  confirmed: '到達',
  dead: '届きませんでした',
} as Record<string, string>;

/** What a copy's travel is called now: waiting to send, sent by a channel, given up. */
function deliveryText(copy: CarePlanCopyView): string {
  if (copy.noticeStatus === 'dead') return '届きませんでした (病院へお電話で確認してください)';
  if (!copy.delivery) return '送信待ち';
  const channel = copy.delivery.channel ? (CHANNEL[copy.delivery.channel] ?? '') : '';
  return `${channel}で${DELIVERY[copy.delivery.status] ?? '送信済み'} (${jaDateTime(copy.delivery.at)})`;
}

export function CarePlanCopyStatus(props: { copies: CarePlanCopyView[]; pdfHref: (copy: CarePlanCopyView) => string }) {
  if (props.copies.length === 0) return null;
  return (
    <ul class="care-plan-copies">
      {props.copies.map((copy) => (
        <li data-care-plan-copy>
          ケアプランの写し ({copy.pages === null ? 'PDF' : `PDF ${copy.pages}ページ`}): {jaDateTime(copy.uploadedAt)} に
          {copy.windowName ? ` ${copy.windowName}へ` : ''}送付 / {deliveryText(copy)} /{' '}
          {copy.receipt?.status === 'confirmed'
            ? `病院が受信を確認 (${copy.receipt.confirmedBy ? `${copy.receipt.confirmedBy} 様、` : ''}${jaDateTime(copy.receipt.confirmedAt!)})`
            : copy.receipt
              ? '病院の受信確認待ち'
              : '受信確認は送信後'}{' '}
          <a href={props.pdfHref(copy)}>PDFを開く</a>
        </li>
      ))}
    </ul>
  );
}
