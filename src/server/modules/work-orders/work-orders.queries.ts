import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { containsPattern } from '../../platform/pagination.ts';
import { users } from '../identity/index.ts';
import { devices, documents, manufacturers, models } from '../inventory/index.ts';
import { sites } from '../sites/index.ts';
import {
  workOrderAddenda,
  workOrderAttempts,
  workOrderDowntime,
  workOrderLabor,
  workOrderParts,
  workOrderSequences,
  workOrderSignatures,
  workOrderStatusHistory,
  workOrders,
} from './work-orders.schema.ts';

export type WorkOrderRow = typeof workOrders.$inferSelect;
export type NewWorkOrder = typeof workOrders.$inferInsert;

const assignee = alias(users, 'assignee');

/** A work order with its device's names and place, and the assignee's name. */
export const workOrderView = {
  ...getTableColumns(workOrders),
  deviceAssetTag: devices.assetTag,
  deviceSerialNumber: devices.serialNumber,
  deviceStatus: devices.status,
  deviceVersion: devices.version,
  deviceSiteId: devices.siteId,
  deviceBuilding: devices.building,
  deviceFloor: devices.floor,
  deviceRoom: devices.room,
  deviceDepartment: devices.department,
  modelId: models.id,
  modelName: models.name,
  manufacturerName: manufacturers.name,
  siteName: sites.name,
  siteTimeZone: sites.timeZone,
  assignedUserName: assignee.displayName,
};

const selectView = (db: DbOrTx) =>
  db
    .select(workOrderView)
    .from(workOrders)
    .innerJoin(devices, eq(devices.id, workOrders.deviceId))
    .innerJoin(models, eq(models.id, devices.modelId))
    .innerJoin(manufacturers, eq(manufacturers.id, models.manufacturerId))
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .leftJoin(assignee, eq(assignee.id, workOrders.assignedUserId));

export type WorkOrderViewRow = Awaited<ReturnType<typeof selectView>>[number];

/** Site scoping on the work order's site: `undefined` means every site of the organization. */
export const inSites = (siteIds: readonly string[] | undefined): SQL | undefined =>
  siteIds === undefined ? undefined : siteIds.length ? inArray(workOrders.siteId, [...siteIds]) : sql`false`;

export async function findView(
  db: DbOrTx,
  organizationId: string,
  id: string,
  siteIds: readonly string[] | undefined,
): Promise<WorkOrderViewRow | undefined> {
  const [row] = await selectView(db).where(
    and(eq(workOrders.organizationId, organizationId), eq(workOrders.id, id), inSites(siteIds)),
  );
  return row;
}

/** Locks the work order row for the rest of the transaction (concurrent steps serialize). */
export async function lockWorkOrder(
  tx: Tx,
  organizationId: string,
  id: string,
  siteIds: readonly string[] | undefined,
): Promise<WorkOrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.organizationId, organizationId), eq(workOrders.id, id), inSites(siteIds)))
    .for('update');
  return row;
}

export interface ListFilters {
  statuses?: readonly string[] | undefined;
  kinds?: readonly string[] | undefined;
  assignedUserId?: string | undefined;
  siteId?: string | undefined;
  deviceId?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** Open and past the window end (or due date) as of this date. */
  overdueAsOf?: string | undefined;
  notOverdueAsOf?: string | undefined;
  q?: string | undefined;
}

const OPEN_STATUSES = ['open', 'assigned', 'in_progress', 'on_hold'];
const lastDay = sql`coalesce(${workOrders.windowEnd}, ${workOrders.dueDate})`;
/** Sort key of lists: due date (no date last), then number. */
const dueKey = sql<string>`coalesce(${workOrders.dueDate}, '9999-12-31'::date)::text`;

function filterSql(organizationId: string, siteIds: readonly string[] | undefined, f: ListFilters) {
  const q = f.q?.trim();
  return and(
    eq(workOrders.organizationId, organizationId),
    inSites(siteIds),
    f.statuses?.length ? inArray(workOrders.status, [...f.statuses]) : undefined,
    f.kinds?.length ? inArray(workOrders.kind, [...f.kinds]) : undefined,
    f.assignedUserId ? eq(workOrders.assignedUserId, f.assignedUserId) : undefined,
    f.siteId ? eq(workOrders.siteId, f.siteId) : undefined,
    f.deviceId ? eq(workOrders.deviceId, f.deviceId) : undefined,
    f.dueFrom ? gte(workOrders.dueDate, f.dueFrom) : undefined,
    f.dueTo ? lte(workOrders.dueDate, f.dueTo) : undefined,
    f.overdueAsOf
      ? and(inArray(workOrders.status, OPEN_STATUSES), sql`${lastDay} < ${f.overdueAsOf}::date`)
      : undefined,
    f.notOverdueAsOf
      ? sql`not (${workOrders.status} in ('open','assigned','in_progress','on_hold') and coalesce(${lastDay} < ${f.notOverdueAsOf}::date, false))`
      : undefined,
    q
      ? or(
          ilike(workOrders.number, containsPattern(q)),
          ilike(workOrders.title, containsPattern(q)),
          eq(sql`lower(${devices.assetTag})`, q.toLowerCase()),
          eq(devices.serialNumber, q),
        )
      : undefined,
  );
}

export async function listWorkOrders(
  db: DbOrTx,
  organizationId: string,
  siteIds: readonly string[] | undefined,
  f: ListFilters,
  after: { due: string; number: string } | undefined,
  limit: number,
) {
  return db
    .select({ ...workOrderView, sortKey: dueKey })
    .from(workOrders)
    .innerJoin(devices, eq(devices.id, workOrders.deviceId))
    .innerJoin(models, eq(models.id, devices.modelId))
    .innerJoin(manufacturers, eq(manufacturers.id, models.manufacturerId))
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .leftJoin(assignee, eq(assignee.id, workOrders.assignedUserId))
    .where(
      and(
        filterSql(organizationId, siteIds, f),
        after ? sql`(${dueKey}, ${workOrders.number}) > (${after.due}, ${after.number})` : undefined,
      ),
    )
    .orderBy(asc(sql`coalesce(${workOrders.dueDate}, '9999-12-31'::date)`), asc(workOrders.number))
    .limit(limit + 1);
}

/** A device's work, newest first (reported time, then number). */
export async function listDeviceWorkOrders(
  db: DbOrTx,
  organizationId: string,
  deviceId: string,
  after: { reportedAt: string; id: string } | undefined,
  limit: number,
) {
  return selectView(db)
    .where(
      and(
        eq(workOrders.organizationId, organizationId),
        eq(workOrders.deviceId, deviceId),
        after
          ? or(
              lt(workOrders.reportedAt, new Date(after.reportedAt)),
              and(eq(workOrders.reportedAt, new Date(after.reportedAt)), lt(workOrders.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(workOrders.reportedAt), desc(workOrders.id))
    .limit(limit + 1);
}

/** The caller's open work (my work): assigned to them, open statuses, every due date. */
export async function listOpenAssigned(db: DbOrTx, organizationId: string, userId: string, dueTo: string) {
  return selectView(db)
    .where(
      and(
        eq(workOrders.organizationId, organizationId),
        eq(workOrders.assignedUserId, userId),
        inArray(workOrders.status, OPEN_STATUSES),
        or(isNull(workOrders.dueDate), lte(coalesceStart(), dueTo)),
      ),
    )
    .orderBy(
      asc(sites.name),
      asc(devices.building),
      asc(devices.floor),
      asc(devices.room),
      asc(sql`coalesce(${workOrders.dueDate}, '9999-12-31'::date)`),
      asc(workOrders.number),
    )
    .limit(1000);
}

const coalesceStart = () => sql`coalesce(${workOrders.windowStart}, ${workOrders.dueDate})`;

export async function insertWorkOrder(tx: DbOrTx, values: NewWorkOrder): Promise<WorkOrderRow> {
  const [row] = await tx.insert(workOrders).values(values).returning();
  if (!row) throw new Error('work order insert returned nothing');
  return row;
}

export async function updateWorkOrder(
  tx: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  patch: Partial<NewWorkOrder>,
): Promise<WorkOrderRow | undefined> {
  const [row] = await tx
    .update(workOrders)
    .set({ ...patch, version: sql`${workOrders.version} + 1` })
    .where(
      and(
        eq(workOrders.organizationId, organizationId),
        eq(workOrders.id, id),
        eq(workOrders.version, version),
      ),
    )
    .returning();
  return row;
}

/**
 * Reserves `n` consecutive work order numbers of the organization (WO-000123), in the caller's transaction: the
 * sequence row stays locked until it ends, so numbers are never reused and never skipped by a rollback.
 */
export async function allocateWorkOrderNumbers(
  tx: DbOrTx,
  organizationId: string,
  n: number,
): Promise<string[]> {
  if (n <= 0) return [];
  const [row] = await tx
    .insert(workOrderSequences)
    .values({ organizationId, nextNumber: 1 + n })
    .onConflictDoUpdate({
      target: workOrderSequences.organizationId,
      set: { nextNumber: sql`${workOrderSequences.nextNumber} + ${n}` },
    })
    .returning();
  if (!row) throw new Error('work order sequence upsert returned nothing');
  const first = row.nextNumber - n;
  return Array.from({ length: n }, (_, i) => `${row.prefix}${String(first + i).padStart(row.digits, '0')}`);
}

// --- Child records -------------------------------------------------------------------------------------------

export const insertHistory = (tx: DbOrTx, values: typeof workOrderStatusHistory.$inferInsert) =>
  tx.insert(workOrderStatusHistory).values(values);

export const listHistory = (db: DbOrTx, workOrderId: string) =>
  db
    .select()
    .from(workOrderStatusHistory)
    .where(eq(workOrderStatusHistory.workOrderId, workOrderId))
    .orderBy(asc(workOrderStatusHistory.seq));

export const insertLabor = (tx: DbOrTx, values: typeof workOrderLabor.$inferInsert) =>
  tx.insert(workOrderLabor).values(values).returning();

export const listLabor = (db: DbOrTx, workOrderId: string) =>
  db
    .select()
    .from(workOrderLabor)
    .where(and(eq(workOrderLabor.workOrderId, workOrderId), isNull(workOrderLabor.retiredAt)))
    .orderBy(asc(workOrderLabor.workDate), asc(workOrderLabor.createdAt), asc(workOrderLabor.id));

/** Retires a current labor or parts entry of the work order; undefined when there is none to retire. */
export async function retireEntry(
  tx: DbOrTx,
  kind: 'labor' | 'parts',
  workOrderId: string,
  entryId: string,
  now: Date,
): Promise<{ id: string } | undefined> {
  const table = kind === 'labor' ? workOrderLabor : workOrderParts;
  const [row] = await tx
    .update(table)
    .set({ retiredAt: now })
    .where(and(eq(table.workOrderId, workOrderId), eq(table.id, entryId), isNull(table.retiredAt)))
    .returning({ id: table.id });
  return row;
}

export const insertPart = (tx: DbOrTx, values: typeof workOrderParts.$inferInsert) =>
  tx.insert(workOrderParts).values(values).returning();

export const listParts = (db: DbOrTx, workOrderId: string) =>
  db
    .select()
    .from(workOrderParts)
    .where(and(eq(workOrderParts.workOrderId, workOrderId), isNull(workOrderParts.retiredAt)))
    .orderBy(asc(workOrderParts.createdAt), asc(workOrderParts.id));

export const insertDowntime = (tx: DbOrTx, values: typeof workOrderDowntime.$inferInsert) =>
  tx.insert(workOrderDowntime).values(values).returning();

export async function endDowntime(tx: DbOrTx, workOrderId: string, endedAt: Date): Promise<number> {
  const rows = await tx
    .update(workOrderDowntime)
    .set({ endedAt })
    .where(and(eq(workOrderDowntime.workOrderId, workOrderId), isNull(workOrderDowntime.endedAt)))
    .returning({ id: workOrderDowntime.id });
  return rows.length;
}

export const listDowntime = (db: DbOrTx, workOrderId: string) =>
  db
    .select()
    .from(workOrderDowntime)
    .where(eq(workOrderDowntime.workOrderId, workOrderId))
    .orderBy(asc(workOrderDowntime.startedAt));

export const insertAttempt = (tx: DbOrTx, values: typeof workOrderAttempts.$inferInsert) =>
  tx.insert(workOrderAttempts).values(values).returning();

export const listAttempts = (db: DbOrTx, workOrderId: string) =>
  db
    .select()
    .from(workOrderAttempts)
    .where(eq(workOrderAttempts.workOrderId, workOrderId))
    .orderBy(asc(workOrderAttempts.attemptedAt), asc(workOrderAttempts.id));

export const insertSignature = (tx: DbOrTx, values: typeof workOrderSignatures.$inferInsert) =>
  tx.insert(workOrderSignatures).values(values).returning();

export const listSignatures = (db: DbOrTx, workOrderId: string) =>
  db
    .select()
    .from(workOrderSignatures)
    .where(eq(workOrderSignatures.workOrderId, workOrderId))
    .orderBy(
      asc(workOrderSignatures.signedAt),
      asc(sql`${workOrderSignatures.addendumId} IS NOT NULL`),
      asc(workOrderSignatures.id),
    );

export async function insertAddendum(tx: DbOrTx, values: typeof workOrderAddenda.$inferInsert) {
  const [row] = await tx.insert(workOrderAddenda).values(values).returning();
  if (!row) throw new Error('addendum insert returned nothing');
  return row;
}

export const listAddenda = (db: DbOrTx, workOrderId: string) =>
  db
    .select()
    .from(workOrderAddenda)
    .where(eq(workOrderAddenda.workOrderId, workOrderId))
    .orderBy(asc(workOrderAddenda.createdAt), asc(workOrderAddenda.id));

/** The active user of the organization with this id (assignment, labor), with their name. */
export async function findUser(db: DbOrTx, organizationId: string, id: string) {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, active: users.active })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.id, id)));
  return row;
}

// --- Read models for other modules ---------------------------------------------------------------------------

/**
 * Latest completion of preventive work with outcome `completed` (imported history included), by device and by
 * plan: where plans anchor "from last completion".
 */
export async function lastCompletedPreventive(
  db: DbOrTx,
  organizationId: string,
  deviceIds?: readonly string[],
): Promise<{ byDevice: Map<string, Date>; byPlan: Map<string, Date> }> {
  const where = and(
    eq(workOrders.organizationId, organizationId),
    eq(workOrders.kind, 'preventive'),
    eq(workOrders.outcome, 'completed'),
    isNotNull(workOrders.completedAt),
    deviceIds ? (deviceIds.length ? inArray(workOrders.deviceId, [...deviceIds]) : sql`false`) : undefined,
  );
  const last = sql<Date>`max(${workOrders.completedAt})`.mapWith(workOrders.completedAt);
  const [byDevice, byPlan] = await Promise.all([
    db.select({ key: workOrders.deviceId, last }).from(workOrders).where(where).groupBy(workOrders.deviceId),
    db
      .select({ key: workOrders.planId, last })
      .from(workOrders)
      .where(and(where, isNotNull(workOrders.planId)))
      .groupBy(workOrders.planId),
  ]);
  return {
    byDevice: new Map(byDevice.map((r) => [r.key, r.last])),
    byPlan: new Map(byPlan.flatMap((r) => (r.key ? [[r.key, r.last] as const] : []))),
  };
}

/**
 * Failures per model since a date: corrective, damage and use-error work with a failure finding (user-evident or
 * hidden failure, PM-preventable degradation) or a failure cause other than none — the incident history behind a
 * risk score's "incident history" factor (domain reference §3.1).
 */
export async function correctiveFailureCounts(
  db: DbOrTx,
  organizationId: string,
  opts: { modelIds?: readonly string[] | undefined; since: Date | string },
): Promise<Map<string, number>> {
  const since = typeof opts.since === 'string' ? new Date(opts.since) : opts.since;
  const rows = await db
    .select({ modelId: devices.modelId, n: sql<number>`count(*)::int` })
    .from(workOrders)
    .innerJoin(devices, eq(devices.id, workOrders.deviceId))
    .where(
      and(
        eq(workOrders.organizationId, organizationId),
        inArray(workOrders.kind, ['corrective', 'damage', 'use_error']),
        sql`${workOrders.status} <> 'cancelled'`,
        gt(workOrders.reportedAt, since),
        or(
          inArray(workOrders.finding, [
            'user_evident_failure',
            'hidden_failure',
            'pm_preventable_degradation',
          ]),
          and(isNotNull(workOrders.failureCause), sql`${workOrders.failureCause} <> 'none'`),
        ),
        opts.modelIds
          ? opts.modelIds.length
            ? inArray(devices.modelId, [...opts.modelIds])
            : sql`false`
          : undefined,
      ),
    )
    .groupBy(devices.modelId);
  return new Map(rows.map((r) => [r.modelId, r.n]));
}

/** The device a work order is for, if the caller may reach it (organization and permitted sites). */
export async function findDeviceForWork(
  db: DbOrTx,
  organizationId: string,
  id: string,
  siteIds: readonly string[] | undefined,
) {
  const [row] = await db
    .select({ id: devices.id, siteId: devices.siteId, status: devices.status, version: devices.version })
    .from(devices)
    .where(
      and(
        eq(devices.organizationId, organizationId),
        eq(devices.id, id),
        siteIds === undefined
          ? undefined
          : siteIds.length
            ? inArray(devices.siteId, [...siteIds])
            : sql`false`,
      ),
    );
  return row;
}

export async function findRow(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<WorkOrderRow | undefined> {
  const [row] = await db
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.organizationId, organizationId), eq(workOrders.id, id)));
  return row;
}

export async function documentExists(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(eq(documents.organizationId, organizationId), eq(documents.id, id), isNull(documents.retiredAt)),
    );
  return row !== undefined;
}

export async function siteTimeZone(db: DbOrTx, siteId: string): Promise<string> {
  const [row] = await db.select({ zone: sites.timeZone }).from(sites).where(eq(sites.id, siteId));
  return row?.zone ?? 'UTC';
}
