import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { ACCOUNTS, createConsoleAccounts, registerSupportCenter } from '../support/console.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// A hospital with no system link, in headless Chromium: its liaison nurse logs in, lands on today's
// work, settles a row and sees the list shrink, records a held conference with four professions (the
// form says 多機関共同指導加算's professions are met), and runs route A and route B to their end by
// hand. The admissions come through the webhook in the set-up (their registration form is separate work).

const ARTIFACTS = 'test-artifacts';

describe('hospital staff in a real browser: the liaison office works in renkei', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  let routeA = '';
  let routeB = '';
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/staff-${name}.png`, fullPage: true });
  const stateOf = async (caseId: string) =>
    ((await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as { state: string }).state;

  /** Opens a fact's form on the case, lets `fill` complete it, submits, and expects it recorded. */
  async function record(caseId: string, type: string, fill: () => Promise<unknown> = async () => {}) {
    await page.goto(`${s.base}/console/cases/${caseId}/events/new?type=${type}`);
    await fill();
    await Promise.all([page.waitForURL(/done=recorded/), page.click('#record')]);
  }

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    s = await startTestServer({ smtp: false, start: '2026-12-04T11:00:00+09:00' });
    await registerCareOffice(s);
    await registerSupportCenter(s);
    await createConsoleAccounts(s);
    const admit = async (id: string, careOfficeId: string | null) =>
      (
        (await (
          await s.sendEvent(
            'sanda-shimin',
            admittedEvent(id, { careOfficeId, occurredAt: '2026-12-04T09:00:00+09:00' }),
          )
        ).json()) as { caseId: string }
      ).caseId;
    routeA = await admit('E-A-001', 'sanda-kyotaku-01');
    routeB = await admit('E-B-001', null);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ja-JP' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it("logs in and lands on today's work; settling a row makes the list shrink", async () => {
    await page.goto(`${s.base}/console/login`);
    await page.fill('#loginId', ACCOUNTS.staff.loginId);
    await page.fill('#password', ACCOUNTS.staff.password);
    await Promise.all([page.waitForURL(/\/console\/today$/), page.click('button[type=submit]')]);
    const rows = page.locator('#today tr[data-kind]');
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(3);
    await shot('today');
    const screening = page.locator('#today tr[data-kind="screening_due"]', { hasText: 'E-A-001' });
    await Promise.all([page.waitForURL(/type=discharge_difficulty_screened/), screening.locator('a.settle').click()]);
    // The hospital's own fact: no reason asked.
    expect(await page.locator('#reason').count()).toBe(0);
    // Not difficult: no interview is owed, so nothing takes the settled row's place.
    await page.selectOption('#difficult', 'no');
    await Promise.all([page.waitForURL(/done=recorded/), page.click('#record')]);
    await page.goto(`${s.base}/console/today`);
    expect(await rows.count()).toBe(before - 1);
    expect(await page.locator('#today tr[data-kind="screening_due"]', { hasText: 'E-A-001' }).count()).toBe(0);
  });

  it('route A by hand: plan, discharge planning, a held conference with four professions (condition met), discharge, summary, care plan copy', async () => {
    await record(routeA, 'treatment_plan_shared', () => page.fill('#expectedLengthOfStayDays', '14'));
    await record(routeA, 'patient_family_interviewed');
    await record(routeA, 'discharge_planning_started', () => page.fill('#expectedDischargeDate', '2026-12-18'));
    await page.goto(`${s.base}/console/cases/${routeA}/events/new?type=conference_held`);
    await page.selectOption('#kind', 'joint_guidance');
    for (const box of ['p_hospital_physician', 'p_home_care_manager', 'p_home_visiting_nurse'])
      await page.check(`input[name="${box}"]`);
    await Promise.all([page.waitForLoadState('load'), page.click('button[name="check"]')]);
    expect(await page.getAttribute('#three-professions', 'data-met')).toBe('no');
    await page.check('input[name="p_home_pharmacist"]');
    await Promise.all([page.waitForLoadState('load'), page.click('button[name="check"]')]);
    expect(await page.getAttribute('#three-professions', 'data-met')).toBe('yes');
    expect(await page.textContent('#three-professions')).toContain('満たしています');
    await shot('conference');
    await Promise.all([page.waitForURL(/done=recorded/), page.click('#record')]);
    expect(await stateOf(routeA)).toBe('preDischargeConference');
    await record(routeA, 'discharged', () => page.selectOption('#destination', 'home'));
    await record(routeA, 'nursing_summary_sent');
    // A care manager's report written down by the hospital: that one needs a reason.
    await record(routeA, 'care_plan_copy_sent', () => page.fill('#reason', 'ケアマネジャーからFAXで受領'));
    expect(await stateOf(routeA)).toBe('closed');
    const billing = (await (await s.admin(`/v1/admin/hospitalizations/${routeA}`)).json()) as {
      billing: { code: string; supported: boolean }[];
    };
    expect(billing.billing.find((b) => b.code === 'multi_agency_guidance')?.supported).toBe(true);
  }, 120_000);

  it('route B by hand: screening, application support, assignment as the rule recommends, contact, discharge, close', async () => {
    await record(routeB, 'eligibility_screened', async () => {
      await page.fill('#age', '84');
      await page.check('input[name="criterion_standing_walking"]');
      await page.check('input[name="wantsServices"]');
    });
    await record(routeB, 'insurance_application_supported', () => page.selectOption('#by', 'family'));
    await page.goto(`${s.base}/console/cases/${routeB}/events/new?type=care_manager_assigned&q=包括`);
    expect(await page.textContent('#recommendation')).toContain('要支援の見込み → 地域包括支援センター');
    await page.selectOption('#expectedCareLevel', 'support');
    await page.selectOption('#careOfficeId', 'sanda-houkatsu-1');
    await Promise.all([page.waitForURL(/done=recorded/), page.click('#record')]);
    await record(routeB, 'care_manager_contacted_hospital');
    await record(routeB, 'discharge_planning_started', () => page.fill('#expectedDischargeDate', '2026-12-20'));
    await record(routeB, 'discharge_information_shared', () => page.selectOption('#method', 'face_to_face'));
    await record(routeB, 'discharged', async () => {
      await page.selectOption('#destination', 'home');
      await page.check('input[name="nursingSummarySent"]');
    });
    await record(routeB, 'care_plan_copy_sent', () => page.fill('#reason', '包括から郵送で受領'));
    expect(await stateOf(routeB)).toBe('closed');
    await shot('route-b-closed');
  }, 120_000);
});
