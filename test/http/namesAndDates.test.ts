import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careOffices, cases } from '../../db/schema.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// Issue 20, item 10: dates in plausible ranges; a person's name and identifiers refused, not altered,
// when they hold a hidden character; names trimmed and NFC. The test clock reads 2026-12-04 11:00 JST.

type ProblemJson = { status: number; detail: string; errors?: { field: string; message: string }[] };

describe('names and dates a hospital sends are plausible, or refused naming the field', () => {
  let s: TestServer;
  const hospital = 'sanda-aino';
  let n = 0;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  /** Sends an admission changed by `edit`; a refusal must name `field` and open no case. */
  async function send(edit: (e: ReturnType<typeof admittedEvent>) => void) {
    const event = admittedEvent(`E-nd-${++n}`);
    edit(event);
    const res = await s.sendEvent(hospital, event);
    return { res, event };
  }
  async function expectRefused(edit: (e: ReturnType<typeof admittedEvent>) => void, field: string) {
    const before = (await s.running.deps.database.db.select().from(cases)).length;
    const { res } = await send(edit);
    expect(res.status, field).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as ProblemJson;
    expect(body.errors?.map((e) => e.field)).toEqual([field]);
    expect(body.detail).toContain(field);
    expect((await s.running.deps.database.db.select().from(cases)).length).toBe(before);
  }

  it.each(['0001-01-01T00:00:00+09:00', '1900-01-01T00:00:00+09:00', '1999-12-31T23:59:59+09:00'])(
    'occurredAt %s (before 2000-01-01) gets 400 naming occurredAt',
    async (occurredAt) => {
      await expectRefused((e) => {
        e.occurredAt = occurredAt;
      }, 'occurredAt');
    },
  );

  it('occurredAt 2000-01-01 00:00 in Japan is accepted; 10 minutes ahead still is, 11 minutes is not', async () => {
    expect(
      (
        await send((e) => {
          e.occurredAt = '2000-01-01T00:00:00+09:00';
        })
      ).res.status,
    ).toBe(202);
    expect(
      (
        await send((e) => {
          e.occurredAt = '2026-12-04T11:10:00+09:00';
        })
      ).res.status,
    ).toBe(202);
    await expectRefused((e) => {
      e.occurredAt = '2026-12-04T11:11:00+09:00';
    }, 'occurredAt');
  });

  it.each(['0000-01-01', '1899-12-31', '2026-12-05', '2999-01-01'])(
    'birth date %s (outside 1900-01-01 to today) gets 400 naming data.patient.birthDate',
    async (birthDate) => {
      await expectRefused((e) => {
        e.data.patient.birthDate = birthDate;
      }, 'data.patient.birthDate');
    },
  );

  it('birth dates 1900-01-01 and today are accepted', async () => {
    expect(
      (
        await send((e) => {
          e.data.patient.birthDate = '1900-01-01';
        })
      ).res.status,
    ).toBe(202);
    expect(
      (
        await send((e) => {
          e.data.patient.birthDate = '2026-12-04';
        })
      ).res.status,
    ).toBe(202);
  });

  it.each([
    ['only spaces', '   '],
    ['only ideographic spaces', '\u3000\u3000'],
    ['a NUL', '山田\u0000花子'],
    ['a line break', '山田\n花子'],
    ['a right-to-left override (U+202E)', '山田\u202E花子'],
    ['a lone high surrogate', '山田\uD800花子'],
    ['a lone low surrogate', '山田\uDC00花子'],
  ])("a patient's name with %s gets 400 naming data.patient.name", async (_, name) => {
    await expectRefused((e) => {
      e.data.patient.name = name;
    }, 'data.patient.name');
  });

  it('a ward of only spaces gets 400 naming data.ward', async () => {
    await expectRefused((e) => {
      e.data.ward = ' \u3000 ';
    }, 'data.ward');
  });

  it.each([
    ['a right-to-left override', 'E-\u202E77'],
    ['a NUL', 'E-\u000077'],
    ['only spaces', '   '],
  ])('a hospitalizationId with %s gets 400 naming it (never silently another id)', async (_, hospitalizationId) => {
    await expectRefused((e) => {
      e.hospitalizationId = hospitalizationId;
    }, 'hospitalizationId');
  });

  it('a careOfficeId with a bidi override gets 400 naming data.careOfficeId, not the cleaned office', async () => {
    await expectRefused((e) => {
      e.data.careOfficeId = 'sanda-\u202Ekyotaku-01';
    }, 'data.careOfficeId');
  });

  it("a patient's name is kept trimmed and composed (NFC)", async () => {
    const { res } = await send((e) => {
      // か + combining dakuten (NFD) between spaces.
      e.data.patient.name = ' \u3000山田 か\u3099よ ';
    });
    expect(res.status).toBe(202);
    const { caseId } = (await res.json()) as { caseId: string };
    const detail = (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as {
      patient: { name: string };
    };
    expect(detail.patient.name).toBe('山田 がよ');
  });

  it("a care office's or a transfer hospital's name of only spaces gets 400 naming it (the administrators' API)", async () => {
    const res = await s.admin('/v1/admin/care-offices/blank-office', {
      method: 'PUT',
      body: { name: ' \u3000 ', email: 'blank@example.jp', region: 'sanda' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ProblemJson).errors?.map((e) => e.field)).toEqual(['name']);
    expect(
      await s.running.deps.database.db.select().from(careOffices).where(eq(careOffices.id, 'blank-office')),
    ).toEqual([]);
    const { res: admitted } = await send(() => {});
    expect(admitted.status).toBe(202);
    const transfer = await s.sendEvent(hospital, {
      type: 'transferred',
      hospitalizationId: `E-nd-${n}`,
      occurredAt: '2026-12-04T10:45:00+09:00',
      data: { toHospitalName: '   ' },
    });
    expect(transfer.status).toBe(400);
    expect(((await transfer.json()) as ProblemJson).errors?.map((e) => e.field)).toEqual(['data.toHospitalName']);
  });
});
