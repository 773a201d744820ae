import { and, desc, eq, getTableColumns, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { sites } from '../../sites/index.ts';
import { deviceStatusHistory, deviceTypes, devices, manufacturers, models } from '../inventory.schema.ts';
import { qualified } from '../catalog/conflicts.ts';

export type DeviceRow = typeof devices.$inferSelect;

const parent = alias(devices, 'parent');

/** A device with the names the API shows next to it (model, manufacturer, type, site, parent). */
export const deviceView = {
  ...getTableColumns(devices),
  modelNumber: models.modelNumber,
  modelName: models.name,
  manufacturerId: models.manufacturerId,
  manufacturerName: manufacturers.name,
  deviceTypeId: models.deviceTypeId,
  deviceTypeName: deviceTypes.name,
  deviceTypeCode: deviceTypes.productCode,
  deviceTypeClass: deviceTypes.deviceClass,
  siteName: sites.name,
  siteCode: sites.code,
  parentAssetTag: parent.assetTag,
  childCount: sql<number>`(SELECT count(*)::int FROM ${devices} c WHERE c.parent_id = ${qualified(devices.id)})`,
};

/** The joins `deviceView` needs; callers add where, order and limit. */
export const selectDeviceView = (db: DbOrTx) =>
  db
    .select(deviceView)
    .from(devices)
    .innerJoin(models, eq(models.id, devices.modelId))
    .innerJoin(manufacturers, eq(manufacturers.id, models.manufacturerId))
    .leftJoin(deviceTypes, eq(deviceTypes.id, models.deviceTypeId))
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .leftJoin(parent, eq(parent.id, devices.parentId));

/** The same, with a list's sort key as text (timestamps keep their microseconds for the cursor). */
export const selectDeviceViewSorted = (db: DbOrTx, sortKey: SQL) =>
  db
    .select({ ...deviceView, sortKey: sql<string>`(${sortKey})::text` })
    .from(devices)
    .innerJoin(models, eq(models.id, devices.modelId))
    .innerJoin(manufacturers, eq(manufacturers.id, models.manufacturerId))
    .leftJoin(deviceTypes, eq(deviceTypes.id, models.deviceTypeId))
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .leftJoin(parent, eq(parent.id, devices.parentId));

export type DeviceViewRow = Awaited<ReturnType<typeof selectDeviceView>>[number];

/** Site scoping: `undefined` means every site of the organization. */
export const inSites = (siteIds: readonly string[] | undefined): SQL | undefined =>
  siteIds === undefined ? undefined : siteIds.length ? inArray(devices.siteId, [...siteIds]) : sql`false`;

export async function findDeviceView(
  db: DbOrTx,
  organizationId: string,
  id: string,
  siteIds: readonly string[] | undefined,
): Promise<DeviceViewRow | undefined> {
  const [row] = await selectDeviceView(db).where(
    and(eq(devices.organizationId, organizationId), eq(devices.id, id), inSites(siteIds)),
  );
  return row;
}

export async function findDevice(
  db: DbOrTx,
  organizationId: string,
  id: string,
  siteIds: readonly string[] | undefined,
): Promise<DeviceRow | undefined> {
  const [row] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.organizationId, organizationId), eq(devices.id, id), inSites(siteIds)));
  return row;
}

export async function findDeviceByAssetTag(
  db: DbOrTx,
  organizationId: string,
  assetTag: string,
  exceptId: string | null,
): Promise<DeviceRow | undefined> {
  const [row] = await db
    .select()
    .from(devices)
    .where(
      and(
        eq(devices.organizationId, organizationId),
        sql`lower(${devices.assetTag}) = ${assetTag.toLowerCase()}`,
        exceptId ? ne(devices.id, exceptId) : undefined,
      ),
    );
  return row;
}

export async function findDeviceBySerial(
  db: DbOrTx,
  organizationId: string,
  modelId: string,
  serialNumber: string,
  exceptId: string | null,
): Promise<DeviceRow | undefined> {
  const [row] = await db
    .select()
    .from(devices)
    .where(
      and(
        eq(devices.organizationId, organizationId),
        eq(devices.modelId, modelId),
        sql`lower(${devices.serialNumber}) = ${serialNumber.toLowerCase()}`,
        exceptId ? ne(devices.id, exceptId) : undefined,
      ),
    );
  return row;
}

/** True when `candidateParentId` is `deviceId` or one of its descendants (the new link would close a loop). */
export async function wouldCycle(db: DbOrTx, deviceId: string, candidateParentId: string): Promise<boolean> {
  const result = await db.execute<{ found: boolean }>(sql`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM ${devices} WHERE id = ${candidateParentId}
      UNION ALL
      SELECT d.id, d.parent_id, up.depth + 1 FROM ${devices} d JOIN up ON d.id = up.parent_id WHERE up.depth < 100
    )
    SELECT EXISTS (SELECT 1 FROM up WHERE id = ${deviceId}) AS found`);
  return result.rows[0]?.found === true;
}

export async function insertDevice(db: DbOrTx, values: typeof devices.$inferInsert): Promise<DeviceRow> {
  const [row] = await db.insert(devices).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Compare-and-set on `version`: returns nothing when the device changed since the caller read it. */
export async function updateDevice(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  patch: Partial<typeof devices.$inferInsert>,
): Promise<DeviceRow | undefined> {
  const [row] = await db
    .update(devices)
    .set({ ...patch, version: sql`${devices.version} + 1` })
    .where(and(eq(devices.organizationId, organizationId), eq(devices.id, id), eq(devices.version, version)))
    .returning();
  return row;
}

export type StatusChangeRow = typeof deviceStatusHistory.$inferSelect;

export async function insertStatusChange(
  db: DbOrTx,
  values: typeof deviceStatusHistory.$inferInsert,
): Promise<StatusChangeRow> {
  const [row] = await db.insert(deviceStatusHistory).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Newest first; changes in the same instant keep the order they were written in. */
export async function listStatusChanges(
  db: DbOrTx,
  organizationId: string,
  deviceId: string,
): Promise<StatusChangeRow[]> {
  return db
    .select()
    .from(deviceStatusHistory)
    .where(
      and(eq(deviceStatusHistory.organizationId, organizationId), eq(deviceStatusHistory.deviceId, deviceId)),
    )
    .orderBy(desc(deviceStatusHistory.occurredAt), desc(deviceStatusHistory.seq));
}
