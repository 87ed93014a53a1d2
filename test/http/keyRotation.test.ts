// Issue 8 (security): rotating the data key. Add the new key first, deploy, run `npm run keys:rotate`,
// remove the old key once it reports 0 remaining. Rows written before encryption are sealed too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibsqlDatabase } from '../../db/database.js';
import { refusedRequests, rotateBatch } from '../../engine/access/index.js';
import { caseDetail } from '../../engine/console/index.js';
import { DataKeyError } from '../../engine/crypto/index.js';
import { casePatient } from '../../engine/patients/index.js';
import { runKeysRotate } from '../support/atRest.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const K1 = `k1:${key(1)}`;
const K2 = `k2:${key(2)}`;

const PATIENTS = {
  'E-rot-1': { name: '鍵一 太郎', birthDate: '1939-01-11' },
  'E-rot-2': { name: '鍵二 花子', birthDate: '1940-02-12' },
  'E-rot-3': { name: '鍵三 次郎', birthDate: '1941-03-13' },
} as const;
type Encounter = keyof typeof PATIENTS;

describe('data key rotation: k1 → k2 without losing a name, resumable, then k1 removed', () => {
  let dir: string;
  let s: TestServer | null = null;
  const caseIds: Partial<Record<Encounter, string>> = {};
  const start = async (keys: string) => {
    await s?.close();
    s = await startTestServer({ dir, smtp: false, env: { RENKEI_DATA_KEYS: keys } });
    return s;
  };
  const client = () => (s!.running.deps.database as LibsqlDatabase).client;
  const admit = async (encounter: Encounter) => {
    const event = admittedEvent(encounter);
    const res = await s!.sendEvent('sanda-shimin', { ...event, data: { ...event.data, patient: PATIENTS[encounter] } });
    expect(res.status).toBe(202);
    caseIds[encounter] = ((await res.json()) as { caseId: string }).caseId;
  };
  const patientOf = async (encounter: Encounter) =>
    ((await (await s!.admin(`/v1/admin/hospitalizations/${caseIds[encounter]}`)).json()) as { patient: unknown })
      .patient;
  const sealedKeys = async () => {
    const [c, r] = await client().batch(
      ['SELECT patient AS v FROM cases ORDER BY id', 'SELECT body AS v FROM inbound_rejections ORDER BY id'],
      'read',
    );
    return [...c!.rows, ...r!.rows].map((row) =>
      row.v === null ? 'plain' : (/^enc:v1:([^:]+):/.exec(String(row.v))?.[1] ?? 'plain'),
    );
  };
  const env = (keys: string) => ({
    DATABASE_URL: `file:${join(dir, 'renkei.db')}`,
    RENKEI_DATA_KEYS: keys,
    RENKEI_ADMIN_TOKEN: 'x'.repeat(20),
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-rotation-'));
    await start(K1);
    await registerCareOffice(s!);
  });
  afterAll(async () => {
    await s?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('under k1: two admissions and a refused body; one case is then made to look as it did before encryption', async () => {
    await admit('E-rot-1');
    await admit('E-rot-2');
    const bad = admittedEvent('E-rot-bad');
    expect(
      (
        await s!.sendEvent('sanda-shimin', {
          ...bad,
          data: { ...bad.data, patient: { name: '鍵誤 三郎', birthDate: '1941/05/02' } },
        })
      ).status,
    ).toBe(400);
    // A database from before this change: the patient in the snapshot and the admission's log, a refused body in plain text.
    const legacy = JSON.stringify(PATIENTS['E-rot-2']);
    await client().batch(
      [
        {
          sql: "UPDATE cases SET patient = NULL, snapshot = json_set(snapshot, '$.context.patient', json(?)) WHERE id = ?",
          args: [legacy, caseIds['E-rot-2']!],
        },
        {
          sql: "UPDATE case_events SET data = json_set(data, '$.patient', json(?)), fact = json_set(fact, '$.input.patient', json(?)) WHERE case_id = ? AND type = 'admitted'",
          args: [legacy, legacy, caseIds['E-rot-2']!],
        },
        {
          sql: "INSERT INTO inbound_rejections (hospital_id, webhook_id, received_at, status, problem, body) VALUES ('sanda-shimin', 'msg_legacy', 0, 400, '{}', ?)",
          args: ['{"name":"鍵古 四郎"}'],
        },
      ],
      'write',
    );
    expect((await sealedKeys()).sort()).toEqual(['k1', 'k1', 'plain', 'plain']);
    expect(await patientOf('E-rot-2')).toEqual(PATIENTS['E-rot-2']);
  });

  it('with k2,k1 configured: old values still read, new ones are sealed under k2', async () => {
    await start(`${K2},${K1}`);
    expect(await patientOf('E-rot-1')).toEqual(PATIENTS['E-rot-1']);
    expect(await patientOf('E-rot-2')).toEqual(PATIENTS['E-rot-2']);
    await admit('E-rot-3');
    expect(await patientOf('E-rot-3')).toEqual(PATIENTS['E-rot-3']);
    expect((await sealedKeys()).sort()).toEqual(['k1', 'k1', 'k2', 'plain', 'plain']);
  });

  it('rotation is resumable: one small batch, then `npm run keys:rotate` finishes and reports 0 remaining; a second run finds nothing', async () => {
    const first = await rotateBatch(s!.running.deps, 1);
    expect(first).toEqual({ rotated: 2, remaining: 2 });
    const run = await runKeysRotate(env(`${K2},${K1}`), ['--batch', '1']);
    console.log(run.stdout.trim());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 values to re-encrypt');
    expect(run.stdout).toMatch(/0 remaining: every value is under key "k2"/);
    const again = await runKeysRotate(env(`${K2},${K1}`));
    expect(again.stdout).toContain('0 values to re-encrypt');
    expect(await sealedKeys()).toEqual(['k2', 'k2', 'k2', 'k2', 'k2']);
  });

  it('the case from before encryption lost the plain copies: snapshot and admission log no longer hold the patient', async () => {
    const rows = await client().execute({
      sql: "SELECT c.snapshot, e.data, e.fact FROM cases c JOIN case_events e ON e.case_id = c.id AND e.type = 'admitted' WHERE c.id = ?",
      args: [caseIds['E-rot-2']!],
    });
    expect(rows.rows).toHaveLength(1);
    expect(JSON.stringify(rows.rows[0])).not.toContain('鍵二');
    expect(JSON.stringify(rows.rows[0])).toContain('4階東病棟');
  });

  it('with k2 alone every name, birth date and refused body reads', async () => {
    await start(K2);
    for (const encounter of Object.keys(PATIENTS) as Encounter[])
      expect(await patientOf(encounter)).toEqual(PATIENTS[encounter]);
    const bodies = (await refusedRequests(s!.running.deps)).map((r) => r.body);
    expect(bodies.some((b) => b.includes('鍵誤 三郎'))).toBe(true);
    expect(bodies).toContain('{"name":"鍵古 四郎"}');
  });

  it('without the key a value was sealed with, or with another key under its id, reading fails with a clear error, never garbage', async () => {
    await start(`k3:${key(3)}`);
    const deps = s!.running.deps;
    const missing = await caseDetail(deps, caseIds['E-rot-1']!).then(
      () => null,
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(DataKeyError);
    expect((missing as Error).message).toContain('sealed with data key "k2", which is not configured');
    const res = await s!.admin(`/v1/admin/hospitalizations/${caseIds['E-rot-1']}`);
    expect(res.status).toBe(500);
    const problem = await res.text();
    expect(problem).not.toContain('鍵一');
    expect(JSON.parse(problem)).toMatchObject({
      type: 'urn:renkei:problem:data-key',
      detail: expect.stringContaining('"k2", which is not configured'),
    });
    const rotate = await runKeysRotate(env(`k3:${key(3)}`));
    expect(rotate.code).toBe(1);
    expect(rotate.stderr).toContain('"k2", which is not configured');

    await start(`k2:${key(9)}`);
    const [row] = (
      await client().execute({
        sql: 'SELECT id, patient, snapshot FROM cases WHERE id = ?',
        args: [caseIds['E-rot-1']!],
      })
    ).rows;
    const wrong = await casePatient(s!.running.deps, {
      id: String(row!.id),
      patient: String(row!.patient),
      snapshot: JSON.parse(String(row!.snapshot)),
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(DataKeyError);
    expect((wrong as Error).message).toContain('data key "k2" does not open this value');
  });

  it('over HTTP too (Workers with D1): the admin endpoint rotates a batch and says what remains', async () => {
    await start(`k4:${key(4)},${K2}`);
    const res = await s!.admin('/v1/admin/data-keys/rotate?batch=500', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ currentKey: 'k4', rotated: 5, remaining: 0 });
    expect(await sealedKeys()).toEqual(['k4', 'k4', 'k4', 'k4', 'k4']);
  });
});

describe('a case from before encryption, corrected before any rotation', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('keeps its patient: the rebuild from the log seals the one from the snapshot', async () => {
    const { caseId } = (await (await s.sendEvent('sanda-shimin', admittedEvent('E-legacy-fix'))).json()) as {
      caseId: string;
    };
    const fact = {
      type: 'treatment_plan_shared',
      hospitalizationId: 'E-legacy-fix',
      occurredAt: '2026-12-04T10:40:00+09:00',
      data: {},
    };
    expect((await s.sendEvent('sanda-shimin', fact, { id: 'msg_plan' })).status).toBe(202);
    const client = (s.running.deps.database as LibsqlDatabase).client;
    await client.execute({
      sql: "UPDATE cases SET patient = NULL, snapshot = json_set(snapshot, '$.context.patient', json(?)) WHERE id = ?",
      args: [JSON.stringify({ name: '山田 花子', birthDate: '1941-05-02' }), caseId],
    });
    const retraction = {
      type: 'event_retracted',
      hospitalizationId: 'E-legacy-fix',
      occurredAt: '2026-12-04T10:50:00+09:00',
      data: { webhookId: 'msg_plan', reason: '誤送信' },
    };
    expect((await s.sendEvent('sanda-shimin', retraction)).status).toBe(202);
    const detail = (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as { patient: unknown };
    expect(detail.patient).toEqual({ name: '山田 花子', birthDate: '1941-05-02' });
    const [row] = (await client.execute({ sql: 'SELECT patient, snapshot FROM cases WHERE id = ?', args: [caseId] }))
      .rows;
    expect(String(row!.patient)).toMatch(/^enc:v1:dev:/);
    expect(String(row!.snapshot)).not.toContain('山田');
  });
});
