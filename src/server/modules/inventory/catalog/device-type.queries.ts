import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { containsPattern } from '../../../platform/pagination.ts';
import { deviceTypes } from '../inventory.schema.ts';

export type DeviceTypeRow = typeof deviceTypes.$inferSelect;

/** FDA rows are shared by every organization; an organization's own rows are its alone. */
const visibleTo = (organizationId: string) =>
  or(isNull(deviceTypes.organizationId), eq(deviceTypes.organizationId, organizationId));

export async function findDeviceType(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<DeviceTypeRow | undefined> {
  const [row] = await db
    .select()
    .from(deviceTypes)
    .where(and(eq(deviceTypes.id, id), visibleTo(organizationId)));
  return row;
}

export interface DeviceTypeFilter {
  organizationId: string;
  q?: string | undefined;
  source?: 'fda' | 'organization' | undefined;
  deviceClass?: string | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export async function listDeviceTypes(db: DbOrTx, f: DeviceTypeFilter): Promise<DeviceTypeRow[]> {
  const where: (SQL | undefined)[] = [visibleTo(f.organizationId)];
  if (f.source === 'fda') where.push(isNull(deviceTypes.organizationId));
  if (f.source === 'organization') where.push(eq(deviceTypes.organizationId, f.organizationId));
  if (f.deviceClass) where.push(eq(deviceTypes.deviceClass, f.deviceClass));
  if (f.q) {
    // lower(name) LIKE backs onto the trigram index; a three-letter product code is matched exactly.
    where.push(
      or(
        sql`lower(${deviceTypes.name}) LIKE ${containsPattern(f.q.toLowerCase())}`,
        sql`upper(${deviceTypes.productCode}) = ${f.q.toUpperCase()}`,
      ),
    );
  }
  if (f.after) {
    where.push(
      or(
        gt(deviceTypes.name, f.after.name),
        and(eq(deviceTypes.name, f.after.name), gt(deviceTypes.id, f.after.id)),
      ),
    );
  }
  return db
    .select()
    .from(deviceTypes)
    .where(and(...where))
    .orderBy(asc(deviceTypes.name), asc(deviceTypes.id))
    .limit(f.limit);
}

export async function findOwnDeviceTypeByCode(
  db: DbOrTx,
  organizationId: string,
  productCode: string,
): Promise<DeviceTypeRow | undefined> {
  const [row] = await db
    .select()
    .from(deviceTypes)
    .where(
      and(
        eq(deviceTypes.organizationId, organizationId),
        sql`lower(${deviceTypes.productCode}) = ${productCode.toLowerCase()}`,
      ),
    );
  return row;
}

export async function insertDeviceType(
  db: DbOrTx,
  values: typeof deviceTypes.$inferInsert,
): Promise<DeviceTypeRow> {
  const [row] = await db.insert(deviceTypes).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Compare-and-set on `version`, limited to the organization's own rows (FDA rows are never changed here). */
export async function updateDeviceType(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  patch: Partial<typeof deviceTypes.$inferInsert>,
): Promise<DeviceTypeRow | undefined> {
  const [row] = await db
    .update(deviceTypes)
    .set({ ...patch, version: sql`${deviceTypes.version} + 1` })
    .where(
      and(
        eq(deviceTypes.organizationId, organizationId),
        eq(deviceTypes.id, id),
        eq(deviceTypes.version, version),
      ),
    )
    .returning();
  return row;
}

export async function countFdaDeviceTypes(db: DbOrTx): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deviceTypes)
    .where(isNull(deviceTypes.organizationId));
  return r?.n ?? 0;
}
