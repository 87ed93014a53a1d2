import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../db/schema.js';
import { LEDGER_COLUMNS } from '../../functions/ledgerCsv.js';
import { PRE_ADMISSION_ITEMS } from '../../machines/types.js';
import type { consoleClient } from '../support/console.js';
import { adt, readAck, sendHl7 } from '../support/hl7.js';
import { admissionForm, staffConsole } from '../support/registerByHand.js';
import {
  admittedEvent,
  plannedEvent,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';

// 002 (2)❶ 「７日以内に患者・家族と面接（療養病棟入院基本料等の場合は１４日以内）」 and 001 入院時支援加算
// 「入院前に、ア〜クの項目を実施して療養支援計画を立てた場合」: the ward type and the pre-admission
// checklist reach the stay by every way an admission arrives — the console's form, the ledger CSV,
// HL7 (the ward type by the hospital's ward list) and a planned admission's A14 → A01.

const ALL_ITEMS = [...PRE_ADMISSION_ITEMS];

describe('ward type (療養病棟) and 入院時支援加算’s checklist on every admission path', () => {
  let s: TestServer;
  let staff: ReturnType<typeof consoleClient>;
  const db = () => s.running.deps.database.db;
  const contextOf = async (visit: string) => {
    const [row] = await db().select().from(cases).where(eq(cases.hospitalizationId, visit));
    return row!.snapshot.context;
  };
  const upload = (path: string, fields: Record<string, string | Blob>) => staff.upload(path, fields);
  const form = (overrides: Record<string, string | string[]>) =>
    admissionForm({ hospitalizationId: 'W-0001', nameKana: '', ward: '療養病棟2階', ...overrides });

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    staff = await staffConsole(s, { loginId: 'shimin-msw', name: 'MSW', password: 'ward-test-password-1' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('the console’s form offers the ward type and (ア)〜(ク) in Japanese', async () => {
    const html = await (await staff.get('/console/admissions/new')).text();
    expect(html).toContain('療養病棟入院基本料等');
    expect(html).toContain('(ア) 身体的・社会的・精神的背景を含めた患者情報の把握');
    expect(html).toContain('(ク) 入院生活の説明');
  });

  it('the console’s form records 療養病棟 and a plan made before admission with all eight items', async () => {
    const res = await staff.post(
      '/console/admissions/new',
      form({ wardType: 'long_term_care', preAdmissionAt: '2026-11-27T14:00', preAdmissionItems: ALL_ITEMS }),
    );
    expect(res.status).toBe(303);
    const ctx = await contextOf('W-0001');
    expect(ctx.wardType).toBe('long_term_care');
    expect(ctx.preAdmissionSupport).toEqual({ at: '2026-11-27T14:00:00+09:00', items: ALL_ITEMS });
  });

  it('checked items without the plan’s date are refused next to the field, in Japanese', async () => {
    const res = await staff.post(
      '/console/admissions/new',
      form({ hospitalizationId: 'W-0002', preAdmissionItems: ['patient_background'] }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('入院前の支援 (療養支援計画) を行った日時を入力してください。');
    // What was checked stays checked.
    expect(html).toMatch(/value="patient_background" checked/);
  });

  it('the ledger CSV’s 病棟種別 and 入院前支援項目 (ア, イ, ク) reach the stay; an unknown letter is refused in Japanese', async () => {
    const ledger = [
      LEDGER_COLUMNS.join(','),
      'W-0101,三田 一郎,,1938/3/9,療養病棟,2026/12/03 09:00,三田ケアプランセンター,病院,療養,2026/11/28 10:00,アイク',
      'W-0102,三田 二郎,,1938/3/9,4階東病棟,2026/12/03 09:00,三田ケアプランセンター,病院,一般,,',
      'W-0103,三田 三郎,,1938/3/9,4階東病棟,2026/12/03 09:00,三田ケアプランセンター,病院,一般,2026/11/28 10:00,アケ',
    ].join('\r\n');
    const preview = await upload('/console/admissions/import', {
      file: new File([ledger], 'ledger.csv', { type: 'text/csv' }),
    });
    const html = await preview.text();
    expect(html).toContain('入院前支援項目「アケ」は (ア)〜(ク) の文字で書いてください');
    expect(await upload('/console/admissions/import/confirm', { ledger })).toHaveProperty('status', 200);
    const first = await contextOf('W-0101');
    expect(first.wardType).toBe('long_term_care');
    expect(first.preAdmissionSupport).toEqual({
      at: '2026-11-28T10:00:00+09:00',
      items: ['patient_background', 'prior_services', 'ward_orientation'],
    });
    const second = await contextOf('W-0102');
    expect(second.wardType).toBe('general');
    expect(second.preAdmissionSupport ?? null).toBeNull();
    expect(await db().select().from(cases).where(eq(cases.hospitalizationId, 'W-0103'))).toEqual([]);
  });

  it('HL7 A01: the ward’s type comes from the hospital’s ward list (hl7.wardTypes, by PV1-3.1); an unlisted ward leaves it unsaid', async () => {
    const hospital = s.running.deps.regions.get('sanda')!.hospitals.find((h) => h.id === 'sanda-aino')!;
    hospital.hl7 = { ...hospital.hl7, wardTypes: { '3W': 'long_term_care', '4E': 'general' } };
    const send = async (o: Parameters<typeof adt>[0]) =>
      readAck(await (await sendHl7(s.base, s, 'sanda-aino', adt(o))).text());
    expect((await send({ trigger: 'A01', controlId: 'WT-1', visit: 'V-W1', ward: '3W^301^1' })).code).toBe('AA');
    expect((await contextOf('V-W1')).wardType).toBe('long_term_care');
    expect((await send({ trigger: 'A01', controlId: 'WT-2', visit: 'V-W2', ward: '5S^501^1' })).code).toBe('AA');
    expect((await contextOf('V-W2')).wardType).toBeUndefined();
    // A14 planned on the 療養病棟, then A01 on a ward not listed: the plan's ward type carries over.
    const plan = await send({
      trigger: 'A14',
      controlId: 'WT-3',
      visit: 'V-W3',
      at: '202612011000',
      expectedAdmission: '20261203',
      ward: '3W^301^1',
    });
    expect(plan.code).toBe('AA');
    expect((await contextOf('V-W3')).wardType).toBe('long_term_care');
    expect(
      (await send({ trigger: 'A01', controlId: 'WT-4', visit: 'V-W3', at: '202612031015', ward: '5S^501^1' })).code,
    ).toBe('AA');
    const admitted = await contextOf('V-W3');
    expect(admitted.admittedAt).toBe('2026-12-03T10:15:00+09:00');
    expect(admitted.wardType).toBe('long_term_care');
  });

  it('a planned admission’s `admitted` carries its ward type and pre-admission checklist into the stay (入院前からの支援(入院予定患者))', async () => {
    const plan = plannedEvent('J-P1', { occurredAt: '2026-12-01T10:00:00+09:00', expectedAdmissionDate: '2026-12-03' });
    expect((await s.sendEvent('sanda-shimin', plan)).status).toBeLessThan(300);
    const admitted = admittedEvent('J-P1', { occurredAt: '2026-12-03T10:00:00+09:00' });
    const res = await s.sendEvent('sanda-shimin', {
      ...admitted,
      data: {
        ...admitted.data,
        wardType: 'long_term_care',
        preAdmissionSupport: { at: '2026-12-01T11:00:00+09:00', items: ALL_ITEMS },
      },
    });
    expect(res.status).toBeLessThan(300);
    const ctx = await contextOf('J-P1');
    expect(ctx.wardType).toBe('long_term_care');
    expect(ctx.preAdmissionSupport).toEqual({ at: '2026-12-01T11:00:00+09:00', items: ALL_ITEMS });
  });
});
