import {
  CARE_LEVEL_LABELS,
  CARE_LEVELS,
  type HandoffRates,
  LEAK_LABELS,
  type MetricsRow,
  percent,
} from '../../../engine/console/index.js';
import { ConsolePage, Errors, type PageContext } from './common.js';

interface Bar {
  label: string;
  value: number | null;
  note: string;
}

/** A horizontal bar chart drawn on the server: one bar a row, the value as a share of 100%. */
export function BarChart({ title, bars, id }: { title: string; bars: Bar[]; id: string }) {
  const rowH = 26;
  const labelW = 230;
  const barW = 380;
  const height = bars.length * rowH + 30;
  return (
    <svg
      id={id}
      role="img"
      aria-label={title}
      width={labelW + barW + 140}
      height={height}
      viewBox={`0 0 ${labelW + barW + 140} ${height}`}
      class="chart"
    >
      <title>{title}</title>
      {[0, 25, 50, 75, 100].map((p) => (
        <g>
          <line
            x1={labelW + (barW * p) / 100}
            x2={labelW + (barW * p) / 100}
            y1={8}
            y2={height - 18}
            stroke="#e4e4e4"
          />
          <text x={labelW + (barW * p) / 100} y={height - 5} font-size="11" text-anchor="middle" fill="#666">
            {p}%
          </text>
        </g>
      ))}
      {bars.map((b, i) => (
        <g>
          <text x={labelW - 8} y={i * rowH + 26} font-size="13" text-anchor="end">
            {b.label}
          </text>
          {b.value !== null && (
            <rect
              x={labelW}
              y={i * rowH + 13}
              width={Math.max(1, barW * b.value)}
              height={rowH - 9}
              fill={b.value > 0.2 ? '#c0392b' : '#2f6f4f'}
            />
          )}
          <text x={labelW + barW + 8} y={i * rowH + 26} font-size="12">
            {b.value === null ? '—' : percent(b.value)} {b.note}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function MetricsPage(props: {
  ctx: PageContext;
  month: string;
  /** The month asked for could not be shown (out of range): said next to the month field. */
  monthError?: string | undefined;
  region: string | undefined;
  regions: { id: string; name: string }[];
  rows: MetricsRow[];
  trend: ({ month: string } & HandoffRates)[];
}) {
  const { rows, month } = props;
  const query = `month=${month}${props.region ? `&region=${props.region}` : ''}`;
  const codes = [...new Set(rows.flatMap((r) => Object.keys(r.addOns)))].sort();
  return (
    <ConsolePage title={`指標 (${month})`} section="metrics" ctx={props.ctx}>
      <form class="filters" method="get" action="/console/metrics">
        <Errors errors={props.monthError ? [props.monthError] : []} />
        <label>
          月<br />
          <input type="month" name="month" value={month} />
        </label>
        {props.ctx.principal.role === 'admin' && (
          <label>
            地域
            <br />
            <select name="region">
              <option value="">すべて</option>
              {props.regions.map((r) => (
                <option value={r.id} selected={r.id === props.region}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit">表示</button>
        <a href={`/console/metrics.csv?${query}`} id="csv">
          CSVで保存
        </a>
      </form>
      <p class="muted" id="leak-definition">
        調整漏れの割合 = その月に自宅へ退院した患者のうち、ケアマネジャーへの引継ぎがなかった人の割合
        (担当ケアマネジャー不在、退院前に退院調整開始の連絡なし、または連絡が届かなかった)。入退院支援ルールの
        運用状況調査 (介護支援専門員調査、資料003) と同じ定義で、調査の値と比べることができます。
      </p>
      <p class="muted" id="late-definition">
        連絡の遅れ = 連絡は退院前に届いたが、地域の目安の日数より遅かった退院 (調整漏れには数えません)。急に退院が
        決まり、決定から24時間以内に連絡が届いた場合はルールどおり (速やかな連絡) とし、どちらにも数えません。
      </p>
      <section>
        <h2>調整漏れの割合と連絡の遅れ</h2>
        <table class="list" id="leak-table">
          <tr>
            <th>区分</th>
            <th>名称</th>
            <th>自宅への退院</th>
            <th>調整漏れ (引継ぎなし)</th>
            <th>調整漏れの割合</th>
            <th>連絡の遅れ</th>
            <th>連絡の遅れの割合</th>
            <th>内訳</th>
          </tr>
          {rows.map((r) => (
            <tr data-id={r.id} data-scope={r.scope}>
              <td>
                {r.scope === 'region' ? '地域' : '病院'}
                {r.participating === false && <span class="muted"> (ルール不参加)</span>}
              </td>
              <td>{r.name}</td>
              <td class="num">{r.dischargesHome}</td>
              <td class="num">{r.leaks}</td>
              <td class="num leak-rate">{percent(r.leakRate)}</td>
              <td class="num">{r.lateNotices}</td>
              <td class="num late-rate">{percent(r.lateNoticeRate)}</td>
              <td class="muted">
                {Object.entries(r.leakReasons)
                  .map(([k, n]) => `${LEAK_LABELS[k as keyof typeof LEAK_LABELS] ?? k} ${n}`)
                  .join(' / ')}
              </td>
            </tr>
          ))}
        </table>
        <h3>要支援・要介護別、参加病院のみ (地域)</h3>
        <table class="list" id="leak-split">
          <tr>
            <th>名称</th>
            <th>内訳</th>
            <th>自宅への退院</th>
            <th>調整漏れの割合</th>
            <th>連絡の遅れの割合</th>
          </tr>
          {rows.flatMap((r) =>
            [
              ...CARE_LEVELS.map((l) => ({ key: l, label: CARE_LEVEL_LABELS[l], x: r.byCareLevel[l] })),
              ...(r.participatingHospitals
                ? [{ key: 'participating', label: '参加病院のみ', x: r.participatingHospitals }]
                : []),
            ].map(({ key, label, x }) => (
              <tr data-id={r.id} data-split={key}>
                <td>{r.name}</td>
                <td>{label}</td>
                <td class="num">{x.dischargesHome}</td>
                <td class="num leak-rate">
                  {percent(x.leakRate)} ({x.leaks})
                </td>
                <td class="num late-rate">
                  {percent(x.lateNoticeRate)} ({x.lateNotices})
                </td>
              </tr>
            )),
          )}
        </table>
        <BarChart
          id="leak-chart"
          title="病院別 調整漏れの割合"
          bars={rows.map((r) => ({ label: r.name, value: r.leakRate, note: `(${r.leaks}/${r.dischargesHome})` }))}
        />
        <BarChart
          id="late-chart"
          title="病院別 連絡の遅れの割合"
          bars={rows.map((r) => ({
            label: r.name,
            value: r.lateNoticeRate,
            note: `(${r.lateNotices}/${r.dischargesHome})`,
          }))}
        />
        <h3>月ごとの推移</h3>
        <BarChart
          id="trend-chart"
          title="月ごとの調整漏れの割合"
          bars={props.trend.map((t) => ({
            label: t.month,
            value: t.leakRate,
            note: `(${t.leaks}/${t.dischargesHome})`,
          }))}
        />
        <BarChart
          id="trend-late-chart"
          title="月ごとの連絡の遅れの割合"
          bars={props.trend.map((t) => ({
            label: t.month,
            value: t.lateNoticeRate,
            note: `(${t.lateNotices}/${t.dischargesHome})`,
          }))}
        />
      </section>
      <section>
        <h2>入院時情報提供シート (3日以内) と退院調整</h2>
        <table class="list" id="sheet-table">
          <tr>
            <th>名称</th>
            <th>判定済み</th>
            <th>3日以内</th>
            <th>割合</th>
            <th>退院調整開始から退院まで (平均 / 中央値, 日)</th>
          </tr>
          {rows.map((r) => (
            <tr>
              <td>{r.name}</td>
              <td class="num">{r.informationSheets}</td>
              <td class="num">{r.informationSheetsOnTime}</td>
              <td class="num">{percent(r.informationSheetOnTimeShare)}</td>
              <td class="num">
                {r.dischargeStartDays.mean ?? '—'} / {r.dischargeStartDays.median ?? '—'} ({r.dischargeStartDays.count}
                件)
              </td>
            </tr>
          ))}
        </table>
        <BarChart
          id="sheet-chart"
          title="情報提供シートが3日以内に届いた割合"
          bars={rows.map((r) => ({
            label: r.name,
            value: r.informationSheetOnTimeShare,
            note: `(${r.informationSheetsOnTime}/${r.informationSheets})`,
          }))}
        />
      </section>
      <section>
        <h2>記録上要件を満たす加算 (その月に算定するもの: 退院・退所加算は居宅サービスの利用開始月)</h2>
        <table class="list" id="addon-table">
          <tr>
            <th>名称</th>
            {codes.map((c) => (
              <th>{rows.find((r) => r.addOns[c])?.addOns[c]?.name ?? c}</th>
            ))}
          </tr>
          {rows.map((r) => (
            <tr>
              <td>{r.name}</td>
              {codes.map((c) => (
                <td class="num">{r.addOns[c]?.supported ?? 0}</td>
              ))}
            </tr>
          ))}
        </table>
      </section>
    </ConsolePage>
  );
}
