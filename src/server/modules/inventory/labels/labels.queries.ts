import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { organizations, sites } from '../../sites/index.ts';
import { devices, manufacturers, models } from '../inventory.schema.ts';
import type { LabelDevice } from './label.rules.ts';

/**
 * The devices a label shows, scoped to the organization and the permitted sites (`undefined` = every site).
 * Devices outside that scope are simply absent from the answer.
 */
export async function listLabelDevices(
  db: DbOrTx,
  organizationId: string,
  siteIds: readonly string[] | undefined,
  ids: readonly string[],
): Promise<LabelDevice[]> {
  if (ids.length === 0) return [];
  const where: SQL[] = [eq(devices.organizationId, organizationId), inArray(devices.id, [...ids])];
  if (siteIds) where.push(siteIds.length ? inArray(devices.siteId, [...siteIds]) : sql`false`);
  return db
    .select({
      id: devices.id,
      assetTag: devices.assetTag,
      serialNumber: devices.serialNumber,
      manufacturerName: manufacturers.name,
      modelNumber: models.modelNumber,
      modelName: models.name,
      siteName: sites.name,
      organizationName: organizations.name,
    })
    .from(devices)
    .innerJoin(models, eq(models.id, devices.modelId))
    .innerJoin(manufacturers, eq(manufacturers.id, models.manufacturerId))
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .innerJoin(organizations, eq(organizations.id, devices.organizationId))
    .where(and(...where));
}
