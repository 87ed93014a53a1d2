import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../db/schema.js';
import type { consoleClient } from '../support/console.js';
import { admissionForm, registeredCaseId, staffConsole } from '../support/registerByHand.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// §2(3) 支援の対象者 (admitted from home and going home), asked at admission: the console's form by
// hand means what the webhook's `fromHomeToHome` means. Out of scope: kept and shown, not chased.
describe('§2(3) the rule’s scope is asked when an admission is registered by hand, with the webhook’s meaning', () => {
  let s: TestServer;
  let staff: ReturnType<typeof consoleClient>;
  const db = () => s.running.deps.database.db;
  const form = (hospitalizationId: string, overrides: Record<string, string> = {}) =>
    admissionForm({ hospitalizationId, ...overrides });
  const registered = async (res: Response) => {
    const [row] = await db()
      .select()
      .from(cases)
      .where(eq(cases.id, registeredCaseId(res)));
    return row!;
  };

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    staff = await staffConsole(s, { loginId: 'shimin-nurse', name: '市民 看護師', password: 'scope-test-password-1' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('§2(3) the form asks it, in scope unless told otherwise', async () => {
    const html = await (await staff.get('/console/admissions/new')).text();
    expect(html).toContain('入退院支援ルールの対象 (自宅等から入院し、自宅等へ退院する見込みの方)');
    expect(html).toMatch(/<input type="radio" name="fromHomeToHome" value="yes" checked/);
    expect(html).not.toMatch(/<input type="radio" name="fromHomeToHome" value="no" checked/);
  });

  it('§2(3) 対象外 by hand is the webhook’s fromHomeToHome: false: the stay is kept, out of scope, and offered back into it', async () => {
    const byHand = await registered(
      await staff.post('/console/admissions/new', form('N-S1', { fromHomeToHome: 'no' })),
    );
    expect(byHand.outOfRuleScope).toBe(true);
    expect(byHand.snapshot.context.inRuleScope).toBe(false);
    const hook = admittedEvent('N-S2');
    const res = await s.sendEvent('sanda-shimin', { ...hook, data: { ...hook.data, fromHomeToHome: false } });
    const [byWebhook] = await db()
      .select()
      .from(cases)
      .where(eq(cases.id, ((await res.json()) as { caseId: string }).caseId));
    expect(byWebhook!.outOfRuleScope).toBe(byHand.outOfRuleScope);
    expect(byWebhook!.snapshot.context.inRuleScope).toBe(byHand.snapshot.context.inRuleScope);
    const page = await (await staff.get(`/console/cases/${byHand.id}`)).text();
    expect(page).toContain('入退院支援ルールの対象外');
  });

  it('§2(3) 対象 (or the question left unanswered, as an older form posts) keeps the stay in scope', async () => {
    const inScope = await registered(
      await staff.post('/console/admissions/new', form('N-S3', { fromHomeToHome: 'yes' })),
    );
    expect(inScope.outOfRuleScope).toBe(false);
    expect(inScope.snapshot.context.inRuleScope).not.toBe(false);
    const unanswered = await registered(await staff.post('/console/admissions/new', form('N-S4')));
    expect(unanswered.outOfRuleScope).toBe(false);
  });

  it('§2(3) an answer that is neither is refused next to the question in Japanese, the form kept, nothing recorded', async () => {
    const res = await staff.post('/console/admissions/new', form('N-S5', { fromHomeToHome: 'maybe' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(
      /id="fromHomeToHome-error"[^>]*>自宅等から入院し自宅等へ退院する見込みかどうかを選んでください。/,
    );
    expect(html).toContain('value="N-S5"');
    expect(await db().select().from(cases).where(eq(cases.hospitalizationId, 'N-S5'))).toHaveLength(0);
  });
});
