import { and, eq, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Statement } from '../../db/database.js';
import { accounts, carePlanCopies, caseEvents, cases, inboundRejections, nursingSummaries } from '../../db/schema.js';
import { isSealed, open, seal } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import {
  carePlanCopySealContext,
  casePatient,
  nursingSummaryContext,
  PATIENT_KEY_PREFIX,
  patientKey,
  sealPatient,
} from '../patients/index.js';
import { refusedBodyContext } from './refusedRequests.js';
import { totpSealContext } from './twoFactor.js';

// Key rotation: every sealed value not under the current key is opened with its own (older) key
// and sealed again under the current one, a batch at a time. Each batch commits on its own and only
// changes a row that still holds what was read, so a run can stop anywhere and be started again,
// and a second run finds nothing to do. Rows from before encryption (patient in the snapshot and
// the admission's event, refused bodies in plain text) are sealed the same way, and a patient hash
// from before the keys were derived from RENKEI_SECRET is computed again under the current key.

/** `rotated`: values read and written again in this batch; `remaining`: values not yet under the current key. */
export interface RotationBatch {
  rotated: number;
  remaining: number;
}

/** A value this column holds that is not sealed under the current key (an exact prefix: `_` is a LIKE wildcard). */
function notCurrent(deps: Deps, column: SQLiteColumn): SQL {
  const prefix = `enc:v1:${deps.dataKeys.current}:`;
  return or(isNull(column), sql`substr(${column}, 1, ${prefix.length}) <> ${prefix}`)!;
}

/** A patient hash from before the keys were derived from RENKEI_SECRET: hashed again with the patient's key. */
const oldPatientKey = sql`substr(${cases.patientKey}, 1, ${PATIENT_KEY_PREFIX.length}) <> ${PATIENT_KEY_PREFIX}`;

function casesToDo(deps: Deps): SQL {
  return or(
    notCurrent(deps, cases.patient),
    isNotNull(sql`json_extract(${cases.snapshot}, '$.context.patient')`),
    oldPatientKey,
  )!;
}

type Json = Record<string, unknown>;

/** An admission's logged body and fact without the patient (rows written before encryption kept them). */
function withoutPatient(entry: { data: unknown; fact: unknown }): { data: unknown; fact: unknown } {
  const { patient: _p, ...data } = (entry.data ?? {}) as Json;
  const fact = entry.fact as { input?: Json } | null;
  if (!fact?.input) return { data, fact };
  const { patient: _q, ...input } = fact.input;
  return { data, fact: { ...fact, input } };
}

async function caseStatements(deps: Deps, limit: number): Promise<{ values: number; statements: Statement[] }> {
  const { db } = deps.database;
  const rows = await db
    .select({ id: cases.id, patient: cases.patient, snapshot: cases.snapshot, version: cases.version })
    .from(cases)
    .where(casesToDo(deps))
    .limit(limit);
  if (rows.length === 0) return { values: 0, statements: [] };
  const statements: Statement[] = [];
  const legacy = rows.filter((r) => r.patient === null || 'patient' in r.snapshot.context);
  const admissions =
    legacy.length === 0
      ? []
      : await db
          .select({ id: caseEvents.id, data: caseEvents.data, fact: caseEvents.fact })
          .from(caseEvents)
          .where(
            and(
              inArray(
                caseEvents.caseId,
                legacy.map((r) => r.id),
              ),
              eq(caseEvents.type, 'admitted'),
            ),
          );
  for (const row of rows) {
    const patient = await casePatient(deps, row);
    const sealed = await sealPatient(deps, row.id, patient);
    const hash = await patientKey(deps, patient);
    if (legacy.includes(row)) {
      // A snapshot from before encryption holds the patient in its context, outside the machine's type.
      const { patient: _, ...context } = row.snapshot.context as typeof row.snapshot.context & { patient?: unknown };
      // The whole snapshot is written back, so only if no event changed the case meanwhile.
      statements.push(
        db
          .update(cases)
          .set({ patient: sealed, patientKey: hash, snapshot: { ...row.snapshot, context } })
          .where(and(eq(cases.id, row.id), eq(cases.version, row.version))),
      );
    } else {
      statements.push(
        db
          .update(cases)
          .set({ patient: sealed, patientKey: hash })
          .where(and(eq(cases.id, row.id), eq(cases.patient, row.patient!))),
      );
    }
  }
  for (const event of admissions)
    statements.push(db.update(caseEvents).set(withoutPatient(event)).where(eq(caseEvents.id, event.id)));
  return { values: rows.length, statements };
}

async function refusedStatements(deps: Deps, limit: number): Promise<Statement[]> {
  const { db } = deps.database;
  const rows = await db.select().from(inboundRejections).where(notCurrent(deps, inboundRejections.body)).limit(limit);
  const statements: Statement[] = [];
  // Built in a loop, not returned from async callbacks: a drizzle query is a thenable and would run.
  for (const r of rows) {
    const context = refusedBodyContext(r);
    const plain = isSealed(r.body) ? await open(deps.dataKeys, r.body, context) : r.body;
    statements.push(
      db
        .update(inboundRejections)
        .set({ body: await seal(deps.dataKeys, plain, context) })
        .where(and(eq(inboundRejections.id, r.id), eq(inboundRejections.body, r.body))),
    );
  }
  return statements;
}

/** Care plans' copies (PDFs of a few MB each): a few per batch keep one write small. */
const CARE_PLAN_COPIES_PER_BATCH = 5;

async function carePlanCopyStatements(deps: Deps, limit: number): Promise<Statement[]> {
  const { db } = deps.database;
  const rows = await db
    .select({ id: carePlanCopies.id, pdf: carePlanCopies.pdf })
    .from(carePlanCopies)
    .where(notCurrent(deps, carePlanCopies.pdf))
    .limit(Math.min(limit, CARE_PLAN_COPIES_PER_BATCH));
  const statements: Statement[] = [];
  for (const r of rows) {
    const context = carePlanCopySealContext(r.id);
    const resealed = await seal(deps.dataKeys, await open(deps.dataKeys, r.pdf, context), context);
    statements.push(
      db
        .update(carePlanCopies)
        .set({ pdf: resealed })
        .where(and(eq(carePlanCopies.id, r.id), eq(carePlanCopies.pdf, r.pdf))),
    );
  }
  return statements;
}

/** 看護サマリー sealed under an older key: opened and sealed again, bound to the same row. */
async function summaryStatements(deps: Deps, limit: number): Promise<Statement[]> {
  const { db } = deps.database;
  const rows = await db
    .select({ id: nursingSummaries.id, content: nursingSummaries.content })
    .from(nursingSummaries)
    .where(notCurrent(deps, nursingSummaries.content))
    .limit(limit);
  const statements: Statement[] = [];
  for (const r of rows) {
    const context = nursingSummaryContext(r.id);
    const plain = await open(deps.dataKeys, r.content, context);
    statements.push(
      db
        .update(nursingSummaries)
        .set({ content: await seal(deps.dataKeys, plain, context) })
        .where(and(eq(nursingSummaries.id, r.id), eq(nursingSummaries.content, r.content))),
    );
  }
  return statements;
}

/** An account whose TOTP secret (confirmed or shown for enrolment) is sealed under an older key. */
function totpToDo(deps: Deps): SQL {
  return or(
    and(isNotNull(accounts.totpSecret), notCurrent(deps, accounts.totpSecret)),
    and(isNotNull(accounts.totpPendingSecret), notCurrent(deps, accounts.totpPendingSecret)),
  )!;
}

async function totpStatements(deps: Deps, limit: number): Promise<Statement[]> {
  const { db } = deps.database;
  const rows = await db
    .select({ id: accounts.id, secret: accounts.totpSecret, pending: accounts.totpPendingSecret })
    .from(accounts)
    .where(totpToDo(deps))
    .limit(limit);
  const reseal = async (id: string, value: string | null) =>
    value === null
      ? null
      : seal(deps.dataKeys, await open(deps.dataKeys, value, totpSealContext(id)), totpSealContext(id));
  const statements: Statement[] = [];
  for (const r of rows) {
    const unchanged = and(
      eq(accounts.id, r.id),
      r.secret === null ? isNull(accounts.totpSecret) : eq(accounts.totpSecret, r.secret),
      r.pending === null ? isNull(accounts.totpPendingSecret) : eq(accounts.totpPendingSecret, r.pending),
    );
    statements.push(
      db
        .update(accounts)
        .set({ totpSecret: await reseal(r.id, r.secret), totpPendingSecret: await reseal(r.id, r.pending) })
        .where(unchanged),
    );
  }
  return statements;
}

/** How many values are not yet sealed under the current key. */
export async function valuesToRotate(deps: Deps): Promise<number> {
  const { db } = deps.database;
  const [[c], [r], [t], [p], [n]] = await db.batch([
    db.select({ n: sql<number>`count(*)` }).from(cases).where(casesToDo(deps)),
    db.select({ n: sql<number>`count(*)` }).from(inboundRejections).where(notCurrent(deps, inboundRejections.body)),
    db.select({ n: sql<number>`count(*)` }).from(accounts).where(totpToDo(deps)),
    db.select({ n: sql<number>`count(*)` }).from(carePlanCopies).where(notCurrent(deps, carePlanCopies.pdf)),
    db.select({ n: sql<number>`count(*)` }).from(nursingSummaries).where(notCurrent(deps, nursingSummaries.content)),
  ]);
  return Number(c!.n) + Number(r!.n) + Number(t!.n) + Number(p!.n) + Number(n!.n);
}

/**
 * Re-seals up to `batchSize` cases, as many refused bodies, accounts' TOTP secrets and nursing summaries, and a few care plans' copies, under the current key, in one
 * atomic write. A value whose key is not configured stops the run with a DataKeyError naming it.
 */
export async function rotateBatch(deps: Deps, batchSize = 100): Promise<RotationBatch> {
  const fromCases = await caseStatements(deps, batchSize);
  const refused = await refusedStatements(deps, batchSize);
  const totp = await totpStatements(deps, batchSize);
  const copies = await carePlanCopyStatements(deps, batchSize);
  const summaries = await summaryStatements(deps, batchSize);
  const statements = [...fromCases.statements, ...refused, ...totp, ...copies, ...summaries];
  if (statements.length > 0) await deps.database.commit(statements);
  const remaining = await valuesToRotate(deps);
  const rotated = fromCases.values + refused.length + totp.length + copies.length + summaries.length;
  deps.log.info('data keys rotated', { rotated, remaining, key: deps.dataKeys.current });
  return { rotated, remaining };
}
