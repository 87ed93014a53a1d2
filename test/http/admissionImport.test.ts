import { eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases } from '../../db/schema.js';
import { LEDGER_COLUMNS } from '../../functions/ledgerCsv.js';
import type { consoleClient } from '../support/console.js';
import { staffConsole } from '../support/registerByHand.js';
import { registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// The hospital's 入退院 ledger as Excel saves it (Shift_JIS or UTF-8 with a BOM): previewed row by
// row with Japanese errors before anything is recorded, then each good row through the engine.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const unescapeHtml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|#39|#x?[0-9a-f]+);/gi,
    (_, e: string) =>
      ENTITIES[e] ?? String.fromCodePoint(e.startsWith('#x') ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

const HEADER = LEDGER_COLUMNS.join(',');
const LEDGER = [
  HEADER,
  'L-001,三田 一郎,さんだ いちろう,1938/3/9,3階西病棟,2026/12/03 09:00,三田ケアプランセンター,病院',
  'L-002,三田 二郎,サンダ ジロウ,1944-11-20,4階東病棟,2026/12/3 14:30,079-000-0001,ケアマネジャー',
  'L-003,"三田, 三郎",,1950年1月2日,5階病棟,2026/12/03,なし,',
  'L-004,三田 四郎,,1939/02/30,5階病棟,2026/12/03 11:00,存在しない事業所,病院',
].join('\r\n');

describe('importing the admissions ledger (CSV) in the console', () => {
  let s: TestServer;
  let staff: ReturnType<typeof consoleClient>;
  const db = () => s.running.deps.database.db;
  const upload = (path: string, fields: Record<string, string | Blob>) => staff.upload(path, fields);
  const file = (bytes: Uint8Array) =>
    new File([new Uint8Array(bytes) as Uint8Array<ArrayBuffer>], 'ledger.csv', { type: 'text/csv' });

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    staff = await staffConsole(s, { loginId: 'shimin-msw', name: '市民病院 MSW', password: 'import-test-password-1' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('the template offered for download has the documented columns, UTF-8 with a BOM', async () => {
    const res = await staff.get('/console/admissions/import/template.csv');
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split('\r\n')[0]).toBe(HEADER);
  });

  it('a Shift_JIS ledger is previewed with the bad row’s Japanese errors and nothing recorded; confirming records the others', async () => {
    const preview = await upload('/console/admissions/import', { file: file(iconv.encode(LEDGER, 'cp932')) });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('文字コード Shift_JIS');
    expect(html).toContain('三田, 三郎');
    const bad = /<tr class="bad" data-line="5">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(bad).toContain('ケアマネ事業所「存在しない事業所」が名簿にありません');
    expect(bad).toContain('生年月日の形式が正しくありません。');
    expect(html).toContain('3件を登録する');
    expect(await db().select().from(cases)).toEqual([]);

    const ledger = /name="ledger" value="([^"]*)"/.exec(html)![1]!;
    expect(unescapeHtml(ledger)).toBe(LEDGER);
    const done = await upload('/console/admissions/import/confirm', { ledger: unescapeHtml(ledger) });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('登録 3件');
    const rows = await db().select().from(cases).where(eq(cases.hospitalId, 'sanda-shimin'));
    expect(rows.map((r) => r.hospitalizationId).sort()).toEqual(['L-001', 'L-002', 'L-003']);
    const byId = new Map(rows.map((r) => [r.hospitalizationId, r]));
    expect(byId.get('L-001')).toMatchObject({ route: 'A', careOfficeId: 'sanda-kyotaku-01' });
    expect(byId.get('L-002')!.careOfficeId).toBe('sanda-kyotaku-01');
    expect(byId.get('L-003')).toMatchObject({ route: 'B', careOfficeId: null });
    expect(byId.get('L-003')!.admittedAt).toBe(Date.parse('2026-12-03T00:00:00+09:00'));
    const [event] = await db()
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, byId.get('L-001')!.id));
    expect(event).toMatchObject({ source: 'staff', dedupeKey: 'wh:sanda-shimin:ledger:L-001' });
  });

  it('the same ledger again, as UTF-8 with a BOM: the rows already registered are shown as such and nothing is recorded twice', async () => {
    const bytes = new TextEncoder().encode(`\uFEFF${LEDGER}`);
    const preview = await upload('/console/admissions/import', { file: file(bytes) });
    const html = await preview.text();
    expect(html).toContain('文字コード UTF-8');
    expect(html).toContain('登録済み 3件');
    expect(html).not.toContain('件を登録する');
    const before = (await db().select().from(caseEvents)).length;
    await upload('/console/admissions/import/confirm', { ledger: `\uFEFF${LEDGER}` });
    expect((await db().select().from(caseEvents)).length).toBe(before);
  });

  it('a file without the template’s header is refused in Japanese, naming the missing columns', async () => {
    const res = await upload('/console/admissions/import', {
      file: file(new TextEncoder().encode('番号,名前\r\n1,山田\r\n')),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      '1行目に列名 入院番号、氏名、生年月日、病棟、入院日時、ケアマネ事業所 がありません',
    );
  });

  it('a ledger far above the 64 KiB of a form is read (the upload path takes up to 1 MiB)', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `X-${i},名前,,1940/01/01,病棟,2026/12/01 10:00,なし,病院`);
    const bytes = new TextEncoder().encode([HEADER, ...rows].join('\r\n'));
    expect(bytes.length).toBeGreaterThan(300 * 1024);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const res = await upload('/console/admissions/import', { file: file(bytes) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('登録できる行 6000件');
  });
});
