import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { meterUnits, planAnchors, planBases, type PlanTask } from '../../../contracts/maintenance-plans.ts';
import { users } from '../identity/index.ts';
import { devices, deviceTypes, models } from '../inventory/index.ts';
import { organizations } from '../sites/index.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));
const INTERVAL_UNITS = ['day', 'week', 'month', 'year'] as const;

/**
 * The content shared by a template and a plan: tasks or a procedure, a calendar interval (kept as the ISO 8601
 * text and as count + unit for set-based date arithmetic in SQL) and/or a meter interval, the anchor rule and
 * the written basis (TJC EC.02.04.01 EP4: activities and frequencies in writing, per OEM or an AEM program).
 */
const planColumns = () => ({
  name: text('name').notNull(),
  tasks: jsonb('tasks').$type<PlanTask[]>().notNull().default([]),
  procedureReference: text('procedure_reference'),
  interval: text('interval'),
  intervalCount: integer('interval_count'),
  intervalUnit: text('interval_unit'),
  meterInterval: integer('meter_interval'),
  meterUnit: text('meter_unit'),
  anchor: text('anchor').notNull(),
  basis: text('basis').notNull(),
  basisDocument: text('basis_document'),
  basisDocumentVersion: text('basis_document_version'),
  /** aem_assessments.id (same module); checked by the service with the AEM eligibility rules. */
  aemAssessmentId: uuid('aem_assessment_id'),
  basisReference: text('basis_reference'),
  estimatedHours: numeric('estimated_hours', { precision: 8, scale: 2, mode: 'number' }),
  shop: text('shop'),
  retiredAt: ts('retired_at'),
  retireReason: text('retire_reason'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

const planChecks = (
  name: string,
  t: {
    interval: unknown;
    intervalCount: unknown;
    intervalUnit: unknown;
    meterInterval: unknown;
    meterUnit: unknown;
    anchor: unknown;
    basis: unknown;
  },
) => [
  check(`${name}_anchor_check`, sql`${t.anchor} in (${inList(planAnchors)})`),
  check(`${name}_basis_check`, sql`${t.basis} in (${inList(planBases)})`),
  check(
    `${name}_interval_unit_check`,
    sql`${t.intervalUnit} is null or ${t.intervalUnit} in (${inList(INTERVAL_UNITS)})`,
  ),
  check(
    `${name}_interval_parts_check`,
    sql`(${t.interval} is null) = (${t.intervalCount} is null) and (${t.interval} is null) = (${t.intervalUnit} is null) and (${t.intervalCount} is null or ${t.intervalCount} > 0)`,
  ),
  check(`${name}_meter_unit_check`, sql`${t.meterUnit} is null or ${t.meterUnit} in (${inList(meterUnits)})`),
  check(`${name}_meter_check`, sql`(${t.meterInterval} is null) = (${t.meterUnit} is null)`),
  check(`${name}_has_interval_check`, sql`${t.interval} is not null or ${t.meterInterval} is not null`),
];

/** A plan template for every device of a model or of a device type (the model's is the more specific). */
export const maintenancePlanTemplates = pgTable(
  'maintenance_plan_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    deviceTypeId: uuid('device_type_id').references(() => deviceTypes.id),
    modelId: uuid('model_id').references(() => models.id),
    ...planColumns(),
  },
  (t) => [
    index('maintenance_plan_templates_org_name_idx').on(t.organizationId, t.name, t.id),
    index('maintenance_plan_templates_model_idx').on(t.modelId),
    index('maintenance_plan_templates_device_type_idx').on(t.deviceTypeId),
    check(
      'maintenance_plan_templates_scope_check',
      sql`(${t.deviceTypeId} is null) <> (${t.modelId} is null)`,
    ),
    ...planChecks('maintenance_plan_templates', t),
  ],
);

/**
 * What is done to one device and how often. Defaulted from a template, then editable for the device (audited
 * with a reason); retired, never deleted. A device gets at most one plan per template (apply-defaults is
 * idempotent; a retired plan is not recreated).
 */
export const maintenancePlans = pgTable(
  'maintenance_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    templateId: uuid('template_id').references(() => maintenancePlanTemplates.id),
    /** Series start for fixed-calendar plans; the anchor when the device has no history. */
    startDate: date('start_date', { mode: 'string' }),
    defaultAssigneeId: uuid('default_assignee_id').references(() => users.id),
    /** reference_tables.id of the tolerance table the last schedule run used for this plan. */
    toleranceReferenceId: uuid('tolerance_reference_id'),
    ...planColumns(),
  },
  (t) => [
    uniqueIndex('maintenance_plans_device_template_uq')
      .on(t.deviceId, t.templateId)
      .where(sql`${t.templateId} IS NOT NULL`),
    index('maintenance_plans_org_device_idx').on(t.organizationId, t.deviceId),
    index('maintenance_plans_org_active_idx')
      .on(t.organizationId, t.id)
      .where(sql`${t.retiredAt} IS NULL`),
    index('maintenance_plans_template_idx').on(t.templateId),
    ...planChecks('maintenance_plans', t),
  ],
);

/** One run of the scheduler: what it generated, cancelled and held, through which date, by whom. */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    through: date('through', { mode: 'string' }).notNull(),
    horizonDays: integer('horizon_days'),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    created: integer('created').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    held: integer('held').notNull().default(0),
    plansConsidered: integer('plans_considered').notNull().default(0),
    toleranceReferenceId: uuid('tolerance_reference_id'),
    actorId: uuid('actor_id').references(() => users.id),
    actorLabel: text('actor_label').notNull(),
  },
  (t) => [index('schedule_runs_org_started_idx').on(t.organizationId, t.startedAt, t.id)],
);
