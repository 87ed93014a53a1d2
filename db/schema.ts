import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Instants are stored as epoch milliseconds (integers compare and index cheaply);
// JSON columns hold data whose shape is owned by the machine or the region pack.

export const hospitals = sqliteTable('hospitals', {
  id: text('id').primaryKey(),
  regionId: text('region_id').notNull(),
  name: text('name').notNull(),
  address: text('address'),
  phone: text('phone'),
});

export const contactWindows = sqliteTable('contact_windows', {
  id: text('id').primaryKey(),
  hospitalId: text('hospital_id').notNull().references(() => hospitals.id),
  name: text('name').notNull(),
  phone: text('phone'),
  fax: text('fax'),
  postalAddress: text('postal_address'),
  purposes: text('purposes', { mode: 'json' }).$type<string[]>().notNull(),
  note: text('note'),
}, (t) => [index('contact_windows_hospital').on(t.hospitalId)]);

export const hospitalSecrets = sqliteTable('hospital_secrets', {
  id: text('id').primaryKey(),
  hospitalId: text('hospital_id').notNull().references(() => hospitals.id),
  secret: text('secret').notNull(),
  createdAt: integer('created_at').notNull(),
  /** Set on the older secrets when a new one is issued, so a hospital can roll over without downtime. */
  expiresAt: integer('expires_at'),
}, (t) => [index('hospital_secrets_hospital').on(t.hospitalId)]);

export type { BusinessHours } from '../machines/businessCalendar.js';
import type { BusinessHours } from '../machines/businessCalendar.js';

export const careOffices = sqliteTable('care_offices', {
  id: text('id').primaryKey(),
  regionId: text('region_id'),
  name: text('name').notNull(),
  /** 居宅介護支援事業所 or 地域包括支援センター: route B assigns by expected care level. */
  kind: text('kind', { enum: ['home_care_office', 'community_support_center'] }).notNull().default('home_care_office'),
  email: text('email'),
  fax: text('fax'),
  phone: text('phone'),
  businessHours: text('business_hours', { mode: 'json' }).$type<BusinessHours>(),
  updatedAt: integer('updated_at').notNull(),
});

export const cases = sqliteTable('cases', {
  id: text('id').primaryKey(),
  hospitalId: text('hospital_id').notNull().references(() => hospitals.id),
  /** The hospital's own encounter id. */
  hospitalizationId: text('hospitalization_id').notNull(),
  regionId: text('region_id').notNull(),
  careOfficeId: text('care_office_id'),
  route: text('route', { enum: ['A', 'B'] }).notNull(),
  state: text('state').notNull(),
  snapshot: text('snapshot', { mode: 'json' }).notNull(),
  /** Equals the sequence number of the last event; the event log's unique (case, seq) is the lock. */
  version: integer('version').notNull(),
  /** Deadline keys past due and unmet, derived from the snapshot at each commit for cheap listing. */
  overdue: text('overdue', { mode: 'json' }).$type<string[]>().notNull(),
  admittedAt: integer('admitted_at').notNull(),
  /** Derived from the snapshot at each commit, for the leak rate and listings. */
  dischargedAt: integer('discharged_at'),
  dischargeDestination: text('discharge_destination'),
  leakReason: text('leak_reason'),
  closedReason: text('closed_reason'),
  /** HMAC of the normalized name and birth date: links a transfer or readmission to the earlier stay without storing the name twice. */
  patientKey: text('patient_key').notNull(),
  previousCaseId: text('previous_case_id'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  uniqueIndex('cases_hospital_encounter').on(t.hospitalId, t.hospitalizationId),
  index('cases_state').on(t.state),
  index('cases_patient_key').on(t.patientKey),
  index('cases_discharged_at').on(t.dischargedAt),
  // The stuck list reads only overdue cases, newest first, whatever the number of active cases.
  index('cases_overdue_admitted').on(t.admittedAt).where(sql`overdue <> '[]'`),
  // Covers leak-rate aggregates over a discharge window without reading the rows (snapshots are large).
  index('cases_discharges').on(t.dischargedAt, t.dischargeDestination, t.hospitalId, t.leakReason).where(sql`discharged_at IS NOT NULL`),
]);

export const caseEvents = sqliteTable('case_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: text('case_id').notNull().references(() => cases.id),
  seq: integer('seq').notNull(),
  source: text('source', { enum: ['hospital', 'care_manager', 'timer', 'admin', 'system'] }).notNull(),
  /** Idempotency key: `wh:{hospital}:{webhook-id}`, `task:{id}`, `timer:{id}`. */
  dedupeKey: text('dedupe_key'),
  type: text('type').notNull(),
  occurredAt: text('occurred_at').notNull(),
  receivedAt: integer('received_at').notNull(),
  data: text('data', { mode: 'json' }).notNull(),
  /** The fact as the machine saw it: what a replay after a correction applies again. */
  fact: text('fact', { mode: 'json' }),
  outcome: text('outcome', { enum: ['accepted', 'rejected'] }).notNull(),
  stateAfter: text('state_after').notNull(),
  detail: text('detail'),
}, (t) => [
  uniqueIndex('case_events_case_seq').on(t.caseId, t.seq),
  uniqueIndex('case_events_dedupe').on(t.dedupeKey),
]);

/** Authenticated requests refused before they reached a case: kept for review, never replayed as answers. */
export const inboundRejections = sqliteTable('inbound_rejections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  hospitalId: text('hospital_id').notNull(),
  webhookId: text('webhook_id').notNull(),
  receivedAt: integer('received_at').notNull(),
  status: integer('status').notNull(),
  problem: text('problem', { mode: 'json' }).notNull(),
  body: text('body').notNull(),
});

export const timers = sqliteTable('timers', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  deadlineKey: text('deadline_key').notNull(),
  kind: text('kind', { enum: ['remind', 'due', 'escalate'] }).notNull(),
  dueAt: integer('due_at').notNull(),
  status: text('status', { enum: ['pending', 'fired', 'cancelled', 'skipped'] }).notNull(),
  /** A sweep claims a timer until this instant, so two sweeps never fire it twice. */
  claimedUntil: integer('claimed_until'),
  firedAt: integer('fired_at'),
}, (t) => [
  index('timers_pending_due').on(t.dueAt).where(sql`status = 'pending'`),
  index('timers_case').on(t.caseId),
]);

export const tasks = sqliteTable('tasks', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  kind: text('kind').notNull(),
  status: text('status', { enum: ['open', 'done', 'closed'] }).notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  doneAt: integer('done_at'),
  result: text('result', { mode: 'json' }),
}, (t) => [index('tasks_case').on(t.caseId)]);

export const outbox = sqliteTable('outbox', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  notice: text('notice').notNull(),
  channel: text('channel', { enum: ['email', 'fax'] }).notNull(),
  /** Resolved at dispatch, so a corrected address in the directory is used. */
  recipientKind: text('recipient_kind', { enum: ['care_office', 'hospital', 'region_administrator'] }).notNull(),
  recipientId: text('recipient_id').notNull(),
  /** For a hospital: which window by purpose (入院中 / 入院予定 / 通院). */
  recipientPurpose: text('recipient_purpose'),
  urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
  deadlineKey: text('deadline_key'),
  taskId: text('task_id'),
  idempotencyKey: text('idempotency_key').notNull(),
  status: text('status', { enum: ['pending', 'sent', 'dead'] }).notNull(),
  attempts: integer('attempts').notNull(),
  nextAttemptAt: integer('next_attempt_at').notNull(),
  claimedUntil: integer('claimed_until'),
  lastError: text('last_error'),
  createdAt: integer('created_at').notNull(),
  sentAt: integer('sent_at'),
}, (t) => [
  uniqueIndex('outbox_idempotency').on(t.idempotencyKey),
  index('outbox_pending_due').on(t.nextAttemptAt).where(sql`status = 'pending'`),
  index('outbox_case').on(t.caseId),
]);

export const deliveryAttempts = sqliteTable('delivery_attempts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  outboxId: text('outbox_id').notNull().references(() => outbox.id),
  at: integer('at').notNull(),
  status: text('status', { enum: ['sent', 'failed', 'dead'] }).notNull(),
  recipient: text('recipient'),
  detail: text('detail'),
}, (t) => [index('delivery_attempts_outbox').on(t.outboxId)]);

/** Append-only: who did what, from where. Keeps user agent and address for task-link actions. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  detail: text('detail', { mode: 'json' }),
});

/** Development mailbox: where mail goes when no SMTP server is configured (never in production). */
export const devMailbox = sqliteTable('dev_mailbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  outboxId: text('outbox_id').notNull(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

