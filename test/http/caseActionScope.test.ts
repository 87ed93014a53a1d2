// Hospital staff see only their hospital: a case's action forms (bring into the rule's scope, change
// the care office) check the case against the session's hospital before they read or validate the
// form. Another hospital's staff get the page a missing case gets (404, with nothing of the case in
// it, whatever they sent), and the attempt is audited as a refused action; the case's own staff still
// get the form's Japanese errors. Real server, real libSQL.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cases } from '../../db/schema.js';
import { consoleClient, createAccount, createConsoleAccounts, loggedIn } from '../support/console.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

describe("hospital staff see only their hospital: a case's action forms check the case's scope first", () => {
  let s: TestServer;
  let caseId = '';
  let other: ReturnType<typeof consoleClient>;
  const db = () => s.running.deps.database.db;
  const denials = async () =>
    (
      await db()
        .select({ detail: auditLog.detail })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.action, 'case.action.denied'),
            eq(auditLog.actor, 'account:aino'),
            eq(auditLog.target, caseId),
          ),
        )
    ).map((a) => a.detail?.attempted);
  const outOfRuleScope = async () =>
    (await db().select({ out: cases.outOfRuleScope }).from(cases).where(eq(cases.id, caseId)))[0]!.out;

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await createConsoleAccounts(s);
    await registerCareOffice(s, 'sanda-kyotaku-01');
    await createAccount(s, {
      loginId: 'aino',
      name: '相野病院 木村',
      role: 'hospital_staff',
      hospitalId: 'sanda-aino',
      password: 'aino-password-1',
    });
    const event = admittedEvent('S-1', { careOfficeId: 'sanda-kyotaku-01' });
    const res = await s.sendEvent('sanda-shimin', { ...event, data: { ...event.data, fromHomeToHome: false } });
    expect(res.status).toBe(202);
    caseId = ((await res.json()) as { caseId: string }).caseId;
    other = consoleClient(s);
    await other.login('aino', 'aino-password-1');
  });
  afterAll(async () => {
    await s.close();
  });

  it("another hospital's staff bringing the stay into the rule's scope without a reason get the missing case's 404, audited as a refused action", async () => {
    const missing = await other.post('/console/cases/case_missing/rule-scope', { reason: '' });
    const foreign = await other.post(`/console/cases/${caseId}/rule-scope`, { reason: '' });
    expect(foreign.status).toBe(404);
    const page = await foreign.text();
    expect(page).toBe(await missing.text());
    expect(page).not.toContain('理由を入力してください');
    const withReason = await other.post(`/console/cases/${caseId}/rule-scope`, { reason: '自宅へ退院予定に変更' });
    expect(withReason.status).toBe(404);
    expect(await outOfRuleScope()).toBe(true);
    expect(await denials()).toEqual(['case.fact.brought_into_rule_scope', 'case.fact.brought_into_rule_scope']);
  });

  it("another hospital's staff changing the care office with an empty form get the same 404, audited", async () => {
    const before = (await denials()).length;
    const foreign = await other.post(`/console/cases/${caseId}/care-office`, { careOfficeId: '', reason: '' });
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain('事業所と理由を入力してください');
    expect((await denials()).slice(before)).toEqual(['case.fact.care_office_identified']);
  });

  it("the case's own staff still get the form's check: a blank reason is refused in Japanese, then a reason brings it into scope", async () => {
    const staff = await loggedIn(s, 'staff');
    const blank = await staff.post(`/console/cases/${caseId}/rule-scope`, { reason: '  ' });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('理由を入力してください。');
    const noOffice = await staff.post(`/console/cases/${caseId}/care-office`, { careOfficeId: '', reason: '確認' });
    expect(noOffice.status).toBe(400);
    expect(await noOffice.text()).toContain('事業所と理由を入力してください。');
    expect(await outOfRuleScope()).toBe(true);
    const scoped = await staff.post(`/console/cases/${caseId}/rule-scope`, { reason: '自宅へ退院予定に変更' });
    expect(scoped.status).toBe(303);
    expect(await outOfRuleScope()).toBe(false);
  });
});
