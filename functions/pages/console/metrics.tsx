import {
  CARE_LEVEL_LABELS,
  CARE_LEVELS,
  type HandoffRates,
  LEAK_LABELS,
  MEASURES,
  type MeasureKey,
  type MetricsRow,
  POLARITY_LABELS,
  type Polarity,
  percent,
} from '../../../engine/console/index.js';
import { ConsolePage, Errors, type PageContext } from './common.js';

interface Bar {
  label: string;
  value: number | null;
  note: string;
}

const GOOD = [0x2f, 0x6f, 0x4f];
const MIDDLE = [0xd6, 0x89, 0x10];
const BAD = [0xc0, 0x39, 0x2b];
const mix = (a: number[], b: number[], t: number) =>
  `#${a
    .map((x, i) =>
      Math.round(x + ((b[i] as number) - x) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;

/**
 * A share's colour by its measure's polarity: green at the good end (0% leaks, 100% of sheets on
 * time), through amber, to red at the bad end; no threshold of our own is implied.
 */
export function polarityColour(polarity: Polarity, value: number): string {
  const bad = Math.min(1, Math.max(0, polarity === 'lower_is_better' ? value : 1 - value));
  return bad <= 0.5 ? mix(GOOD, MIDDLE, bad * 2) : mix(MIDDLE, BAD, (bad - 0.5) * 2);
}

/** A horizontal bar chart drawn on the server: one bar a row, the value as a share of 100%, coloured by polarity. */
export function BarChart({
  title,
  bars,
  id,
  polarity,
}: {
  title: string;
  bars: Bar[];
  id: string;
  polarity: Polarity;
}) {
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
              fill={polarityColour(polarity, b.value)}
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

/** A measure's name with which way is good; its definition on hover. */
function MeasureName({ measure }: { measure: MeasureKey }) {
  const m = MEASURES[measure];
  return (
    <span title={m.definition} data-polarity={m.polarity}>
      {m.name} <span class="muted">({POLARITY_LABELS[m.polarity]})</span>
    </span>
  );
}

/** The definition shown below a figure. */
function Definition({ measure }: { measure: MeasureKey }) {
  const m = MEASURES[measure];
  return (
    <p class="definition" data-measure={measure}>
      {m.name} ({POLARITY_LABELS[m.polarity]}): {m.definition}
    </p>
  );
}

/** The two handoff rates, each read from a row or a month the same way. */
const HANDOFF_BARS = {
  leakRate: (r: HandoffRates) => ({ value: r.leakRate, note: `(${r.leaks}/${r.dischargesHome})` }),
  lateNoticeRate: (r: HandoffRates) => ({ value: r.lateNoticeRate, note: `(${r.lateNotices}/${r.dischargesHome})` }),
} as const;

/** One chart of a measure with its definition below: by hospital or by month. */
function MeasureChart({
  id,
  measure,
  of,
  bars,
}: {
  id: string;
  measure: MeasureKey;
  /** What the bars are: 「病院別」, 「月ごと」. */
  of: string;
  bars: Bar[];
}) {
  return (
    <figure data-measure={measure}>
      <BarChart id={id} title={`${of}の${MEASURES[measure].name}`} bars={bars} polarity={MEASURES[measure].polarity} />
      <figcaption>
        <Definition measure={measure} />
      </figcaption>
    </figure>
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
      <section>
        <h2>調整漏れの割合と連絡の遅れ</h2>
        <table class="list" id="leak-table">
          <tr>
            <th>区分</th>
            <th>名称</th>
            <th>自宅への退院</th>
            <th>調整漏れ (引継ぎなし)</th>
            <th>
              <MeasureName measure="leakRate" />
            </th>
            <th>連絡の遅れ</th>
            <th>
              <MeasureName measure="lateNoticeRate" />
            </th>
            <th>内訳</th>
            <th>支援の対象外の退院 (割合に含めない)</th>
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
              <td class="num out-of-scope">{r.dischargesOutOfScope}</td>
            </tr>
          ))}
        </table>
        <h3>要支援・要介護別、参加病院のみ (地域)</h3>
        <table class="list" id="leak-split">
          <tr>
            <th>名称</th>
            <th>内訳</th>
            <th>自宅への退院</th>
            <th>
              <MeasureName measure="leakRate" />
            </th>
            <th>
              <MeasureName measure="lateNoticeRate" />
            </th>
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
        <h3>病院別と月ごとの推移</h3>
        {(
          [
            ['leak-chart', 'trend-chart', 'leakRate'],
            ['late-chart', 'trend-late-chart', 'lateNoticeRate'],
          ] as const
        ).map(([byHospital, byMonth, measure]) => (
          <>
            <MeasureChart
              id={byHospital}
              measure={measure}
              of="病院別"
              bars={rows.map((r) => ({ label: r.name, ...HANDOFF_BARS[measure](r) }))}
            />
            <MeasureChart
              id={byMonth}
              measure={measure}
              of="月ごと"
              bars={props.trend.map((t) => ({ label: t.month, ...HANDOFF_BARS[measure](t) }))}
            />
          </>
        ))}
      </section>
      <section>
        <h2>入院時情報提供シート (期限内) と退院調整</h2>
        <table class="list" id="sheet-table">
          <tr>
            <th>名称</th>
            <th>判定済み</th>
            <th>期限内</th>
            <th>
              <MeasureName measure="informationSheetOnTimeShare" />
            </th>
            <th>今回は提供不要 (病院と合意)</th>
            <th>
              <MeasureName measure="dischargeStartDays" /> 平均 / 中央値
            </th>
          </tr>
          {rows.map((r) => (
            <tr>
              <td>{r.name}</td>
              <td class="num">{r.informationSheets}</td>
              <td class="num">{r.informationSheetsOnTime}</td>
              <td class="num">{percent(r.informationSheetOnTimeShare)}</td>
              <td class="num not-needed">{r.informationSheetsNotNeeded}</td>
              <td class="num">
                {r.dischargeStartDays.mean ?? '—'} / {r.dischargeStartDays.median ?? '—'} ({r.dischargeStartDays.count}
                件)
              </td>
            </tr>
          ))}
        </table>
        <MeasureChart
          id="sheet-chart"
          measure="informationSheetOnTimeShare"
          of="病院別"
          bars={rows.map((r) => ({
            label: r.name,
            value: r.informationSheetOnTimeShare,
            note: `(${r.informationSheetsOnTime}/${r.informationSheets})`,
          }))}
        />
        <Definition measure="dischargeStartDays" />
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
