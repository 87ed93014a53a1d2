import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient, createAccount } from '../support/console.js';
import { admittedEvent, startTestServer, type TestServer } from '../support/server.js';

// The coordination center closes the loop on a stuck handoff: each stuck item has a stable id and a
// follow-up (status, note, who, when, 「…まで保留」, person in charge), through the API and the
// console; resolved or snoozed items leave the default view; every change is audited; hospital staff
// follow up their own hospital's items only.

interface Item {
  id: string;
  caseId: string;
  hospitalizationId: string;
  followUp: { status: string; note: string | null; by: string | null; at: string | null; until: string | null };
  assignee: { accountId: string; name: string } | null;
}

describe('follow-up on the stuck list', () => {
  let s: TestServer;
  let staffToken = '';
  let centerId = '';
  let staffId = '';
  let otherStaffId = '';
  const staffApi = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${s.base}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  const stuck = async (query = '') =>
    ((await (await s.admin(`/v1/admin/stuck${query}`)).json()) as { items: Item[] }).items;
  const follow = (itemId: string, body: unknown) =>
    s.admin(`/v1/admin/stuck/${encodeURIComponent(itemId)}/follow-up`, { method: 'POST', body });
  const itemOf = async (hospitalizationId: string) =>
    (await stuck()).find((i) => i.hospitalizationId === hospitalizationId)!;

  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: '2026-12-04T11:00:00+09:00' });
    // An office without email or FAX: each admission notice to it is dead-lettered, one stuck item per stay.
    await s.admin('/v1/admin/care-offices/no-mail', {
      method: 'PUT',
      body: { name: 'メール未登録の事業所', phone: '079-111-2222', region: 'sanda' },
    });
    const account = (body: Parameters<typeof createAccount>[1]) => createAccount(s, body);
    const center = await account({
      loginId: 'center',
      name: '支援センター 佐藤',
      role: 'admin',
      password: 'center-password-1',
    });
    centerId = center.id;
    const staff = await account({
      loginId: 'shimin',
      name: '市民病院 田中',
      role: 'hospital_staff',
      hospitalId: 'sanda-shimin',
      password: 'shimin-password-1',
    });
    staffToken = staff.apiToken;
    staffId = staff.id;
    otherStaffId = (
      await account({ loginId: 'nishi', name: '西病院 鈴木', role: 'hospital_staff', hospitalId: 'sanda-nishi' })
    ).id;
    for (const [hospitalId, hid] of [
      ['sanda-shimin', 'F-OWN-1'],
      ['sanda-shimin', 'F-OWN-2'],
      ['sanda-nishi', 'F-OTHER-1'],
    ] as const) {
      const res = await s.sendEvent(hospitalId, {
        ...admittedEvent(hid),
        data: { ...admittedEvent(hid).data, careOfficeId: 'no-mail' },
      });
      expect(res.status).toBeLessThan(300);
    }
    await s.sweep();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('every stuck item carries a stable id and an untouched follow-up (未対応, nobody, no date)', async () => {
    const items = await stuck();
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const i of items) {
      expect(i.id).toMatch(/\S/);
      expect(i.followUp).toEqual({ status: 'open', note: null, by: null, at: null, until: null });
      expect(i.assignee).toBeNull();
    }
    // The same list computed again names the same items with the same ids.
    await s.sweep();
    expect((await stuck()).map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
  });

  it('a follow-up records status, note, who, when, until and the person in charge, and survives recomputation', async () => {
    const item = await itemOf('F-OWN-1');
    const res = await follow(item.id, {
      status: 'contacted',
      note: '事業所に電話、FAX番号を確認中',
      until: '2026-12-08',
      assignee: centerId,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Item;
    expect(body.followUp).toEqual({
      status: 'contacted',
      note: '事業所に電話、FAX番号を確認中',
      by: 'RENKEI_ADMIN_TOKEN',
      at: new Date('2026-12-04T11:00:00+09:00').toISOString(),
      until: '2026-12-08',
    });
    expect(body.assignee).toEqual({ accountId: centerId, name: '支援センター 佐藤' });
    await s.sweep();
    expect((await itemOf('F-OWN-1')).followUp.status).toBe('contacted');
  });

  it('put off 「…まで保留」: out of the active view through that day, back on the day after', async () => {
    const id = (await itemOf('F-OWN-1')).id;
    expect((await stuck('?view=active')).map((i) => i.id)).not.toContain(id);
    expect((await stuck('?view=snoozed')).map((i) => i.id)).toContain(id);
    expect((await stuck('?view=contacted')).map((i) => i.id)).toEqual([id]);
    s.clock.set('2026-12-08T23:59:00+09:00');
    expect((await stuck('?view=active')).map((i) => i.id)).not.toContain(id);
    s.clock.set('2026-12-09T00:00:00+09:00');
    expect((await stuck('?view=active')).map((i) => i.id)).toContain(id);
    s.clock.set('2026-12-04T11:00:00+09:00');
  });

  it('resolved leaves the active view; the person-in-charge filter finds items by account and unassigned', async () => {
    const id = (await itemOf('F-OWN-2')).id;
    expect((await follow(id, { status: 'resolved', assignee: staffId })).status).toBe(200);
    expect((await stuck('?view=active')).map((i) => i.id)).not.toContain(id);
    expect((await stuck('?view=resolved')).map((i) => i.id)).toEqual([id]);
    expect((await stuck(`?assignee=${staffId}`)).map((i) => i.id)).toEqual([id]);
    const unassigned = (await stuck('?assignee=none')).map((i) => i.hospitalizationId);
    expect(unassigned).toContain('F-OTHER-1');
    expect(unassigned).not.toContain('F-OWN-2');
  });

  it.each([
    ['an unknown status', { status: 'done' }, 'status'],
    ['a month 13', { status: 'open', until: '2026-13-01' }, 'until'],
    ['a day already past', { status: 'open', until: '2026-12-03' }, 'until'],
    ['a note over 1000 characters', { status: 'open', note: 'x'.repeat(1001) }, 'note'],
    ['an unknown field', { status: 'open', extra: 1 }, ''],
  ])('bad input (%s) is answered 400 problem+json naming the field', async (_, body, field) => {
    const id = (await itemOf('F-OTHER-1')).id;
    const res = await follow(id, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    if (field) expect(JSON.stringify(await res.json())).toContain(field);
  });

  it('the person in charge must be able to see the case: staff of another hospital is refused', async () => {
    const id = (await itemOf('F-OWN-1')).id;
    const res = await follow(id, { status: 'in_progress', assignee: otherStaffId });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('assignee');
    expect((await itemOf('F-OWN-1')).followUp.status).toBe('contacted');
  });

  it('an unknown item is 404 problem+json', async () => {
    const res = await follow('case_nope~informationSheet', { status: 'open' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it("hospital staff follow up their own hospital's items; another hospital's item is 404 and audited", async () => {
    const own = await itemOf('F-OWN-1');
    const other = await itemOf('F-OTHER-1');
    const path = (id: string) => `/v1/admin/stuck/${encodeURIComponent(id)}/follow-up`;
    const denied = await staffApi(path(other.id), { method: 'POST', body: { status: 'resolved' } });
    expect(denied.status).toBe(404);
    expect(await denied.text()).not.toContain('F-OTHER-1');
    expect((await itemOf('F-OTHER-1')).followUp.status).toBe('open');
    const ok = await staffApi(path(own.id), { method: 'POST', body: { status: 'in_progress', note: '病棟に確認' } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Item).followUp.by).toBe('市民病院 田中');
    const log = (await (await s.admin('/v1/admin/audit')).json()) as {
      items: { actor: string; action: string; target: string; detail: Record<string, unknown> | null }[];
    };
    expect(log.items).toContainEqual(
      expect.objectContaining({ actor: 'account:shimin', action: 'case.action.denied', target: other.caseId }),
    );
  });

  it('every change is audited: who, the case, the status and the note', async () => {
    const own = await itemOf('F-OWN-1');
    const log = (await (await s.admin(`/v1/admin/hospitalizations/${own.caseId}/audit`)).json()) as {
      items: { actor: string; action: string; detail: Record<string, unknown> | null }[];
    };
    const changes = log.items.filter((e) => e.action === 'stuck.follow_up');
    expect(changes.map((e) => [e.actor, e.detail?.status, e.detail?.note])).toEqual([
      ['account:shimin', 'in_progress', '病棟に確認'],
      ['bootstrap-admin', 'contacted', '事業所に電話、FAX番号を確認中'],
    ]);
  });

  it('console: one row per case, the follow-up form records, resolved leaves the default view', async () => {
    const c = consoleClient(s);
    await c.login('center', 'center-password-1');
    const item = await itemOf('F-OTHER-1');
    let html = await (await c.get('/console/stuck')).text();
    expect(html.match(new RegExp(`data-case="${item.caseId}"`, 'g'))).toHaveLength(1);
    const res = await c.post(`/console/stuck/${encodeURIComponent(item.id)}/follow-up`, {
      status: 'contacted',
      note: 'ケアマネに電話済み',
      until: '',
      assignee: centerId,
      back: '/console/stuck',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/stuck?done=follow-up');
    html = await (await c.get('/console/stuck?done=follow-up')).text();
    expect(html).toContain('対応を記録しました');
    expect(html).toContain('ケアマネに電話済み');
    expect(html).toContain('連絡済み');
    const bad = await c.post(`/console/stuck/${encodeURIComponent(item.id)}/follow-up`, {
      status: 'resolved',
      until: '2020-01-01',
      back: '/console/stuck',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('保留する日は今日以降の日付にしてください');
    await c.post(`/console/stuck/${encodeURIComponent(item.id)}/follow-up`, {
      status: 'resolved',
      back: 'https://evil.example/',
    });
    html = await (await c.get('/console/stuck')).text();
    expect(html).not.toContain(`data-item="${item.id}"`);
    html = await (await c.get('/console/stuck?view=resolved')).text();
    expect(html).toContain(`data-item="${item.id}"`);
  });
});
