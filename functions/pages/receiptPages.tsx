import type { ReceiptView } from '../../engine/notices/index.js';
import { jaDateTime } from '../../notifiers/texts.js';
import { Layout } from './layout.js';

function Sent({ view }: { view: ReceiptView }) {
  return (
    <dl>
      <dt>書類</dt>
      <dd>{view.title}</dd>
      <dt>宛先</dt>
      <dd>{view.to}</dd>
      <dt>送信日時</dt>
      <dd>{jaDateTime(view.sentAt)}</dd>
    </dl>
  );
}

/** The page behind a FAX's QR code: GET shows, the button confirms. */
export function ReceiptPage(props: { view: ReceiptView; error?: string; justConfirmed?: boolean }) {
  const { view } = props;
  return (
    <Layout title="FAX受信確認">
      <h1>FAX受信確認</h1>
      <Sent view={view} />
      {view.status === 'confirmed' ? (
        <p class="notice">
          {props.justConfirmed
            ? '受信を確認しました。ありがとうございました。'
            : 'このFAXの受信はすでに確認されています。'}
          ({jaDateTime(view.confirmedAt!)}
          {view.confirmedBy ? ` ${view.confirmedBy} 様` : ''})
        </p>
      ) : (
        <form method="post">
          {props.error && (
            <div class="notice error" role="alert">
              {props.error}
            </div>
          )}
          <p>このFAXを受け取りましたら、受信を確認してください。送信元に伝わります。</p>
          <label for="name">受け取った方のお名前 (任意)</label>
          <input id="name" name="name" maxlength={50} autocomplete="name" />
          <label class="plain">
            <input type="checkbox" name="confirm" value="yes" required /> FAXを受け取りました
          </label>
          <button type="submit">受信を確認しました</button>
        </form>
      )}
      <p class="muted">このページを開いただけでは何も記録されません。ボタンを押したときだけ記録されます。</p>
    </Layout>
  );
}
