import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactWindows, outbox } from '../../db/schema.js';
import { listStuck } from '../../engine/console/index.js';
import { createConsoleAccounts, loggedIn } from '../support/console.js';
import { mailsSent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { FULL_SHEET, sheetFormFor } from '../support/sheets.js';
import { waitUntil } from '../support/wait.js';

// Stuck handoffs name whom to call (engine/console/stuck.ts): a document the care manager sent to a
// hospital's window (the information sheet, Sanda A①) that could not be delivered names that window,
// its hospital and its phone, never the window's id, and is not taken for an administrator's alert.

describe("an undelivered document to a hospital's window: the stuck list names the window and whom to call", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ fax: true, start: '2026-12-04T11:00:00+09:00' });
    await registerCareOffice(s);
    await createConsoleAccounts(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('the information sheet the FAX gateway refuses is stuck on 三田市民病院 and its window, with the window’s phone and FAX', async () => {
    const { caseId, url } = await sheetFormFor(s, 'E-stuck-window');
    s.smtp!.refuseNext(1, 550);
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ action: 'submit', ...FULL_SHEET }) });
    expect(res.status).toBe(200);
    await waitUntil(() => mailsSent(s).some((m) => m.subject.startsWith('【送信できませんでした】')));

    const { db } = s.running.deps.database;
    const [dead] = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, caseId), eq(outbox.notice, 'information_sheet'), eq(outbox.status, 'dead')));
    expect(dead!.recipientKind).toBe('hospital_window');
    const [window] = await db.select().from(contactWindows).where(eq(contactWindows.id, dead!.recipientId));

    const item = (await listStuck(s.running.deps, { caseId })).find((i) => i.noticeId === dead!.id)!;
    expect(item.owner).toEqual({
      kind: 'hospital',
      id: 'sanda-shimin',
      name: `三田市民病院 ${window!.name}`,
      phone: window!.phone,
      fax: window!.fax,
      email: null,
    });
    expect(window!.phone).toBeTruthy();

    // What the coordination center reads: the window by name and its phone, no id of the window.
    const admin = await loggedIn(s, 'admin');
    const page = await (await admin.get('/console/stuck')).text();
    expect(page).toContain(`三田市民病院 ${window!.name}`);
    expect(page).toContain(window!.phone!);
    expect(page).not.toContain(window!.id);
    expect(page).toContain('/console/directory/hospitals/sanda-shimin');
  });
});
