// Issue 15: whatever bytes a hospital system sends to /hl7, the answer is an ACK (AA or AE) or a
// 400 problem for a body that is not HL7 at all — never a 5xx — and an AE records nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../../db/schema.js';
import { adt, iso2022jp, readAck, sendHl7 } from '../support/hl7.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Seeded: HL7_FUZZ_SEED=<n> replays a run; fast-check prints the seed of a failing one.
const SEED = Number(process.env.HL7_FUZZ_SEED ?? 20261215);

const TRIGGERS = ['A01', 'A02', 'A03', 'A08', 'A11', 'A13', 'A14', 'A16', 'A27', 'A04'] as const;
const junk = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    '|',
    '^',
    '~',
    '\\',
    '&',
    '\r',
    '\n',
    '\u0000',
    '\u202e',
    '\uFFFD',
    'ｱｲｳ',
    '髙',
    '20261399',
    '1899',
  ),
);
const message = fc.record({
  trigger: fc.constantFrom(...TRIGGERS),
  controlId: fc.oneof(fc.constantFrom('F-1', 'F-2', 'F-3', ''), fc.string({ maxLength: 8 })),
  visit: fc.oneof(fc.constantFrom('V-1', 'V-2', ''), junk),
  name: fc.option(fc.tuple(junk, junk), { nil: null }),
  birthDate: fc.oneof(fc.constantFrom('19410502', '19000101', '20991231', ''), junk),
  ward: junk,
  at: fc.oneof(fc.constantFrom('202612040930', '20261204', '202612041200+0000', ''), junk),
  expectedDischarge: fc.option(fc.oneof(fc.constantFrom('20261220'), junk), { nil: undefined }),
  expectedAdmission: fc.option(fc.oneof(fc.constantFrom('20261210', '202612100900'), junk), { nil: undefined }),
  disposition: fc.option(fc.oneof(fc.constantFrom('01', '1', '9', 'ZZ'), junk), { nil: undefined }),
  charset: fc.constantFrom('', '~ISO IR87', 'UNICODE UTF-8', 'SHIFT_JIS'),
});
const body = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(message, fc.constantFrom('\r', '\n', '\r\n')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.tuple(message, fc.nat({ max: 300 })) },
);

describe('/hl7 under fuzzing', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false, env: { WEBHOOK_RATE_PER_MINUTE: '100000' } });
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers 200 with an ACK (MSA-2 = MSH-10) or 400 problem+json, never 5xx; an AE changes nothing', async () => {
    const count = async () => (await s.running.deps.database.db.select().from(caseEvents)).length;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        let bytes: Uint8Array;
        if (b instanceof Uint8Array) bytes = b;
        else {
          const [m, tail] = b;
          const text = adt(m);
          const whole = typeof tail === 'string' ? text.replace(/\r/g, tail) : text.slice(0, tail);
          bytes = m.charset === '~ISO IR87' ? iso2022jp(whole) : new TextEncoder().encode(whole);
        }
        const before = await count();
        const res = await sendHl7(s.base, s, 'sanda-aino', bytes);
        expect([200, 400]).toContain(res.status);
        if (res.status === 400) {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(await count()).toBe(before);
          return;
        }
        const ack = readAck(await res.text());
        expect(['AA', 'AE']).toContain(ack.code);
        if (!(b instanceof Uint8Array)) {
          // MSA-2 is MSH-10 as sent, when the fields before it did not shift it (MSH-7 carries the junk time).
          const sent = b[0].controlId;
          if (sent.trim() && !/[|^~\\&\r\n]/.test(sent) && !/[|\r\n]/.test(b[0].at) && typeof b[1] === 'string')
            expect(ack.controlId).toBe(sent);
        }
        if (ack.code === 'AE') {
          expect(ack.err).toMatch(/^ERR\|/);
          expect(await count()).toBe(before);
        }
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
