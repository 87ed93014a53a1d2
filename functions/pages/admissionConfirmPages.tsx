import type { ReportedAdmissionView } from '../../engine/notices/index.js';
import { jaDate, jaDateTime } from '../../notifiers/texts.js';
import { Layout } from './layout.js';

// 先に知った方が連絡する: the page behind the link (and QR code) of the notice a hospital's window
// gets when a care manager reported an admission first. GET shows, the button confirms.

const TITLE = '入院の確認 (ケアマネジャーからの連絡)';

function Reported({ view }: { view: ReportedAdmissionView }) {
  return (
    <dl>
      <dt>病院</dt>
      <dd>{view.hospitalName}</dd>
      <dt>連絡元</dt>
      <dd>
        {view.officeName}
        {view.officePhone ? ` (電話 ${view.officePhone})` : ''}
      </dd>
      <dt>患者</dt>
      <dd>{view.patientFamilyName ? `${view.patientFamilyName} 様` : '(お名前はFAX・メールをご覧ください)'}</dd>
      <dt>入院日</dt>
      <dd>{jaDate(view.admittedOn)} (ケアマネジャーからの連絡による)</dd>
      <dt>連絡日時</dt>
      <dd>{jaDateTime(view.reportedAt)}</dd>
      {view.confirmBy && (
        <>
          <dt>確認の期限</dt>
          <dd>{jaDate(view.confirmBy)}中</dd>
        </>
      )}
    </dl>
  );
}

function Confirmed({ view, just }: { view: ReportedAdmissionView; just: boolean }) {
  const c = view.confirmed!;
  if (c.byRecord)
    return <p class="notice">貴院の入院の記録が届いているため、この入院は確認済みです。({jaDateTime(c.at)})</p>;
  return (
    <p class="notice">
      {just
        ? '入院を確認しました。ケアマネジャーに伝わります。ありがとうございました。'
        : 'この入院はすでに確認されています。'}
      ({jaDateTime(c.at)}
      {c.by ? ` ${c.by} 様` : ''})
    </p>
  );
}

function Denied({ view, just }: { view: ReportedAdmissionView; just: boolean }) {
  const d = view.denied!;
  return (
    <p class="notice">
      {just
        ? '「該当する入院はありません」と回答しました。ケアマネジャーに伝わります。ありがとうございました。'
        : 'この連絡には「該当する入院はありません」と回答済みです。'}
      ({jaDateTime(d.at)}
      {d.by ? ` ${d.by} 様` : ''})
    </p>
  );
}

export function ReportedAdmissionPage(props: {
  view: ReportedAdmissionView;
  error?: string;
  justConfirmed?: boolean;
  justDenied?: boolean;
}) {
  const { view } = props;
  return (
    <Layout title={TITLE}>
      <h1>{TITLE}</h1>
      <p>ケアマネジャーが先に入院を知り、貴院へ連絡しました。患者のお名前と生年月日は FAX・メールに記載しています。</p>
      <Reported view={view} />
      {view.confirmed ? (
        <Confirmed view={view} just={props.justConfirmed ?? false} />
      ) : view.denied ? (
        <Denied view={view} just={props.justDenied ?? false} />
      ) : view.closed ? (
        <p class="notice">この入院の記録はすでに終了しています。確認の必要はありません。</p>
      ) : (
        <form method="post">
          {props.error && (
            <div class="notice error" role="alert">
              {props.error}
            </div>
          )}
          <p>この方の入院を確認しましたら、ボタンを押してください。確認したことはケアマネジャーに伝わります。</p>
          <label for="name">確認した方のお名前 (任意)</label>
          <input id="name" name="name" maxlength={50} autocomplete="name" />
          <label class="plain">
            <input type="checkbox" name="confirm" value="yes" required /> この方が入院していることを確認しました
          </label>
          <button type="submit">入院を確認しました</button>
        </form>
      )}
      {!view.confirmed && !view.closed && (
        <form method="post">
          <input type="hidden" name="answer" value="not_found" />
          <p>
            貴院にこの方の入院がない場合は、こちらを押してください。連絡元の事業所に伝わり、この連絡は終了します
            {view.officePhone ? ` (事業所の電話 ${view.officePhone})` : ''}。
          </p>
          <label for="name-not-found">回答した方のお名前 (任意)</label>
          <input id="name-not-found" name="name" maxlength={50} autocomplete="name" />
          <button type="submit" class="secondary">
            該当する入院はありません
          </button>
        </form>
      )}
      <p class="muted">このページを開いただけでは何も記録されません。ボタンを押したときだけ記録されます。</p>
    </Layout>
  );
}
