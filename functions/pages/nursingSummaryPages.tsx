import type { NursingSummaryView } from '../../engine/offices/index.js';
import { SUMMARY_SENT_SEPARATELY, summarySections } from '../../notifiers/nursingSummaryItems.js';
import { jaDate, jaDateTime } from '../../notifiers/texts.js';
import { Layout } from './layout.js';

// 看護サマリー on a phone: the stay and the hospital's summary, item by item, with its PDF. One
// component for the notice's link (after the press), the care office's page and the console.

const TITLE = '看護サマリー';

/** The summary's items as the PDF prints them, read on a page (a phone at 390 px keeps two columns). */
export function SummaryItems({ view }: { view: NursingSummaryView }) {
  if (!view.summary)
    return (
      <p class="notice warn">
        {view.sentAt
          ? `病院は看護サマリーを提供済みとして記録しています (${jaDateTime(view.sentAt)})。${SUMMARY_SENT_SEPARATELY}のため、ここには内容がありません。`
          : '看護サマリーはまだ届いていません。'}
      </p>
    );
  return (
    <div class="nursing-summary">
      {summarySections(view.summary).map((s) => (
        <section>
          <h2>{s.heading}</h2>
          {'text' in s ? (
            <pre>{s.text}</pre>
          ) : (
            <table>
              <tbody>
                {s.rows.map(([label, value]) => (
                  <tr>
                    <th scope="row">{label}</th>
                    <td>
                      <pre>{value}</pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}

export function NursingSummaryPage(props: {
  view: NursingSummaryView;
  /** How the PDF is had: a link (a signed-in page), or a form POST (a notice's link: GET only shows). */
  pdf: { href: string } | { post: string } | null;
  back?: { href: string; label: string } | undefined;
}) {
  const { view } = props;
  return (
    <Layout title={TITLE}>
      {props.back && (
        <p>
          <a href={props.back.href}>{props.back.label}</a>
        </p>
      )}
      <h1>{TITLE}</h1>
      <p class="muted">{view.lead}</p>
      <dl>
        <dt>利用者</dt>
        <dd>{view.patient.name} 様</dd>
        <dt>病院</dt>
        <dd>
          {view.hospitalName} {view.ward} / 入院 {jaDate(view.admittedOn)}
        </dd>
        {view.dischargedOn && (
          <>
            <dt>退院日</dt>
            <dd>{jaDate(view.dischargedOn)}</dd>
          </>
        )}
        {view.summary && view.sentAt && (
          <>
            <dt>提供日時</dt>
            <dd>
              {jaDateTime(view.sentAt)}
              {view.versions > 1 ? ` (${view.versions}回目の提供: 最新の内容を表示しています)` : ''}
            </dd>
          </>
        )}
      </dl>
      {view.summary &&
        props.pdf &&
        ('href' in props.pdf ? (
          <p>
            <a href={props.pdf.href} download>
              PDFをダウンロード ({TITLE})
            </a>
          </p>
        ) : (
          <form method="post" action={props.pdf.post}>
            <button type="submit" class="secondary">
              PDFをダウンロード ({TITLE})
            </button>
          </form>
        ))}
      <SummaryItems view={view} />
    </Layout>
  );
}

/** What a notice's link shows before the press: no name, no content (a mail scanner may open it). */
export function NursingSummaryButtonPage(props: { hospitalName: string; action: string }) {
  return (
    <Layout title={TITLE}>
      <h1>{TITLE}</h1>
      <p>{props.hospitalName ? `${props.hospitalName}から` : ''}看護サマリーが届いています。</p>
      <p class="muted">個人情報を含むため、下のボタンを押すと表示されます。表示した記録が残ります。</p>
      <form method="post" action={props.action}>
        <button type="submit">看護サマリーを表示する</button>
      </form>
    </Layout>
  );
}
