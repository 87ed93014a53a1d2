// A copy of the database is not enough: task links and the patient hash are keyed by keys derived
// from RENKEI_SECRET (one per purpose, HKDF), and a link is good only while its task row says so.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, settings, tasks } from '../../db/schema.js';
import { rotateBatch } from '../../engine/access/index.js';
import { base64url, fromBase64url, hmacSha256 } from '../../engine/crypto/index.js';
import { signTaskToken, taskLink } from '../../engine/links/index.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

const SECRET = 'a-test-secret-of-32-characters-or-more-0123';
const PATIENT = { name: '連携 花子', birthDate: '1938-04-01' };
const hashed = `patient-v1|${PATIENT.name.normalize('NFKC').replace(/\s+/g, '')}|${PATIENT.birthDate}`;

describe('a copy of the database cannot forge a task link or test for a patient', () => {
  let s: TestServer;
  const db = () => s.running.deps.database.db;
  const admit = async (encounter: string, occurredAt?: string) =>
    (
      (await (
        await s.sendEvent('sanda-shimin', {
          ...admittedEvent(encounter),
          ...(occurredAt ? { occurredAt } : {}),
          data: { ...admittedEvent(encounter).data, patient: PATIENT },
        })
      ).json()) as { caseId: string }
    ).caseId;
  const caseRow = async (caseId: string) => (await db().select().from(cases).where(eq(cases.id, caseId)))[0]!;
  const ackTask = async (caseId: string) =>
    (await db().select().from(tasks).where(eq(tasks.caseId, caseId))).find((t) => t.kind === 'acknowledge_admission')!;

  beforeAll(async () => {
    s = await startTestServer({ smtp: false, env: { RENKEI_SECRET: SECRET } });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('a link whose token claims a later expiry than its task row answers expired (410) once the row has expired', async () => {
    const caseId = await admit('E-expiry');
    const task = await ackTask(caseId);
    const forged = await taskLink(s.running.deps, { ...task, expiresAt: task.expiresAt + 365 * 86_400_000 });
    expect((await fetch(forged)).status).toBe(200);
    s.clock.set(new Date(task.expiresAt + 60_000).toISOString());
    const res = await fetch(forged);
    expect(res.status).toBe(410);
    expect(await res.text()).not.toContain('連携');
    const post = await fetch(forged, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) });
    expect(post.status).toBe(410);
    expect((await ackTask(caseId)).doneAt).toBeNull();
    s.clock.set('2026-12-04T11:00:00+09:00');
  });

  it('nothing the database holds, nor the secret itself, signs a link or computes the patient hash', async () => {
    const caseId = await admit('E-copy');
    const { patientKey } = await caseRow(caseId);
    const task = await ackTask(caseId);
    const candidates = [
      new TextEncoder().encode(SECRET),
      ...(await db().select().from(settings)).flatMap((r) => [
        new TextEncoder().encode(r.value),
        fromBase64url(r.value),
      ]),
    ];
    for (const key of candidates) {
      const token = await signTaskToken(key, {
        taskId: task.id,
        expiresAt: task.expiresAt,
        generation: task.linkGeneration,
      });
      expect((await fetch(`${s.base}/t/${token}`)).status).not.toBe(200);
      expect(patientKey).not.toContain(base64url(await hmacSha256(key, hashed)));
    }
    // And the two purposes have separate keys: the link key does not compute the patient hash.
    expect(patientKey).not.toContain(base64url(await hmacSha256(s.running.deps.keys.links, hashed)));
  });

  it('a stay hashed by an earlier version (under the secret itself) is still found, and keys:rotate hashes it again', async () => {
    const first = await admit('E-legacy', '2026-11-01T10:00:00+09:00');
    const legacyKey = base64url(await hmacSha256(new TextEncoder().encode(SECRET), hashed));
    await db().update(cases).set({ patientKey: legacyKey }).where(eq(cases.id, first));
    const discharged = await s.sendEvent('sanda-shimin', {
      type: 'discharged',
      hospitalizationId: 'E-legacy',
      occurredAt: '2026-11-20T10:00:00+09:00',
      data: { destination: 'home', nursingSummarySent: true },
    });
    expect(discharged.status).toBeLessThan(300);
    const again = await admit('E-legacy-2', '2026-12-01T10:00:00+09:00');
    const row = await caseRow(again);
    expect(row.snapshot.context.previousStay).toEqual({ caseId: first, reason: 'readmission' });
    await rotateBatch(s.running.deps);
    expect((await caseRow(first)).patientKey).toBe(row.patientKey);
  });
});
