import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Instants are stored as epoch milliseconds (integers compare and index cheaply);
// JSON columns hold data whose shape is owned by the machine or the region pack.

export const hospitals = sqliteTable('hospitals', {
  id: text('id').primaryKey(),
  regionId: text('region_id').notNull(),
  name: text('name').notNull(),
  address: text('address'),
  phone: text('phone'),
  /**
   * Takes part in the region's rule (Kagoshima: 「参加病院」). The survey's leak rate is given for all
   * hospitals and for those taking part (seed 003); a hospital outside the rule is listed with false.
   */
  participating: integer('participating', { mode: 'boolean' }).notNull().default(true),
  /** Set when edited in the console: the region pack no longer overwrites the row at start. */
  editedAt: integer('edited_at'),
});

/**
 * The region administrator's email as set in the console or the API: a row here wins over the
 * region pack (even an address cleared on purpose), like a hospital edited in the console.
 * Escalations of missed deadlines and alerts are mailed to it.
 */
export const regionAdministrators = sqliteTable('region_administrators', {
  regionId: text('region_id').primaryKey(),
  email: text('email'),
  editedAt: integer('edited_at').notNull(),
});

export const contactWindows = sqliteTable(
  'contact_windows',
  {
    id: text('id').primaryKey(),
    hospitalId: text('hospital_id')
      .notNull()
      .references(() => hospitals.id),
    name: text('name').notNull(),
    phone: text('phone'),
    fax: text('fax'),
    postalAddress: text('postal_address'),
    /** A window that takes documents by email (most take FAX only). */
    email: text('email'),
    purposes: text('purposes', { mode: 'json' }).$type<string[]>().notNull(),
    note: text('note'),
    /** Set when edited in the console: the region pack no longer overwrites the row at start. */
    editedAt: integer('edited_at'),
  },
  (t) => [index('contact_windows_hospital').on(t.hospitalId)],
);

export const hospitalSecrets = sqliteTable(
  'hospital_secrets',
  {
    id: text('id').primaryKey(),
    hospitalId: text('hospital_id')
      .notNull()
      .references(() => hospitals.id),
    secret: text('secret').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Set on the older secrets when a new one is issued, so a hospital can roll over without downtime. */
    expiresAt: integer('expires_at'),
  },
  (t) => [index('hospital_secrets_hospital').on(t.hospitalId)],
);

/**
 * One row whose version goes up with every edit of the directory an event reads (hospitals,
 * their webhook secrets, care offices): triggers bump it in the editing transaction (migration
 * `directory_version_triggers`), so every process, whatever wrote, sees an edit in the same read
 * batch as the case and drops its directory cache (engine/directory/cache.ts).
 */
export const directoryVersion = sqliteTable('directory_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(0),
});

export type { BusinessHours } from '../machines/businessCalendar.js';

import type { BusinessHours } from '../machines/businessCalendar.js';
import type { CareLevelGroup, CaseMeasures, OverdueDeadline } from '../machines/measures.js';
import { OTHER_PROVIDER_KINDS } from '../machines/otherProviders.js';
import type { StoredSnapshot } from '../machines/run.js';
import type { ClosedReason, DeadlineKey, LeakReason } from '../machines/types.js';

export const careOffices = sqliteTable('care_offices', {
  id: text('id').primaryKey(),
  regionId: text('region_id'),
  name: text('name').notNull(),
  /** 居宅介護支援事業所 or 地域包括支援センター: route B assigns by expected care level. */
  kind: text('kind', { enum: ['home_care_office', 'community_support_center'] })
    .notNull()
    .default('home_care_office'),
  email: text('email'),
  fax: text('fax'),
  phone: text('phone'),
  /** Where the office is (市町村・町名): nurses find an office by its town as well as its name. */
  town: text('town'),
  businessHours: text('business_hours', { mode: 'json' }).$type<BusinessHours>(),
  /** How the office wants routine notices; the others are fallbacks. Null means email. */
  preferredChannel: text('preferred_channel', { enum: ['email', 'sms', 'fax'] }),
  /** A mobile number for SMS (urgent notices go there as well as by email). */
  smsPhone: text('sms_phone'),
  /**
   * `digest`: routine notices are held and sent as one mail a day at `digest_hour` (Japan time);
   * urgent ones still go at once (notifiers/noticeTiming.ts). Needs an email address.
   */
  notificationMode: text('notification_mode', { enum: ['realtime', 'digest'] })
    .notNull()
    .default('realtime'),
  /** The Japan-time hour (0–23) of the daily digest. */
  digestHour: integer('digest_hour').notNull().default(17),
  updatedAt: integer('updated_at').notNull(),
});

export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    hospitalId: text('hospital_id')
      .notNull()
      .references(() => hospitals.id),
    /** The hospital's own encounter id. */
    hospitalizationId: text('hospitalization_id').notNull(),
    regionId: text('region_id').notNull(),
    careOfficeId: text('care_office_id'),
    route: text('route', { enum: ['A', 'B'] }).notNull(),
    state: text('state').notNull(),
    snapshot: text('snapshot', { mode: 'json' }).$type<StoredSnapshot>().notNull(),
    /** Equals the sequence number of the last event; the event log's unique (case, seq) is the lock. */
    version: integer('version').notNull(),
    /** Deadline keys past due and unmet, derived from the snapshot at each commit for cheap listing. */
    overdue: text('overdue', { mode: 'json' }).$type<DeadlineKey[]>().notNull(),
    admittedAt: integer('admitted_at').notNull(),
    /** Derived from the snapshot at each commit, for the leak rate and listings. */
    dischargedAt: integer('discharged_at'),
    dischargeDestination: text('discharge_destination'),
    leakReason: text('leak_reason').$type<LeakReason>(),
    /** 要支援 or 要介護 as far as the records tell (machines/measures.ts): the survey splits its rates by it. */
    careLevel: text('care_level').$type<CareLevelGroup>(),
    closedReason: text('closed_reason').$type<ClosedReason>(),
    // What the monthly measures need (engine/measures.ts), derived at every commit and held in the
    // indexes below, so the metrics page reads index entries, not whole snapshots. Null: not yet derived.
    informationSheetStatus: text('information_sheet_status'),
    dischargePlanningStartedAt: integer('discharge_planning_started_at'),
    addOns: text('add_ons', { mode: 'json' }).$type<CaseMeasures['addOns']>(),
    /** The add-ons in short (machines/measures.ts addOnClaimsText): what the measures' index holds. */
    addOnClaims: text('add_on_claims'),
    /** Out of the rule's scope (Sanda §2(3)): kept and shown, not chased, left out of the leak rate and counted apart. */
    outOfRuleScope: integer('out_of_rule_scope', { mode: 'boolean' }).notNull().default(false),
    /** The overdue deadlines themselves (key, owner, due, why), for the stuck list; null when none. */
    overdueDeadlines: text('overdue_deadlines', { mode: 'json' }).$type<OverdueDeadline[]>(),
    /** HMAC of the normalized name and birth date: links a transfer or readmission to the earlier stay without storing the name twice. */
    patientKey: text('patient_key').notNull(),
    /**
     * The patient's name and birth date, sealed with the data key and bound to this case id
     * (engine/patients.ts): the one place they are kept. Null only on rows written before encryption,
     * whose snapshot still holds them until `npm run keys:rotate` seals them.
     */
    patient: text('patient'),
    previousCaseId: text('previous_case_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('cases_hospital_encounter').on(t.hospitalId, t.hospitalizationId),
    index('cases_state').on(t.state),
    index('cases_patient_key').on(t.patientKey),
    index('cases_discharged_at').on(t.dischargedAt),
    // The monthly measures: information sheets of the stays admitted in a month, read from the index alone.
    index('cases_admissions').on(t.admittedAt, t.hospitalId, t.informationSheetStatus),
    // Stays whose measures are still to be derived (recorded before they were kept).
    index('cases_unmeasured').on(t.id).where(sql`add_ons IS NULL`),
    // The stuck list reads only overdue cases, newest first, whatever the number of active cases.
    // Covers the console's stuck list too: a few columns of the overdue cases, no snapshot.
    index('cases_overdue_admitted')
      .on(
        t.admittedAt,
        t.id,
        t.hospitalId,
        t.regionId,
        t.hospitalizationId,
        t.state,
        t.careOfficeId,
        t.overdueDeadlines,
      )
      .where(sql`overdue <> '[]'`),
    // Covers leak-rate aggregates over a discharge window without reading the rows (snapshots are large).
    index('cases_discharges')
      .on(
        t.dischargedAt,
        t.dischargeDestination,
        t.hospitalId,
        t.leakReason,
        t.careLevel,
        t.dischargePlanningStartedAt,
        t.addOnClaims,
        t.outOfRuleScope,
      )
      .where(sql`discharged_at IS NOT NULL`),
  ],
);

/**
 * 他の事業所への写し: the patient's other providers a stay names (訪問看護ステーション, デイサービス, …),
 * copied on the discharge-start and discharge notices to the care manager. A provider from the region
 * directory (`providers` in regions/<region>/directory.json) keeps its id, and its contact is read from
 * the pack when a copy is sent; one given inline keeps its own. The contact is the provider's, not the
 * patient's; the row itself says the patient uses it, so it is read only within the case's scope.
 * Removing one keeps the row (who added and removed it, when) and stops its copies.
 */
export const caseProviders = sqliteTable(
  'case_providers',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    /** The region directory's provider id; null for one given inline. */
    directoryId: text('directory_id'),
    kind: text('kind', { enum: OTHER_PROVIDER_KINDS }).notNull(),
    name: text('name').notNull(),
    email: text('email'),
    fax: text('fax'),
    smsPhone: text('sms_phone'),
    /** How it wants the copies; the other channels it has are fallbacks. */
    preferredChannel: text('preferred_channel', { enum: ['email', 'sms', 'fax'] }).notNull(),
    /** Who named it: `hospital:<id>`, `care_office:<id>`, `account:<id>`. */
    addedBy: text('added_by').notNull(),
    addedAt: integer('added_at').notNull(),
    removedBy: text('removed_by'),
    removedAt: integer('removed_at'),
  },
  (t) => [
    index('case_providers_case').on(t.caseId),
    // The same provider named twice on one stay (a webhook resent, a second tap) is one provider.
    uniqueIndex('case_providers_named').on(t.caseId, t.name).where(sql`removed_at IS NULL`),
  ],
);

export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    source: text('source', { enum: ['hospital', 'staff', 'care_manager', 'timer', 'admin', 'system'] }).notNull(),
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
  },
  (t) => [uniqueIndex('case_events_case_seq').on(t.caseId, t.seq), uniqueIndex('case_events_dedupe').on(t.dedupeKey)],
);

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

export const timers = sqliteTable(
  'timers',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    deadlineKey: text('deadline_key').notNull(),
    kind: text('kind', { enum: ['remind', 'due', 'escalate'] }).notNull(),
    dueAt: integer('due_at').notNull(),
    status: text('status', { enum: ['pending', 'fired', 'cancelled', 'skipped'] }).notNull(),
    /** A sweep claims a timer until this instant, so two sweeps never fire it twice. */
    claimedUntil: integer('claimed_until'),
    firedAt: integer('fired_at'),
  },
  (t) => [index('timers_pending_due').on(t.dueAt).where(sql`status = 'pending'`), index('timers_case').on(t.caseId)],
);

export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind').notNull(),
    status: text('status', { enum: ['open', 'done', 'closed'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    doneAt: integer('done_at'),
    result: text('result', { mode: 'json' }),
    /** Links carry the generation they were signed for; raising it revokes every link issued before. */
    linkGeneration: integer('link_generation').notNull().default(0),
  },
  (t) => [index('tasks_case').on(t.caseId)],
);

/**
 * Every write made through a care manager's task link, with the link generation it carried. A
 * trigger (migration link_use_guard) refuses one whose generation is no longer the task's, inside
 * the write's own transaction: a revocation committed a moment earlier always wins.
 */
export const linkUses = sqliteTable(
  'link_uses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: text('task_id').notNull(),
    generation: integer('generation').notNull(),
    action: text('action').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('link_uses_task').on(t.taskId)],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    /** The case the notice is about; none for a notice about no one case (the morning summary). */
    caseId: text('case_id').references(() => cases.id),
    notice: text('notice').notNull(),
    /** The channel of the latest attempt (before the first, a placeholder: the plan is made at dispatch). */
    channel: text('channel', { enum: ['email', 'sms', 'fax'] }).notNull(),
    /**
     * Which channels, in which order: `preferred` = the care office's preference, then the others as
     * fallbacks; `sms` / `email` = that channel only (an urgent notice is two rows); `document` = a
     * hospital window, FAX first, then email; `reminder` = email, else SMS (never the FAX it is about).
     */
    route: text('route', { enum: ['preferred', 'sms', 'email', 'document', 'reminder'] })
      .notNull()
      .default('preferred'),
    /**
     * Resolved at dispatch, so a corrected address in the directory is used. `hospital` names a hospital
     * and a purpose (recipientPurpose) whose window is chosen then; `hospital_window` names the window;
     * `receiving_hospital` names a case whose transfer went to a hospital outside the directory, reached
     * at the FAX number given with the fact; `other_provider` names a row of `case_providers` (a copy).
     */
    recipientKind: text('recipient_kind', {
      enum: [
        'care_office',
        'hospital_window',
        'hospital',
        'receiving_hospital',
        'region_administrator',
        'account',
        'other_provider',
      ],
    }).notNull(),
    recipientId: text('recipient_id').notNull(),
    /** For a hospital: which window by purpose (入院中 / 入院予定 / 通院). */
    recipientPurpose: text('recipient_purpose'),
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    deadlineKey: text('deadline_key'),
    taskId: text('task_id'),
    /** The information sheet a `document` notice carries. */
    documentId: text('document_id'),
    /** For a FAX receipt reminder: the notice whose FAX is still unconfirmed. */
    aboutNoticeId: text('about_notice_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    /** The short link of this notice: `/n/{code}` shows it (SMS), `/r/{code}` confirms a FAX of it. */
    shortCode: text('short_code'),
    /** `held`: a routine notice to an office in digest mode, waiting for its daily digest (`digest_id`). */
    status: text('status', { enum: ['pending', 'held', 'sent', 'dead', 'skipped'] }).notNull(),
    attempts: integer('attempts').notNull(),
    /** Position in the channel plan, and failures on that channel so far. */
    channelIndex: integer('channel_index').notNull().default(0),
    channelAttempts: integer('channel_attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    claimedUntil: integer('claimed_until'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /** When this notice's short link `/n/{code}` stopped working (revoked by an administrator or a new care office). */
    linkRevokedAt: integer('link_revoked_at'),
    /**
     * A held notice: the daily digest that lists it (an `office_digest` row of this table). It counts as
     * sent, and as delivered to the case, when that digest is.
     */
    digestId: text('digest_id'),
  },
  (t) => [
    uniqueIndex('outbox_idempotency').on(t.idempotencyKey),
    uniqueIndex('outbox_short_code').on(t.shortCode),
    index('outbox_pending_due').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('outbox_case').on(t.caseId),
    // The stuck list reads the undelivered notices only.
    index('outbox_dead').on(t.createdAt).where(sql`status = 'dead'`),
    // The daily digest reads each office's held notices.
    index('outbox_held').on(t.recipientId).where(sql`status = 'held'`),
  ],
);

export const deliveryAttempts = sqliteTable(
  'delivery_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outboxId: text('outbox_id')
      .notNull()
      .references(() => outbox.id),
    at: integer('at').notNull(),
    channel: text('channel', { enum: ['email', 'sms', 'fax'] }),
    /**
     * Only ever moves forward: queued → sent → delivered | failed, and a FAX to confirmed. `dead`
     * marks the attempt after which the notice was given up.
     */
    status: text('status', { enum: ['queued', 'sent', 'delivered', 'failed', 'confirmed', 'dead'] }).notNull(),
    recipient: text('recipient'),
    /** The provider's id (Twilio message SID, SMTP Message-ID, FAX API id): status callbacks find the attempt by it. */
    providerId: text('provider_id'),
    detail: text('detail'),
    updatedAt: integer('updated_at'),
  },
  (t) => [index('delivery_attempts_outbox').on(t.outboxId), index('delivery_attempts_provider').on(t.providerId)],
);

/**
 * A FAX is not a handoff until the receiver says it arrived (seed 002: 「ＦＡＸを先方が受け取ったこと
 * についても確認し」). One row per notice sent by FAX; confirmed from the QR link printed on it.
 */
export const faxReceipts = sqliteTable(
  'fax_receipts',
  {
    outboxId: text('outbox_id')
      .primaryKey()
      .references(() => outbox.id),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    sentAt: integer('sent_at').notNull(),
    status: text('status', { enum: ['open', 'confirmed'] }).notNull(),
    confirmedAt: integer('confirmed_at'),
    /** The name the receiver typed, if any. */
    confirmedBy: text('confirmed_by'),
    remindedAt: integer('reminded_at'),
    /** Set when the region's time for confirmation has passed: listed for administrators. */
    stuckAt: integer('stuck_at'),
  },
  (t) => [index('fax_receipts_open').on(t.sentAt).where(sql`status = 'open'`)],
);

/** The care manager's 入院時情報提供シート (seed 002 §4(1)❶): a draft until submitted, sent once. */
export const informationSheets = sqliteTable(
  'information_sheets',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    taskId: text('task_id').notNull(),
    status: text('status', { enum: ['draft', 'submitted', 'sent'] }).notNull(),
    /** Keyed by the form's field keys. */
    answers: text('answers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    /**
     * The form definition (its version included) the answers were written against, so a sheet renders
     * as written after its region's pack changes; null: written before regions defined their forms,
     * against the national items' version 1 (regions/nationalSheetForm.ts). Read back through
     * regions/sheetForm.ts's schema.
     */
    form: text('form', { mode: 'json' }).$type<{ id: string; version: number }>(),
    /** Where it goes: the hospital window chosen by purpose when submitted. */
    windowId: text('window_id'),
    outboxId: text('outbox_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    submittedAt: integer('submitted_at'),
    sentAt: integer('sent_at'),
  },
  (t) => [uniqueIndex('information_sheets_task').on(t.taskId), index('information_sheets_case').on(t.caseId)],
);

/**
 * ケアプランの写し uploaded by the care manager from the confirm_care_plan_copy task and sent to the
 * hospital's window (engine/notices/carePlanCopy.ts). The PDF is personal data: base64, sealed with the
 * data keys and bound to the row's id (`care_plan_copy:{id}`); size and pages as checked at upload.
 */
export const carePlanCopies = sqliteTable(
  'care_plan_copies',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    taskId: text('task_id').notNull(),
    pdf: text('pdf').notNull(),
    bytes: integer('bytes').notNull(),
    /** Null where the runtime could not count pages. */
    pages: integer('pages'),
    /** The hospital window it was sent to (chosen by purpose at upload) and the notice carrying it. */
    windowId: text('window_id').notNull(),
    outboxId: text('outbox_id').notNull(),
    uploadedAt: integer('uploaded_at').notNull(),
  },
  (t) => [uniqueIndex('care_plan_copies_task').on(t.taskId), index('care_plan_copies_case').on(t.caseId)],
);

/**
 * 看護サマリー (Sanda A⑤) as the hospital posted it with `nursing_summary_sent`: personal data, kept
 * only here and only sealed (engine/patients/nursingSummary.ts, bound to the row's id); the event
 * log names the row, never the content. A stay may have several (a corrected one follows): the
 * latest is the one shown.
 */
export const nursingSummaries = sqliteTable(
  'nursing_summaries',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    /** The fact's occurredAt (epoch ms): when the hospital sent it. */
    sentAt: integer('sent_at').notNull(),
    /** Who recorded it: the hospital's system, or a person in the console. */
    source: text('source').notNull(),
    /** The summary as JSON, sealed: enc:v1:{key id}:{iv}:{ciphertext}. */
    content: text('content').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('nursing_summaries_case').on(t.caseId, t.sentAt)],
);

/** Append-only: who did what, from where. Keeps user agent and address for task-link actions. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
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

/**
 * A development mail's attachments (the FAX PDF of an email-to-FAX notice, the information sheet),
 * kept so /dev/mailbox can offer them for download. `content` is null when the attachment was larger
 * than the mailbox keeps (its name and size are still listed).
 */
export const devMailboxAttachments = sqliteTable(
  'dev_mailbox_attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mailId: integer('mail_id')
      .notNull()
      .references(() => devMailbox.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: blob('content', { mode: 'buffer' }),
  },
  (t) => [index('dev_mailbox_attachments_mail').on(t.mailId)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * People who use the console and the administration API. Hospital staff see only their own
 * hospital's cases. The password is stored as a PBKDF2 hash with its parameters (engine/passwords.ts).
 */
export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    loginId: text('login_id').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'hospital_staff'] }).notNull(),
    hospitalId: text('hospital_id').references(() => hospitals.id),
    /** Where alerts for administrators go (an administrator: every alert; staff: their hospital's). */
    email: text('email'),
    passwordHash: text('password_hash'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    disabledAt: integer('disabled_at'),
    /** The TOTP secret (RFC 6238) once confirmed, sealed with the data keys (engine/access/twoFactor.ts). */
    totpSecret: text('totp_secret'),
    /** A secret shown on the enrolment page, not yet confirmed by a first code; sealed too. */
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabledAt: integer('totp_enabled_at'),
    /** The last 30-second step whose code was accepted: a code is good once (no replay within its window). */
    totpLastStep: integer('totp_last_step'),
  },
  (t) => [uniqueIndex('accounts_login_id').on(t.loginId)],
);

/** Recovery codes for the second factor: 80 random bits each, kept as SHA-256, each good once. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    codeHash: text('code_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [uniqueIndex('recovery_codes_account_hash').on(t.accountId, t.codeHash)],
);

/** Console sessions. The id is the SHA-256 of the cookie's token, so a copy of the table opens no session. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    /** Every console form carries it; a cross-site form cannot know it. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    /** The last request seen, kept to the minute: a session idle longer than SESSION_IDLE_MS ends. */
    lastSeenAt: integer('last_seen_at'),
    /**
     * `full` once every factor is proven; `code`: the password was right, the authenticator's code is
     * still to come; `enrol`: an administrator without a second factor, who may only enrol one.
     */
    stage: text('stage', { enum: ['full', 'code', 'enrol'] })
      .notNull()
      .default('full'),
  },
  (t) => [index('sessions_account').on(t.accountId)],
);

/**
 * Console login attempts per login id, counted before the password is checked (engine/access/logins.ts):
 * an attempt is claimed by one conditional INSERT, so concurrent requests and several processes
 * together check no more passwords than the lockout allows. Pending and failed attempts count.
 */
export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    loginId: text('login_id').notNull(),
    at: integer('at').notNull(),
    /** Set once the password proved right: a successful login does not count towards the lockout. */
    succeeded: integer('succeeded', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('login_attempts_login_at').on(t.loginId, t.at)],
);

/** Bearer tokens for the API, stored as SHA-256 (they are long random strings, not passwords). */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash)],
);

/** A notice sent again by a person: the new outbox row, the one it repeats, who and why. */
export const noticeResends = sqliteTable(
  'notice_resends',
  {
    outboxId: text('outbox_id')
      .primaryKey()
      .references(() => outbox.id),
    originalId: text('original_id')
      .notNull()
      .references(() => outbox.id),
    actor: text('actor').notNull(),
    reason: text('reason'),
    at: integer('at').notNull(),
  },
  (t) => [index('notice_resends_original').on(t.originalId)],
);

/**
 * Something renkei could not do and a person must: a notice given up (dead letter), a FAX number
 * the gateway refused, sweeps failing one after another. Shown on the console overview and, for
 * each administrator with an email address, queued as an `admin_alert` notice in the same batch
 * as what raised it. Ids, kinds and provider errors only: never a patient's name or birth date.
 */
export const adminAlerts = sqliteTable(
  'admin_alerts',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['notice_dead', 'fax_refused', 'sweep_failing'] }).notNull(),
    /** One alert per thing: `dead:{notice}`, `fax-refused:{notice}`, `sweep:{first failure}`. */
    dedupeKey: text('dedupe_key').notNull(),
    caseId: text('case_id'),
    hospitalId: text('hospital_id'),
    regionId: text('region_id'),
    noticeId: text('notice_id'),
    detail: text('detail').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('admin_alerts_dedupe').on(t.dedupeKey), index('admin_alerts_created').on(t.createdAt)],
);

/**
 * A care office's sign-in links (`/office/signin/{token}`), mailed to the office's registered address.
 * The id is the SHA-256 of the token; a link signs in once (`usedAt`) and only before `expiresAt`.
 */
export const officeSignInLinks = sqliteTable(
  'office_sign_in_links',
  {
    id: text('id').primaryKey(),
    careOfficeId: text('care_office_id')
      .notNull()
      .references(() => careOffices.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('office_sign_in_links_office').on(t.careOfficeId, t.createdAt)],
);

/** A care office's page sessions: like console sessions (hashed token, CSRF, idle end), scoped to one office. */
export const officeSessions = sqliteTable(
  'office_sessions',
  {
    id: text('id').primaryKey(),
    careOfficeId: text('care_office_id')
      .notNull()
      .references(() => careOffices.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    lastSeenAt: integer('last_seen_at'),
  },
  (t) => [index('office_sessions_office').on(t.careOfficeId)],
);

/**
 * What the coordination center did about a stuck handoff: one row per stuck item, keyed by the item's
 * stable id (engine/console/stuck.ts `stuckItemId`: the case and the deadline, or the dead notice), so
 * it survives every recomputation of the stuck list. Each change is also an audit entry.
 */
export const stuckFollowUps = sqliteTable(
  'stuck_follow_ups',
  {
    itemId: text('item_id').primaryKey(),
    caseId: text('case_id').notNull(),
    hospitalId: text('hospital_id').notNull(),
    status: text('status', { enum: ['open', 'in_progress', 'contacted', 'resolved'] }).notNull(),
    note: text('note'),
    /** The account's actor (audit) and its name at the time (what a person reads). */
    byActor: text('by_actor').notNull(),
    byName: text('by_name').notNull(),
    at: integer('at').notNull(),
    /** 「…まで保留」: a Japan-time date (YYYY-MM-DD); the item leaves the default view through that day. */
    until: text('until'),
    /** The person in charge: an account id. */
    assigneeId: text('assignee_id').references(() => accounts.id),
  },
  (t) => [index('stuck_follow_ups_case').on(t.caseId)],
);

/**
 * Once-a-day jobs (the morning summary): a row per job and Japan-time day, inserted by whichever
 * process gets there first, so several processes sweeping at the same hour send one mail.
 */
export const dailyRuns = sqliteTable(
  'daily_runs',
  {
    job: text('job').notNull(),
    day: text('day').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('daily_runs_job_day').on(t.job, t.day)],
);

/**
 * The morning summary as it was written for one recipient on one Japan-time day: its outbox row
 * names it (`document_id`) and the dispatch sends this text, so a retry sends the same morning's
 * picture. It carries 入院番号 and hospitals, never a patient's name.
 */
export const morningSummaries = sqliteTable('morning_summaries', {
  id: text('id').primaryKey(),
  day: text('day').notNull(),
  recipientKind: text('recipient_kind', { enum: ['account', 'region_administrator'] }).notNull(),
  recipientId: text('recipient_id').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  createdAt: integer('created_at').notNull(),
});

/**
 * A care office's own records outside a stay (seed 002 (1)❹ 緊急時等居宅カンファレンス, ❺ 通院時情報連携),
 * per office and user: the user is the patient key of a stay the office has or had (`caseId`, the stay
 * it was chosen through, whose sealed name the page shows). Judged by machines/billing.ts.
 */
export const officeRecords = sqliteTable(
  'office_records',
  {
    id: text('id').primaryKey(),
    careOfficeId: text('care_office_id')
      .notNull()
      .references(() => careOffices.id),
    patientKey: text('patient_key').notNull(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ['home_conference', 'clinic_visit'] }).notNull(),
    /** When it took place (epoch ms). */
    at: integer('at').notNull(),
    /** The hospital or clinic: that asked for the conference, or where the visit was. */
    place: text('place').notNull(),
    /** The medical staff who took part (names), as typed. */
    attendees: text('attendees').notNull(),
    /** The kind's conditions the care manager says were met (keys of OFFICE_RECORD_ADD_ONS' checks). */
    checks: text('checks', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('office_records_office_at').on(t.careOfficeId, t.at)],
);
