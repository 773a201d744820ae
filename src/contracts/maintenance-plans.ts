import { z } from 'zod';
import { isoDateTime, requiredText, text, uuid } from './common.ts';

/**
 * Maintenance plans (what is done to a device, how often, on what basis), plan templates per model or device type,
 * due windows from the tolerance table, schedule runs and the workload forecast (issue 4 items 4 and 5).
 */

/** A calendar date, YYYY-MM-DD, that exists. */
const isoDate = z.iso.date();

/**
 * An ISO 8601 duration with one calendar unit: days, weeks, months or years (`P14D`, `P1W`, `P6M`, `P1Y`, `P36M`).
 * The count is 1–999.
 */
export const PlanInterval = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^P([1-9]\d{0,2})([DWMY])$/, {
    message: 'must be an ISO 8601 duration of days, weeks, months or years, e.g. P1Y, P6M, P1W, P14D',
  });
export type PlanInterval = z.infer<typeof PlanInterval>;

/** How the next due date is found: from the last completed work, or on a fixed calendar from the series start. */
export const planAnchors = ['last_completion', 'fixed_calendar'] as const;
export const PlanAnchor = z.enum(planAnchors);
export type PlanAnchor = z.infer<typeof PlanAnchor>;

/** Why the plan's tasks and interval are what they are (TJC EC.02.04.01 EP4: in writing, OEM or AEM). */
export const planBases = ['manufacturer', 'aem', 'regulation', 'policy'] as const;
export const PlanBasis = z.enum(planBases);
export type PlanBasis = z.infer<typeof PlanBasis>;

export const meterUnits = ['hours', 'cycles', 'exposures', 'procedures'] as const;
export const MeterUnit = z.enum(meterUnits);

export const PlanTask = z.object({
  key: requiredText(60),
  text: requiredText(1000),
});
export type PlanTask = z.infer<typeof PlanTask>;

/** Fields common to templates and plans (the content of a plan). */
const planContent = {
  name: requiredText(200),
  tasks: z.array(PlanTask).max(200).default([]),
  /** A procedure reference (document id, number or title) instead of or besides the task list. */
  procedureReference: text(300).nullable().optional(),
  /** Calendar interval; a plan has an interval, a meter interval, or both. */
  interval: PlanInterval.nullable().optional(),
  meterInterval: z.number().int().positive().nullable().optional(),
  meterUnit: MeterUnit.nullable().optional(),
  /** Defaults to the organization's scheduling policy (`anchor`). */
  anchor: PlanAnchor.optional(),
  basis: PlanBasis,
  /** basis = manufacturer: the document (e.g. service manual) and its version. */
  basisDocument: text(300).nullable().optional(),
  basisDocumentVersion: text(100).nullable().optional(),
  /** basis = aem: the AEM assessment; AEM eligibility is checked (409 AEM_NOT_ALLOWED). */
  aemAssessmentId: uuid.nullable().optional(),
  /** basis = regulation or policy: the reference (e.g. "NFPA 99-2012 10.5", "Policy EM-12"). */
  basisReference: text(300).nullable().optional(),
  estimatedHours: z.number().min(0).max(1000).nullable().optional(),
  shop: text(100).nullable().optional(),
};

export const PlanTemplate = z.object({
  id: uuid,
  scope: z.enum(['device_type', 'model']),
  deviceType: z.object({ id: uuid, name: z.string() }).nullable(),
  model: z.object({ id: uuid, name: z.string(), modelNumber: z.string() }).nullable(),
  name: z.string(),
  tasks: z.array(PlanTask),
  procedureReference: z.string().nullable(),
  interval: z.string().nullable(),
  meterInterval: z.number().int().nullable(),
  meterUnit: MeterUnit.nullable(),
  anchor: PlanAnchor,
  basis: PlanBasis,
  basisDocument: z.string().nullable(),
  basisDocumentVersion: z.string().nullable(),
  aemAssessmentId: uuid.nullable(),
  basisReference: z.string().nullable(),
  estimatedHours: z.number().nullable(),
  shop: z.string().nullable(),
  active: z.boolean(),
  retiredAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type PlanTemplate = z.infer<typeof PlanTemplate>;

/** A template belongs to exactly one model or one device type. */
export const CreatePlanTemplateRequest = z
  .object({
    deviceTypeId: uuid.optional(),
    modelId: uuid.optional(),
    ...planContent,
  })
  .refine((v) => (v.deviceTypeId === undefined) !== (v.modelId === undefined), {
    message: 'give exactly one of deviceTypeId or modelId',
    path: ['modelId'],
  });
export type CreatePlanTemplateRequest = z.infer<typeof CreatePlanTemplateRequest>;

const contentPatch = z.object(planContent).partial();

export const UpdatePlanTemplateRequest = contentPatch.extend({
  version: z.number().int(),
  reason: requiredText(500),
});
export type UpdatePlanTemplateRequest = z.infer<typeof UpdatePlanTemplateRequest>;

export const RetirePlanRequest = z.object({ version: z.number().int(), reason: requiredText(500) });
export type RetirePlanRequest = z.infer<typeof RetirePlanRequest>;

export const PlanTemplateListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
  modelId: uuid.optional(),
  deviceTypeId: uuid.optional(),
  includeRetired: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type PlanTemplateListQuery = z.infer<typeof PlanTemplateListQuery>;

// --- Due windows -------------------------------------------------------------------------------------------------

/** A row of the due-date tolerance table (reference data `due-date-tolerance`, domain-reference §1.4). */
export const ToleranceRowInfo = z.object({
  interval: z.string(),
  label: z.string(),
  window: z.union([
    z.object({ kind: z.literal('days'), days: z.number() }),
    z.object({ kind: z.literal('calendar'), unit: z.enum(['month', 'week']) }),
  ]),
  confidence: z.string(),
  citation: z.string(),
});

export const DueWindowQuery = z.object({
  interval: PlanInterval,
  /** The last completed event; with `anchor=fixed_calendar`, the series start is used instead. */
  lastCompleted: isoDate.optional(),
  anchor: PlanAnchor.default('last_completion'),
  seriesStart: isoDate.optional(),
  /** fixed_calendar: the first occurrence after this date (defaults to lastCompleted, else today). */
  after: isoDate.optional(),
});
export type DueWindowQuery = z.infer<typeof DueWindowQuery>;

export const DueWindowReference = z.object({ id: uuid, version: z.number().int(), edition: z.string() });

export const DueWindow = z.object({
  interval: z.string(),
  anchor: PlanAnchor,
  /** The date the interval was counted from (the last completion or the fixed-calendar occurrence before). */
  anchorDate: isoDate,
  due: isoDate,
  earliest: isoDate,
  latest: isoDate,
  /** The tolerance row applied (the exact interval's, else the nearest shorter one); null: no row applies. */
  tolerance: ToleranceRowInfo.nullable(),
  /** True when the row is another interval's (the table's fallback rule). */
  fallback: z.boolean(),
  referenceTable: DueWindowReference,
});
export type DueWindow = z.infer<typeof DueWindow>;

// --- Maintenance plans ---------------------------------------------------------------------------------------------

export const NextDue = z.object({
  anchorDate: isoDate,
  /** What the anchor is: last completed preventive work on the plan or device, plan start, device in service. */
  anchorSource: z.enum(['plan_completion', 'device_completion', 'series_start', 'plan_start', 'in_service']),
  due: isoDate,
  earliest: isoDate,
  latest: isoDate,
  overdue: z.boolean(),
});
export type NextDue = z.infer<typeof NextDue>;

export const MaintenancePlan = z.object({
  id: uuid,
  device: z.object({ id: uuid, assetTag: z.string(), siteId: uuid, status: z.string() }),
  templateId: uuid.nullable(),
  name: z.string(),
  tasks: z.array(PlanTask),
  procedureReference: z.string().nullable(),
  interval: z.string().nullable(),
  meterInterval: z.number().int().nullable(),
  meterUnit: MeterUnit.nullable(),
  anchor: PlanAnchor,
  /** First date of the series (fixed calendar) / anchor when there is no history. */
  startDate: isoDate.nullable(),
  basis: PlanBasis,
  basisDocument: z.string().nullable(),
  basisDocumentVersion: z.string().nullable(),
  aemAssessmentId: uuid.nullable(),
  basisReference: z.string().nullable(),
  estimatedHours: z.number().nullable(),
  shop: z.string().nullable(),
  defaultAssigneeId: uuid.nullable(),
  /** The tolerance table version the plan's windows were last computed with. */
  toleranceReferenceId: uuid.nullable(),
  active: z.boolean(),
  retiredAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
  /** Next due date and window (calendar plans of devices with a known anchor). */
  nextDue: NextDue.nullable(),
});
export type MaintenancePlan = z.infer<typeof MaintenancePlan>;

export const CreateMaintenancePlanRequest = z.object({
  deviceId: uuid,
  /** Copy the content from this template; fields given here override it. */
  templateId: uuid.optional(),
  ...planContent,
  name: requiredText(200).optional(),
  basis: PlanBasis.optional(),
  startDate: isoDate.nullable().optional(),
  defaultAssigneeId: uuid.nullable().optional(),
  reason: text(500).optional(),
});
export type CreateMaintenancePlanRequest = z.infer<typeof CreateMaintenancePlanRequest>;

export const UpdateMaintenancePlanRequest = contentPatch.extend({
  startDate: isoDate.nullable().optional(),
  defaultAssigneeId: uuid.nullable().optional(),
  version: z.number().int(),
  /** Device-specific edits are audited with a reason. */
  reason: requiredText(500),
});
export type UpdateMaintenancePlanRequest = z.infer<typeof UpdateMaintenancePlanRequest>;

export const MaintenancePlanListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
  deviceId: uuid.optional(),
  siteId: uuid.optional(),
  templateId: uuid.optional(),
  basis: PlanBasis.optional(),
  shop: text(100).optional(),
  includeRetired: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type MaintenancePlanListQuery = z.infer<typeof MaintenancePlanListQuery>;

export const DeviceMaintenancePlansResponse = z.object({ items: z.array(MaintenancePlan) });

export const ApplyPlanDefaultsRequest = z
  .object({
    /** The devices to give plans; absent = every device of `siteId`, or every permitted device. */
    deviceIds: z.array(uuid).max(10000).optional(),
    siteId: uuid.optional(),
  })
  .strict()
  .default({});
export type ApplyPlanDefaultsRequest = z.infer<typeof ApplyPlanDefaultsRequest>;

export const ApplyPlanDefaultsResult = z.object({
  devicesConsidered: z.number().int(),
  plansCreated: z.number().int(),
  /** Device–template pairs that already had a plan (current or retired): left alone. */
  alreadyPlanned: z.number().int(),
  devicesWithoutTemplate: z.number().int(),
});
export type ApplyPlanDefaultsResult = z.infer<typeof ApplyPlanDefaultsResult>;

// --- Scheduling ----------------------------------------------------------------------------------------------

export const ScheduleRunRequest = z
  .object({
    /** Generate work due up to and including this date; default: today + the policy's `horizonDays`. */
    through: isoDate.optional(),
  })
  .strict()
  .default({});
export type ScheduleRunRequest = z.infer<typeof ScheduleRunRequest>;

export const ScheduleRun = z.object({
  id: uuid,
  through: isoDate,
  horizonDays: z.number().int().nullable(),
  startedAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  /** Preventive work orders created. */
  created: z.number().int(),
  /** Open scheduled work cancelled because the device was retired or disposed. */
  cancelled: z.number().int(),
  /** Open scheduled work put on hold because the device is missing. */
  held: z.number().int(),
  plansConsidered: z.number().int(),
  toleranceReferenceId: uuid.nullable(),
  actor: z.string(),
});
export type ScheduleRun = z.infer<typeof ScheduleRun>;

export const ScheduleRunListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});

// --- Workload forecast ---------------------------------------------------------------------------------------

export const forecastGroupings = ['site', 'shop', 'technician', 'month'] as const;
export const ForecastGroupBy = z.enum(forecastGroupings);

export const ForecastQuery = z.object({
  from: isoDate,
  to: isoDate,
  groupBy: ForecastGroupBy.default('month'),
  siteId: uuid.optional(),
});
export type ForecastQuery = z.infer<typeof ForecastQuery>;

export const ForecastRow = z.object({
  /** Site id, shop name, user id or YYYY-MM; null = none (no shop, unassigned). */
  key: z.string().nullable(),
  label: z.string(),
  /** Open preventive work already generated, due in the period. */
  scheduledCount: z.number().int(),
  scheduledHours: z.number(),
  /** Plan occurrences beyond the generated work, due in the period. */
  projectedCount: z.number().int(),
  projectedHours: z.number(),
  totalHours: z.number(),
});
export type ForecastRow = z.infer<typeof ForecastRow>;

export const Forecast = z.object({
  from: isoDate,
  to: isoDate,
  groupBy: ForecastGroupBy,
  rows: z.array(ForecastRow),
  totals: z.object({
    scheduledCount: z.number().int(),
    scheduledHours: z.number(),
    projectedCount: z.number().int(),
    projectedHours: z.number(),
  }),
});
export type Forecast = z.infer<typeof Forecast>;
