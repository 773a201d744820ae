import { and, eq, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { MaintenanceProfileFields, ProfileScope } from '../../../../contracts/index.ts';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { devices, deviceTypes, models } from '../../inventory/index.ts';
import { sites } from '../../sites/index.ts';
import { maintenanceProfiles } from '../maintenance.schema.ts';

export interface TypeFacts {
  id: string;
  name: string;
  reviewPanel: string | null;
  lifeSustaining: boolean;
}
export interface ModelFacts {
  id: string;
  name: string;
  modelNumber: string;
  deviceType: TypeFacts | null;
}
export interface DeviceFacts {
  id: string;
  assetTag: string;
  siteId: string;
  siteName: string;
  status: string;
  inServiceDate: string | null;
  acquisitionDate: string | null;
  model: ModelFacts;
}

/** Devices that count as the fleet (domain reference §2: units of the model in the organization). */
const GONE = ['retired', 'disposed'];

const typeVisible = (organizationId: string) =>
  or(isNull(deviceTypes.organizationId), eq(deviceTypes.organizationId, organizationId));

export async function findTypeFacts(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<TypeFacts | undefined> {
  const [row] = await db
    .select({
      id: deviceTypes.id,
      name: deviceTypes.name,
      reviewPanel: deviceTypes.reviewPanel,
      lifeSustaining: deviceTypes.lifeSustaining,
    })
    .from(deviceTypes)
    .where(and(eq(deviceTypes.id, id), typeVisible(organizationId)));
  return row;
}

export async function findModelFacts(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<ModelFacts | undefined> {
  const [row] = await db
    .select({
      id: models.id,
      name: models.name,
      modelNumber: models.modelNumber,
      deviceTypeId: models.deviceTypeId,
    })
    .from(models)
    .where(and(eq(models.id, id), eq(models.organizationId, organizationId)));
  if (!row) return undefined;
  const deviceType = row.deviceTypeId
    ? ((await findTypeFacts(db, organizationId, row.deviceTypeId)) ?? null)
    : null;
  return { id: row.id, name: row.name, modelNumber: row.modelNumber, deviceType };
}

/** A device of the organization on one of the permitted sites (undefined = every site). */
export async function findDeviceFacts(
  db: DbOrTx,
  organizationId: string,
  id: string,
  siteIds: readonly string[] | undefined,
): Promise<DeviceFacts | undefined> {
  const [row] = await db
    .select({
      id: devices.id,
      assetTag: devices.assetTag,
      siteId: devices.siteId,
      siteName: sites.name,
      status: devices.status,
      inServiceDate: devices.inServiceDate,
      acquisitionDate: devices.acquisitionDate,
      modelId: devices.modelId,
    })
    .from(devices)
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .where(
      and(
        eq(devices.id, id),
        eq(devices.organizationId, organizationId),
        siteIds ? (siteIds.length ? inArray(devices.siteId, [...siteIds]) : sql`false`) : undefined,
      ),
    );
  if (!row) return undefined;
  const model = await findModelFacts(db, organizationId, row.modelId);
  if (!model) return undefined;
  return { ...row, model };
}

export type ProfileRow = typeof maintenanceProfiles.$inferSelect;

const targetColumn = (scope: ProfileScope) =>
  scope === 'device'
    ? maintenanceProfiles.deviceId
    : scope === 'model'
      ? maintenanceProfiles.modelId
      : maintenanceProfiles.deviceTypeId;

/** The profile rows of several levels in one query (a device's chain). */
export async function findProfileRows(
  db: DbOrTx,
  organizationId: string,
  levels: readonly { scope: ProfileScope; targetId: string }[],
): Promise<ProfileRow[]> {
  if (levels.length === 0) return [];
  return db
    .select()
    .from(maintenanceProfiles)
    .where(
      and(
        eq(maintenanceProfiles.organizationId, organizationId),
        or(
          ...levels.map((l) =>
            and(eq(maintenanceProfiles.scope, l.scope), eq(targetColumn(l.scope), l.targetId)),
          ),
        ),
      ),
    );
}

export const rowTarget = (r: ProfileRow): string => r.deviceId ?? r.modelId ?? r.deviceTypeId ?? '';

export const profileFields = (row: ProfileRow | undefined): MaintenanceProfileFields | null =>
  row
    ? {
        highRisk: row.highRisk,
        highRiskReason: row.highRiskReason as MaintenanceProfileFields['highRiskReason'],
        highRiskNote: row.highRiskNote,
        lifeSupport: row.lifeSupport,
        strategy: row.strategy as MaintenanceProfileFields['strategy'],
        imagingRadiologic: row.imagingRadiologic,
        medicalLaser: row.medicalLaser,
        lawOrCop: row.lawOrCop,
      }
    : null;

/** Units in the organization (not retired or disposed) of a model or of a device type's models, and the oldest. */
export async function fleetStats(
  db: DbOrTx,
  organizationId: string,
  target: { modelId: string } | { deviceTypeId: string },
): Promise<{ units: number; oldestStart: string | null }> {
  const [row] = await db
    .select({
      units: sql<number>`count(*)::int`,
      oldestStart: sql<
        string | null
      >`min(coalesce(${devices.inServiceDate}, ${devices.acquisitionDate}))::text`,
    })
    .from(devices)
    .innerJoin(models, eq(models.id, devices.modelId))
    .where(
      and(
        eq(devices.organizationId, organizationId),
        notInArray(devices.status, GONE),
        'modelId' in target
          ? eq(devices.modelId, target.modelId)
          : eq(models.deviceTypeId, target.deviceTypeId),
      ),
    );
  return { units: row?.units ?? 0, oldestStart: row?.oldestStart ?? null };
}

/**
 * Unit-years in service since a date of a set of models' devices (not retired or disposed), each counted from
 * the later of `since` and its in-service (else acquisition, else record) date to `until`.
 */
export async function unitYears(
  db: DbOrTx,
  organizationId: string,
  modelIds: readonly string[],
  since: string,
  until: string,
): Promise<number> {
  if (modelIds.length === 0) return 0;
  const [row] = await db
    .select({
      days: sql<string>`coalesce(sum(greatest(0, ${until}::date - greatest(${since}::date,
        coalesce(${devices.inServiceDate}, ${devices.acquisitionDate}, ${devices.createdAt}::date)))), 0)::text`,
    })
    .from(devices)
    .where(
      and(
        eq(devices.organizationId, organizationId),
        notInArray(devices.status, GONE),
        inArray(devices.modelId, [...modelIds]),
      ),
    );
  return Number(row?.days ?? 0) / 365.25;
}

export async function modelIdsOfType(
  db: DbOrTx,
  organizationId: string,
  deviceTypeId: string,
): Promise<string[]> {
  const rows = await db
    .select({ id: models.id })
    .from(models)
    .where(and(eq(models.organizationId, organizationId), eq(models.deviceTypeId, deviceTypeId)));
  return rows.map((r) => r.id);
}

/** The row at the version read (an update that matches nothing lost a race). */
export const profileRowWhere = (id: string, version: number) =>
  and(eq(maintenanceProfiles.id, id), eq(maintenanceProfiles.version, version));
