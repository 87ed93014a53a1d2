// Issue 15: a hospital information system sends HL7 v2 ADT messages to /v1/hospitals/{id}/hl7,
// signed like the JSON events; each becomes the hospital event it states and is answered with an ACK.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases } from '../../db/schema.js';
import { casePatient } from '../../engine/patients/index.js';
import { adt, iso2022jp, readAck, sendHl7 } from '../support/hl7.js';
import { startTestServer, type TestServer } from '../support/server.js';

const HOSPITAL = 'sanda-aino';

describe('HL7 v2 ADT over /hl7: ACK semantics, mapping, character sets', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
  });
  afterAll(async () => {
    await s.close();
  });

  const send = (body: string | Uint8Array, opts: { id?: string; secret?: string } = {}) =>
    sendHl7(s.base, s, HOSPITAL, body, opts);
  const ackOf = async (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('x-application/hl7-v2+er7');
    return readAck(await res.text());
  };
  const db = () => s.running.deps.database.db;
  const caseOf = async (visit: string) =>
    (await db().select().from(cases).where(eq(cases.hospitalizationId, visit)))[0];
  const eventCount = async () => (await db().select().from(caseEvents)).length;

  it('A01 入院実施 → admitted: AA with MSA-2 = MSH-10; kanji name sealed, kana kept for reading; EVN-2 read as JST', async () => {
    const ack = await ackOf(await send(adt({ trigger: 'A01', controlId: 'M-A01', visit: 'V-1' })));
    expect(ack).toEqual({ code: 'AA', controlId: 'M-A01', err: null });
    const row = await caseOf('V-1');
    expect(row?.state).toBe('eligibilityScreening'); // no care office known: route B until the hospital names one
    expect(await casePatient(s.running.deps, row!)).toEqual({
      name: '山田 太郎',
      birthDate: '1941-05-02',
      nameKana: 'ヤマダ タロウ',
    });
    const [admitted] = await db().select().from(caseEvents).where(eq(caseEvents.caseId, row!.id));
    expect(admitted?.occurredAt).toBe('2026-12-04T09:30:00+09:00');
    expect(JSON.stringify(admitted?.data)).not.toContain('山田');
  });

  it('a resent message (same MSH-10, new webhook-id) is answered AA again and records nothing', async () => {
    const before = await eventCount();
    const ack = await ackOf(await send(adt({ trigger: 'A01', controlId: 'M-A01', visit: 'V-1' }), { id: 'msg_other' }));
    expect(ack.code).toBe('AA');
    expect(await eventCount()).toBe(before);
  });

  it('AE names the field: PV1-19 missing, PID-5 missing, an unsupported trigger; nothing is recorded', async () => {
    const before = await eventCount();
    const noVisit = await ackOf(await send(adt({ trigger: 'A01', controlId: 'M-nv', visit: '' })));
    expect(noVisit.code).toBe('AE');
    expect(noVisit.controlId).toBe('M-nv');
    expect(noVisit.err).toMatch(/^ERR\|\|PV1\^1\^19\|101\^/);
    const noName = await ackOf(
      await send(adt({ trigger: 'A01', controlId: 'M-nn', visit: 'V-nn', name: null, kana: null })),
    );
    expect(noName.err).toMatch(/^ERR\|\|PID\^1\^5\|101\^/);
    for (const trigger of ['A04', 'A05'] as const) {
      const other = await ackOf(await send(adt({ trigger, controlId: `M-${trigger}`, visit: 'V-1' })));
      expect(other.code).toBe('AE');
      expect(other.err).toMatch(/^ERR\|\|MSH\^1\^9\|200\^/);
    }
    expect(await eventCount()).toBe(before);
  });

  it('a bad signature gets 401 and an unknown hospital 404, as problem+json', async () => {
    const bad = await send(adt({ trigger: 'A01', controlId: 'M-401', visit: 'V-401' }), {
      secret: `whsec_${Buffer.from('not the secret').toString('base64')}`,
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await sendHl7(s.base, s, 'no-such-hospital', adt({ trigger: 'A01', controlId: 'x' }), {
      secret: 'whsec_AAAA',
    });
    expect(unknown.status).toBe(404);
    expect(await caseOf('V-401')).toBeUndefined();
  });

  it('a body that is not HL7 at all gets 400 problem+json', async () => {
    const res = await send('{"type":"admitted"}');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { type: string }).type).toBe('urn:renkei:problem:not-hl7');
  });

  it('MSH-18 ~ISO IR87: the body is ISO-2022-JP and the Japanese name is decoded; LF between segments is tolerated', async () => {
    const text = adt({
      trigger: 'A01',
      controlId: 'M-jis',
      visit: 'V-jis',
      name: ['髙橋', '葉子'],
      kana: ['タカハシ', 'ヨウコ'],
      charset: '~ISO IR87',
    });
    const ack = await ackOf(await send(iso2022jp(text.replace(/\r/g, '\n'))));
    expect(ack.code).toBe('AA');
    const row = await caseOf('V-jis');
    expect(await casePatient(s.running.deps, row!)).toMatchObject({ name: '髙橋 葉子', nameKana: 'タカハシ ヨウコ' });
  });

  it('ISO-2022-JP with half-width kana or 外字 (user-defined rows) is refused with AE on MSH-18, never stored garbled', async () => {
    const text = adt({ trigger: 'A01', controlId: 'M-hw', visit: 'V-hw', charset: '~ISO IR87', name: ['山田', 'QQ'] });
    const jis = Buffer.from(iso2022jp(text)).toString('latin1');
    // The given name in half-width kana (ESC ( I ﾀﾛ), then in a user-defined 外字 row (ESC $ B 0x75 0x21).
    const withKana = Buffer.from(jis.replace('QQ', '\x1b(I\x40\x5b\x1b(B'), 'latin1');
    const gaiji = Buffer.from(jis.replace('QQ', '\x1b$B\x75\x21\x1b(B'), 'latin1');
    for (const body of [withKana, gaiji]) {
      const ack = await ackOf(await send(new Uint8Array(body)));
      expect(ack.code).toBe('AE');
      expect(ack.err).toMatch(/^ERR\|\|MSH\^1\^18\|102\^/);
    }
    expect(await caseOf('V-hw')).toBeUndefined();
  });

  it('A16 退院予定 → discharge planning started with PV2-9; A02 → the ward recorded; A13 after A03 → the discharge taken back', async () => {
    await send(adt({ trigger: 'A01', controlId: 'M-s1', visit: 'V-s' }));
    const planned = await ackOf(
      await send(
        adt({ trigger: 'A16', controlId: 'M-s2', visit: 'V-s', at: '202612040940', expectedDischarge: '20261215' }),
      ),
    );
    expect(planned.code).toBe('AA');
    let row = await caseOf('V-s');
    expect(row?.snapshot.context.dischargePlanning?.expectedDischargeDate).toBe('2026-12-15');
    expect(
      (
        await ackOf(
          await send(adt({ trigger: 'A02', controlId: 'M-s3', visit: 'V-s', at: '202612040945', ward: '5W^501' })),
        )
      ).code,
    ).toBe('AA');
    row = await caseOf('V-s');
    expect(row?.snapshot.context.ward).toBe('5W');
    const noDisposition = await ackOf(
      await send(adt({ trigger: 'A16', controlId: 'M-s4', visit: 'V-s', at: '202612040946' })),
    );
    expect(noDisposition.err).toMatch(/^ERR\|\|PV2\^1\^9\|101\^/);
    expect(
      (
        await ackOf(
          await send(adt({ trigger: 'A03', controlId: 'M-s5', visit: 'V-s', at: '202612040950', disposition: '01' })),
        )
      ).code,
    ).toBe('AA');
    expect((await caseOf('V-s'))?.state).toBe('discharged');
    expect(
      (await ackOf(await send(adt({ trigger: 'A13', controlId: 'M-s6', visit: 'V-s', at: '202612040955' })))).code,
    ).toBe('AA');
    row = await caseOf('V-s');
    expect(row?.state).toBe('dischargeStart');
    expect(row?.dischargedAt).toBeNull();
  });

  it("A03 退院実施: the hospital's own codes from the directory (PV1-37 first, then PV1-36), else HL7 table 0112", async () => {
    const discharge = async (visit: string, extra: { disposition?: string; location?: string }) => {
      await send(adt({ trigger: 'A01', controlId: `M-${visit}-1`, visit }));
      return ackOf(await send(adt({ trigger: 'A03', controlId: `M-${visit}-2`, visit, at: '202612041000', ...extra })));
    };
    expect((await discharge('V-roken', { disposition: '1', location: 'ROKEN' })).code).toBe('AA');
    expect((await caseOf('V-roken'))?.closedReason).toBe('discharged_to_facility');
    expect((await discharge('V-local', { disposition: '2' })).code).toBe('AA'); // local 2 = other hospital
    expect((await caseOf('V-local'))?.closedReason).toBe('transferred');
    expect((await discharge('V-home', { disposition: '01' })).code).toBe('AA'); // table 0112: home
    expect((await caseOf('V-home'))?.dischargeDestination).toBe('home');
    expect((await discharge('V-died', { disposition: '9' })).code).toBe('AA');
    expect((await caseOf('V-died'))?.closedReason).toBe('died');
    const unknown = await discharge('V-unk', { disposition: 'ZZ' });
    expect(unknown.err).toMatch(/^ERR\|\|PV1\^1\^36\|103\^/);
    expect((await caseOf('V-unk'))?.state).not.toBe('closed');
  });

  it('A11 入院取消 closes the case as cancelled; A08 corrects name and birth date, sealed like the original', async () => {
    await send(adt({ trigger: 'A01', controlId: 'M-c1', visit: 'V-c' }));
    const corrected = await ackOf(
      await send(
        adt({
          trigger: 'A08',
          controlId: 'M-c2',
          visit: 'V-c',
          at: '202612040935',
          name: ['山田', '太朗'],
          kana: ['ヤマダ', 'タロウ'],
          birthDate: '19410503',
        }),
      ),
    );
    expect(corrected.code).toBe('AA');
    const row = await caseOf('V-c');
    expect(row?.patient).not.toContain('太朗');
    expect(await casePatient(s.running.deps, row!)).toEqual({
      name: '山田 太朗',
      birthDate: '1941-05-03',
      nameKana: 'ヤマダ タロウ',
    });
    const log = await db().select().from(caseEvents).where(eq(caseEvents.caseId, row!.id));
    expect(JSON.stringify(log)).not.toContain('太朗');
    expect(
      (await ackOf(await send(adt({ trigger: 'A11', controlId: 'M-c3', visit: 'V-c', at: '202612040940' })))).code,
    ).toBe('AA');
    expect((await caseOf('V-c'))?.closedReason).toBe('admission_cancelled');
  });

  it('a fact for a visit never admitted is AE on PV1-19', async () => {
    const ack = await ackOf(
      await send(adt({ trigger: 'A03', controlId: 'M-none', visit: 'V-none', disposition: '01' })),
    );
    expect(ack.err).toMatch(/^ERR\|\|PV1\^1\^19\|204\^/);
  });
});
