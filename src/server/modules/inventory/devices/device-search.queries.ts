import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DeviceStatus, deviceSortKeys } from '../../../../contracts/index.ts';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { containsPattern } from '../../../platform/pagination.ts';
import { deviceTypes, devices, manufacturerAliases, modelIdentifiers, models } from '../inventory.schema.ts';
import { inSites, selectDeviceViewSorted } from './device.queries.ts';

export type DeviceSortKey = (typeof deviceSortKeys)[number];

/** How the search box was understood; each kind is one indexed lookup. */
export type DeviceMatch =
  | { kind: 'none' }
  | { kind: 'udi'; deviceIdentifier: string; serial: string | null }
  | { kind: 'asset_tag'; value: string }
  | { kind: 'serial_number'; value: string }
  | { kind: 'text'; words: { word: string; normalized: string }[] };

export interface DeviceListFilter {
  organizationId: string;
  siteIds: readonly string[] | undefined;
  siteId?: string | undefined;
  statuses?: readonly DeviceStatus[] | undefined;
  modelId?: string | undefined;
  manufacturerId?: string | undefined;
  deviceTypeId?: string | undefined;
  department?: string | undefined;
  ownership?: string | undefined;
  parentId?: string | undefined;
  match: DeviceMatch;
  sort: DeviceSortKey;
  order: 'asc' | 'desc';
  after?: { key: string; id: string } | undefined;
  limit: number;
}

/** Sort keys never null (keyset comparison needs a total order), with the SQL type their cursor value has. */
const sortKeys: Record<DeviceSortKey, { expr: SQL; type: 'text' | 'timestamptz' }> = {
  assetTag: { expr: sql`${devices.assetTag}`, type: 'text' },
  serialNumber: { expr: sql`coalesce(${devices.serialNumber}, '')`, type: 'text' },
  status: { expr: sql`${devices.status}`, type: 'text' },
  updatedAt: { expr: sql`${devices.updatedAt}`, type: 'timestamptz' },
  model: { expr: sql`${models.name}`, type: 'text' },
  department: { expr: sql`coalesce(${devices.department}, '')`, type: 'text' },
};

/**
 * `model_id = ANY(ARRAY(subquery))` rather than `IN (subquery)`: the array is computed once and drives a bitmap
 * scan of devices_model_idx, which the planner can OR with the trigram index on devices.search_text.
 */
const modelIn = (subquery: SQL): SQL => sql`${devices.modelId} = ANY(ARRAY(${subquery}))`;

function matchCondition(organizationId: string, m: DeviceMatch): SQL | undefined {
  switch (m.kind) {
    case 'none':
      return undefined;
    case 'udi': {
      const byDi = or(
        eq(devices.udiDeviceIdentifier, m.deviceIdentifier),
        modelIn(sql`SELECT i.model_id FROM ${modelIdentifiers} i
          WHERE i.organization_id = ${organizationId} AND i.device_identifier = ${m.deviceIdentifier}`),
      );
      return m.serial ? and(byDi, sql`lower(${devices.serialNumber}) = ${m.serial.toLowerCase()}`) : byDi;
    }
    case 'asset_tag':
      return sql`lower(${devices.assetTag}) = ${m.value.toLowerCase()}`;
    case 'serial_number':
      return sql`lower(${devices.serialNumber}) = ${m.value.toLowerCase()}`;
    case 'text':
      // Every word must appear somewhere: in the device's own text, its model (manufacturer name, model
      // number, name), a manufacturer alias, or the device type's name.
      return and(
        ...m.words.map((w) => {
          const like = containsPattern(w.word);
          const aliasLike = w.normalized ? containsPattern(w.normalized) : null;
          const modelMatches = or(
            sql`m.search_text LIKE ${like}`,
            aliasLike
              ? sql`m.manufacturer_id IN (SELECT a.manufacturer_id FROM ${manufacturerAliases} a
                  WHERE a.organization_id = ${organizationId} AND a.normalized_alias LIKE ${aliasLike})`
              : undefined,
            sql`m.device_type_id IN (SELECT t.id FROM ${deviceTypes} t
              WHERE (t.organization_id IS NULL OR t.organization_id = ${organizationId}) AND lower(t.name) LIKE ${like})`,
          );
          return or(
            sql`${devices.searchText} LIKE ${like}`,
            modelIn(
              sql`SELECT m.id FROM ${models} m WHERE m.organization_id = ${organizationId} AND (${modelMatches})`,
            ),
          );
        }),
      );
  }
}

/** The list's query, unexecuted (tests read its plan). */
export function deviceListQuery(db: DbOrTx, f: DeviceListFilter) {
  const where: (SQL | undefined)[] = [
    eq(devices.organizationId, f.organizationId),
    inSites(f.siteIds),
    matchCondition(f.organizationId, f.match),
  ];
  if (f.siteId) where.push(eq(devices.siteId, f.siteId));
  if (f.statuses?.length) where.push(inArray(devices.status, [...f.statuses]));
  if (f.modelId) where.push(eq(devices.modelId, f.modelId));
  if (f.manufacturerId) where.push(eq(models.manufacturerId, f.manufacturerId));
  if (f.deviceTypeId) where.push(eq(models.deviceTypeId, f.deviceTypeId));
  if (f.department) where.push(sql`lower(${devices.department}) = ${f.department.toLowerCase()}`);
  if (f.ownership) where.push(eq(devices.ownership, f.ownership));
  if (f.parentId) where.push(eq(devices.parentId, f.parentId));
  const key = sortKeys[f.sort];
  if (f.after) {
    const value = sql`${f.after.key}::${sql.raw(key.type)}`;
    where.push(
      f.order === 'asc'
        ? sql`(${key.expr}, ${devices.id}) > (${value}, ${f.after.id}::uuid)`
        : sql`(${key.expr}, ${devices.id}) < (${value}, ${f.after.id}::uuid)`,
    );
  }
  const dir = f.order === 'asc' ? asc : desc;
  return selectDeviceViewSorted(db, key.expr)
    .where(and(...where))
    .orderBy(dir(key.expr), dir(devices.id))
    .limit(f.limit);
}

export const listDevices = async (db: DbOrTx, f: DeviceListFilter) => deviceListQuery(db, f);
