// The one way renkei writes CSV: what a spreadsheet opens. A cell a spreadsheet would read as a
// formula (=, +, -, @, or a leading tab or carriage return: OWASP "CSV Injection") is prefixed with a
// single quote, so a name typed into the directory can never run as a formula on a coordinator's PC.

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text that could start a formula is neutralised; quotes, commas and line breaks are quoted. */
export function csvCell(v: CsvCell): string {
  if (v === null) return '';
  // Numbers are the measures themselves: written as numbers, never as text.
  const s = typeof v === 'number' ? String(v) : FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a BOM, so spreadsheet software in Japan opens the UTF-8 correctly; CRLF line ends. */
export function toCsv(rows: CsvCell[][]): string {
  return `\uFEFF${rows.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
