import { STATE_LABELS } from '../../../engine/console/index.js';
import { cleanText } from '../../input.js';
import type { CaseSearchErrors, CaseSearchForm } from '../../pages/console/lists.js';

// The case search's query string, made plain at the edge (functions/input.ts) and checked, with a
// Japanese error next to each field a person has to correct.

const MAX_LENGTH = 100;
const MAX_PAGE = 100_000;

const text = (v: string | undefined) => cleanText(v ?? '').trim();

function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function readCaseSearch(
  query: Record<string, string>,
  today: string,
): { form: CaseSearchForm; page: number; errors: CaseSearchErrors } {
  const errors: CaseSearchErrors = {};
  const state = text(query.state);
  const form: CaseSearchForm = {
    hospitalizationId: text(query.hospitalizationId),
    office: text(query.office),
    // Spaces inside a name do not matter to the match; the form shows it back as typed.
    patientName: text(query.patientName).replace(/\s+/g, ' '),
    birthDate: text(query.birthDate),
    state: state in STATE_LABELS ? state : '',
    active: text(query.active) !== '',
  };
  for (const field of ['hospitalizationId', 'office', 'patientName'] as const)
    if (form[field].length > MAX_LENGTH) errors[field] = `${MAX_LENGTH}文字以内で入れてください。`;
  if (form.birthDate && (!isDate(form.birthDate) || form.birthDate < '1900-01-01' || form.birthDate > today))
    errors.birthDate = '生年月日は 1900-01-01 から今日までの日付で入れてください。';
  if (form.patientName && !form.birthDate && !errors.birthDate)
    errors.birthDate = '氏名で探すときは生年月日も入れてください (氏名だけでは探せません)。';
  if (form.birthDate && !form.patientName) errors.patientName = '生年月日で探すときは氏名も入れてください。';
  const rawPage = text(query.page);
  let page = 1;
  if (rawPage) {
    const n = Number(rawPage);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_PAGE) page = n;
    else errors.page = 'ページ番号が正しくありません。';
  }
  return { form, page, errors };
}
