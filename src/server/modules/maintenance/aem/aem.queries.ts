import {
  aliasedTable,
  and,
  asc,
  desc,
  eq,
  inArray,
  isNotNull,
  lt,
  lte,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { users } from '../../identity/index.ts';
import { devices, deviceTypes, models } from '../../inventory/index.ts';
import { sites } from '../../sites/index.ts';
import { aemAssessments, aemReviews, maintenanceProfiles } from '../maintenance.schema.ts';

const approver = aliasedTable(users, 'approver');
const creator = aliasedTable(users, 'creator');

export interface AemAssessmentView {
  row: typeof aemAssessments.$inferSelect;
  deviceTypeName: string | null;
  modelName: string | null;
  modelNumber: string | null;
  approvedByName: string | null;
  createdByName: string;
}

function select(db: DbOrTx) {
  return db
    .select({
      row: aemAssessments,
      deviceTypeName: deviceTypes.name,
      modelName: models.name,
      modelNumber: models.modelNumber,
      approvedByName: approver.displayName,
      createdByName: creator.displayName,
    })
    .from(aemAssessments)
    .leftJoin(deviceTypes, eq(deviceTypes.id, aemAssessments.deviceTypeId))
    .leftJoin(models, eq(models.id, aemAssessments.modelId))
    .leftJoin(approver, eq(approver.id, aemAssessments.approvedBy))
    .innerJoin(creator, eq(creator.id, aemAssessments.createdBy));
}

export async function findAssessment(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<AemAssessmentView | undefined> {
  const [row] = await select(db).where(
    and(eq(aemAssessments.organizationId, organizationId), eq(aemAssessments.id, id)),
  );
  return row;
}

/** Newest first, keyset on (created_at, id). */
export async function listAssessments(
  db: DbOrTx,
  organizationId: string,
  f: {
    status?: string | undefined;
    deviceTypeId?: string | undefined;
    modelId?: string | undefined;
    after?: { createdAt: string; id: string } | undefined;
    limit: number;
  },
): Promise<AemAssessmentView[]> {
  const where: (SQL | undefined)[] = [
    eq(aemAssessments.organizationId, organizationId),
    f.status ? eq(aemAssessments.status, f.status) : undefined,
    f.deviceTypeId ? eq(aemAssessments.deviceTypeId, f.deviceTypeId) : undefined,
    f.modelId ? eq(aemAssessments.modelId, f.modelId) : undefined,
    f.after
      ? or(
          lt(aemAssessments.createdAt, new Date(f.after.createdAt)),
          and(eq(aemAssessments.createdAt, new Date(f.after.createdAt)), lt(aemAssessments.id, f.after.id)),
        )
      : undefined,
  ];
  return select(db)
    .where(and(...where))
    .orderBy(desc(aemAssessments.createdAt), desc(aemAssessments.id))
    .limit(f.limit);
}

/** Approved assessments whose review is due on or before a date (EQ103 periodic review). */
export async function reviewsDue(
  db: DbOrTx,
  organizationId: string,
  through: string,
): Promise<AemAssessmentView[]> {
  return select(db)
    .where(
      and(
        eq(aemAssessments.organizationId, organizationId),
        eq(aemAssessments.status, 'approved'),
        isNotNull(aemAssessments.reviewDue),
        lte(aemAssessments.reviewDue, through),
      ),
    )
    .orderBy(asc(aemAssessments.reviewDue), asc(aemAssessments.id))
    .limit(1000);
}

export async function approvedFor(
  db: DbOrTx,
  organizationId: string,
  modelIds: string[],
  deviceTypeIds: string[],
): Promise<AemAssessmentView[]> {
  if (modelIds.length === 0 && deviceTypeIds.length === 0) return [];
  return select(db)
    .where(
      and(
        eq(aemAssessments.organizationId, organizationId),
        eq(aemAssessments.status, 'approved'),
        or(
          modelIds.length ? inArray(aemAssessments.modelId, modelIds) : undefined,
          deviceTypeIds.length ? inArray(aemAssessments.deviceTypeId, deviceTypeIds) : undefined,
        ),
      ),
    )
    .orderBy(desc(aemAssessments.approvedAt));
}

export async function listReviews(db: DbOrTx, organizationId: string, assessmentId: string) {
  return db
    .select({ row: aemReviews, reviewedByName: users.displayName })
    .from(aemReviews)
    .innerJoin(users, eq(users.id, aemReviews.reviewedBy))
    .where(and(eq(aemReviews.organizationId, organizationId), eq(aemReviews.assessmentId, assessmentId)))
    .orderBy(desc(aemReviews.reviewedAt), desc(aemReviews.id));
}

export async function isQualified(
  db: DbOrTx,
  organizationId: string,
  userId: string | null,
): Promise<boolean> {
  if (!userId) return false;
  const [row] = await db
    .select({ qualified: users.qualified })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.organizationId, organizationId), eq(users.active, true)));
  return row?.qualified ?? false;
}

const dp = aliasedTable(maintenanceProfiles, 'dp');
const mp = aliasedTable(maintenanceProfiles, 'mp');
const tp = aliasedTable(maintenanceProfiles, 'tp');

/**
 * Devices (not retired or disposed, on the permitted sites) whose effective strategy — device ?? model ?? device
 * type profile — is the given one, with the level it comes from.
 */
export async function devicesWithStrategy(
  db: DbOrTx,
  organizationId: string,
  strategy: string,
  siteIds: readonly string[] | undefined,
) {
  const effective = sql<string | null>`coalesce(${dp.strategy}, ${mp.strategy}, ${tp.strategy})`;
  return db
    .select({
      id: devices.id,
      assetTag: devices.assetTag,
      siteId: sites.id,
      siteName: sites.name,
      modelId: models.id,
      modelName: models.name,
      modelNumber: models.modelNumber,
      deviceTypeId: deviceTypes.id,
      deviceTypeName: deviceTypes.name,
      source: sql<'device' | 'model' | 'device_type'>`case when ${dp.strategy} is not null then 'device'
        when ${mp.strategy} is not null then 'model' else 'device_type' end`,
    })
    .from(devices)
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .innerJoin(models, eq(models.id, devices.modelId))
    .leftJoin(deviceTypes, eq(deviceTypes.id, models.deviceTypeId))
    .leftJoin(
      dp,
      and(eq(dp.organizationId, organizationId), eq(dp.scope, 'device'), eq(dp.deviceId, devices.id)),
    )
    .leftJoin(
      mp,
      and(eq(mp.organizationId, organizationId), eq(mp.scope, 'model'), eq(mp.modelId, models.id)),
    )
    .leftJoin(
      tp,
      and(
        eq(tp.organizationId, organizationId),
        eq(tp.scope, 'device_type'),
        eq(tp.deviceTypeId, models.deviceTypeId),
      ),
    )
    .where(
      and(
        eq(devices.organizationId, organizationId),
        sql`${devices.status} not in ('retired','disposed')`,
        sql`${effective} = ${strategy}`,
        siteIds ? (siteIds.length ? inArray(devices.siteId, [...siteIds]) : sql`false`) : undefined,
      ),
    )
    .orderBy(asc(devices.assetTag))
    .limit(5000);
}

export const assessmentAt = (id: string, version: number) =>
  and(eq(aemAssessments.id, id), eq(aemAssessments.version, version));
