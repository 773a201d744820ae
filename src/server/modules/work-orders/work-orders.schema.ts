import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
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
import {
  attemptResults,
  failureCauses,
  signatureMeanings,
  workOrderFindings,
  workOrderKinds,
  workOrderOutcomes,
  workOrderPriorities,
  workOrderSources,
  workOrderStatuses,
  type WorkOrderTask,
} from '../../../contracts/work-orders.ts';
import { users } from '../identity/index.ts';
import { devices, documents } from '../inventory/index.ts';
import { organizations, sites } from '../sites/index.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** Per-organization work order numbers (WO-000123). Allocated under a row lock, in the caller's transaction. */
export const workOrderSequences = pgTable('work_order_sequences', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id),
  prefix: text('prefix').notNull().default('WO-'),
  digits: integer('digits').notNull().default(6),
  nextNumber: bigint('next_number', { mode: 'number' }).notNull().default(1),
});

/**
 * A work order: preventive, corrective and the other kinds of issue 4 item 6. Never deleted (cancelled, with a
 * reason). Once signed (signed_at set) its facts do not change; later facts are signed addenda.
 */
export const workOrders = pgTable(
  'work_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    priority: text('priority').notNull().default('routine'),
    status: text('status').notNull().default('open'),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    /** Copied from the device when the work order is created: site scoping of lists and reads. */
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    title: text('title').notNull(),
    problem: text('problem'),
    requesterName: text('requester_name'),
    requesterContact: text('requester_contact'),
    requestedBy: uuid('requested_by').references(() => users.id),
    assignedUserId: uuid('assigned_user_id').references(() => users.id),
    assignedTeam: text('assigned_team'),
    assignedVendor: text('assigned_vendor'),
    /** The maintenance plan that generated it (no FK: plans belong to the maintenance module, above this one). */
    planId: uuid('plan_id'),
    dueDate: date('due_date', { mode: 'string' }),
    windowStart: date('window_start', { mode: 'string' }),
    windowEnd: date('window_end', { mode: 'string' }),
    /** The tolerance table row (reference data) the window came from. */
    toleranceReferenceId: text('tolerance_reference_id'),
    tasks: jsonb('tasks').$type<WorkOrderTask[]>().notNull().default([]),
    estimatedHours: numeric('estimated_hours', { precision: 8, scale: 2, mode: 'number' }),
    shop: text('shop'),
    reportedAt: ts('reported_at').notNull(),
    respondedAt: ts('responded_at'),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    returnedToServiceAt: ts('returned_to_service_at'),
    closedAt: ts('closed_at'),
    cancelledAt: ts('cancelled_at'),
    holdReason: text('hold_reason'),
    cancelReason: text('cancel_reason'),
    reopenReason: text('reopen_reason'),
    outcome: text('outcome'),
    finding: text('finding'),
    failureCause: text('failure_cause'),
    resolution: text('resolution'),
    vendorCost: numeric('vendor_cost', { precision: 14, scale: 2 }),
    vendorReference: text('vendor_reference'),
    serviceReportDocumentId: uuid('service_report_document_id').references(() => documents.id),
    deviceDown: boolean('device_down').notNull().default(false),
    cnlAttempts: integer('cnl_attempts').notNull().default(0),
    nextAttemptOn: date('next_attempt_on', { mode: 'string' }),
    signedAt: ts('signed_at'),
    source: text('source').notNull().default('manual'),
    /** The legacy system's reference for imported history (unique per organization). */
    importRef: text('import_ref'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('work_orders_org_number_uq').on(t.organizationId, t.number),
    // The scheduler's idempotency: one live work order per plan occurrence (INSERT ... ON CONFLICT DO NOTHING).
    uniqueIndex('work_orders_plan_due_uq')
      .on(t.planId, t.dueDate)
      .where(sql`${t.planId} IS NOT NULL AND ${t.status} <> 'cancelled'`),
    uniqueIndex('work_orders_org_import_ref_uq')
      .on(t.organizationId, t.importRef)
      .where(sql`${t.importRef} IS NOT NULL`),
    index('work_orders_my_work_idx').on(t.organizationId, t.assignedUserId, t.status, t.dueDate),
    index('work_orders_site_idx').on(t.organizationId, t.siteId, t.status, t.dueDate),
    index('work_orders_device_idx').on(t.deviceId, t.completedAt),
    index('work_orders_open_due_idx').on(t.organizationId, t.status, t.dueDate),
    index('work_orders_plan_idx').on(t.planId, t.completedAt),
    check('work_orders_kind_check', sql`${t.kind} in (${inList(workOrderKinds)})`),
    check('work_orders_priority_check', sql`${t.priority} in (${inList(workOrderPriorities)})`),
    check('work_orders_status_check', sql`${t.status} in (${inList(workOrderStatuses)})`),
    check(
      'work_orders_outcome_check',
      sql`${t.outcome} is null or ${t.outcome} in (${inList(workOrderOutcomes)})`,
    ),
    check(
      'work_orders_finding_check',
      sql`${t.finding} is null or ${t.finding} in (${inList(workOrderFindings)})`,
    ),
    check(
      'work_orders_failure_cause_check',
      sql`${t.failureCause} is null or ${t.failureCause} in (${inList(failureCauses)})`,
    ),
    check('work_orders_source_check', sql`${t.source} in (${inList(workOrderSources)})`),
    check(
      'work_orders_window_check',
      sql`${t.windowStart} is null or ${t.windowEnd} is null or ${t.windowStart} <= ${t.windowEnd}`,
    ),
  ],
);

/** Append-only: every status step with who, when and why (the database refuses UPDATE and DELETE). */
export const workOrderStatusHistory = pgTable(
  'work_order_status_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    occurredAt: ts('occurred_at').notNull(),
  },
  (t) => [index('work_order_status_history_wo_idx').on(t.workOrderId, t.seq)],
);

/** Labor entries; removing one retires it. */
export const workOrderLabor = pgTable(
  'work_order_labor',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    userId: uuid('user_id').references(() => users.id),
    technicianName: text('technician_name').notNull(),
    workDate: date('work_date', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    index('work_order_labor_wo_idx').on(t.workOrderId),
    check('work_order_labor_hours_check', sql`${t.hours} > 0`),
  ],
);

/** Parts used; removing one retires it. */
export const workOrderParts = pgTable(
  'work_order_parts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    partNumber: text('part_number').notNull(),
    description: text('description'),
    quantity: numeric('quantity', { precision: 12, scale: 3, mode: 'number' }).notNull(),
    unitCost: numeric('unit_cost', { precision: 14, scale: 2 }),
    createdAt: ts('created_at').notNull().defaultNow(),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    index('work_order_parts_wo_idx').on(t.workOrderId),
    check('work_order_parts_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/** Time a device was out of service because of a work order (open while ended_at is null). */
export const workOrderDowntime = pgTable(
  'work_order_downtime',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [
    index('work_order_downtime_wo_idx').on(t.workOrderId),
    index('work_order_downtime_device_idx').on(t.deviceId, t.startedAt),
    uniqueIndex('work_order_downtime_open_uq')
      .on(t.workOrderId)
      .where(sql`${t.endedAt} IS NULL`),
    check('work_order_downtime_order_check', sql`${t.endedAt} is null or ${t.endedAt} >= ${t.startedAt}`),
  ],
);

/** Append-only addenda: facts added after signing, each signed itself. */
export const workOrderAddenda = pgTable(
  'work_order_addenda',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    text: text('text').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    authorName: text('author_name').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('work_order_addenda_wo_idx').on(t.workOrderId, t.createdAt)],
);

/**
 * Append-only electronic signatures (21 CFR 11.50-style manifestation: printed name, date and time, meaning),
 * bound to the SHA-256 of the record's canonical JSON (canonical_version names the field set hashed).
 */
export const workOrderSignatures = pgTable(
  'work_order_signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    addendumId: uuid('addendum_id').references(() => workOrderAddenda.id),
    signerUserId: uuid('signer_user_id')
      .notNull()
      .references(() => users.id),
    printedName: text('printed_name').notNull(),
    meaning: text('meaning').notNull(),
    signedAt: ts('signed_at').notNull(),
    recordSha256: text('record_sha256').notNull(),
    canonicalVersion: integer('canonical_version').notNull(),
  },
  (t) => [
    index('work_order_signatures_wo_idx').on(t.workOrderId, t.signedAt),
    check('work_order_signatures_meaning_check', sql`${t.meaning} in (${inList(signatureMeanings)})`),
  ],
);

/** Append-only could-not-locate / in-use attempts (domain reference §1.5). */
export const workOrderAttempts = pgTable(
  'work_order_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    attemptedAt: ts('attempted_at').notNull(),
    result: text('result').notNull(),
    onTime: boolean('on_time').notNull(),
    note: text('note'),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
  },
  (t) => [
    index('work_order_attempts_wo_idx').on(t.workOrderId, t.attemptedAt),
    check('work_order_attempts_result_check', sql`${t.result} in (${inList(attemptResults)})`),
  ],
);
