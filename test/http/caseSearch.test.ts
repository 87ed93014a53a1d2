import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_PAGE_SIZE } from '../../engine/console/index.js';
import { seedCaseSearch } from '../support/caseSearch.js';
import { createConsoleAccounts, loggedIn } from '../support/console.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Find a case (issue 17 item 3) and the case list beyond 500 (item 5): by 入院番号, by care office, by
// patient (name + birth date through the keyed hash: exact only); hospital staff find their own
// hospital's stays only; the list pages by 100, newest admission first.

/** The 入院番号 the result table links, in order. */
const found = (html: string) => [...html.matchAll(/<a href="\/console\/cases\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('find a case', () => {
  let s: TestServer;
  let admin: Awaited<ReturnType<typeof loggedIn>>;
  let staff: Awaited<ReturnType<typeof loggedIn>>;
  const search = async (who: typeof admin, query: Record<string, string>) => {
    const res = await who.get(`/console/cases?${new URLSearchParams(query).toString()}`);
    return { status: res.status, html: await res.text() };
  };

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await createConsoleAccounts(s);
    await seedCaseSearch(s);
    admin = await loggedIn(s, 'admin');
    staff = await loggedIn(s, 'staff');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('by 入院番号: exactly that stay; hidden characters pasted with it are cleaned first', async () => {
    expect(found((await search(admin, { hospitalizationId: 'N-0001' })).html)).toEqual(['N-0001']);
    expect(found((await search(admin, { hospitalizationId: '\u202eS-0001 ' })).html)).toEqual(['S-0001']);
    expect(found((await search(admin, { hospitalizationId: 'S-000' })).html)).toEqual([]);
  });

  it("hospital staff find their own hospital's stays only, whatever they ask", async () => {
    const other = await search(staff, { hospitalizationId: 'N-0001' });
    expect(other.status).toBe(200);
    expect(found(other.html)).toEqual([]);
    expect(other.html).toContain('該当する入院はありません。');
    expect(found((await search(staff, { patientName: '山田 花子', birthDate: '1941-05-02' })).html)).toEqual([
      'S-0000',
    ]);
  });

  it('by patient: name and birth date both, matched exactly through the hash (spaces and width aside)', async () => {
    expect(found((await search(admin, { patientName: '山田　花子', birthDate: '1941-05-02' })).html).sort()).toEqual([
      'N-0001',
      'S-0000',
    ]);
    expect(found((await search(admin, { patientName: '山田花子', birthDate: '1941-05-02' })).html)).toHaveLength(2);
    // Part of a name, or another birth date, finds nothing: there is no name to compare, only the hash.
    expect(found((await search(admin, { patientName: '山田', birthDate: '1941-05-02' })).html)).toEqual([]);
    expect(found((await search(admin, { patientName: '山田 花子', birthDate: '1941-05-03' })).html)).toEqual([]);
    const page = (await search(admin, {})).html;
    expect(page).toContain('氏名と生年月日の両方が登録内容と一致する入院だけが見つかります');
  });

  it('a name without a birth date, or an impossible date, is refused in Japanese next to the field', async () => {
    const noDate = await search(admin, { patientName: '山田 花子' });
    expect(noDate.status).toBe(400);
    expect(noDate.html).toMatch(/id="birthDate-error"[^>]*>氏名で探すときは生年月日も入れてください/);
    expect(found(noDate.html)).toEqual([]);
    const badDate = await search(admin, { patientName: '山田 花子', birthDate: '1941-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.html).toContain('生年月日は 1900-01-01 から今日までの日付で入れてください。');
    expect((await search(admin, { page: '0' })).status).toBe(400);
  });

  it('by care office: part of its name or its phone number; the matched offices are named', async () => {
    const byName = await search(admin, { office: 'ゆりのき' });
    expect(found(byName.html)).toEqual(['S-0001']);
    expect(byName.html).toContain('該当する事業所: ゆりのき居宅介護支援事業所');
    expect(found((await search(admin, { office: '079-222-3333' })).html)).toEqual(['S-0001']);
    const none = await search(admin, { office: '存在しない事業所' });
    expect(none.html).toContain('該当する居宅介護支援事業所がありません。');
    expect(found(none.html)).toEqual([]);
  });

  it(`the list pages by ${CASE_PAGE_SIZE}: one over a page gives a next page with the one; exactly a page gives none`, async () => {
    const first = await search(admin, {});
    expect(found(first.html)).toHaveLength(CASE_PAGE_SIZE);
    expect(first.html).toContain(`1〜${CASE_PAGE_SIZE}件目を表示`);
    expect(first.html).toContain('rel="next"');
    expect(first.html).not.toContain('rel="prev"');
    const second = await search(admin, { page: '2' });
    expect(found(second.html)).toHaveLength(1);
    expect(second.html).toContain(`${CASE_PAGE_SIZE + 1}〜${CASE_PAGE_SIZE + 1}件目を表示`);
    expect(second.html).not.toContain('rel="next"');
    expect(second.html).toContain('rel="prev"');
    // No stay twice and none missed across the boundary.
    const all = [...found(first.html), ...found(second.html)];
    expect(new Set(all).size).toBe(CASE_PAGE_SIZE + 1);
    const own = await search(staff, {});
    expect(found(own.html)).toHaveLength(CASE_PAGE_SIZE);
    expect(own.html).not.toContain('rel="next"');
    expect(found((await search(staff, { page: '2' })).html)).toEqual([]);
  });

  it('the next-page link keeps the search', async () => {
    const html = (await search(admin, { active: '1' })).html;
    expect(found(html)).toHaveLength(CASE_PAGE_SIZE);
    const next = /href="([^"]+)" rel="next"/.exec(html)![1]!.replaceAll('&amp;', '&');
    expect(next).toBe('/console/cases?active=1&page=2');
    expect(found(await (await admin.get(next)).text())).toHaveLength(1);
    // Exactly a page of matches (三田ケアプランセンター's 99 stays and 三田西病院's one): no next page.
    const office = (await search(admin, { office: '三田ケアプラン' })).html;
    expect(found(office)).toHaveLength(CASE_PAGE_SIZE);
    expect(office).not.toContain('rel="next"');
  });
});
