import { z } from 'zod';
import { isoDateTime, requiredText, text, uuid } from './common.ts';

/**
 * Versioned reference tables: the regulatory numbers (due-date tolerances, risk models, policy defaults, AEM
 * exclusions, regulatory references) that are data, never literals in code (domain-reference §0, §1.6).
 * OpenHTM ships one version of each table (organizationId null); an organization adds its own versions, and the
 * newest active one of the organization wins over the shipped one.
 */

export const referenceKinds = [
  'risk_model',
  'tolerance_table',
  'regulatory_references',
  'aem_exclusions',
  'policy',
] as const;
export const ReferenceKind = z.enum(referenceKinds);
export type ReferenceKind = z.infer<typeof ReferenceKind>;

/** The confidence tags of the domain reference: confirmed, established knowledge, unconfirmed (§0). */
export const Confidence = z.enum(['C', 'K', 'U']);
export type Confidence = z.infer<typeof Confidence>;

/** An ISO 8601 duration in whole years, months, weeks or days (P1Y, P6M, P36M, P1W, P30D). */
export const IsoDuration = z
  .string()
  .trim()
  .regex(/^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, {
    message: 'must be an ISO 8601 duration such as P1Y, P6M or P30D',
  });
export type IsoDuration = z.infer<typeof IsoDuration>;

/** Strategies of the maintenance data model (domain-reference §2; TJC 2009 EP3 named the first kinds). */
export const maintenanceStrategies = [
  'OEM_INTERVAL',
  'AEM_INTERVAL',
  'INTERVAL_INSPECTION',
  'METERED',
  'PREDICTIVE',
  'RCM',
  'RUN_TO_FAILURE',
  'CORRECTIVE_ONLY_NOT_ON_PM',
] as const;
export const MaintenanceStrategy = z.enum(maintenanceStrategies);
export type MaintenanceStrategy = z.infer<typeof MaintenanceStrategy>;

export const maintenanceStrategyLabels: Record<MaintenanceStrategy, string> = {
  OEM_INTERVAL: 'Manufacturer (OEM) tasks and interval',
  AEM_INTERVAL: 'Alternate equipment management (AEM) tasks or interval',
  INTERVAL_INSPECTION: 'Interval inspection (performance and safety verification)',
  METERED: 'Metered (usage-based)',
  PREDICTIVE: 'Predictive (condition-based)',
  RCM: 'Reliability-centered maintenance',
  RUN_TO_FAILURE: 'Run to failure (corrective only)',
  CORRECTIVE_ONLY_NOT_ON_PM: 'Corrective only, not on scheduled maintenance',
};

// --- Tolerance table (kind tolerance_table, key due-date-tolerance; §1.4) ----------------------------------

export const ToleranceWindow = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('days'), days: z.number().int().min(0).max(366) }),
  z.object({ kind: z.literal('calendar'), unit: z.enum(['month', 'week']) }),
]);
export type ToleranceWindow = z.infer<typeof ToleranceWindow>;

export const ToleranceRow = z.object({
  interval: IsoDuration,
  label: requiredText(100),
  window: ToleranceWindow,
  confidence: Confidence,
  citation: requiredText(1000),
});
export type ToleranceRow = z.infer<typeof ToleranceRow>;

export const ToleranceTableContent = z
  .object({
    rows: z.array(ToleranceRow).min(1, { message: 'needs at least one row' }).max(50),
    /** An interval not in the table takes the window of the nearest shorter row. */
    fallback: z.literal('nearest_shorter'),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.rows.forEach((r, i) => {
      if (seen.has(r.interval))
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i, 'interval'],
          message: `${r.interval} is listed twice`,
        });
      seen.add(r.interval);
    });
  });
export type ToleranceTableContent = z.infer<typeof ToleranceTableContent>;

// --- Policies (kind policy) -----------------------------------------------------------------------------------

/** Could-not-locate follow-up (§1.5 CMMS rule set, defaults 3 attempts, 5 days, 30 days). */
export const CouldNotLocatePolicy = z.object({
  maxCnlAttempts: z.number().int().min(1).max(20),
  cnlRetryDays: z.number().int().min(1).max(365),
  autoInactivateAfterDays: z.number().int().min(1).max(3650),
});
export type CouldNotLocatePolicy = z.infer<typeof CouldNotLocatePolicy>;

/** "Insufficient maintenance history" has no number in CMS/TJC text: project defaults, [U] (§2). */
export const AemEligibilityPolicy = z.object({
  minHistoryMonthsForAem: z.number().int().min(0).max(240),
  minFleetSizeForAem: z.number().int().min(1).max(100000),
  reviewPeriodMonths: z.number().int().min(1).max(120),
});
export type AemEligibilityPolicy = z.infer<typeof AemEligibilityPolicy>;

/** Scheduling: look-ahead, anchor rule (§1.4: last completion unless policy chooses fixed calendar), due soon. */
export const SchedulingPolicy = z.object({
  horizonDays: z.number().int().min(1).max(730),
  anchor: z.enum(['last_completion', 'fixed_calendar']),
  dueSoonDays: z.number().int().min(0).max(365),
});
export type SchedulingPolicy = z.infer<typeof SchedulingPolicy>;

export const policyKeys = ['could-not-locate', 'aem-eligibility', 'scheduling'] as const;
export const PolicyKey = z.enum(policyKeys);
export type PolicyKey = z.infer<typeof PolicyKey>;

export const policyContentSchemas = {
  'could-not-locate': CouldNotLocatePolicy,
  'aem-eligibility': AemEligibilityPolicy,
  scheduling: SchedulingPolicy,
} as const;
export type PolicyContent<K extends PolicyKey> = z.infer<(typeof policyContentSchemas)[K]>;

// --- Risk models (kind risk_model; §3) ------------------------------------------------------------------------

export const RiskFactorOption = z.object({
  value: z.number(),
  label: requiredText(200),
  definition: text(1000).optional(),
});
export type RiskFactorOption = z.infer<typeof RiskFactorOption>;

export const RiskFactor = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,49}$/, { message: 'must be letters, digits or _' }),
  label: requiredText(200),
  options: z.array(RiskFactorOption).min(1, { message: 'needs at least one option' }).max(50),
  /** INCIDENT_RATE: computed from failures per unit-year; FDA_LIFE_SUSTAIN_FLAG: suggested from the device type. */
  derivedFrom: z.enum(['INCIDENT_RATE', 'FDA_LIFE_SUSTAIN_FLAG']).optional(),
});
export type RiskFactor = z.infer<typeof RiskFactor>;

/**
 * Incident history from a failure rate (failures per unit-year): a rate r falls in the band with
 * min <= r < max (no max = open). A rate exactly on a boundary takes the higher band.
 */
export const IncidentHistoryBand = z.object({
  min: z.number().min(0),
  max: z.number().positive().optional(),
  value: z.number(),
  label: requiredText(200),
});
export type IncidentHistoryBand = z.infer<typeof IncidentHistoryBand>;

/** A score band: min <= score < max (no min / no max = open). */
export const RiskBand = z.object({
  min: z.number().optional(),
  max: z.number().optional(),
  label: requiredText(200),
  suggestedInterval: IsoDuration.optional(),
  suggestedStrategy: MaintenanceStrategy,
  includeInPm: z.boolean(),
});
export type RiskBand = z.infer<typeof RiskBand>;

export const RiskModelContent = z
  .object({
    aggregate: z.enum(['SUM', 'PRODUCT']),
    factors: z.array(RiskFactor).min(1, { message: 'needs at least one factor' }).max(20),
    incidentHistoryBands: z.array(IncidentHistoryBand).max(20).optional(),
    incidentHistoryNote: text(2000).optional(),
    /** The look-back period for deriving the incident rate from corrective work orders. */
    incidentPeriodMonths: z.number().int().min(1).max(240).optional(),
    bands: z.array(RiskBand).min(1, { message: 'needs at least one band' }).max(20),
    caveats: z.array(requiredText(2000)).max(20),
  })
  .superRefine((v, ctx) => {
    const keys = new Set<string>();
    v.factors.forEach((f, i) => {
      if (keys.has(f.key))
        ctx.addIssue({ code: 'custom', path: ['factors', i, 'key'], message: `${f.key} is listed twice` });
      keys.add(f.key);
      if (f.derivedFrom === 'INCIDENT_RATE') {
        if (!v.incidentHistoryBands?.length)
          ctx.addIssue({
            code: 'custom',
            path: ['incidentHistoryBands'],
            message: `are required when factor ${f.key} is derived from the incident rate`,
          });
        if (v.incidentPeriodMonths === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['incidentPeriodMonths'],
            message: `is required when factor ${f.key} is derived from the incident rate`,
          });
        v.incidentHistoryBands?.forEach((b, j) => {
          if (!f.options.some((o) => o.value === b.value))
            ctx.addIssue({
              code: 'custom',
              path: ['incidentHistoryBands', j, 'value'],
              message: `${b.value} is not an option of factor ${f.key}`,
            });
        });
      }
    });
    v.bands.forEach((b, i) => {
      if (b.min !== undefined && b.max !== undefined && b.min >= b.max)
        ctx.addIssue({ code: 'custom', path: ['bands', i, 'max'], message: 'must be greater than min' });
      v.bands.forEach((o, j) => {
        if (j <= i) return;
        const overlap =
          (b.max === undefined || o.min === undefined || o.min < b.max) &&
          (o.max === undefined || b.min === undefined || b.min < o.max);
        if (overlap)
          ctx.addIssue({ code: 'custom', path: ['bands', j], message: `overlaps band ${b.label}` });
      });
    });
    v.incidentHistoryBands?.forEach((b, i) => {
      if (b.max !== undefined && b.min >= b.max)
        ctx.addIssue({
          code: 'custom',
          path: ['incidentHistoryBands', i, 'max'],
          message: 'must be greater than min',
        });
    });
  });
export type RiskModelContent = z.infer<typeof RiskModelContent>;

// --- AEM exclusions (kind aem_exclusions, key cms-sc-14-07; §1.1, §1.2 EP5, §2) -----------------------------

export const aemExclusionCodes = [
  'IMAGING_RADIOLOGIC',
  'MEDICAL_LASER',
  'LAW_OR_COP',
  'INSUFFICIENT_HISTORY',
] as const;
export const AemExclusionCode = z.enum(aemExclusionCodes);
export type AemExclusionCode = z.infer<typeof AemExclusionCode>;

export const AemExclusionsContent = z.object({
  categories: z
    .array(
      z.object({
        code: AemExclusionCode,
        label: requiredText(300),
        citation: requiredText(1000),
        confidence: Confidence,
      }),
    )
    .min(1)
    .max(20),
  /** The strategies that are AEM (refused for excluded equipment): AEM intervals and the AEM sub-types (§2). */
  aemStrategies: z.array(MaintenanceStrategy).min(1, { message: 'needs at least one strategy' }),
  aemStrategiesNote: text(2000).optional(),
});
export type AemExclusionsContent = z.infer<typeof AemExclusionsContent>;

// --- Regulatory references (kind regulatory_references, key medical-equipment; §1.2, §1.3, §1.6) -------------

export const RegulatoryReference = z.object({
  program: requiredText(100),
  code: requiredText(100),
  ep: text(20).optional(),
  text: requiredText(2000),
  effectiveFrom: z.iso.date(),
  effectiveTo: z.iso.date().optional(),
  cmsTag: text(50).optional(),
  confidence: Confidence,
  citation: text(1000).optional(),
});
export type RegulatoryReference = z.infer<typeof RegulatoryReference>;

export const RegulatoryReferencesContent = z.object({
  references: z.array(RegulatoryReference).min(1).max(500),
  crosswalk: z.array(z.object({ from: requiredText(100), to: requiredText(100), note: text(1000) })).max(500),
});
export type RegulatoryReferencesContent = z.infer<typeof RegulatoryReferencesContent>;

/**
 * The zod schema a table's content must satisfy, by kind (and key for policies). Null: a policy key OpenHTM does
 * not know, which cannot be stored.
 */
export function referenceContentSchema(kind: ReferenceKind, key: string): z.ZodType | null {
  switch (kind) {
    case 'risk_model':
      return RiskModelContent;
    case 'tolerance_table':
      return ToleranceTableContent;
    case 'regulatory_references':
      return RegulatoryReferencesContent;
    case 'aem_exclusions':
      return AemExclusionsContent;
    case 'policy': {
      const parsed = PolicyKey.safeParse(key);
      return parsed.success ? policyContentSchemas[parsed.data] : null;
    }
  }
}

// --- The API ----------------------------------------------------------------------------------------------------

export const ReferenceTableVersion = z.object({
  id: uuid,
  kind: ReferenceKind,
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  source: z.string(),
  edition: z.string(),
  /** Null: shipped with OpenHTM (read-only); else the organization's own version. */
  organizationId: uuid.nullable(),
  sha256: z.string(),
  basedOnId: uuid.nullable(),
  active: z.boolean(),
  reason: z.string().nullable(),
  createdBy: z.object({ id: uuid, name: z.string() }).nullable(),
  createdAt: isoDateTime,
});
export type ReferenceTableVersion = z.infer<typeof ReferenceTableVersion>;

/** One effective table (the organization's newest active version, else the shipped one) in the list. */
export const ReferenceTableSummary = ReferenceTableVersion.extend({
  /** How many versions exist for this kind and key (shipped + the organization's). */
  versionCount: z.number().int(),
});
export type ReferenceTableSummary = z.infer<typeof ReferenceTableSummary>;

export const ReferenceTable = ReferenceTableVersion.extend({
  /** Parse with `referenceContentSchema(kind, key)`. */
  content: z.unknown(),
});
export type ReferenceTable = z.infer<typeof ReferenceTable>;

export const ReferenceTableListQuery = z.object({ kind: ReferenceKind.optional() });
export const ReferenceTableList = z.object({ items: z.array(ReferenceTableSummary) });
export type ReferenceTableList = z.infer<typeof ReferenceTableList>;
export const ReferenceTableVersionList = z.object({ items: z.array(ReferenceTableVersion) });
export type ReferenceTableVersionList = z.infer<typeof ReferenceTableVersionList>;

export const CreateReferenceVersionRequest = z.object({
  /** The version number the edit started from; if a newer version exists the request is a VERSION_CONFLICT. */
  version: z.number().int().min(1),
  content: z.unknown(),
  reason: requiredText(1000),
  name: requiredText(200).optional(),
  source: requiredText(1000).optional(),
  edition: requiredText(200).optional(),
});
export type CreateReferenceVersionRequest = z.infer<typeof CreateReferenceVersionRequest>;

/** Retires one of the organization's versions: the one before it (or the shipped one) applies again. */
export const RetireReferenceVersionRequest = z.object({ reason: requiredText(1000) });
export type RetireReferenceVersionRequest = z.infer<typeof RetireReferenceVersionRequest>;
