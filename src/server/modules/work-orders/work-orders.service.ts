import type {
  AddAddendumRequest,
  AddLaborRequest,
  AddPartRequest,
  AssignWorkOrderRequest,
  BulkAssignRequest,
  CompleteWorkOrderRequest,
  CreateWorkOrderRequest,
  DeviceFoundRequest,
  MyWorkResponse,
  RecordAttemptRequest,
  RetireEntryRequest,
  EscalateMissingRequest,
  SignatureVerification,
  UpdateWorkOrderRequest,
  WorkOrder,
  WorkOrderDetail,
  WorkOrderListQuery,
  WorkOrderListResponse,
  WorkOrderReasonRequest,
  WorkOrderStatus,
  WorkOrderVersionRequest,
} from '../../../contracts/index.ts';
import { openWorkOrderStatuses } from '../../../contracts/index.ts';
import { can, permittedSiteIds, requirePermission, type Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx, Tx } from '../../platform/db/database.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import { withIdempotency, type IdempotentResult } from '../../platform/http/idempotency.ts';
import { decodeCursorKeys, encodeCursor } from '../../platform/pagination.ts';
import { verifySigner, type Signer } from '../identity/index.ts';
import { changeDeviceStatusInTransaction } from '../inventory/index.ts';
import { notify } from '../notifications/index.ts';
import { getPolicy } from '../reference/index.ts';
import {
  signedLaborFacts,
  signedPartFacts,
  signedWorkOrderFacts,
  toAddendum,
  toAttempt,
  toDowntime,
  toLabor,
  toPart,
  toSignature,
  toStatusChange,
  toWorkOrder,
} from './work-orders.mappers.ts';
import * as q from './work-orders.queries.ts';
import {
  addDays,
  allowedActions,
  assertTransition,
  attemptOnTime,
  CANONICAL_VERSION,
  invalidTransition,
  localDate,
  nextAttemptDate,
  recordHash,
  utcDate,
  type SignedFacts,
} from './work-order.rules.ts';

const orNull = <T>(v: T | null | undefined): T | null => (v === undefined || v === '' ? null : v);
const opt = <T>(v: T | null | undefined): T | null | undefined => (v === undefined ? undefined : orNull(v));

/** 409 WORK_ORDER_SIGNED: a signed record's facts do not change; later facts are signed addenda. */
export const signedError = (): AppError =>
  new AppError(
    'WORK_ORDER_SIGNED',
    'This work order is signed and cannot change; add an addendum for later facts',
    [{ message: 'use POST /work-orders/{id}/addenda' }],
  );

const invalidField = (field: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', `${field} ${message}`, [{ field, message }]);

const isOpen = (s: string): boolean => openWorkOrderStatuses.includes(s as WorkOrderStatus);

export function createWorkOrdersService(deps: {
  db: Db;
  clock: Clock;
  /** Failed signatures per account in 15 minutes before signing slows down (OPENHTM_LOGIN_FAILURES_PER_ACCOUNT). */
  signatureFailuresPerAccount: number;
}) {
  const { db, clock } = deps;
  const today = () => utcDate(clock.now());

  async function cnlPolicy(tx: DbOrTx, organizationId: string) {
    // Domain reference §1.5 rule 3: the could-not-locate parameters are policy data (reference-data/maintenance).
    const p = await getPolicy(tx, organizationId, 'could-not-locate');
    return { maxCnlAttempts: p.content.maxCnlAttempts, cnlRetryDays: p.content.cnlRetryDays };
  }

  async function viewOf(tx: DbOrTx, actor: Actor, id: string): Promise<q.WorkOrderViewRow> {
    const row = await q.findView(tx, actor.organizationId, id, undefined);
    if (!row) throw new Error('work order vanished inside its transaction');
    return row;
  }

  async function detailOf(tx: DbOrTx, actor: Actor, view: q.WorkOrderViewRow): Promise<WorkOrderDetail> {
    const id = view.id;
    const [labor, parts, downtime, attempts, signatures, addenda, history, policy] = await Promise.all([
      q.listLabor(tx, id),
      q.listParts(tx, id),
      q.listDowntime(tx, id),
      q.listAttempts(tx, id),
      q.listSignatures(tx, id),
      q.listAddenda(tx, id),
      q.listHistory(tx, id),
      cnlPolicy(tx, actor.organizationId),
    ]);
    return {
      ...toWorkOrder(view, today()),
      labor: labor.map(toLabor),
      parts: parts.map(toPart),
      downtime: downtime.map(toDowntime),
      attempts: attempts.map(toAttempt),
      signatures: signatures.map(toSignature),
      addenda: addenda.map(toAddendum),
      history: history.map(toStatusChange),
      allowedActions: allowedActions({
        status: view.status as WorkOrderStatus,
        signed: view.signedAt !== null,
        cnlAttempts: view.cnlAttempts,
        maxCnlAttempts: policy.maxCnlAttempts,
        canPerform: can(actor, 'work-orders.perform'),
        canManage: can(actor, 'work-orders.manage'),
      }),
      cnlPolicy: policy,
    };
  }

  /** 404 before anything else (a signature's password check included) when the caller cannot reach it. */
  async function mustReach(actor: Actor, id: string): Promise<void> {
    if (!(await q.findView(db, actor.organizationId, id, permittedSiteIds(actor))))
      throw notFound('Work order');
  }

  async function getWorkOrder(actor: Actor, id: string): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.read');
    const view = await q.findView(db, actor.organizationId, id, permittedSiteIds(actor));
    if (!view) throw notFound('Work order');
    return detailOf(db, actor, view);
  }

  // --- Lists ---------------------------------------------------------------------------------------------------

  async function listWorkOrders(actor: Actor, query: WorkOrderListQuery): Promise<WorkOrderListResponse> {
    requirePermission(actor, 'work-orders.read');
    const keys = decodeCursorKeys(query.cursor);
    if (keys && (keys.length !== 2 || !/^\d{4}-\d{2}-\d{2}$/.test(keys[0] ?? '')))
      throw invalidField('cursor', 'is not a cursor from this list');
    const after = keys ? { due: keys[0] ?? '', number: keys[1] ?? '' } : undefined;
    const now = today();
    const rows = await q.listWorkOrders(
      db,
      actor.organizationId,
      permittedSiteIds(actor),
      {
        statuses: query.status,
        kinds: query.kind,
        assignedUserId: query.assignee === 'me' ? (actor.userId ?? undefined) : query.assignee,
        siteId: query.siteId,
        deviceId: query.deviceId,
        dueFrom: query.dueFrom,
        dueTo: query.dueTo,
        overdueAsOf: query.overdue === true ? now : undefined,
        notOverdueAsOf: query.overdue === false ? now : undefined,
        q: query.q,
      },
      after,
      query.limit,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => toWorkOrder(r, now)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.sortKey, last.number) : null,
    };
  }

  async function listDeviceWorkOrders(
    actor: Actor,
    deviceId: string,
    query: { limit: number; cursor?: string | undefined },
  ): Promise<WorkOrderListResponse> {
    requirePermission(actor, 'work-orders.read');
    const device = await q.findDeviceForWork(db, actor.organizationId, deviceId, permittedSiteIds(actor));
    if (!device) throw notFound('Device');
    const keys = decodeCursorKeys(query.cursor);
    if (keys && (keys.length !== 2 || Number.isNaN(Date.parse(keys[0] ?? ''))))
      throw invalidField('cursor', 'is not a cursor from this list');
    const after = keys ? { reportedAt: keys[0] ?? '', id: keys[1] ?? '' } : undefined;
    const rows = await q.listDeviceWorkOrders(db, actor.organizationId, deviceId, after, query.limit);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const now = today();
    return {
      items: page.map((r) => toWorkOrder(r, now)),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor(last.reportedAt.toISOString(), last.id) : null,
    };
  }

  /** "My work": the caller's open work by location — due today (or inside its window), overdue, upcoming. */
  async function myWork(
    actor: Actor,
    query: { today?: string | undefined; days: number },
  ): Promise<MyWorkResponse> {
    requirePermission(actor, 'work-orders.read');
    if (!actor.userId) throw new AppError('FORBIDDEN', 'My work belongs to signed-in users');
    const day = query.today ?? today();
    const horizon = addDays(day, query.days);
    const rows = await q.listOpenAssigned(db, actor.organizationId, actor.userId, horizon);
    const out: MyWorkResponse = { today: day, dueToday: [], overdue: [], upcoming: [], unscheduled: [] };
    for (const r of rows) {
      if (permittedSiteIds(actor) && !permittedSiteIds(actor)?.includes(r.siteId)) continue;
      const wo = toWorkOrder(r, day);
      const start = r.windowStart ?? r.dueDate;
      const end = r.windowEnd ?? r.dueDate;
      if (!start || !end) out.unscheduled.push(wo);
      else if (end < day) out.overdue.push(wo);
      else if (start <= day) out.dueToday.push(wo);
      else out.upcoming.push(wo);
    }
    return out;
  }

  // --- Create --------------------------------------------------------------------------------------------------

  /** Takes the device out of service for this work and opens a downtime row (same transaction). */
  async function startDowntime(tx: Tx, actor: Actor, wo: { id: string; number: string; deviceId: string }) {
    const step = await changeDeviceStatusInTransaction(tx, actor, clock, {
      deviceId: wo.deviceId,
      status: 'out_of_service',
      reason: `Work order ${wo.number}: device down`,
    });
    await q.insertDowntime(tx, {
      organizationId: actor.organizationId,
      workOrderId: wo.id,
      deviceId: wo.deviceId,
      startedAt: clock.now(),
    });
    return step;
  }

  /** Ends the downtime and puts the device back in service (same transaction). */
  async function endDowntime(tx: Tx, actor: Actor, wo: { id: string; number: string; deviceId: string }) {
    await q.endDowntime(tx, wo.id, clock.now());
    return changeDeviceStatusInTransaction(tx, actor, clock, {
      deviceId: wo.deviceId,
      status: 'in_service',
      reason: `Work order ${wo.number}: returned to service`,
    });
  }

  async function checkAssignee(tx: DbOrTx, actor: Actor, userId: string | null | undefined) {
    if (!userId) return null;
    const user = await q.findUser(tx, actor.organizationId, userId);
    if (!user || !user.active)
      throw invalidField('assignedUserId', 'is not an active user of the organization');
    return user;
  }

  async function createInTx(
    tx: Tx,
    actor: Actor,
    input: CreateWorkOrderRequest,
    extra: { source?: 'manual' | 'api'; status?: WorkOrderStatus } = {},
  ): Promise<WorkOrderDetail> {
    const org = actor.organizationId;
    const device = await q.findDeviceForWork(tx, org, input.deviceId, permittedSiteIds(actor));
    if (!device) throw invalidField('deviceId', 'is not a device you can reach');
    if (device.status === 'disposed')
      throw new AppError('INVALID_STATE', 'A disposed device takes no work orders', [
        { field: 'deviceId', message: 'is disposed' },
      ]);
    const windowStart = orNull(input.windowStart);
    const windowEnd = orNull(input.windowEnd);
    if (windowStart && windowEnd && windowStart > windowEnd)
      throw invalidField('windowEnd', 'is before windowStart');
    const assignee = await checkAssignee(tx, actor, input.assignedUserId);
    const [number] = await q.allocateWorkOrderNumbers(tx, org, 1);
    if (!number) throw new Error('no work order number');
    const now = clock.now();
    const assigned = Boolean(input.assignedUserId || input.assignedTeam || input.assignedVendor);
    const status: WorkOrderStatus = extra.status ?? (assigned ? 'assigned' : 'open');
    const row = await q.insertWorkOrder(tx, {
      organizationId: org,
      number,
      kind: input.kind,
      priority: input.priority,
      status,
      deviceId: device.id,
      siteId: device.siteId,
      title: input.title,
      problem: orNull(input.problem),
      requesterName: orNull(input.requesterName),
      requesterContact: orNull(input.requesterContact),
      requestedBy: actor.userId,
      assignedUserId: orNull(input.assignedUserId),
      assignedTeam: orNull(input.assignedTeam),
      assignedVendor: orNull(input.assignedVendor),
      dueDate: orNull(input.dueDate),
      windowStart,
      windowEnd,
      tasks: input.tasks ?? [],
      estimatedHours: orNull(input.estimatedHours),
      shop: orNull(input.shop),
      reportedAt: now,
      respondedAt: assigned ? now : null,
      deviceDown: input.deviceDown,
      source: extra.source ?? (actor.tokenId ? 'api' : 'manual'),
      createdBy: actor.label,
      createdAt: now,
      updatedAt: now,
    });
    await q.insertHistory(tx, {
      organizationId: org,
      workOrderId: row.id,
      fromStatus: null,
      toStatus: status,
      reason: 'Reported',
      actorId: actor.userId,
      actorLabel: actor.label,
      occurredAt: now,
    });
    const deviceStatus = input.deviceDown ? await startDowntime(tx, actor, row) : undefined;
    if (assignee) await notifyAssigned(tx, actor, row, assignee.id);
    const detail = await detailOf(tx, actor, await viewOf(tx, actor, row.id));
    await recordAudit(tx, actor, clock, {
      action: 'work_order.created',
      entityType: 'work_order',
      entityId: row.id,
      after: { ...detail, ...(deviceStatus?.changed ? { deviceStatus } : {}) },
    });
    return detail;
  }

  async function notifyAssigned(
    tx: DbOrTx,
    actor: Actor,
    wo: { id: string; number: string; title: string; version: number },
    userId: string,
  ) {
    if (userId === actor.userId) return;
    await notify(tx, clock, [
      {
        organizationId: actor.organizationId,
        userId,
        kind: 'assigned',
        title: `${wo.number} assigned to you: ${wo.title}`,
        body: `Assigned by ${actor.label}.`,
        link: `/work-orders/${wo.id}`,
        workOrderId: wo.id,
        dedupeKey: `assigned:${wo.id}:${userId}:${wo.version}`,
      },
    ]);
  }

  /** POST /work-orders, with `Idempotency-Key`: the same key and body answer the same work order. */
  async function createWorkOrder(
    actor: Actor,
    input: CreateWorkOrderRequest,
    idempotencyKey?: string,
  ): Promise<IdempotentResult<WorkOrderDetail>> {
    requirePermission(actor, 'work-orders.request');
    if (
      !can(actor, 'work-orders.manage') &&
      (input.assignedUserId || input.assignedTeam || input.assignedVendor)
    )
      throw new AppError('FORBIDDEN', 'Assigning work needs the "work-orders.manage" permission', [
        { field: 'assignedUserId', message: 'needs work-orders.manage' },
      ]);
    return withIdempotency(
      db,
      actor,
      clock,
      { key: idempotencyKey, operation: 'POST /work-orders', body: input },
      async (tx) => ({ statusCode: 201, body: await createInTx(tx, actor, input) }),
    );
  }

  // --- Changes -------------------------------------------------------------------------------------------------

  interface StepResult {
    patch: Partial<q.NewWorkOrder>;
    reason?: string | null;
    audit?: Record<string, unknown>;
  }

  /**
   * One change to a work order: locked, version checked (409 VERSION_CONFLICT), refused once signed unless the
   * step allows it (409 WORK_ORDER_SIGNED), status history when the status moves, one audit event.
   */
  async function change(
    actor: Actor,
    id: string,
    opts: { version: number; action: string; allowSigned?: boolean },
    fn: (tx: Tx, row: q.WorkOrderRow, now: Date) => Promise<StepResult>,
    existingTx?: Tx,
  ): Promise<WorkOrderDetail> {
    const run = async (tx: Tx) => {
      const org = actor.organizationId;
      const row = await q.lockWorkOrder(tx, org, id, permittedSiteIds(actor));
      if (!row) throw notFound('Work order');
      if (row.version !== opts.version) throw versionConflict('The work order');
      if (row.signedAt && !opts.allowSigned) throw signedError();
      const before = toWorkOrder(await viewOf(tx, actor, id), today());
      const now = clock.now();
      const step = await fn(tx, row, now);
      const updated = await q.updateWorkOrder(tx, org, id, row.version, { ...step.patch, updatedAt: now });
      if (!updated) throw versionConflict('The work order');
      if (step.patch.status && step.patch.status !== row.status)
        await q.insertHistory(tx, {
          organizationId: org,
          workOrderId: id,
          fromStatus: row.status,
          toStatus: step.patch.status,
          reason: step.reason ?? null,
          actorId: actor.userId,
          actorLabel: actor.label,
          occurredAt: now,
        });
      const detail = await detailOf(tx, actor, await viewOf(tx, actor, id));
      await recordAudit(tx, actor, clock, {
        action: opts.action,
        entityType: 'work_order',
        entityId: id,
        before,
        after: { ...detail, ...step.audit },
        reason: step.reason ?? null,
      });
      return detail;
    };
    return existingTx ? run(existingTx) : db.transaction(run);
  }

  async function updateWorkOrder(
    actor: Actor,
    id: string,
    input: UpdateWorkOrderRequest,
  ): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.perform');
    const { version, deviceDown, ...p } = input;
    return change(actor, id, { version, action: 'work_order.updated' }, async (tx, row, now) => {
      if (!isOpen(row.status))
        throw new AppError('INVALID_STATE', `A ${row.status} work order cannot be edited`, [
          { field: 'status', message: `is ${row.status}` },
        ]);
      const windowStart = p.windowStart === undefined ? row.windowStart : orNull(p.windowStart);
      const windowEnd = p.windowEnd === undefined ? row.windowEnd : orNull(p.windowEnd);
      if (windowStart && windowEnd && windowStart > windowEnd)
        throw invalidField('windowEnd', 'is before windowStart');
      let audit: Record<string, unknown> = {};
      const patch: Partial<q.NewWorkOrder> = {
        priority: p.priority,
        title: p.title,
        problem: opt(p.problem),
        requesterName: opt(p.requesterName),
        requesterContact: opt(p.requesterContact),
        dueDate: opt(p.dueDate),
        windowStart: opt(p.windowStart),
        windowEnd: opt(p.windowEnd),
        tasks: p.tasks,
        estimatedHours: opt(p.estimatedHours),
        shop: opt(p.shop),
        finding: opt(p.finding),
        failureCause: opt(p.failureCause),
        resolution: opt(p.resolution),
        vendorCost: opt(p.vendorCost),
        vendorReference: opt(p.vendorReference),
        serviceReportDocumentId: opt(p.serviceReportDocumentId),
      };
      if (
        p.serviceReportDocumentId &&
        !(await q.documentExists(tx, actor.organizationId, p.serviceReportDocumentId))
      )
        throw invalidField('serviceReportDocumentId', 'is not a document of the organization');
      if (deviceDown === true && !row.deviceDown) {
        audit = { deviceStatus: await startDowntime(tx, actor, row) };
        patch.deviceDown = true;
      } else if (deviceDown === false && row.deviceDown) {
        audit = { deviceStatus: await endDowntime(tx, actor, row) };
        patch.deviceDown = false;
        patch.returnedToServiceAt = now;
      }
      return { patch, audit };
    });
  }

  async function assignInTx(tx: Tx, actor: Actor, id: string, input: AssignWorkOrderRequest) {
    return change(
      actor,
      id,
      { version: input.version, action: 'work_order.assigned' },
      async (t, row, now) => {
        if (!isOpen(row.status)) throw invalidTransition(row.status as WorkOrderStatus, 'assigned');
        const assignee = await checkAssignee(t, actor, input.assignedUserId);
        const assignedUserId = input.assignedUserId === undefined ? row.assignedUserId : input.assignedUserId;
        const assignedTeam = input.assignedTeam === undefined ? row.assignedTeam : orNull(input.assignedTeam);
        const assignedVendor =
          input.assignedVendor === undefined ? row.assignedVendor : orNull(input.assignedVendor);
        const anyone = Boolean(assignedUserId || assignedTeam || assignedVendor);
        // Assigning an open or assigned work order makes it assigned; work under way keeps its status.
        const status: WorkOrderStatus =
          row.status === 'open' || row.status === 'assigned'
            ? anyone
              ? 'assigned'
              : 'open'
            : (row.status as WorkOrderStatus);
        if (assignee && assignee.id !== row.assignedUserId)
          await notifyAssigned(t, actor, { ...row, version: row.version + 1 }, assignee.id);
        return {
          patch: {
            assignedUserId,
            assignedTeam,
            assignedVendor,
            status,
            respondedAt: row.respondedAt ?? (anyone ? now : null),
          },
        };
      },
      tx,
    );
  }

  async function assignWorkOrder(
    actor: Actor,
    id: string,
    input: AssignWorkOrderRequest,
  ): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.manage');
    return db.transaction((tx) => assignInTx(tx, actor, id, input));
  }

  /** All or nothing: one stale version or refused step and no work order is reassigned. */
  async function bulkAssign(actor: Actor, input: BulkAssignRequest): Promise<{ items: WorkOrder[] }> {
    requirePermission(actor, 'work-orders.manage');
    const ids = new Set(input.items.map((i) => i.id));
    if (ids.size !== input.items.length) throw invalidField('items', 'name a work order twice');
    return db.transaction(async (tx) => {
      const items: WorkOrder[] = [];
      for (const item of input.items) {
        const {
          allowedActions: _a,
          labor: _l,
          parts: _p,
          downtime: _d,
          attempts: _t,
          signatures: _s,
          addenda: _x,
          history: _h,
          cnlPolicy: _c,
          ...wo
        } = await assignInTx(tx, actor, item.id, {
          version: item.version,
          assignedUserId: input.assignedUserId,
          assignedTeam: input.assignedTeam,
          assignedVendor: input.assignedVendor,
        });
        items.push(wo);
      }
      return { items };
    });
  }

  function simpleStep(
    permission: 'work-orders.perform' | 'work-orders.manage',
    action: string,
    to: WorkOrderStatus,
    patchOf: (
      row: q.WorkOrderRow,
      now: Date,
      input: WorkOrderVersionRequest & { reason?: string },
      actor: Actor,
    ) => Partial<q.NewWorkOrder>,
    opts: { allowSigned?: boolean; from?: readonly WorkOrderStatus[] } = {},
  ) {
    return async (actor: Actor, id: string, input: WorkOrderVersionRequest & { reason?: string }) => {
      requirePermission(actor, permission);
      return change(
        actor,
        id,
        { version: input.version, action, allowSigned: opts.allowSigned },
        async (_tx, row, now) => {
          const from = row.status as WorkOrderStatus;
          // Start applies to open or assigned work, resume to work on hold (same target, different step).
          if (opts.from && !opts.from.includes(from))
            throw invalidTransition(from, to, action.replace(/^work_order\./, ''), opts.from);
          assertTransition(from, to);
          return { patch: { status: to, ...patchOf(row, now, input, actor) }, reason: input.reason ?? null };
        },
      );
    };
  }

  const startWorkOrder = simpleStep(
    'work-orders.perform',
    'work_order.started',
    'in_progress',
    (row, now, _input, actor) => ({
      startedAt: row.startedAt ?? now,
      respondedAt: row.respondedAt ?? now,
      // The technician who starts unassigned work takes it.
      ...(row.assignedUserId || row.assignedTeam || row.assignedVendor
        ? {}
        : { assignedUserId: actor.userId }),
    }),
  );
  const holdWorkOrder = simpleStep(
    'work-orders.perform',
    'work_order.held',
    'on_hold',
    (_row, _now, input) => ({
      holdReason: input.reason ?? null,
    }),
  );
  const resumeWorkOrder = simpleStep(
    'work-orders.perform',
    'work_order.resumed',
    'in_progress',
    () => ({ holdReason: null }),
    { from: ['on_hold'] },
  );
  const closeWorkOrder = simpleStep(
    'work-orders.manage',
    'work_order.closed',
    'closed',
    (_row, now) => ({ closedAt: now }),
    // Closing is workflow bookkeeping, not one of the signed facts.
    { allowSigned: true },
  );
  /**
   * Cancelling ends the work's downtime; the device keeps its status (another work order, or the inventory's own
   * status change, decides whether it returns to service).
   */
  async function cancelWorkOrder(
    actor: Actor,
    id: string,
    input: WorkOrderReasonRequest,
  ): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.manage');
    return change(
      actor,
      id,
      { version: input.version, action: 'work_order.cancelled' },
      async (tx, row, now) => {
        assertTransition(row.status as WorkOrderStatus, 'cancelled');
        if (row.deviceDown) await q.endDowntime(tx, row.id, now);
        return {
          patch: { status: 'cancelled', cancelledAt: now, cancelReason: input.reason, deviceDown: false },
          reason: input.reason,
        };
      },
    );
  }
  const reopenWorkOrder = simpleStep(
    'work-orders.manage',
    'work_order.reopened',
    'open',
    (_row, _now, input) => ({
      reopenReason: input.reason ?? null,
      cancelledAt: null,
      assignedUserId: null,
      assignedTeam: null,
      assignedVendor: null,
    }),
  );

  // --- Labor, parts ---------------------------------------------------------------------------------------------

  async function addLabor(actor: Actor, id: string, input: AddLaborRequest): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.perform');
    return change(
      actor,
      id,
      { version: input.version, action: 'work_order.labor_added' },
      async (tx, row) => {
        if (!isOpen(row.status))
          throw new AppError('INVALID_STATE', `Labor is recorded on open work; this one is ${row.status}`);
        let name = orNull(input.technicianName);
        const userId = input.userId ?? (name ? null : actor.userId);
        if (userId) {
          const user = await q.findUser(tx, actor.organizationId, userId);
          if (!user) throw invalidField('userId', 'is not a user of the organization');
          name = user.displayName;
        }
        if (!name) throw invalidField('technicianName', 'is required when no user is named');
        const [labor] = await q.insertLabor(tx, {
          organizationId: actor.organizationId,
          workOrderId: id,
          userId,
          technicianName: name,
          workDate: input.workDate,
          hours: input.hours,
          note: orNull(input.note),
        });
        return { patch: {}, audit: { added: labor ? toLabor(labor) : null } };
      },
    );
  }

  async function addPart(actor: Actor, id: string, input: AddPartRequest): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.perform');
    return change(actor, id, { version: input.version, action: 'work_order.part_added' }, async (tx, row) => {
      if (!isOpen(row.status))
        throw new AppError('INVALID_STATE', `Parts are recorded on open work; this one is ${row.status}`);
      const [part] = await q.insertPart(tx, {
        organizationId: actor.organizationId,
        workOrderId: id,
        partNumber: input.partNumber,
        description: orNull(input.description),
        quantity: input.quantity,
        unitCost: orNull(input.unitCost),
      });
      return { patch: {}, audit: { added: part ? toPart(part) : null } };
    });
  }

  /** A mistaken labor or parts entry is retired (kept for the audit trail, no longer part of the record). */
  async function retireEntry(
    actor: Actor,
    id: string,
    kind: 'labor' | 'parts',
    input: RetireEntryRequest,
  ): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.perform');
    return change(
      actor,
      id,
      {
        version: input.version,
        action: kind === 'labor' ? 'work_order.labor_retired' : 'work_order.part_retired',
      },
      async (tx, row, now) => {
        if (!isOpen(row.status))
          throw new AppError('INVALID_STATE', `Entries change on open work; this one is ${row.status}`);
        const retired = await q.retireEntry(tx, kind, id, input.entryId, now);
        if (!retired) throw invalidField('entryId', `is not a current ${kind} entry of this work order`);
        return { patch: {}, reason: input.reason, audit: { retired: { kind, id: retired.id } } };
      },
    );
  }

  // --- Signatures ------------------------------------------------------------------------------------------------

  async function factsOf(tx: DbOrTx, row: q.WorkOrderRow): Promise<SignedFacts> {
    const [labor, parts] = await Promise.all([q.listLabor(tx, row.id), q.listParts(tx, row.id)]);
    return {
      workOrder: signedWorkOrderFacts(row),
      labor: labor.map(signedLaborFacts),
      parts: parts.map(signedPartFacts),
    };
  }

  async function sign(
    tx: Tx,
    actor: Actor,
    signer: Signer,
    workOrderId: string,
    meaning: string,
    now: Date,
    addendum?: { id: string; text: string; authorId: string; createdAt: Date },
  ) {
    const row = await q.lockWorkOrder(tx, actor.organizationId, workOrderId, undefined);
    if (!row) throw new Error('work order vanished inside its transaction');
    const facts = await factsOf(tx, row);
    if (addendum)
      facts.addendum = {
        id: addendum.id,
        text: addendum.text,
        authorId: addendum.authorId,
        createdAt: addendum.createdAt.toISOString(),
      };
    const recordSha256 = recordHash(facts, {
      signerUserId: signer.userId,
      printedName: signer.printedName,
      meaning,
      signedAt: now.toISOString(),
    });
    const [sig] = await q.insertSignature(tx, {
      organizationId: actor.organizationId,
      workOrderId,
      addendumId: addendum?.id ?? null,
      signerUserId: signer.userId,
      printedName: signer.printedName,
      meaning,
      signedAt: now,
      recordSha256,
      canonicalVersion: CANONICAL_VERSION,
    });
    return sig;
  }

  /**
   * Completion is an electronic signature (issue 4 item 7): the password is checked before anything is written
   * (wrong: 403 SIGNATURE_REJECTED, nothing changes); the record's facts, labor and parts are hashed and bound to
   * the signer's printed name, time and meaning.
   */
  async function completeWorkOrder(
    actor: Actor,
    id: string,
    input: CompleteWorkOrderRequest,
  ): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.perform');
    await mustReach(actor, id);
    const signer = await verifySigner(db, clock, actor, input.password, deps.signatureFailuresPerAccount);
    return db.transaction(async (tx) => {
      const detail = await change(
        actor,
        id,
        { version: input.version, action: 'work_order.completed' },
        async (t, row, now) => {
          assertTransition(row.status as WorkOrderStatus, 'completed');
          let audit: Record<string, unknown> = {};
          const patch: Partial<q.NewWorkOrder> = {
            status: 'completed',
            outcome: input.outcome,
            finding: input.finding,
            failureCause: opt(input.failureCause),
            resolution: opt(input.resolution),
            tasks: input.tasks,
            completedAt: now,
            signedAt: now,
          };
          if (input.outcome === 'completed' && row.deviceDown) {
            audit = { deviceStatus: await endDowntime(t, actor, row) };
            patch.deviceDown = false;
            patch.returnedToServiceAt = now;
          } else if (input.outcome !== 'completed') {
            const step = await changeDeviceStatusInTransaction(t, actor, clock, {
              deviceId: row.deviceId,
              status: 'out_of_service',
              reason: `Work order ${row.number}: ${input.outcome === 'out_for_repair' ? 'out for repair' : 'removed from service'}`,
            });
            audit = { deviceStatus: step };
            // This work no longer holds the device down (its downtime ends); the device stays out of service.
            if (row.deviceDown) {
              await q.endDowntime(t, row.id, now);
              patch.deviceDown = false;
            }
          }
          return { patch, reason: `Signed: ${input.meaning}`, audit };
        },
        tx,
      );
      await sign(
        tx,
        actor,
        signer,
        id,
        input.meaning,
        new Date(detail.signedAt ?? clock.now().toISOString()),
      );
      return detailOf(tx, actor, await viewOf(tx, actor, id));
    });
  }

  /** A signed work order takes later facts only as addenda, each signed and audited. */
  async function addAddendum(
    actor: Actor,
    id: string,
    input: AddAddendumRequest,
    idempotencyKey?: string,
  ): Promise<IdempotentResult<WorkOrderDetail>> {
    requirePermission(actor, 'work-orders.perform');
    await mustReach(actor, id);
    const signer = await verifySigner(db, clock, actor, input.password, deps.signatureFailuresPerAccount);
    const { password: _password, ...body } = input;
    return withIdempotency(
      db,
      actor,
      clock,
      { key: idempotencyKey, operation: `POST /work-orders/${id}/addenda`, body },
      async (tx) => {
        const row = await q.lockWorkOrder(tx, actor.organizationId, id, permittedSiteIds(actor));
        if (!row) throw notFound('Work order');
        if (!row.signedAt)
          throw new AppError('INVALID_STATE', 'Addenda are for signed work orders; edit this one instead', [
            { field: 'text', message: 'the work order is not signed' },
          ]);
        const now = clock.now();
        const addendum = await q.insertAddendum(tx, {
          organizationId: actor.organizationId,
          workOrderId: id,
          text: input.text,
          authorId: signer.userId,
          authorName: signer.printedName,
          createdAt: now,
        });
        const sig = await sign(tx, actor, signer, id, input.meaning, now, addendum);
        await q.updateWorkOrder(tx, actor.organizationId, id, row.version, { updatedAt: now });
        await recordAudit(tx, actor, clock, {
          action: 'work_order.addendum_added',
          entityType: 'work_order',
          entityId: id,
          after: { addendum: toAddendum(addendum), signature: sig ? toSignature(sig) : null },
        });
        return { statusCode: 201, body: await detailOf(tx, actor, await viewOf(tx, actor, id)) };
      },
    );
  }

  /** Recomputes every signature's hash from the record as it stands. */
  async function verifySignatures(actor: Actor, id: string): Promise<SignatureVerification> {
    requirePermission(actor, 'work-orders.read');
    const view = await q.findView(db, actor.organizationId, id, permittedSiteIds(actor));
    if (!view) throw notFound('Work order');
    const row = await q.findRow(db, actor.organizationId, id);
    if (!row) throw notFound('Work order');
    const [facts, sigs, addenda] = await Promise.all([
      factsOf(db, row),
      q.listSignatures(db, id),
      q.listAddenda(db, id),
    ]);
    const byId = new Map(addenda.map((a) => [a.id, a]));
    const signatures = sigs.map((s) => {
      const a = s.addendumId ? byId.get(s.addendumId) : undefined;
      const f: SignedFacts = a
        ? {
            ...facts,
            addendum: { id: a.id, text: a.text, authorId: a.authorId, createdAt: a.createdAt.toISOString() },
          }
        : facts;
      const recomputed = recordHash(f, {
        signerUserId: s.signerUserId,
        printedName: s.printedName,
        meaning: s.meaning,
        signedAt: s.signedAt.toISOString(),
      });
      return {
        id: s.id,
        addendumId: s.addendumId,
        valid: recomputed === s.recordSha256 && s.canonicalVersion === CANONICAL_VERSION,
        recordSha256: s.recordSha256,
        recomputedSha256: recomputed,
      };
    });
    return { valid: signatures.length > 0 && signatures.every((s) => s.valid), signatures };
  }

  // --- Could-not-locate (domain reference §1.5) -------------------------------------------------------------------

  async function recordAttempt(
    actor: Actor,
    id: string,
    input: RecordAttemptRequest,
    idempotencyKey?: string,
  ): Promise<IdempotentResult<WorkOrderDetail>> {
    requirePermission(actor, 'work-orders.perform');
    return withIdempotency(
      db,
      actor,
      clock,
      { key: idempotencyKey, operation: `POST /work-orders/${id}/attempts`, body: input },
      async (tx) => {
        const detail = await change(
          actor,
          id,
          { version: input.version, action: 'work_order.attempt_recorded' },
          async (t, row, now) => {
            if (!isOpen(row.status) || row.status === 'on_hold')
              throw new AppError(
                'INVALID_STATE',
                `Attempts are recorded on open work; this one is ${row.status}`,
              );
            const policy = await cnlPolicy(t, actor.organizationId);
            const day = localDate(now, await q.siteTimeZone(t, row.siteId));
            // §1.5 rule 2: an attempt inside the due window counts for the policy rate.
            const onTime = attemptOnTime(day, row);
            const [attempt] = await q.insertAttempt(t, {
              organizationId: actor.organizationId,
              workOrderId: id,
              attemptedAt: now,
              result: input.result,
              onTime,
              note: orNull(input.note),
              actorId: actor.userId,
              actorLabel: actor.label,
            });
            return {
              patch: {
                cnlAttempts: row.cnlAttempts + (input.result === 'could_not_locate' ? 1 : 0),
                // §1.5 rule 3: retry after cnlRetryDays.
                nextAttemptOn: nextAttemptDate(day, policy.cnlRetryDays),
                respondedAt: row.respondedAt ?? now,
              },
              audit: { attempt: attempt ? toAttempt(attempt) : null },
            };
          },
          tx,
        );
        return { statusCode: 200, body: detail };
      },
    );
  }

  /**
   * After `maxCnlAttempts` documented attempts a supervisor signs the device off as missing (re-entering the
   * password; meaning "missing sign-off"): the device becomes missing and the work order completes with outcome
   * could-not-locate.
   */
  async function escalateMissing(
    actor: Actor,
    id: string,
    input: EscalateMissingRequest,
  ): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.manage');
    await mustReach(actor, id);
    const signer = await verifySigner(db, clock, actor, input.password, deps.signatureFailuresPerAccount);
    return db.transaction(async (tx) => {
      const detail = await change(
        actor,
        id,
        { version: input.version, action: 'work_order.escalated_missing' },
        async (t, row, now) => {
          if (!isOpen(row.status)) throw invalidTransition(row.status as WorkOrderStatus, 'completed');
          const policy = await cnlPolicy(t, actor.organizationId);
          if (row.cnlAttempts < policy.maxCnlAttempts)
            throw new AppError(
              'INVALID_STATE',
              `The policy asks for ${policy.maxCnlAttempts} could-not-locate attempts before a device is declared missing; ${row.cnlAttempts} recorded`,
              [{ field: 'cnlAttempts', message: `${row.cnlAttempts} of ${policy.maxCnlAttempts}` }],
            );
          const step = await changeDeviceStatusInTransaction(t, actor, clock, {
            deviceId: row.deviceId,
            status: 'missing',
            reason: `Work order ${row.number}: could not be located after ${row.cnlAttempts} attempts${input.note ? ` (${input.note})` : ''}`,
          });
          if (row.deviceDown) await q.endDowntime(t, id, now);
          return {
            patch: {
              status: 'completed',
              outcome: 'could_not_locate',
              completedAt: now,
              signedAt: now,
              startedAt: row.startedAt ?? now,
              deviceDown: false,
              resolution: orNull(input.note) ?? row.resolution,
            },
            reason: 'Device declared missing (supervisor sign-off)',
            audit: { deviceStatus: step },
          };
        },
        tx,
      );
      await sign(
        tx,
        actor,
        signer,
        id,
        'missing_sign_off',
        new Date(detail.signedAt ?? clock.now().toISOString()),
      );
      return detailOf(tx, actor, await viewOf(tx, actor, id));
    });
  }

  /**
   * A missing or inactive device that turns up goes out of service and gets an incoming check before it returns
   * to service (domain reference §1.5 rule 5; EC.02.04.03 EP1). Completing that check with outcome completed
   * returns it to service (the check holds the device down).
   */
  async function deviceFound(
    actor: Actor,
    deviceId: string,
    input: DeviceFoundRequest,
  ): Promise<WorkOrderDetail> {
    requirePermission(actor, 'work-orders.manage');
    return db.transaction(async (tx) => {
      const device = await q.findDeviceForWork(tx, actor.organizationId, deviceId, permittedSiteIds(actor));
      if (!device) throw notFound('Device');
      if (device.version !== input.version) throw versionConflict('The device');
      if (device.status !== 'missing' && device.status !== 'inactive')
        throw new AppError(
          'INVALID_STATE',
          `Only a missing or inactive device can be found; this one is ${device.status}`,
          [{ field: 'status', message: `is ${device.status}` }],
        );
      const [number] = await q.allocateWorkOrderNumbers(tx, actor.organizationId, 1);
      if (!number) throw new Error('no work order number');
      const now = clock.now();
      const row = await q.insertWorkOrder(tx, {
        organizationId: actor.organizationId,
        number,
        kind: 'incoming',
        priority: 'high',
        status: 'open',
        deviceId,
        siteId: device.siteId,
        title: 'Check before return to service',
        problem: `Device found (was ${device.status})${input.note ? `: ${input.note}` : ''}. Perform the pre-use safety and operational check before it returns to service.`,
        requestedBy: actor.userId,
        dueDate: utcDate(now),
        reportedAt: now,
        deviceDown: true,
        source: 'manual',
        createdBy: actor.label,
        createdAt: now,
        updatedAt: now,
      });
      await q.insertHistory(tx, {
        organizationId: actor.organizationId,
        workOrderId: row.id,
        fromStatus: null,
        toStatus: 'open',
        reason: 'Device found',
        actorId: actor.userId,
        actorLabel: actor.label,
        occurredAt: now,
      });
      const step = await changeDeviceStatusInTransaction(tx, actor, clock, {
        deviceId,
        status: 'out_of_service',
        reason: `Found; check before return to service (work order ${number})`,
      });
      await q.insertDowntime(tx, {
        organizationId: actor.organizationId,
        workOrderId: row.id,
        deviceId,
        startedAt: now,
      });
      const detail = await detailOf(tx, actor, await viewOf(tx, actor, row.id));
      await recordAudit(tx, actor, clock, {
        action: 'work_order.created',
        entityType: 'work_order',
        entityId: row.id,
        after: { ...detail, deviceStatus: step },
        reason: 'Device found',
      });
      return detail;
    });
  }

  return {
    getWorkOrder,
    listWorkOrders,
    listDeviceWorkOrders,
    myWork,
    createWorkOrder,
    updateWorkOrder,
    assignWorkOrder,
    bulkAssign,
    startWorkOrder: (actor: Actor, id: string, input: WorkOrderVersionRequest) =>
      startWorkOrder(actor, id, input),
    holdWorkOrder: (actor: Actor, id: string, input: WorkOrderReasonRequest) =>
      holdWorkOrder(actor, id, input),
    resumeWorkOrder: (actor: Actor, id: string, input: WorkOrderVersionRequest) =>
      resumeWorkOrder(actor, id, input),
    closeWorkOrder: (actor: Actor, id: string, input: WorkOrderVersionRequest) =>
      closeWorkOrder(actor, id, input),
    cancelWorkOrder,
    reopenWorkOrder: (actor: Actor, id: string, input: WorkOrderReasonRequest) =>
      reopenWorkOrder(actor, id, input),
    completeWorkOrder,
    addLabor,
    addPart,
    retireLabor: (actor: Actor, id: string, input: RetireEntryRequest) =>
      retireEntry(actor, id, 'labor', input),
    retirePart: (actor: Actor, id: string, input: RetireEntryRequest) =>
      retireEntry(actor, id, 'parts', input),
    recordAttempt,
    escalateMissing,
    addAddendum,
    verifySignatures,
    deviceFound,
  };
}

export type WorkOrdersService = ReturnType<typeof createWorkOrdersService>;
