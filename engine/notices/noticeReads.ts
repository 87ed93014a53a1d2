import { asc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { careOffices, cases, contactWindows, hospitals, type outbox, tasks } from '../../db/schema.js';
import type { Deps } from '../deps.js';
import { casePatient, type Patient } from '../patients/index.js';

type Row = Pick<typeof outbox.$inferSelect, 'caseId' | 'recipientKind' | 'recipientId' | 'taskId'>;
type CaseRow = typeof cases.$inferSelect;
type OfficeRow = typeof careOffices.$inferSelect;
type HospitalRow = typeof hospitals.$inferSelect;
type WindowRow = typeof contactWindows.$inferSelect;
type TaskRow = typeof tasks.$inferSelect;

/**
 * What composing a set of notices reads (a dispatch's claimed chunk, a digest's held notices, one
 * notice shown behind its link): their cases with the snapshot, the care offices, hospitals and
 * windows they name or their cases name, and their tasks, read together in one batch, not per
 * notice. Composers take what they need from here; an entry the batch did not ask for (a receiving
 * hospital of a transfer, say) is read on first use and kept. Each case's patient is opened once.
 */
export class NoticeReads {
  private readonly patients = new Map<string, Promise<Patient>>();

  private constructor(
    private readonly deps: Deps,
    private readonly cases: Map<string, CaseRow | null>,
    private readonly offices: Map<string, OfficeRow | null>,
    private readonly hospitals: Map<string, HospitalRow | null>,
    /** A hospital's windows by id, for every hospital read. */
    private readonly windowsOf: Map<string, WindowRow[]>,
    /** Windows asked for by id (a notice to a hospital window), null when gone. */
    private readonly windows: Map<string, WindowRow | null>,
    private readonly tasks: Map<string, TaskRow | null>,
  ) {}

  /** One read batch for all the notices' rows (nothing read when none names anything). */
  static async of(deps: Deps, rows: readonly Row[]): Promise<NoticeReads> {
    const { db } = deps.database;
    const ids = (pick: (r: Row) => string | null) => [...new Set(rows.flatMap((r) => pick(r) ?? []))];
    const recipients = (kind: Row['recipientKind']) => ids((r) => (r.recipientKind === kind ? r.recipientId : null));
    // A transfer to a hospital outside the directory names the case as its recipient.
    const caseIds = [...new Set([...ids((r) => r.caseId), ...recipients('receiving_hospital')])];
    const officeIds = recipients('care_office');
    const hospitalIds = recipients('hospital');
    const windowIds = recipients('hospital_window');
    const taskIds = ids((r) => r.taskId);
    // The cases' hospitals and offices, and the windows' hospitals, are chosen inside the batch.
    const anyOf = (...conditions: (SQL | false)[]) => or(...conditions.filter((c): c is SQL => c !== false)) ?? sql`0`;
    const anyHospital = (column: typeof hospitals.id | typeof contactWindows.hospitalId) =>
      anyOf(
        hospitalIds.length > 0 && inArray(column, hospitalIds),
        caseIds.length > 0 &&
          inArray(column, db.select({ id: cases.hospitalId }).from(cases).where(inArray(cases.id, caseIds))),
        windowIds.length > 0 &&
          inArray(
            column,
            db
              .select({ id: contactWindows.hospitalId })
              .from(contactWindows)
              .where(inArray(contactWindows.id, windowIds)),
          ),
      );
    const anyOffice = anyOf(
      officeIds.length > 0 && inArray(careOffices.id, officeIds),
      caseIds.length > 0 &&
        inArray(careOffices.id, db.select({ id: cases.careOfficeId }).from(cases).where(inArray(cases.id, caseIds))),
    );
    const reads = new NoticeReads(deps, new Map(), new Map(), new Map(), new Map(), new Map(), new Map());
    if (caseIds.length + officeIds.length + hospitalIds.length + windowIds.length + taskIds.length === 0) return reads;
    const [caseRows, officeRows, hospitalRows, windowRows, taskRows] = await db.batch([
      db.select().from(cases).where(inArray(cases.id, caseIds)),
      db.select().from(careOffices).where(anyOffice),
      db.select().from(hospitals).where(anyHospital(hospitals.id)),
      db.select().from(contactWindows).where(anyHospital(contactWindows.hospitalId)).orderBy(asc(contactWindows.id)),
      db.select().from(tasks).where(inArray(tasks.id, taskIds)),
    ]);
    reads.fill(reads.cases, caseIds, caseRows);
    reads.fill(reads.offices, [...officeIds, ...caseRows.flatMap((c) => c.careOfficeId ?? [])], officeRows);
    reads.fill(reads.hospitals, [...hospitalIds, ...caseRows.map((c) => c.hospitalId)], hospitalRows);
    for (const h of hospitalRows) reads.windowsOf.set(h.id, []);
    for (const w of windowRows) reads.windowsOf.get(w.hospitalId)?.push(w);
    reads.fill(reads.windows, windowIds, windowRows);
    reads.fill(reads.tasks, taskIds, taskRows);
    return reads;
  }

  /** The rows read, by id; an id asked for and not found is known to be missing (null). */
  private fill<T extends { id: string }>(into: Map<string, T | null>, asked: string[], rows: T[]): void {
    for (const id of asked) into.set(id, null);
    for (const r of rows) into.set(r.id, r);
  }

  /** From the batch, or read now when the batch did not ask for it, and kept. */
  private async entry<T>(into: Map<string, T | null>, id: string, read: () => Promise<T[]>): Promise<T | null> {
    if (into.has(id)) return into.get(id) ?? null;
    const [row] = await read();
    into.set(id, row ?? null);
    return row ?? null;
  }

  case(id: string): Promise<CaseRow | null> {
    return this.entry(this.cases, id, () => this.deps.database.db.select().from(cases).where(eq(cases.id, id)));
  }

  office(id: string): Promise<OfficeRow | null> {
    return this.entry(this.offices, id, () =>
      this.deps.database.db.select().from(careOffices).where(eq(careOffices.id, id)),
    );
  }

  hospital(id: string): Promise<HospitalRow | null> {
    return this.entry(this.hospitals, id, () =>
      this.deps.database.db.select().from(hospitals).where(eq(hospitals.id, id)),
    );
  }

  /** A hospital's windows, by id (the order `windowFor` picks in). */
  async windowsOfHospital(hospitalId: string): Promise<WindowRow[]> {
    const known = this.windowsOf.get(hospitalId);
    if (known) return known;
    const read = await this.deps.database.db
      .select()
      .from(contactWindows)
      .where(eq(contactWindows.hospitalId, hospitalId))
      .orderBy(asc(contactWindows.id));
    this.windowsOf.set(hospitalId, read);
    return read;
  }

  window(id: string): Promise<WindowRow | null> {
    return this.entry(this.windows, id, () =>
      this.deps.database.db.select().from(contactWindows).where(eq(contactWindows.id, id)),
    );
  }

  task(id: string): Promise<TaskRow | null> {
    return this.entry(this.tasks, id, () => this.deps.database.db.select().from(tasks).where(eq(tasks.id, id)));
  }

  /** The case's patient, opened (decrypted) once however many of the notices are about the case. */
  patient(caseRow: CaseRow): Promise<Patient> {
    let p = this.patients.get(caseRow.id);
    if (!p) {
      p = casePatient(this.deps, caseRow);
      // A failed open is not kept: the next notice of the case tries again.
      p.catch(() => this.patients.delete(caseRow.id));
      this.patients.set(caseRow.id, p);
    }
    return p;
  }
}
