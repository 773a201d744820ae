import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DeviceStatus, deviceSortKeys } from '../../../../contracts/index.ts';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { containsPattern } from '../../../platform/pagination.ts';
import { deviceTypes, devices, manufacturerAliases, modelIdentifiers, models } from '../inventory.schema.ts';
import { qualified } from '../catalog/conflicts.ts';
import { inSites, selectDeviceViewSorted } from './device.queries.ts';

export type DeviceSortKey = (typeof deviceSortKeys)[number];

/** How the search box was read (rules only, no lookups yet). */
export type DeviceReading =
  | { kind: 'none' }
  | { kind: 'udi'; deviceIdentifier: string; serial: string | null }
  | { kind: 'asset_tag'; value: string }
  | { kind: 'serial_number'; value: string }
  | { kind: 'text'; words: { word: string; normalized: string }[] };

/**
 * A reading with the models it names looked up first. The device query then carries the model ids as values,
 * so the planner estimates from statistics and picks devices_model_idx when the models are rare; a subquery's
 * unknown result made it walk the whole organization in sort order instead.
 */
export type DeviceMatch =
  | { kind: 'none' }
  | { kind: 'udi'; deviceIdentifier: string; serial: string | null; modelIds: string[] }
  | { kind: 'asset_tag'; value: string }
  | { kind: 'serial_number'; value: string }
  | { kind: 'text'; words: { word: string; modelIds: string[] }[] };

/** Models whose manufacturer, number or name, manufacturer alias or device type name contain the word. */
async function modelIdsForWord(
  db: DbOrTx,
  organizationId: string,
  w: { word: string; normalized: string },
): Promise<string[]> {
  const like = containsPattern(w.word);
  const rows = await db
    .select({ id: models.id })
    .from(models)
    .where(
      and(
        eq(models.organizationId, organizationId),
        or(
          sql`${models.searchText} LIKE ${like}`,
          w.normalized
            ? sql`${qualified(models.manufacturerId)} IN (SELECT a.manufacturer_id FROM ${manufacturerAliases} a
                WHERE a.organization_id = ${organizationId} AND a.retired_at IS NULL
                  AND a.normalized_alias LIKE ${containsPattern(w.normalized)})`
            : undefined,
          sql`${qualified(models.deviceTypeId)} IN (SELECT t.id FROM ${deviceTypes} t
            WHERE (t.organization_id IS NULL OR t.organization_id = ${organizationId}) AND lower(t.name) LIKE ${like})`,
        ),
      ),
    );
  return rows.map((r) => r.id);
}

export async function resolveReading(
  db: DbOrTx,
  organizationId: string,
  r: DeviceReading,
): Promise<DeviceMatch> {
  switch (r.kind) {
    case 'udi': {
      // Retired identifiers still match: a device keeps the label it was delivered with.
      const rows = await db
        .select({ modelId: modelIdentifiers.modelId })
        .from(modelIdentifiers)
        .where(
          and(
            eq(modelIdentifiers.organizationId, organizationId),
            eq(modelIdentifiers.deviceIdentifier, r.deviceIdentifier),
          ),
        );
      return { ...r, modelIds: rows.map((x) => x.modelId) };
    }
    case 'text':
      return {
        kind: 'text',
        words: await Promise.all(
          r.words.map(async (w) => ({
            word: w.word,
            modelIds: await modelIdsForWord(db, organizationId, w),
          })),
        ),
      };
    default:
      return r;
  }
}

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

const inModels = (ids: readonly string[]): SQL | undefined =>
  ids.length ? inArray(devices.modelId, [...ids]) : undefined;

function matchCondition(m: DeviceMatch): SQL | undefined {
  switch (m.kind) {
    case 'none':
      return undefined;
    case 'udi': {
      const byDi = or(eq(devices.udiDeviceIdentifier, m.deviceIdentifier), inModels(m.modelIds));
      return m.serial ? and(byDi, sql`lower(${devices.serialNumber}) = ${m.serial.toLowerCase()}`) : byDi;
    }
    case 'asset_tag':
      return sql`lower(${devices.assetTag}) = ${m.value.toLowerCase()}`;
    case 'serial_number':
      return sql`lower(${devices.serialNumber}) = ${m.value.toLowerCase()}`;
    case 'text':
      // Every word must appear somewhere: in the device's own text or in what names its model.
      return and(
        ...m.words.map((w) =>
          or(sql`${devices.searchText} LIKE ${containsPattern(w.word)}`, inModels(w.modelIds)),
        ),
      );
  }
}

/** The list's query, unexecuted (tests read its plan). */
export function deviceListQuery(db: DbOrTx, f: DeviceListFilter) {
  const where: (SQL | undefined)[] = [
    eq(devices.organizationId, f.organizationId),
    inSites(f.siteIds),
    matchCondition(f.match),
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
