import { describe, expect, it } from 'vitest';
import { type MetricsRow, metricsCsv } from '../../../engine/console/index.js';

const none = { dischargesHome: 0, leaks: 0, leakRate: null, lateNotices: 0, lateNoticeRate: null };

// CSV injection (OWASP): a cell a spreadsheet would read as a formula is prefixed with a single quote.

function row(name: string, id = 'h'): MetricsRow {
  return {
    scope: 'hospital',
    id,
    name,
    regionId: 'sanda',
    dischargesHome: 3,
    leaks: 1,
    leakRate: 1 / 3,
    lateNotices: 0,
    lateNoticeRate: 0,
    participating: true,
    byCareLevel: {
      support: none,
      care: { dischargesHome: 3, leaks: 1, leakRate: 1 / 3, lateNotices: 0, lateNoticeRate: 0 },
      unknown: none,
    },
    participatingHospitals: null,
    leakReasons: {},
    informationSheets: 0,
    informationSheetsOnTime: 0,
    informationSheetOnTimeShare: null,
    informationSheetsNotNeeded: 0,
    dischargesOutOfScope: 0,
    dischargeStartDays: { count: 0, mean: null, median: null },
    addOns: { x: { name: '@SUM(A1)', supported: 2 } },
  };
}

const cellsOf = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');

describe('metrics CSV neutralises formula cells', () => {
  it.each([
    ['=', '=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+', '+81-79-000', `'+81-79-000`],
    ['-', '-2+3', `'-2+3`],
    ['@', '@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['a tab', '\t=1', `'\t=1`],
    ['a carriage return', '\r=1', `"'\r=1"`],
  ])('a name starting with %s is prefixed with a single quote', (_, name, cell) => {
    const csv = metricsCsv({ month: '2026-11', rows: [row(name)] });
    expect(cellsOf(csv).join('\r\n')).toContain(`,h,${cell},はい,3,1,33.3,`);
  });

  it('plain names and numbers are left alone (an add-on header starts with 加算, not a formula)', () => {
    const csv = metricsCsv({ month: '2026-11', rows: [row('三田市民病院')] });
    const [header, line] = cellsOf(csv);
    expect(header).toMatch(/,加算:@SUM\(A1\)$/);
    expect(line).toBe(
      '2026-11,病院,h,三田市民病院,はい,3,1,33.3,0,0.0,0,0,,0,,3,1,33.3,0,0.0,0,0,,0,,,,,,,0,0,,0,0,,,2',
    );
  });

  it('a region id or hospital id that starts like a formula is neutralised as well', () => {
    const csv = metricsCsv({ month: '2026-11', rows: [row('x', '-cmd')] });
    expect(cellsOf(csv)[1]).toContain(`,'-cmd,x,`);
  });
});
