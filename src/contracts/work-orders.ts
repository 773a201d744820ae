import { z } from 'zod';
import { isoDateTime, pageOf, requiredText, text, uuid } from './common.ts';

/** A calendar date, YYYY-MM-DD, that exists. */
const isoDate = z.iso.date();
const optionalText = (max = 200) => text(max).nullable().optional();
const money = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, { message: 'must be an amount like 1250.00' });
const hours = z.number().min(0).max(1000);

// --- Enumerations (the database checks the same lists: work-orders.schema.ts imports these) ------------------

/** Work order types of the domain reference §10 (WorkOrder.type). `incoming` is incoming (acceptance) inspection. */
export const workOrderKinds = [
  'preventive',
  'corrective',
  'incoming',
  'recall',
  'safety_alert',
  'software_update',
  'cybersecurity_patch',
  'use_error',
  'cannot_duplicate',
  'damage',
] as const;
export const WorkOrderKind = z.enum(workOrderKinds);
export type WorkOrderKind = z.infer<typeof WorkOrderKind>;
export const workOrderKindLabels: Record<WorkOrderKind, string> = {
  preventive: 'Preventive maintenance',
  corrective: 'Corrective repair',
  incoming: 'Incoming (acceptance) inspection',
  recall: 'Recall',
  safety_alert: 'Safety alert',
  software_update: 'Software update',
  cybersecurity_patch: 'Cybersecurity patch',
  use_error: 'Use error',
  cannot_duplicate: 'Cannot duplicate',
  damage: 'Damage',
};

export const workOrderPriorities = ['emergency', 'urgent', 'high', 'routine', 'low'] as const;
export const WorkOrderPriority = z.enum(workOrderPriorities);
export type WorkOrderPriority = z.infer<typeof WorkOrderPriority>;

export const workOrderStatuses = [
  'open',
  'assigned',
  'in_progress',
  'on_hold',
  'completed',
  'closed',
  'cancelled',
] as const;
export const WorkOrderStatus = z.enum(workOrderStatuses);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;
export const workOrderStatusLabels: Record<WorkOrderStatus, string> = {
  open: 'Open',
  assigned: 'Assigned',
  in_progress: 'In progress',
  on_hold: 'On hold',
  completed: 'Completed',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/**
 * The work order lifecycle. open → assigned → in progress ⇄ on hold → completed → closed; cancelled (with a
 * reason) from open, assigned, in progress or on hold; reopened (with a reason) from cancelled to open. Work may
 * start from open (the technician takes it). Completing is a signature; closing is a manager's step.
 */
export const workOrderTransitions: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  open: ['assigned', 'in_progress', 'cancelled'],
  assigned: ['assigned', 'in_progress', 'cancelled'],
  in_progress: ['on_hold', 'completed', 'cancelled'],
  on_hold: ['in_progress', 'cancelled'],
  completed: ['closed'],
  closed: [],
  cancelled: ['open'],
};

/** Statuses in which the work is still to be done (lists, "my work", due and overdue notices). */
export const openWorkOrderStatuses: readonly WorkOrderStatus[] = [
  'open',
  'assigned',
  'in_progress',
  'on_hold',
];

/** Domain reference §1.5: outcome of a work order. `could_not_locate` only through escalation to missing. */
export const workOrderOutcomes = [
  'completed',
  'could_not_locate',
  'in_use_deferred',
  'out_for_repair',
  'removed_from_service',
] as const;
export const WorkOrderOutcome = z.enum(workOrderOutcomes);
export type WorkOrderOutcome = z.infer<typeof WorkOrderOutcome>;
/** Outcomes a technician signs at completion (could-not-locate and in-use are attempts, see §1.5). */
export const completionOutcomes = ['completed', 'out_for_repair', 'removed_from_service'] as const;

/** Domain reference §5 (PM yield): what the work found. */
export const workOrderFindings = [
  'no_problem',
  'user_evident_failure',
  'hidden_failure',
  'pm_preventable_degradation',
] as const;
export const WorkOrderFinding = z.enum(workOrderFindings);
export type WorkOrderFinding = z.infer<typeof WorkOrderFinding>;

/** Failure cause (failure code): a closed list so corrective history can be counted per model. */
export const failureCauses = [
  'none',
  'wear_and_tear',
  'component_failure',
  'battery',
  'accessory',
  'software',
  'electrical',
  'mechanical',
  'calibration_drift',
  'user_error',
  'abuse_or_damage',
  'environment',
  'network',
  'manufacturer_defect',
  'unknown',
] as const;
export const FailureCause = z.enum(failureCauses);
export type FailureCause = z.infer<typeof FailureCause>;

export const workOrderSources = ['manual', 'scheduled', 'import', 'api'] as const;
export const WorkOrderSource = z.enum(workOrderSources);
export type WorkOrderSource = z.infer<typeof WorkOrderSource>;

export const attemptResults = ['could_not_locate', 'in_use'] as const;
export const AttemptResult = z.enum(attemptResults);
export type AttemptResult = z.infer<typeof AttemptResult>;

/** What a signature means (shown beside the printed name and time). */
export const signatureMeanings = [
  'performed',
  'reviewed',
  'approved',
  'missing_sign_off',
  'addendum',
] as const;
export const SignatureMeaning = z.enum(signatureMeanings);
export type SignatureMeaning = z.infer<typeof SignatureMeaning>;
export const signatureMeaningLabels: Record<SignatureMeaning, string> = {
  performed: 'Work performed as recorded',
  reviewed: 'Reviewed',
  approved: 'Approved',
  missing_sign_off: 'Supervisor sign-off: device declared missing',
  addendum: 'Addendum authored',
};

/** Actions the web may offer on a work order (the detail lists the ones allowed now, for the caller). */
export const workOrderActions = [
  'edit',
  'assign',
  'start',
  'hold',
  'resume',
  'complete',
  'close',
  'cancel',
  'reopen',
  'labor',
  'parts',
  'attempt',
  'escalate_missing',
  'addendum',
] as const;
export const WorkOrderAction = z.enum(workOrderActions);
export type WorkOrderAction = z.infer<typeof WorkOrderAction>;

// --- Records -------------------------------------------------------------------------------------------------

export const WorkOrderTask = z.object({
  text: requiredText(500),
  result: z.enum(['pass', 'fail', 'na']).nullable().optional(),
  value: optionalText(200),
  note: optionalText(1000),
});
export type WorkOrderTask = z.infer<typeof WorkOrderTask>;

/** The device a work order is for, with where it is (lists group "my work" by location). */
export const WorkOrderDevice = z.object({
  id: uuid,
  assetTag: z.string(),
  serialNumber: z.string().nullable(),
  status: z.string(),
  modelName: z.string(),
  manufacturerName: z.string(),
  siteId: uuid,
  siteName: z.string(),
  building: z.string().nullable(),
  floor: z.string().nullable(),
  room: z.string().nullable(),
  department: z.string().nullable(),
});
export type WorkOrderDevice = z.infer<typeof WorkOrderDevice>;

export const WorkOrder = z.object({
  id: uuid,
  number: z.string(),
  kind: WorkOrderKind,
  priority: WorkOrderPriority,
  status: WorkOrderStatus,
  device: WorkOrderDevice,
  siteId: uuid,
  title: z.string(),
  problem: z.string().nullable(),
  requesterName: z.string().nullable(),
  requesterContact: z.string().nullable(),
  requestedBy: uuid.nullable(),
  assignedUserId: uuid.nullable(),
  assignedUserName: z.string().nullable(),
  assignedTeam: z.string().nullable(),
  assignedVendor: z.string().nullable(),
  planId: uuid.nullable(),
  dueDate: isoDate.nullable(),
  windowStart: isoDate.nullable(),
  windowEnd: isoDate.nullable(),
  toleranceReferenceId: z.string().nullable(),
  tasks: z.array(WorkOrderTask),
  estimatedHours: z.number().nullable(),
  shop: z.string().nullable(),
  reportedAt: isoDateTime,
  respondedAt: isoDateTime.nullable(),
  startedAt: isoDateTime.nullable(),
  completedAt: isoDateTime.nullable(),
  returnedToServiceAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
  cancelledAt: isoDateTime.nullable(),
  holdReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  reopenReason: z.string().nullable(),
  outcome: WorkOrderOutcome.nullable(),
  finding: WorkOrderFinding.nullable(),
  failureCause: FailureCause.nullable(),
  resolution: z.string().nullable(),
  vendorCost: z.string().nullable(),
  vendorReference: z.string().nullable(),
  serviceReportDocumentId: uuid.nullable(),
  deviceDown: z.boolean(),
  cnlAttempts: z.number().int(),
  nextAttemptOn: isoDate.nullable(),
  signedAt: isoDateTime.nullable(),
  /** Open and past its window end (or due date when there is no window), as of today (UTC). */
  overdue: z.boolean(),
  source: WorkOrderSource,
  importRef: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type WorkOrder = z.infer<typeof WorkOrder>;

export const WorkOrderLabor = z.object({
  id: uuid,
  userId: uuid.nullable(),
  technicianName: z.string(),
  workDate: isoDate,
  hours: z.number(),
  note: z.string().nullable(),
  createdAt: isoDateTime,
});
export type WorkOrderLabor = z.infer<typeof WorkOrderLabor>;

export const WorkOrderPart = z.object({
  id: uuid,
  partNumber: z.string(),
  description: z.string().nullable(),
  quantity: z.number(),
  unitCost: z.string().nullable(),
  createdAt: isoDateTime,
});
export type WorkOrderPart = z.infer<typeof WorkOrderPart>;

export const WorkOrderDowntime = z.object({
  id: uuid,
  deviceId: uuid,
  startedAt: isoDateTime,
  endedAt: isoDateTime.nullable(),
});
export type WorkOrderDowntime = z.infer<typeof WorkOrderDowntime>;

export const WorkOrderAttempt = z.object({
  id: uuid,
  attemptedAt: isoDateTime,
  result: AttemptResult,
  /** Inside the due window (or on or before the due date without one): counts for the policy rate (§1.5). */
  onTime: z.boolean(),
  note: z.string().nullable(),
  actorId: uuid.nullable(),
  actorName: z.string(),
});
export type WorkOrderAttempt = z.infer<typeof WorkOrderAttempt>;

export const WorkOrderSignature = z.object({
  id: uuid,
  addendumId: uuid.nullable(),
  signerUserId: uuid,
  printedName: z.string(),
  meaning: SignatureMeaning,
  meaningLabel: z.string(),
  signedAt: isoDateTime,
  recordSha256: z.string(),
  canonicalVersion: z.number().int(),
});
export type WorkOrderSignature = z.infer<typeof WorkOrderSignature>;

export const WorkOrderAddendum = z.object({
  id: uuid,
  text: z.string(),
  authorId: uuid,
  authorName: z.string(),
  createdAt: isoDateTime,
});
export type WorkOrderAddendum = z.infer<typeof WorkOrderAddendum>;

export const WorkOrderStatusChange = z.object({
  id: z.string(),
  fromStatus: WorkOrderStatus.nullable(),
  toStatus: WorkOrderStatus,
  reason: z.string().nullable(),
  actorId: uuid.nullable(),
  actorName: z.string(),
  occurredAt: isoDateTime,
});
export type WorkOrderStatusChange = z.infer<typeof WorkOrderStatusChange>;

export const WorkOrderDetail = WorkOrder.extend({
  labor: z.array(WorkOrderLabor),
  parts: z.array(WorkOrderPart),
  downtime: z.array(WorkOrderDowntime),
  attempts: z.array(WorkOrderAttempt),
  signatures: z.array(WorkOrderSignature),
  addenda: z.array(WorkOrderAddendum),
  history: z.array(WorkOrderStatusChange),
  /** What the caller may do now (status, signature, permissions and the could-not-locate policy). */
  allowedActions: z.array(WorkOrderAction),
  /** Could-not-locate policy in force (reference data), so the page can say "attempt 2 of 3". */
  cnlPolicy: z.object({ maxCnlAttempts: z.number().int(), cnlRetryDays: z.number().int() }),
});
export type WorkOrderDetail = z.infer<typeof WorkOrderDetail>;

// --- Queries -------------------------------------------------------------------------------------------------

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .trim()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(values)).min(1));

export const WorkOrderListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** One status or a comma-separated list; `open` work is open, assigned, in progress and on hold. */
  status: csvOf(workOrderStatuses).optional(),
  kind: csvOf(workOrderKinds).optional(),
  /** A user id, or `me` for the caller. */
  assignee: z.union([z.literal('me'), uuid]).optional(),
  siteId: uuid.optional(),
  deviceId: uuid.optional(),
  dueFrom: isoDate.optional(),
  dueTo: isoDate.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Number, title, asset tag or serial number. */
  q: text(200).optional(),
});
export type WorkOrderListQuery = z.infer<typeof WorkOrderListQuery>;
export const WorkOrderListResponse = pageOf(WorkOrder);
export type WorkOrderListResponse = z.infer<typeof WorkOrderListResponse>;

export const MyWorkQuery = z.object({
  /** The caller's today (YYYY-MM-DD); defaults to today in UTC. */
  today: isoDate.optional(),
  /** How many days ahead count as upcoming (default 14). */
  days: z.coerce.number().int().min(1).max(90).default(14),
});
export const MyWorkResponse = z.object({
  today: isoDate,
  /** Due today, or inside its window today. */
  dueToday: z.array(WorkOrder),
  overdue: z.array(WorkOrder),
  upcoming: z.array(WorkOrder),
  /** Open work with no due date (corrective requests). */
  unscheduled: z.array(WorkOrder),
});
export type MyWorkResponse = z.infer<typeof MyWorkResponse>;

export const DeviceWorkOrdersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

// --- Writes --------------------------------------------------------------------------------------------------

const assignment = {
  assignedUserId: uuid.nullable().optional(),
  assignedTeam: optionalText(100),
  assignedVendor: optionalText(200),
};

export const CreateWorkOrderRequest = z.object({
  deviceId: uuid,
  kind: WorkOrderKind.default('corrective'),
  priority: WorkOrderPriority.default('routine'),
  title: requiredText(200),
  problem: optionalText(4000),
  requesterName: optionalText(200),
  requesterContact: optionalText(200),
  ...assignment,
  dueDate: isoDate.nullable().optional(),
  windowStart: isoDate.nullable().optional(),
  windowEnd: isoDate.nullable().optional(),
  tasks: z.array(WorkOrderTask).max(200).optional(),
  estimatedHours: hours.nullable().optional(),
  shop: optionalText(100),
  /** The device cannot be used while this work is open: it goes out of service and downtime starts. */
  deviceDown: z.boolean().default(false),
});
export type CreateWorkOrderRequest = z.infer<typeof CreateWorkOrderRequest>;

export const UpdateWorkOrderRequest = z.object({
  version: z.number().int(),
  priority: WorkOrderPriority.optional(),
  title: requiredText(200).optional(),
  problem: optionalText(4000),
  requesterName: optionalText(200),
  requesterContact: optionalText(200),
  dueDate: isoDate.nullable().optional(),
  windowStart: isoDate.nullable().optional(),
  windowEnd: isoDate.nullable().optional(),
  tasks: z.array(WorkOrderTask).max(200).optional(),
  estimatedHours: hours.nullable().optional(),
  shop: optionalText(100),
  finding: WorkOrderFinding.nullable().optional(),
  failureCause: FailureCause.nullable().optional(),
  resolution: optionalText(4000),
  vendorCost: money.nullable().optional(),
  vendorReference: optionalText(200),
  serviceReportDocumentId: uuid.nullable().optional(),
  /** true: the device goes out of service (downtime starts); false: it returns to service (downtime ends). */
  deviceDown: z.boolean().optional(),
});
export type UpdateWorkOrderRequest = z.infer<typeof UpdateWorkOrderRequest>;

export const WorkOrderVersionRequest = z.object({ version: z.number().int() });
export type WorkOrderVersionRequest = z.infer<typeof WorkOrderVersionRequest>;

export const AssignWorkOrderRequest = z.object({ version: z.number().int(), ...assignment });
export type AssignWorkOrderRequest = z.infer<typeof AssignWorkOrderRequest>;

export const WorkOrderReasonRequest = z.object({ version: z.number().int(), reason: requiredText(1000) });
export type WorkOrderReasonRequest = z.infer<typeof WorkOrderReasonRequest>;

/** Re-entered password: the signer proves who they are at the moment of signing. */
const password = z.string().min(1, { message: 'is required' }).max(1000);

export const CompleteWorkOrderRequest = z.object({
  version: z.number().int(),
  outcome: z.enum(completionOutcomes).default('completed'),
  finding: WorkOrderFinding,
  failureCause: FailureCause.nullable().optional(),
  resolution: optionalText(4000),
  tasks: z.array(WorkOrderTask).max(200).optional(),
  password,
  meaning: z.enum(['performed', 'reviewed', 'approved']).default('performed'),
});
export type CompleteWorkOrderRequest = z.infer<typeof CompleteWorkOrderRequest>;

export const AddLaborRequest = z.object({
  version: z.number().int(),
  /** The technician (a user); or `technicianName` for someone without an account (a vendor engineer). */
  userId: uuid.nullable().optional(),
  technicianName: optionalText(200),
  workDate: isoDate,
  hours: z.number().gt(0).max(24),
  note: optionalText(1000),
});
export type AddLaborRequest = z.infer<typeof AddLaborRequest>;

export const AddPartRequest = z.object({
  version: z.number().int(),
  partNumber: requiredText(100),
  description: optionalText(500),
  quantity: z.number().gt(0).max(100000),
  unitCost: money.nullable().optional(),
});
export type AddPartRequest = z.infer<typeof AddPartRequest>;

/** Removes a mistaken labor or parts entry: it is retired (kept, no longer counted), with a reason. */
export const RetireEntryRequest = z.object({
  version: z.number().int(),
  entryId: uuid,
  reason: requiredText(500),
});
export type RetireEntryRequest = z.infer<typeof RetireEntryRequest>;

export const RecordAttemptRequest = z.object({
  version: z.number().int(),
  result: AttemptResult,
  note: optionalText(1000),
});
export type RecordAttemptRequest = z.infer<typeof RecordAttemptRequest>;

export const EscalateMissingRequest = z.object({
  version: z.number().int(),
  password,
  note: optionalText(1000),
});
export type EscalateMissingRequest = z.infer<typeof EscalateMissingRequest>;

export const AddAddendumRequest = z.object({
  text: requiredText(4000),
  password,
  meaning: z.enum(['addendum', 'reviewed', 'approved']).default('addendum'),
});
export type AddAddendumRequest = z.infer<typeof AddAddendumRequest>;

export const BulkAssignRequest = z.object({
  items: z
    .array(z.object({ id: uuid, version: z.number().int() }))
    .min(1)
    .max(500),
  ...assignment,
});
export type BulkAssignRequest = z.infer<typeof BulkAssignRequest>;
export const BulkAssignResponse = z.object({ items: z.array(WorkOrder) });

export const DeviceFoundRequest = z.object({
  /** The device's version as read (optimistic). */
  version: z.number().int(),
  note: optionalText(1000),
});
export type DeviceFoundRequest = z.infer<typeof DeviceFoundRequest>;

export const SignatureVerification = z.object({
  valid: z.boolean(),
  signatures: z.array(
    z.object({
      id: uuid,
      addendumId: uuid.nullable(),
      valid: z.boolean(),
      recordSha256: z.string(),
      recomputedSha256: z.string(),
    }),
  ),
});
export type SignatureVerification = z.infer<typeof SignatureVerification>;
