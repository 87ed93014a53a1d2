import type { TodayKind, TodayRow } from '../../../engine/console/index.js';
import { md as monthDay } from '../../../machines/time.js';
import { ConsolePage, type PageContext } from './common.js';

const KIND_LABELS: Record<TodayKind, string> = {
  no_care_office: 'ケアマネジャー未確認',
  screening_due: '退院困難な患者の抽出',
  interview_due: '患者・家族との面接',
  discharge_start_due: '退院調整開始の連絡',
  conference_this_week: '今週のカンファレンス',
  nursing_summary: '看護サマリー未提供',
  fax_receipt: 'FAXの受信確認',
  forgotten: '忘れられていませんか',
};

/** YYYY-MM-DD → 12/4. */
const md = (date: string | null) => (date ? monthDay(date) : '—');

/** Today's work of one hospital: each row names the step owed and links to the form that settles it. */
export function TodayPage(props: {
  ctx: PageContext;
  hospitalName: string | null;
  /** Administrators pick a hospital; staff see their own only. */
  hospitals: { id: string; name: string }[] | null;
  hospitalId: string | null;
  today: string;
  rows: TodayRow[];
}) {
  const { rows } = props;
  return (
    <ConsolePage
      title={`今日の仕事${props.hospitalName ? `: ${props.hospitalName}` : ''}`}
      section="today"
      ctx={props.ctx}
    >
      {props.hospitals && (
        <form method="get" action="/console/today">
          <label for="hospital">病院</label>
          <select id="hospital" name="hospital">
            <option value="">選んでください</option>
            {props.hospitals.map((h) => (
              <option value={h.id} selected={h.id === props.hospitalId}>
                {h.name}
              </option>
            ))}
          </select>
          <button type="submit">表示</button>
        </form>
      )}
      {props.hospitalId && (
        <>
          <p class="muted">
            {md(props.today)} 現在、病院が行う手順のうち済んでいないもの ({rows.length}
            件)。行の「記録する」から、済ませたことを記録できます。
          </p>
          {rows.length === 0 ? (
            <p class="notice" id="today-empty">
              今日の仕事はありません。
            </p>
          ) : (
            <table id="today">
              <tr>
                <th>種類</th>
                <th>入院番号</th>
                <th>病棟</th>
                <th>期日</th>
                <th>内容</th>
                <th />
              </tr>
              {rows.map((r) => (
                <tr class={r.overdue ? 'warn' : undefined} data-kind={r.kind}>
                  <td>
                    {KIND_LABELS[r.kind]}
                    {r.overdue && <strong> (期限超過)</strong>}
                  </td>
                  <td>
                    <a href={`/console/cases/${r.caseId}`}>{r.hospitalizationId}</a>
                  </td>
                  <td>{r.ward}</td>
                  <td>{md(r.on)}</td>
                  <td>{r.detail}</td>
                  <td>
                    {r.settleWith ? (
                      <a href={`/console/cases/${r.caseId}/events/new?type=${r.settleWith}`} class="settle">
                        記録する
                      </a>
                    ) : (
                      <a href={`/console/cases/${r.caseId}`}>入院の詳細</a>
                    )}
                  </td>
                </tr>
              ))}
            </table>
          )}
        </>
      )}
    </ConsolePage>
  );
}
