import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../functions/bodyLimit.js';
import { signedInOffice } from '../support/office.js';
import { admittedEvent, mailsSent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// 002 (1)❹ 緊急時等居宅カンファレンス加算 「２００単位／月（２回まで）」 and ❺ 通院時情報連携加算
// 「５０単位／月（1回まで）」: the care office records them on its own page, for its own clients; the page
// shows each month's records judged, with the month's count.

const OFFICE = 'cm@kyotaku.example.jp';
const OTHER = 'other@kyotaku.example.jp';
const FULL_CONFERENCE = ['requested', 'with_medical_staff', 'recorded_in_plan'];
const FULL_VISIT = ['attended', 'information_given', 'information_received', 'consent', 'recorded_in_plan'];

type Phone = Awaited<ReturnType<typeof signedInOffice>>;

/** A form body whose `checks` repeat, as a browser sends check boxes. */
function recordForm(fields: Record<string, string>, checks: string[]) {
  const body = new URLSearchParams(fields);
  for (const c of checks) body.append('checks', c);
  return body;
}

describe('the office records conferences and clinic visits of its own clients (seed 002 ❹❺)', () => {
  let s: TestServer;
  let phone: Phone;
  let other: Phone;
  let client: string;

  /** Posts a record with the session's CSRF token, as the page's form would. */
  async function post(p: Phone, fields: Record<string, string>, checks: string[]) {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await p.get('/office')).text())![1]!;
    return fetch(`${s.base}/office/records`, {
      method: 'POST',
      body: recordForm({ ...fields, _csrf: csrf }, checks),
      redirect: 'manual',
      headers: { cookie: p.cookie, origin: s.base, 'content-type': 'application/x-www-form-urlencoded' },
    });
  }
  const conference = (at: string, checks = FULL_CONFERENCE, p = phone, caseId = client) =>
    post(
      p,
      { kind: 'home_conference', caseId, at, place: '三田市民病院', attendees: '主治医 山本、看護師 田中' },
      checks,
    );
  const visit = (at: string) =>
    post(phone, { kind: 'clinic_visit', caseId: client, at, place: 'けやき台クリニック', attendees: '' }, FULL_VISIT);
  const page = async (p = phone) => (await p.get('/office')).text();
  /** The office page's section for one month (from its heading to the next card). */
  const monthOf = (html: string, heading: string) =>
    html.slice(html.indexOf(`<h3>${heading}</h3>`)).split('</div>')[0]!;

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T11:00:00+09:00' });
    await registerCareOffice(s);
    await registerCareOffice(s, 'sanda-kyotaku-02', OTHER);
    await s.sendEvent('sanda-shimin', admittedEvent('E-rec-1', { occurredAt: '2026-11-20T10:30:00+09:00' }));
    const theirs = admittedEvent('E-rec-2', { careOfficeId: 'sanda-kyotaku-02' });
    theirs.data.patient = { name: '鈴木 一郎', birthDate: '1938-01-20' };
    await s.sendEvent('sanda-shimin', theirs);
    await waitUntil(() => mailsSent(s).filter((m) => m.subject.startsWith('【入院のお知らせ】')).length >= 2);
    phone = await signedInOffice(s, OFFICE);
    other = await signedInOffice(s, OTHER);
    const form = await (await phone.get('/office/records/new?kind=home_conference')).text();
    client = /<option value="([^"]+)"[^>]*>山田 花子 様/.exec(form)![1]!;
  });
  afterAll(async () => {
    await s.close();
  });

  it('the form lists the office’s own clients by name, with the seed’s conditions as check boxes in Japanese', async () => {
    const form = await (await phone.get('/office/records/new?kind=home_conference')).text();
    expect(form).toContain('緊急時等居宅カンファレンスの記録');
    expect(form).toContain('山田 花子 様');
    expect(form).not.toContain('鈴木');
    expect(form).toContain('病院又は診療所の求めによる');
    const visitForm = await (await phone.get('/office/records/new?kind=clinic_visit')).text();
    expect(visitForm).toContain('医師又は歯科医師の診察に同席');
  });

  it('a missing place and a future time are refused next to their fields, in Japanese, and nothing is recorded', async () => {
    const empty = await post(
      phone,
      { kind: 'clinic_visit', caseId: client, at: '2026-12-10T10:00', place: ' ', attendees: '' },
      [],
    );
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toContain('病院・診療所の名前を入力してください。');
    expect(html).toContain('日時が未来になっています。');
    expect(await page()).toContain('通院時情報連携加算 50単位/月 (月1回まで): 要件を満たす記録 0件 (記録 0件)');
  });

  it('❹ the third conference in a month is not supported: the page counts two of three', async () => {
    for (const at of ['2026-12-01T10:00', '2026-12-02T10:00', '2026-12-03T10:00'])
      expect((await conference(at)).status).toBe(303);
    const december = monthOf(await page(), '2026年12月');
    expect(december).toContain(
      '緊急時等居宅カンファレンス加算 200単位/回 (月2回まで): 要件を満たす記録 2件 (記録 3件)',
    );
    expect(december).toContain('利用者1人につき1月に2回まで: 同じ月の12/1、12/2で算定');
    expect(december).toContain('山田 花子 様');
  });

  it('❺ the month boundary is Japan’s: a visit at 23:30 on 30 November and one at 00:30 on 1 December are each their month’s one', async () => {
    expect((await visit('2026-11-30T23:30')).status).toBe(303);
    expect((await visit('2026-12-01T00:30')).status).toBe(303);
    const html = await page();
    expect(monthOf(html, '2026年11月')).toContain(
      '通院時情報連携加算 50単位/月 (月1回まで): 要件を満たす記録 1件 (記録 1件)',
    );
    expect(monthOf(html, '2026年12月')).toContain(
      '通院時情報連携加算 50単位/月 (月1回まで): 要件を満たす記録 1件 (記録 1件)',
    );
  });

  it('a condition left unchecked is shown as what is missing', async () => {
    expect((await conference('2026-11-25T15:00', ['with_medical_staff', 'recorded_in_plan'])).status).toBe(303);
    expect(monthOf(await page(), '2026年11月')).toContain('満たしていません: 未確認: 病院又は診療所の求めによる');
  });

  it('another office can neither see these records nor record for this office’s client', async () => {
    const theirs = await page(other);
    expect(theirs).not.toContain('山田');
    expect(theirs).toContain('緊急時等居宅カンファレンス加算 200単位/回 (月2回まで): 要件を満たす記録 0件 (記録 0件)');
    const refused = await conference('2026-11-10T10:00', FULL_CONFERENCE, other, client);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('利用者を一覧から選んでください。');
    expect(await page(other)).toContain('要件を満たす記録 0件 (記録 0件)');
    expect(monthOf(await page(), '2026年11月')).not.toContain('11月10日');
  });

  it('each record is audited as the office, with the stay it names', async () => {
    const { items } = (await (await s.admin('/v1/admin/audit?limit=1000')).json()) as {
      items: { actor: string; action: string; target: string }[];
    };
    const added = items.filter((e) => e.action === 'office.record_added');
    expect(added).toHaveLength(6);
    expect(added.every((e) => e.actor === 'care_office:sanda-kyotaku-01' && e.target === client)).toBe(true);
  });

  it('the route has the body limit and the session before it parses anything', async () => {
    const big = await fetch(`${s.base}/office/records`, {
      method: 'POST',
      body: `place=${'x'.repeat(MAX_BODY_BYTES + 1)}`,
      headers: { cookie: phone.cookie, origin: s.base, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(big.status).toBe(413);
    const anonymous = await fetch(`${s.base}/office/records`, {
      method: 'POST',
      body: recordForm({ kind: 'clinic_visit', caseId: client, at: '2026-12-02T10:00', place: 'x' }, FULL_VISIT),
      headers: { origin: s.base, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('もう一度ログインしてください');
  });
});
