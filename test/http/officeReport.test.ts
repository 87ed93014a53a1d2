import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInOffice } from '../support/office.js';
import { admittedEvent, mailsSent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Issue 16 (2), 先に知った方が連絡する: the care manager reports an admission first from the office page;
// the hospital's own admission of the same patient then joins that stay instead of opening another.

type Detail = {
  state: string;
  hospitalizationId: string;
  deadlines: { key: string; status: string }[];
  tasks: { kind: string; status: string }[];
};

describe('whoever learns first: the care manager reports an admission, the hospital’s record joins it', () => {
  let s: TestServer;
  let phone: Awaited<ReturnType<typeof signedInOffice>>;
  const detail = async (caseId: string) =>
    (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;
  const caseIdsOf = async () =>
    ((await (await s.admin('/v1/admin/hospitalizations')).json()) as { items: { caseId: string }[] }).items.map(
      (i) => i.caseId,
    );
  const admissionMails = () => mailsSent(s).filter((m) => m.subject.startsWith('【入院のお知らせ】'));
  const patient = { name: '佐藤 花子', birthDate: '1940-03-03' };
  let reportedCase: string;

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-07T10:00:00+09:00' });
    await registerCareOffice(s);
    phone = await signedInOffice(s, 'cm@kyotaku.example.jp');
  });
  afterAll(async () => {
    await s.close();
  });

  it('the hospital is found by part of its name, among the hospitals of the office’s region', async () => {
    const html = await (await phone.get(`/office/report?q=${encodeURIComponent('市民')}`)).text();
    expect(html).toContain('三田市民病院');
    expect(html).not.toContain('三田西病院');
    const all = await (await phone.get('/office/report')).text();
    expect((all.match(/<option /g) ?? []).length).toBeGreaterThan(1);
  });

  it('a name without a space between family and given name is refused next to the field, in Japanese', async () => {
    const res = await phone.post('/office/report', {
      name: '佐藤花子',
      birthDate: patient.birthDate,
      hospitalId: 'sanda-shimin',
      admittedOn: '2026-12-05',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('姓と名を空白で区切って入力してください。');
  });

  it('the report starts the stay at once: no admission notice to acknowledge, the sheet’s deadline running, its task open', async () => {
    const before = await caseIdsOf();
    const res = await phone.post('/office/report', {
      ...patient,
      hospitalId: 'sanda-shimin',
      admittedOn: '2026-12-05',
    });
    expect(res.status).toBe(303);
    reportedCase = (await caseIdsOf()).find((id) => !before.includes(id))!;
    const d = await detail(reportedCase);
    expect(d.state).toBe('informationProvision');
    expect(d.deadlines.find((x) => x.key === 'informationSheet')?.status).toBe('open');
    expect(d.tasks.map((t) => `${t.kind}:${t.status}`)).toEqual(['report_information_sheet:open']);
    const page = await (await phone.get('/office')).text();
    expect(page).toContain('佐藤 花子 様');
    expect(page).toContain('入院時情報提供シートの提供記録');
    expect(page).not.toContain('入院連絡の確認');
    await new Promise((r) => setTimeout(r, 300));
    expect(admissionMails()).toHaveLength(0);
  });

  it('the hospital’s admission of the same patient within the region’s days joins the reported stay', async () => {
    const res = await s.sendEvent('sanda-shimin', {
      ...admittedEvent('E-join-1', { occurredAt: '2026-12-06T15:00:00+09:00' }),
      data: { patient, ward: '5階西病棟', careOfficeId: 'sanda-kyotaku-01' },
    });
    expect(res.status).toBeLessThan(300);
    expect(((await res.json()) as { caseId: string }).caseId).toBe(reportedCase);
    const d = await detail(reportedCase);
    expect(d.hospitalizationId).toBe('E-join-1');
    // Later facts under the hospital's own number reach the same stay.
    const later = await s.sendEvent('sanda-shimin', {
      type: 'discharge_difficulty_screened',
      hospitalizationId: 'E-join-1',
      occurredAt: '2026-12-07T09:00:00+09:00',
      data: { difficult: true },
    });
    expect(((await later.json()) as { caseId: string }).caseId).toBe(reportedCase);
    await new Promise((r) => setTimeout(r, 300));
    expect(admissionMails()).toHaveLength(0);
  });

  it('another hospital’s admission of the same patient is a stay of its own', async () => {
    const res = await s.sendEvent('sanda-nishi', {
      ...admittedEvent('E-other-1', { occurredAt: '2026-12-06T15:00:00+09:00' }),
      data: { patient, ward: '3階', careOfficeId: 'sanda-kyotaku-01' },
    });
    expect(((await res.json()) as { caseId: string }).caseId).not.toBe(reportedCase);
    await waitUntil(() => admissionMails().length === 1);
  });
});
