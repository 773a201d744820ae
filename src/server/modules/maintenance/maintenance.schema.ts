import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  aemAssessmentStatuses,
  aemReviewOutcomes,
  highRiskReasons,
  profileScopes,
} from '../../../contracts/maintenance.ts';
import { maintenanceStrategies } from '../../../contracts/reference.ts';
import { users } from '../identity/index.ts';
import { devices, deviceTypes, models } from '../inventory/index.ts';
import { referenceTables } from '../reference/index.ts';
import { organizations } from '../sites/index.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** A row that applies to a device type, a model or a device: the one target column its scope names is set. */
const scopeColumns = () => ({
  scope: text('scope').notNull(),
  deviceTypeId: uuid('device_type_id').references(() => deviceTypes.id),
  modelId: uuid('model_id').references(() => models.id),
  deviceId: uuid('device_id').references(() => devices.id),
});
const scopeChecks = (
  name: string,
  t: { scope: unknown; deviceTypeId: unknown; modelId: unknown; deviceId: unknown },
) => [
  check(`${name}_scope_check`, sql`${t.scope} in (${inList(profileScopes)})`),
  check(
    `${name}_target_check`,
    sql`(${t.scope} = 'device_type' AND ${t.deviceTypeId} IS NOT NULL AND ${t.modelId} IS NULL AND ${t.deviceId} IS NULL)
     OR (${t.scope} = 'model' AND ${t.modelId} IS NOT NULL AND ${t.deviceTypeId} IS NULL AND ${t.deviceId} IS NULL)
     OR (${t.scope} = 'device' AND ${t.deviceId} IS NOT NULL AND ${t.deviceTypeId} IS NULL AND ${t.modelId} IS NULL)`,
  ),
];
const targetOf = (t: { deviceTypeId: unknown; modelId: unknown; deviceId: unknown }) =>
  sql`coalesce(${t.deviceId}, ${t.modelId}, ${t.deviceTypeId})`;

/**
 * Risk assessments (domain reference §3): a score from a versioned risk model (the reference row used is kept),
 * with the incident rate derived from corrective work or entered by hand. Never updated but to mark it
 * superseded by a newer assessment of the same target.
 */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    ...scopeColumns(),
    riskModelReferenceId: uuid('risk_model_reference_id')
      .notNull()
      .references(() => referenceTables.id),
    factorValues: jsonb('factor_values').notNull(),
    incidentRate: doublePrecision('incident_rate'),
    incidentSource: text('incident_source'),
    incidentRateReason: text('incident_rate_reason'),
    score: doublePrecision('score').notNull(),
    band: text('band').notNull(),
    suggestedInterval: text('suggested_interval'),
    suggestedStrategy: text('suggested_strategy').notNull(),
    includeInPm: boolean('include_in_pm').notNull(),
    explanation: jsonb('explanation').notNull(),
    rationale: text('rationale').notNull(),
    assessedBy: uuid('assessed_by')
      .notNull()
      .references(() => users.id),
    assessedAt: ts('assessed_at').notNull().defaultNow(),
    supersededAt: ts('superseded_at'),
  },
  (t) => [
    ...scopeChecks('risk_assessments', t),
    check('risk_assessments_incident_source_check', sql`${t.incidentSource} in ('derived','manual')`),
    check(
      'risk_assessments_strategy_check',
      sql`${t.suggestedStrategy} in (${inList(maintenanceStrategies)})`,
    ),
    check(
      'risk_assessments_manual_reason_check',
      sql`${t.incidentSource} IS DISTINCT FROM 'manual' OR ${t.incidentRateReason} IS NOT NULL`,
    ),
    uniqueIndex('risk_assessments_current_uq')
      .on(t.organizationId, t.scope, targetOf(t))
      .where(sql`${t.supersededAt} IS NULL`),
    index('risk_assessments_target_idx').on(t.organizationId, targetOf(t), t.assessedAt),
  ],
);

/**
 * The maintenance profile of a device type, a model or a device: null columns inherit (device -> model -> device
 * type -> defaults). High-risk is TJC EC.02.04.01 EP3 with its reason; the three exclusion flags are CMS S&C
 * 14-07 / EP5 (AEM refused).
 */
export const maintenanceProfiles = pgTable(
  'maintenance_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    ...scopeColumns(),
    highRisk: boolean('high_risk'),
    highRiskReason: text('high_risk_reason'),
    highRiskNote: text('high_risk_note'),
    lifeSupport: boolean('life_support'),
    strategy: text('strategy'),
    imagingRadiologic: boolean('imaging_radiologic'),
    medicalLaser: boolean('medical_laser'),
    lawOrCop: boolean('law_or_cop'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...scopeChecks('maintenance_profiles', t),
    check('maintenance_profiles_reason_check', sql`${t.highRiskReason} in (${inList(highRiskReasons)})`),
    check('maintenance_profiles_strategy_check', sql`${t.strategy} in (${inList(maintenanceStrategies)})`),
    uniqueIndex('maintenance_profiles_target_uq').on(t.organizationId, t.scope, targetOf(t)),
  ],
);

/**
 * AEM assessments (domain reference §2 AEM record; TJC EC.02.04.01 EP6–7): per device type or model, the OEM and
 * alternate tasks and intervals, the criteria and evidence; approved by a qualified person, reviewed periodically.
 */
export const aemAssessments = pgTable(
  'aem_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    deviceTypeId: uuid('device_type_id').references(() => deviceTypes.id),
    modelId: uuid('model_id').references(() => models.id),
    oemTasks: jsonb('oem_tasks').$type<string[]>().notNull(),
    oemInterval: text('oem_interval'),
    aemTasks: jsonb('aem_tasks').$type<string[]>().notNull(),
    aemInterval: text('aem_interval'),
    rationale: text('rationale').notNull(),
    riskFactors: jsonb('risk_factors').notNull(),
    evidence: jsonb('evidence').notNull(),
    status: text('status').notNull().default('draft'),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: ts('approved_at'),
    reviewDue: date('review_due', { mode: 'string' }),
    retiredAt: ts('retired_at'),
    retiredReason: text('retired_reason'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('aem_assessments_status_check', sql`${t.status} in (${inList(aemAssessmentStatuses)})`),
    check('aem_assessments_target_check', sql`(${t.deviceTypeId} IS NULL) <> (${t.modelId} IS NULL)`),
    check(
      'aem_assessments_approved_check',
      sql`${t.status} = 'draft' OR ${t.approvedBy} IS NOT NULL OR ${t.retiredAt} IS NOT NULL`,
    ),
    index('aem_assessments_org_status_idx').on(t.organizationId, t.status),
    index('aem_assessments_model_idx').on(t.modelId),
    index('aem_assessments_device_type_idx').on(t.deviceTypeId),
  ],
);

/** Periodic AEM effectiveness reviews (EQ103): append-only (trigger in hand/0003_maintenance/10-maintenance.sql). */
export const aemReviews = pgTable(
  'aem_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => aemAssessments.id),
    reviewedBy: uuid('reviewed_by')
      .notNull()
      .references(() => users.id),
    reviewedAt: ts('reviewed_at').notNull().defaultNow(),
    outcome: text('outcome').notNull(),
    note: text('note').notNull(),
    nextReviewDue: date('next_review_due', { mode: 'string' }),
  },
  (t) => [
    check('aem_reviews_outcome_check', sql`${t.outcome} in (${inList(aemReviewOutcomes)})`),
    index('aem_reviews_assessment_idx').on(t.assessmentId, t.reviewedAt),
  ],
);
