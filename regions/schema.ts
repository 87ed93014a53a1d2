import { z } from 'zod';

const phone = z.string().regex(/^[0-9-]+$/, 'phone and FAX numbers are digits and hyphens');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM');

/** What a contact window is for; notices and sheets are routed by it. */
export const windowPurpose = z.enum([
  'inpatient',          // current inpatients (入院中の患者)
  'planned_admission',  // planned admissions (入院予定患者)
  'outpatient',         // outpatients (通院患者)
  'general',            // any coordination when no narrower window exists
]);
export type WindowPurpose = z.infer<typeof windowPurpose>;

export const contactWindowSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  phone: phone.optional(),
  fax: phone.optional(),
  email: z.email().optional(),
  postalAddress: z.string().optional(),
  purposes: z.array(windowPurpose).min(1),
  note: z.string().optional(),
});

export const hospitalSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  address: z.string().optional(),
  phone: phone.optional(),
  windows: z.array(contactWindowSchema).min(1),
});

export const regionRuleSchema = z.object({
  informationSheet: z.object({
    withinDays: z.number().int().min(1).max(14),
    reminderDaysBefore: z.number().int().min(0).max(7),
    reminderTime: hhmm,
  }),
  taskLinkTtlDays: z.number().int().min(1).max(90),
  /**
   * A FAX is a handoff only once the receiver confirms it: after `remindAfterHours` without a
   * confirmation the sender's side is reminded, after `stuckAfterHours` it is listed as stuck.
   */
  faxConfirmation: z.object({
    remindAfterHours: z.number().min(0.25).max(72),
    stuckAfterHours: z.number().min(0.5).max(168),
  }).refine((f) => f.stuckAfterHours > f.remindAfterHours, { message: 'stuckAfterHours must be after remindAfterHours', path: ['stuckAfterHours'] }),
});

export const regionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  prefecture: z.string().min(1),
  source: z.object({ title: z.string(), publisher: z.string(), published: z.string(), seed: z.string() }),
  administrator: z.object({ name: z.string(), phone, fax: phone.optional(), email: z.email().optional() }),
  rule: regionRuleSchema,
});

export const directorySchema = z.object({ hospitals: z.array(hospitalSchema).min(1) });

export type Region = z.infer<typeof regionSchema>;
export type RegionHospital = z.infer<typeof hospitalSchema>;
export type ContactWindow = z.infer<typeof contactWindowSchema>;
export type RegionPack = Region & { hospitals: RegionHospital[] };
