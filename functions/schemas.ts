import { z } from '@hono/zod-openapi';

// The public contract: hospitals and scripts integrate against these shapes.

const isoDateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-12-04T10:30:00+09:00' });
const isoDate = z.iso.date().openapi({ example: '2026-12-20' });
const id = z.string().min(1).max(100);

export const ProblemSchema = z.object({
  type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
}).openapi('Problem');

const envelope = {
  hospitalizationId: id.openapi({ description: "The hospital's own encounter id", example: 'E-2026-000123' }),
  occurredAt: isoDateTime.openapi({ description: 'When the fact happened (it may be days before the request); deadlines count from it' }),
};

export const professions = ['physician', 'nurse', 'msw', 'care_manager', 'visiting_nurse', 'pharmacist', 'therapist', 'dentist', 'other'] as const;

export const HospitalEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('admitted'), ...envelope,
    data: z.object({
      patient: z.object({ name: z.string().min(1).max(100), birthDate: isoDate.openapi({ example: '1941-05-02' }) }),
      ward: z.string().min(1).max(100).openapi({ example: '4階東病棟' }),
      careOfficeId: id.nullable().openapi({ description: 'The care office from the directory, or null when not yet known', example: 'sanda-kyotaku-01' }),
    }),
  }).openapi('AdmittedEvent'),
  z.object({
    type: z.literal('care_office_identified'), ...envelope,
    data: z.object({ careOfficeId: id }),
  }).openapi('CareOfficeIdentifiedEvent'),
  z.object({
    type: z.literal('discharge_planning_started'), ...envelope,
    data: z.object({ expectedDischargeDate: isoDate }),
  }).openapi('DischargePlanningStartedEvent'),
  z.object({
    type: z.literal('conference_scheduled'), ...envelope,
    data: z.object({ at: isoDateTime, place: z.string().max(200).optional(), online: z.boolean() }),
  }).openapi('ConferenceScheduledEvent'),
  z.object({
    type: z.literal('conference_held'), ...envelope,
    data: z.object({ participants: z.array(z.object({ profession: z.enum(professions) })).min(1).max(50) }),
  }).openapi('ConferenceHeldEvent'),
  z.object({
    type: z.literal('discharged'), ...envelope,
    data: z.object({ destination: z.enum(['home', 'facility', 'other_hospital']), nursingSummarySent: z.boolean() }),
  }).openapi('DischargedEvent'),
  z.object({
    type: z.literal('nursing_summary_sent'), ...envelope,
    data: z.object({}).strict(),
  }).openapi('NursingSummarySentEvent'),
]).openapi('HospitalEvent');

export const AcceptedSchema = z.object({
  caseId: z.string(), state: z.string(),
}).openapi('Accepted');

const phone = z.string().regex(/^[0-9-]{6,20}$/, 'digits and hyphens, e.g. 079-565-8000');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const CareOfficeInputSchema = z.object({
  name: z.string().min(1).max(200),
  email: z.email().optional(),
  fax: phone.optional(),
  phone: phone.optional(),
  region: z.string().min(1).max(50).optional(),
  businessHours: z.object({
    open: hhmm, close: hhmm,
    closedDays: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'])),
  }).refine((h) => h.open < h.close, { message: 'open must be before close', path: ['close'] }).optional(),
  preferredChannel: z.enum(['email', 'sms', 'fax']).optional()
    .openapi({ description: 'How the office wants routine notices; the other channels it has are fallbacks. Default email' }),
  smsPhone: z.string().regex(/^(0[789]0-?\d{4}-?\d{4}|\+[1-9]\d{7,14})$/, 'a mobile number, e.g. 090-1234-5678 or +819012345678').optional()
    .openapi({ description: 'Mobile number for SMS; urgent notices (a sudden discharge) go there as well as by email' }),
}).refine((o) => o.preferredChannel !== 'email' || o.email, { message: 'preferredChannel email needs an email address', path: ['email'] })
  .refine((o) => o.preferredChannel !== 'fax' || o.fax, { message: 'preferredChannel fax needs a FAX number', path: ['fax'] })
  .refine((o) => o.preferredChannel !== 'sms' || o.smsPhone, { message: 'preferredChannel sms needs smsPhone', path: ['smsPhone'] })
  .openapi('CareOfficeInput');

export const CareOfficeSchema = z.object({
  id: z.string(), name: z.string(), email: z.string().nullable(), fax: z.string().nullable(), phone: z.string().nullable(), region: z.string().nullable(),
  preferredChannel: z.enum(['email', 'sms', 'fax']).nullable(), smsPhone: z.string().nullable(),
  businessHours: z.object({ open: z.string(), close: z.string(), closedDays: z.array(z.string()) }).nullable(),
  updatedAt: z.string(),
}).openapi('CareOffice');

export const WindowSchema = z.object({
  id: z.string(), name: z.string(), phone: z.string().nullable(), fax: z.string().nullable(), email: z.string().nullable(),
  postalAddress: z.string().nullable(), purposes: z.array(z.string()), note: z.string().nullable(),
}).openapi('ContactWindow');

export const HospitalSchema = z.object({
  id: z.string(), name: z.string(), region: z.string(), address: z.string().nullable(), phone: z.string().nullable(),
  windows: z.array(WindowSchema),
}).openapi('Hospital');

export const CaseSummarySchema = z.object({
  caseId: z.string(), hospitalId: z.string(), hospitalizationId: z.string(), state: z.string(),
  overdue: z.array(z.string()), careOfficeId: z.string().nullable(), admittedAt: z.string(), updatedAt: z.string(),
}).openapi('CaseSummary');

export const CaseDetailSchema = z.object({
  caseId: z.string(), hospitalId: z.string(), hospitalizationId: z.string(), regionId: z.string(), state: z.string(),
  careOfficeId: z.string().nullable(), version: z.number(), overdue: z.array(z.string()), admittedAt: z.string(),
  patient: z.object({ name: z.string(), birthDate: z.string() }), ward: z.string(),
  deadlines: z.array(z.object({
    key: z.string(), label: z.string(), dueAt: z.string(), remindAt: z.string().nullable(),
    status: z.enum(['open', 'met', 'overdue']), metAt: z.string().nullable(), reason: z.string(),
  })),
  leak: z.object({ reason: z.string() }).nullable(),
  closedReason: z.string().nullable(),
  tasks: z.array(z.object({ id: z.string(), kind: z.string(), status: z.string(), createdAt: z.string().nullable(), doneAt: z.string().nullable(), expiresAt: z.string().nullable() })),
  timeline: z.array(z.object({ at: z.string(), kind: z.enum(['event', 'notice', 'delivery', 'receipt']) }).passthrough()),
}).openapi('CaseDetail');

export const ScheduledInputSchema = z.object({
  now: isoDateTime.optional().openapi({ description: 'Only with RENKEI_TEST_CLOCK=1: run the sweep as if it were this instant' }),
}).openapi('ScheduledInput');

export const ScheduledResultSchema = z.object({
  now: z.string(), timersFired: z.number(), timersSkipped: z.number(),
  noticesSent: z.number(), noticesFailed: z.number(), noticesDead: z.number(),
  faxReminders: z.number(), faxStuck: z.number(),
}).openapi('ScheduledResult');

export const StuckSchema = z.object({
  deadNotices: z.array(z.object({
    noticeId: z.string(), caseId: z.string(), notice: z.string(), recipient: z.string(), attempts: z.number(),
    lastError: z.string().nullable(), createdAt: z.string().nullable(),
  })),
  unconfirmedFaxes: z.array(z.object({
    noticeId: z.string(), caseId: z.string(), sentAt: z.string().nullable(), remindedAt: z.string().nullable(), stuckAt: z.string().nullable(),
  })),
}).openapi('StuckNotices');
