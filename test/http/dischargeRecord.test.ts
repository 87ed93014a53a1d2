import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInOffice } from '../support/office.js';
import { pdfText } from '../support/pdf.js';
import {
  admittedEvent,
  conferenceHeldEvent,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';

// Issue 16 (4): the care manager files the 退院・退所情報記録書 from the office page (seed 002 ❷:
// 日時、開催場所、出席者、内容の要点), refiles it (the later supersedes), and downloads its PDF.

const RECORD = {
  receivedOn: '2026-12-15',
  time: '15:00',
  place: 'hospital',
  placeDetail: '3階 カンファレンス室',
  conference: 'yes',
  attendeeName: '山田 太郎',
  attendeeProfession: 'physician',
  attendeeSide: 'hospital',
  keyPoints: '肺炎は治癒。杖歩行で見守りが必要。',
  medicalNeeds: '服薬は一包化',
  adl: '入浴は一部介助',
  services: '訪問看護 週1回',
  wishes: '自宅に帰りたい',
};

describe('退院・退所情報記録書 from the office page', () => {
  let s: TestServer;
  let caseId: string;
  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-16T11:00:00+09:00' });
    await registerCareOffice(s);
    await registerCareOffice(s, 'sanda-kyotaku-02', 'other@kyotaku.example.jp');
    const r = await s.sendEvent(
      'sanda-shimin',
      admittedEvent('E-record-1', { occurredAt: '2026-12-04T10:30:00+09:00' }),
    );
    caseId = ((await r.json()) as { caseId: string }).caseId;
    await s.sendEvent('sanda-shimin', conferenceHeldEvent('E-record-1', '2026-12-15T15:00:00+09:00'));
  });
  afterAll(async () => {
    await s.close();
  });

  it("the form is prefilled from the hospital's conference, and the office page says no record yet", async () => {
    const phone = await signedInOffice(s, 'cm@kyotaku.example.jp');
    const home = await (await phone.get('/office')).text();
    expect(home).toContain('ケアマネジャーの退院・退所情報記録書がまだありません');
    const page = await (await phone.get(`/office/stays/${caseId}/record`)).text();
    expect(page).toContain('value="2026-12-15"');
    expect(page).toContain('value="15:00"');
  });

  it('filing records it, the PDF (read back with pdftotext) holds the recorded items, refiling supersedes', async () => {
    const phone = await signedInOffice(s, 'cm@kyotaku.example.jp');
    const bad = await phone.post(`/office/stays/${caseId}/record`, { ...RECORD, keyPoints: '', basedOn: '0' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('内容の要点を入力してください。');
    const res = await phone.post(`/office/stays/${caseId}/record`, { ...RECORD, basedOn: '0' });
    expect(res.status).toBe(303);
    const pdf = await phone.get(`/office/stays/${caseId}/record.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { flat } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    for (const item of [
      '退院・退所情報記録書',
      '山田花子',
      '2026年12月15日(火)15:00',
      '山田太郎',
      '肺炎は治癒。杖歩行で見守りが必要。',
      '訪問看護週1回',
    ])
      expect(flat).toContain(item);
    const again = await phone.post(`/office/stays/${caseId}/record`, {
      ...RECORD,
      keyPoints: '二回目の要点',
      basedOn: '1',
    });
    expect(again.status).toBe(303);
    const page = await (await phone.get(`/office/stays/${caseId}/record`)).text();
    expect(page).toContain('2回目の記録');
    expect(page).toContain('二回目の要点');
    // The hospital recorded two professions, the record one: said beside each other.
    expect(page).toContain('出席者の人数が異なります: 病院の記録 2名、記録書 1名');
  });

  it("another office can neither read nor file this stay's record", async () => {
    const other = await signedInOffice(s, 'other@kyotaku.example.jp');
    expect((await other.get(`/office/stays/${caseId}/record`)).status).toBe(404);
    expect((await other.get(`/office/stays/${caseId}/record.pdf`)).status).toBe(404);
    expect((await other.post(`/office/stays/${caseId}/record`, { ...RECORD, basedOn: '0' })).status).toBe(404);
  });
});
