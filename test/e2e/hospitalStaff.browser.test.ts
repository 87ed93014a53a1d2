import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { ACCOUNTS, createConsoleAccounts, registerSupportCenter } from '../support/console.js';
import { registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// A hospital with no system link, in headless Chromium, as its liaison nurse works: logs in and lands
// on today's work, registers each admission on the form (/console/admissions/new) and runs it to its
// end by hand. Route A: the care office is 「不明」 at admission, found by hand from today's work with
// the directory search; route B: 「なし」, screening, application support and assignment. Every step
// is checked on the page the nurse sees (the case's stage, its care office, its deadlines, today's work).

const ARTIFACTS = 'test-artifacts';

describe('hospital staff in a real browser: the liaison office runs route A and route B from the registration form', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  let routeA = '';
  let routeB = '';
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/staff-${name}.png`, fullPage: true });

  /** The case page as the nurse reads it. */
  const casePage = {
    open: (caseId: string) => page.goto(`${s.base}/console/cases/${caseId}`),
    stage: async () => (await page.textContent('#current-state strong'))?.trim() ?? '',
    office: async () => (await page.locator('dt:text-is("担当ケアマネ事業所") + dd').textContent())?.trim() ?? '',
    deadline: (label: string) => page.locator('#deadlines tr', { hasText: label }),
  };
  const todayRow = (kind: string, encounter: string) =>
    page.locator(`#today tr[data-kind="${kind}"]`, { hasText: encounter });

  /** Opens a fact's form on the case, lets `fill` complete it, submits; the case page says it was recorded. */
  async function record(caseId: string, type: string, fill: () => Promise<unknown> = async () => {}) {
    await page.goto(`${s.base}/console/cases/${caseId}/events/new?type=${type}`);
    await fill();
    await Promise.all([page.waitForURL(/done=recorded/), page.click('#record')]);
    expect(await page.textContent('[role=status]')).toContain('出来事を記録しました');
  }

  /** The registration form as the nurse fills it in, the care office being `office` (an id, 不明 or なし). */
  async function register(encounter: string, name: string, office: 'unknown' | 'none') {
    await page.goto(`${s.base}/console/admissions/new`);
    expect(await page.textContent('h1')).toBe('入院の登録');
    await page.fill('#hospitalizationId', encounter);
    await page.fill('#name', name);
    await page.fill('#birthDate', '1938-03-15');
    await page.fill('#ward', '3階西病棟');
    await page.fill('#admittedAt', '2026-12-04T09:00');
    await page.check(`input[name=office][value="${office}"]`);
    await Promise.all([page.waitForURL(/\/console\/cases\/.+\?done=registered/), page.click('#register')]);
    expect(await page.textContent('h1')).toContain(encounter);
    expect(await page.textContent('[role=status]')).toContain('入院を登録しました');
    return new URL(page.url()).pathname.split('/').at(-1)!;
  }

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    s = await startTestServer({ smtp: false, start: '2026-12-04T11:00:00+09:00' });
    await registerCareOffice(s);
    await registerSupportCenter(s);
    await createConsoleAccounts(s);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ja-JP' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it("logs in and lands on today's work, with nothing owed yet", async () => {
    await page.goto(`${s.base}/console/login`);
    await page.fill('#loginId', ACCOUNTS.staff.loginId);
    await page.fill('#password', ACCOUNTS.staff.password);
    await Promise.all([page.waitForURL(/\/console\/today$/), page.click('button[type=submit]')]);
    expect(await page.locator('#today tr[data-kind]').count()).toBe(0);
  });

  it("route A registered with the care office 「不明」: the hospital owes finding it, on the case and on today's work", async () => {
    routeA = await register('E-A-001', '三田 一郎', 'unknown');
    expect(await casePage.stage()).toBe('入院時の連絡');
    expect(await casePage.office()).toBe('未定');
    expect(await casePage.deadline('担当ケアマネジャーの確認').textContent()).toContain('期限前');
    await page.goto(`${s.base}/console/today`);
    expect(await todayRow('no_care_office', 'E-A-001').textContent()).toContain('担当ケアマネジャーが不明');
    expect(await todayRow('screening_due', 'E-A-001').count()).toBe(1);
    await shot('today');
  });

  it("route A: settling a row of today's work makes the list shrink", async () => {
    await page.goto(`${s.base}/console/today`);
    const rows = page.locator('#today tr[data-kind]');
    const before = await rows.count();
    await Promise.all([
      page.waitForURL(/type=discharge_difficulty_screened/),
      todayRow('screening_due', 'E-A-001').locator('a.settle').click(),
    ]);
    // The hospital's own fact: no reason asked.
    expect(await page.locator('#reason').count()).toBe(0);
    // Not difficult: no interview is owed, so nothing takes the settled row's place.
    await page.selectOption('#difficult', 'no');
    await Promise.all([page.waitForURL(/done=recorded/), page.click('#record')]);
    await page.goto(`${s.base}/console/today`);
    expect(await rows.count()).toBe(before - 1);
    expect(await todayRow('screening_due', 'E-A-001').count()).toBe(0);
  });

  it("route A: the care office found by hand, searched in the directory by name from today's row", async () => {
    await page.goto(`${s.base}/console/today`);
    await Promise.all([
      page.waitForURL(/type=care_office_identified/),
      todayRow('no_care_office', 'E-A-001').locator('a.settle').click(),
    ]);
    await page.fill('#q', 'ケアプラン');
    await Promise.all([page.waitForLoadState('load'), page.click('#office-search button[type=submit]')]);
    const found = await page.locator('#careOfficeId option[value]:not([value=""])').allTextContents();
    expect(found).toEqual([expect.stringContaining('三田ケアプランセンター')]);
    await page.selectOption('#careOfficeId', 'sanda-kyotaku-01');
    await Promise.all([page.waitForURL(/done=recorded/), page.click('#record')]);
    expect(await casePage.office()).toBe('三田ケアプランセンター');
    expect(await casePage.deadline('担当ケアマネジャーの確認').textContent()).toContain('期限内に完了');
    await page.goto(`${s.base}/console/today`);
    expect(await todayRow('no_care_office', 'E-A-001').count()).toBe(0);
  });

  it('route A to its end: plan, discharge planning, a held conference with four professions (condition met), discharge, summary, care plan copy', async () => {
    await record(routeA, 'treatment_plan_shared', () => page.fill('#expectedLengthOfStayDays', '14'));
    // The expected discharge (12/18) opens the hospital's discharge-start deadline, 3 days before.
    expect(await casePage.deadline('退院見込みに向けた退院調整開始の連絡').textContent()).toContain('期限前');
    await record(routeA, 'discharge_planning_started', () => page.fill('#expectedDischargeDate', '2026-12-18'));
    expect(await casePage.stage()).toBe('退院調整開始');
    expect(await casePage.deadline('退院見込みに向けた退院調整開始の連絡').textContent()).toContain('期限内に完了');
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
    expect(await casePage.stage()).toBe('退院前調整');
    await record(routeA, 'discharged', () => page.selectOption('#destination', 'home'));
    expect(await casePage.stage()).toBe('退院');
    await record(routeA, 'nursing_summary_sent');
    // A care manager's report written down by the hospital: that one needs a reason.
    await record(routeA, 'care_plan_copy_sent', () => page.fill('#reason', 'ケアマネジャーからFAXで受領'));
    expect(await casePage.stage()).toBe('終了');
    // Told in time, with a conference: no leak shown, and 多機関共同指導加算's evidence is complete.
    expect(await page.locator('dt:text-is("調整漏れ (引継ぎなし)")').count()).toBe(0);
    const addOn = page.locator('#billing tr:has(td:first-child:text-is("多機関共同指導加算"))');
    expect(await addOn.textContent()).toContain('要件を満たす');
    await shot('route-a-closed');
  }, 120_000);

  it('route B registered with the care office 「なし」, to its end: screening, application support, assignment as the rule recommends, contact, discharge, close', async () => {
    routeB = await register('E-B-001', '三田 ハナ', 'none');
    expect(await casePage.stage()).toBe('介護保険申請の目安の確認');
    expect(await casePage.office()).toBe('未定');
    await page.goto(`${s.base}/console/today`);
    expect(await todayRow('no_care_office', 'E-B-001').textContent()).toContain('ケアマネジャーなし');
    await record(routeB, 'eligibility_screened', async () => {
      await page.fill('#age', '84');
      await page.check('input[name="criterion_standing_walking"]');
      await page.check('input[name="wantsServices"]');
    });
    expect(await casePage.stage()).toBe('介護保険申請の支援');
    await record(routeB, 'insurance_application_supported', () => page.selectOption('#by', 'family'));
    expect(await casePage.stage()).toBe('ケアマネジャーの担当依頼');
    await page.goto(`${s.base}/console/cases/${routeB}/events/new?type=care_manager_assigned`);
    await page.fill('#q', '包括');
    await Promise.all([page.waitForLoadState('load'), page.click('#office-search button[type=submit]')]);
    expect(await page.textContent('#recommendation')).toContain('要支援の見込み → 地域包括支援センター');
    await page.selectOption('#expectedCareLevel', 'support');
    await page.selectOption('#careOfficeId', 'sanda-houkatsu-1');
    await Promise.all([page.waitForURL(/done=recorded/), page.click('#record')]);
    expect(await casePage.stage()).toBe('ケアマネジャーから病院への連絡');
    expect(await casePage.office()).toBe('三田市北部地域包括支援センター');
    await record(routeB, 'care_manager_contacted_hospital');
    await record(routeB, 'discharge_planning_started', () => page.fill('#expectedDischargeDate', '2026-12-20'));
    expect(await casePage.stage()).toBe('退院調整開始');
    await record(routeB, 'discharge_information_shared', () => page.selectOption('#method', 'face_to_face'));
    await record(routeB, 'discharged', async () => {
      await page.selectOption('#destination', 'home');
      await page.check('input[name="nursingSummarySent"]');
    });
    await record(routeB, 'care_plan_copy_sent', () => page.fill('#reason', '包括から郵送で受領'));
    expect(await casePage.stage()).toBe('終了');
    await page.goto(`${s.base}/console/today`);
    expect(await page.locator('#today tr[data-kind]', { hasText: 'E-B-001' }).count()).toBe(0);
    await shot('route-b-closed');
  }, 120_000);
});
