import { and, eq, getTableColumns, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { users } from '../../identity/index.ts';
import { devices, manufacturers, models } from '../../inventory/index.ts';
import { sites } from '../../sites/index.ts';
import { workOrderImports } from '../work-order-imports.schema.ts';
import { workOrders } from '../work-orders.schema.ts';
import type { DeviceFact, UserFact } from './history-import.rules.ts';

/** SQL of the maintenance history import: the import rows, and the facts its rows are checked against. */

export type WorkOrderImportRow = typeof workOrderImports.$inferSelect;
export type WorkOrderImportMeta = Omit<WorkOrderImportRow, 'content'> & { progress: number | null };

const { content: _content, ...metaColumns } = getTableColumns(workOrderImports);

export async function insertImport(
  db: DbOrTx,
  values: typeof workOrderImports.$inferInsert,
): Promise<WorkOrderImportRow> {
  const [row] = await db.insert(workOrderImports).values(values).returning();
  if (!row) throw new Error('work order import insert returned nothing');
  return row;
}

export async function findImport(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<WorkOrderImportMeta | undefined> {
  const [row] = await db
    .select({
      ...metaColumns,
      progress: sql<number | null>`(SELECT j.progress FROM jobs j WHERE j.id = ${workOrderImports.jobId})`,
    })
    .from(workOrderImports)
    .where(and(eq(workOrderImports.organizationId, organizationId), eq(workOrderImports.id, id)));
  return row;
}

export async function findImportContent(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ content: workOrderImports.content })
    .from(workOrderImports)
    .where(and(eq(workOrderImports.organizationId, organizationId), eq(workOrderImports.id, id)));
  return row?.content;
}

/** Locks the import row for the writing transaction: two runs of one import apply it once. */
export async function lockImportStatus(
  tx: DbOrTx,
  organizationId: string,
  id: string,
): Promise<string | undefined> {
  const [row] = await tx
    .select({ status: workOrderImports.status })
    .from(workOrderImports)
    .where(and(eq(workOrderImports.organizationId, organizationId), eq(workOrderImports.id, id)))
    .for('update');
  return row?.status;
}

/** An applied import is final; `version` null skips the optimistic check (job and CLI steps). */
export async function updateImport(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number | null,
  patch: Partial<typeof workOrderImports.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(workOrderImports)
    .set({ ...patch, version: sql`${workOrderImports.version} + 1` })
    .where(
      and(
        eq(workOrderImports.organizationId, organizationId),
        eq(workOrderImports.id, id),
        ne(workOrderImports.status, 'applied'),
        version === null ? undefined : eq(workOrderImports.version, version),
      ),
    )
    .returning({ id: workOrderImports.id });
  return rows.length > 0;
}

/**
 * The devices a file names (by lower-cased asset tag or serial number), among those the importer may see: a
 * device at a site outside their scope is an unknown device to them.
 */
export async function devicesNamed(
  db: DbOrTx,
  organizationId: string,
  siteIds: readonly string[] | undefined,
  keys: { tags: readonly string[]; serials: readonly string[] },
): Promise<DeviceFact[]> {
  if (keys.tags.length === 0 && keys.serials.length === 0) return [];
  if (siteIds !== undefined && siteIds.length === 0) return [];
  const named: SQL[] = [];
  if (keys.tags.length > 0)
    named.push(sql`lower(${devices.assetTag}) = ANY(${toTextArray(keys.tags)}::text[])`);
  if (keys.serials.length > 0)
    named.push(sql`lower(${devices.serialNumber}) = ANY(${toTextArray(keys.serials)}::text[])`);
  return db
    .select({
      id: devices.id,
      assetTag: devices.assetTag,
      serialNumber: devices.serialNumber,
      siteId: devices.siteId,
      timeZone: sites.timeZone,
      modelNumber: models.modelNumber,
      manufacturerName: manufacturers.name,
    })
    .from(devices)
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .innerJoin(models, eq(models.id, devices.modelId))
    .innerJoin(manufacturers, eq(manufacturers.id, models.manufacturerId))
    .where(
      and(
        eq(devices.organizationId, organizationId),
        siteIds === undefined ? undefined : inArray(devices.siteId, [...siteIds]),
        or(...named),
      ),
    );
}

/** The organization's users a technician's name or email may name. */
export async function organizationUsers(db: DbOrTx, organizationId: string): Promise<UserFact[]> {
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .where(eq(users.organizationId, organizationId));
}

/** Legacy numbers already imported (lower-cased) -> the work order number each became. */
export async function importedLegacyNumbers(
  db: DbOrTx,
  organizationId: string,
  legacyNumbers: readonly string[],
): Promise<Map<string, string>> {
  if (legacyNumbers.length === 0) return new Map();
  const rows = await db
    .select({ importRef: workOrders.importRef, number: workOrders.number })
    .from(workOrders)
    .where(
      and(
        eq(workOrders.organizationId, organizationId),
        isNotNull(workOrders.importRef),
        sql`lower(${workOrders.importRef}) = ANY(${toTextArray(legacyNumbers)}::text[])`,
      ),
    );
  return new Map(rows.map((r) => [(r.importRef ?? '').toLowerCase(), r.number]));
}

/** A PostgreSQL text array literal, one bind parameter however many values. */
export function toTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
