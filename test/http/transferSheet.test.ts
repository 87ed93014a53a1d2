import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../../db/schema.js';
import { pdfText } from '../support/pdf.js';
import {
  admittedEvent,
  faxesSent,
  mailsSent,
  postForm,
  registerCareOffice,
  startTestServer,
  type TestServer,
  taskLinks,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Sanda ※転院時の連絡: the receiving hospital gets the information sheet. The care manager's notice
// says what really happens: with a sheet on record a copy goes there; with none, the care manager is
// asked for it, and the sheet sent from that link goes to the receiving hospital's window.
describe('転院時の連絡 before any information sheet is on record', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ fax: true });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });
  const transferMail = () => mailsSent(s).find((m) => m.subject.startsWith('【転院のお知らせ】'));

  let caseId: string;
  let link: string;
  it('the notice asks the care manager to provide the sheet to the receiving hospital, with a link, and promises no copy', async () => {
    const admitted = await s.sendEvent('sanda-shimin', admittedEvent('E-transfer-1'));
    ({ caseId } = (await admitted.json()) as { caseId: string });
    await waitUntil(() => mailsSent(s).some((m) => m.subject.startsWith('【入院のお知らせ】')));
    const res = await s.sendEvent('sanda-shimin', {
      type: 'transferred',
      hospitalizationId: 'E-transfer-1',
      occurredAt: '2026-12-04T10:45:00+09:00',
      data: { toHospitalId: 'sanda-hirashima', toHospitalName: '平島病院' },
    });
    expect(res.status).toBe(202);
    await waitUntil(() => transferMail() !== undefined);
    const { text } = transferMail()!;
    expect(text).toContain('転院先: 平島病院');
    expect(text).toContain('入院時情報提供シートがまだ提供されていない');
    expect(text).toContain('転院先の病院へ提供してください');
    expect(text).not.toContain('写しが提供されます');
    const links = taskLinks(text);
    expect(links).toHaveLength(1);
    link = links[0]!;
    const page = await (await fetch(link)).text();
    expect(page).toContain('転院先への入院時情報提供シートの提供');
    expect(page).toContain('<dt>転院元</dt><dd>三田市民病院</dd>');
    expect(page).toContain('<dt>転院先</dt><dd>平島病院</dd>');
  });

  it("the link's sheet form names the receiving hospital's window, and the sheet goes there by FAX", async () => {
    const form = await (await fetch(`${link}/sheet`)).text();
    expect(form).toContain('平島病院 地域連携室 (FAX 079-564-5405)');
    const res = await postForm(`${link}/sheet`, {
      action: 'submit',
      admittedOn: '2026-12-04',
      careLevel: '要介護2',
      dementia: 'なし',
      wandering: 'なし',
      services: '通所介護 週2回',
      careManagerName: '田中 一郎',
    });
    expect(res.status).toBe(200);
    await waitUntil(() => faxesSent(s).length === 1);
    const [fax] = faxesSent(s);
    expect(fax!.to).toEqual(['0795645405@fax.example.jp']);
    const { flat } = await pdfText(new Uint8Array(fax!.attachments[0]!.content));
    expect(flat).toContain('平島病院地域連携室御中');
    // The region's own document and step name (Sanda's pack: 三田市入退院支援ルール ※転院時の連絡).
    expect(flat).toContain('三田市入退院支援ルール※転院時の連絡に基づく情報提供(転院元:三田市民病院)');
    expect(flat).toContain('転院元の病棟4階東病棟');
  });

  it('the send is recorded on the task; the closed stay takes no refused fact', async () => {
    const detail = async () =>
      (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as {
        state: string;
        tasks: { kind: string; status: string }[];
      };
    await waitUntil(
      async () => (await detail()).tasks.find((t) => t.kind === 'send_sheet_to_receiving_hospital')?.status === 'done',
    );
    expect((await detail()).state).toBe('closed');
    const events = await s.running.deps.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(events.filter((e) => e.outcome === 'rejected')).toEqual([]);
    // The page the link opens now says it is done, and the form takes nothing more.
    expect(await (await fetch(link)).text()).toContain('完了しています');
  });
});
