import { and, asc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { devices, deviceTypes, models } from '../../inventory/index.ts';
import { maintenancePlans, maintenancePlanTemplates } from '../maintenance-plans.schema.ts';

export type TemplateRow = typeof maintenancePlanTemplates.$inferSelect;
export type TemplateInsert = typeof maintenancePlanTemplates.$inferInsert;
export type PlanRow = typeof maintenancePlans.$inferSelect;
export type PlanInsert = typeof maintenancePlans.$inferInsert;

export interface TemplateView extends TemplateRow {
  deviceTypeName: string | null;
  modelName: string | null;
  modelNumber: string | null;
}

export interface PlanView extends PlanRow {
  assetTag: string;
  siteId: string;
  deviceStatus: string;
  inServiceDate: string | null;
  modelId: string;
}

const templateView = {
  t: maintenancePlanTemplates,
  deviceTypeName: deviceTypes.name,
  modelName: models.name,
  modelNumber: models.modelNumber,
};

const toTemplateView = (r: {
  t: TemplateRow;
  deviceTypeName: string | null;
  modelName: string | null;
  modelNumber: string | null;
}): TemplateView => ({
  ...r.t,
  deviceTypeName: r.deviceTypeName,
  modelName: r.modelName,
  modelNumber: r.modelNumber,
});

export async function findTemplate(db: DbOrTx, organizationId: string, id: string) {
  const rows = await db
    .select(templateView)
    .from(maintenancePlanTemplates)
    .leftJoin(deviceTypes, eq(deviceTypes.id, maintenancePlanTemplates.deviceTypeId))
    .leftJoin(models, eq(models.id, maintenancePlanTemplates.modelId))
    .where(
      and(eq(maintenancePlanTemplates.organizationId, organizationId), eq(maintenancePlanTemplates.id, id)),
    );
  return rows[0] ? toTemplateView(rows[0]) : undefined;
}

export async function listTemplates(
  db: DbOrTx,
  f: {
    organizationId: string;
    modelId?: string | undefined;
    deviceTypeId?: string | undefined;
    includeRetired: boolean;
    after?: { name: string; id: string } | undefined;
    limit: number;
  },
) {
  const t = maintenancePlanTemplates;
  const where: (SQL | undefined)[] = [eq(t.organizationId, f.organizationId)];
  if (f.modelId) where.push(eq(t.modelId, f.modelId));
  if (f.deviceTypeId) where.push(eq(t.deviceTypeId, f.deviceTypeId));
  if (!f.includeRetired) where.push(isNull(t.retiredAt));
  if (f.after) where.push(or(gt(t.name, f.after.name), and(eq(t.name, f.after.name), gt(t.id, f.after.id))));
  const rows = await db
    .select(templateView)
    .from(t)
    .leftJoin(deviceTypes, eq(deviceTypes.id, t.deviceTypeId))
    .leftJoin(models, eq(models.id, t.modelId))
    .where(and(...where))
    .orderBy(asc(t.name), asc(t.id))
    .limit(f.limit);
  return rows.map(toTemplateView);
}

export async function insertTemplate(db: DbOrTx, values: TemplateInsert) {
  const [row] = await db.insert(maintenancePlanTemplates).values(values).returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function updateTemplate(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  values: Partial<TemplateInsert>,
) {
  const t = maintenancePlanTemplates;
  const [row] = await db
    .update(t)
    .set({ ...values, version: sql`${t.version} + 1` })
    .where(and(eq(t.organizationId, organizationId), eq(t.id, id), eq(t.version, version)))
    .returning();
  return row;
}

// --- Plans -----------------------------------------------------------------------------------------------------

const planView = {
  p: maintenancePlans,
  assetTag: devices.assetTag,
  siteId: devices.siteId,
  deviceStatus: devices.status,
  inServiceDate: devices.inServiceDate,
  modelId: devices.modelId,
};
const toPlanView = (r: {
  p: PlanRow;
  assetTag: string;
  siteId: string;
  deviceStatus: string;
  inServiceDate: string | null;
  modelId: string;
}): PlanView => ({
  ...r.p,
  assetTag: r.assetTag,
  siteId: r.siteId,
  deviceStatus: r.deviceStatus,
  inServiceDate: r.inServiceDate,
  modelId: r.modelId,
});

const siteScope = (siteIds: readonly string[] | undefined): SQL | undefined =>
  siteIds === undefined
    ? undefined
    : siteIds.length === 0
      ? sql`false`
      : inArray(devices.siteId, [...siteIds]);

export async function findPlan(
  db: DbOrTx,
  organizationId: string,
  siteIds: readonly string[] | undefined,
  id: string,
) {
  const rows = await db
    .select(planView)
    .from(maintenancePlans)
    .innerJoin(devices, eq(devices.id, maintenancePlans.deviceId))
    .where(
      and(
        eq(maintenancePlans.organizationId, organizationId),
        eq(maintenancePlans.id, id),
        siteScope(siteIds),
      ),
    );
  return rows[0] ? toPlanView(rows[0]) : undefined;
}

export async function listPlans(
  db: DbOrTx,
  f: {
    organizationId: string;
    siteIds: readonly string[] | undefined;
    deviceId?: string | undefined;
    siteId?: string | undefined;
    templateId?: string | undefined;
    basis?: string | undefined;
    shop?: string | undefined;
    includeRetired: boolean;
    after?: { assetTag: string; id: string } | undefined;
    limit: number;
  },
) {
  const p = maintenancePlans;
  const where: (SQL | undefined)[] = [eq(p.organizationId, f.organizationId), siteScope(f.siteIds)];
  if (f.deviceId) where.push(eq(p.deviceId, f.deviceId));
  if (f.siteId) where.push(eq(devices.siteId, f.siteId));
  if (f.templateId) where.push(eq(p.templateId, f.templateId));
  if (f.basis) where.push(eq(p.basis, f.basis));
  if (f.shop) where.push(eq(p.shop, f.shop));
  if (!f.includeRetired) where.push(isNull(p.retiredAt));
  if (f.after)
    where.push(
      or(
        gt(devices.assetTag, f.after.assetTag),
        and(eq(devices.assetTag, f.after.assetTag), gt(p.id, f.after.id)),
      ),
    );
  const rows = await db
    .select(planView)
    .from(p)
    .innerJoin(devices, eq(devices.id, p.deviceId))
    .where(and(...where))
    .orderBy(asc(devices.assetTag), asc(p.id))
    .limit(f.limit);
  return rows.map(toPlanView);
}

export async function insertPlan(db: DbOrTx, values: PlanInsert) {
  const [row] = await db.insert(maintenancePlans).values(values).returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function updatePlan(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  values: Partial<PlanInsert>,
) {
  const p = maintenancePlans;
  const [row] = await db
    .update(p)
    .set({ ...values, version: sql`${p.version} + 1` })
    .where(and(eq(p.organizationId, organizationId), eq(p.id, id), eq(p.version, version)))
    .returning();
  return row;
}

/** The device with its model and device type, scoped to the organization and permitted sites. */
export async function findDeviceForPlan(
  db: DbOrTx,
  organizationId: string,
  siteIds: readonly string[] | undefined,
  deviceId: string,
) {
  const rows = await db
    .select({
      id: devices.id,
      assetTag: devices.assetTag,
      siteId: devices.siteId,
      status: devices.status,
      modelId: devices.modelId,
      deviceTypeId: models.deviceTypeId,
      inServiceDate: devices.inServiceDate,
    })
    .from(devices)
    .innerJoin(models, eq(models.id, devices.modelId))
    .where(and(eq(devices.organizationId, organizationId), eq(devices.id, deviceId), siteScope(siteIds)));
  return rows[0];
}

/**
 * Apply defaults, set-based: for each chosen device, the active templates of its model, or when its model has
 * none, of its device type (the model's is the more specific), become plans the device does not have yet (one
 * per template, retired ones included: a plan someone retired is not recreated). Returns the counts.
 */
export async function applyTemplateDefaults(
  tx: DbOrTx,
  f: {
    organizationId: string;
    siteIds: readonly string[] | undefined;
    deviceIds?: readonly string[] | undefined;
    siteId?: string | undefined;
    defaultAnchor: string;
    now: Date;
  },
) {
  const scope = [sql`d.organization_id = ${f.organizationId}`, sql`d.status not in ('retired','disposed')`];
  if (f.siteIds !== undefined)
    scope.push(
      f.siteIds.length === 0
        ? sql`false`
        : sql`d.site_id in (${sql.join(
            f.siteIds.map((s) => sql`${s}::uuid`),
            sql`, `,
          )})`,
    );
  if (f.siteId) scope.push(sql`d.site_id = ${f.siteId}::uuid`);
  if (f.deviceIds)
    scope.push(
      f.deviceIds.length === 0
        ? sql`false`
        : sql`d.id in (${sql.join(
            f.deviceIds.map((s) => sql`${s}::uuid`),
            sql`, `,
          )})`,
    );
  const res = await tx.execute<{
    considered: number;
    without_template: number;
    pairs: number;
    created: number;
  }>(sql`
    with chosen as (
      select d.id as device_id, d.model_id, m.device_type_id
      from devices d join models m on m.id = d.model_id
      where ${sql.join(scope, sql` and `)}
    ),
    model_tpl as (
      select id, model_id from maintenance_plan_templates
      where organization_id = ${f.organizationId} and retired_at is null and model_id is not null
    ),
    pairs as (
      select c.device_id, t.id as template_id from chosen c join model_tpl t on t.model_id = c.model_id
      union all
      select c.device_id, t.id
      from chosen c
      join maintenance_plan_templates t
        on t.device_type_id = c.device_type_id and t.organization_id = ${f.organizationId} and t.retired_at is null
      where not exists (select 1 from model_tpl mt where mt.model_id = c.model_id)
    ),
    tpl as (
      select pairs.device_id, t.* from pairs join maintenance_plan_templates t on t.id = pairs.template_id
    ),
    ins as (
      insert into maintenance_plans (organization_id, device_id, template_id, name, tasks, procedure_reference,
        interval, interval_count, interval_unit, meter_interval, meter_unit, anchor, basis, basis_document,
        basis_document_version, aem_assessment_id, basis_reference, estimated_hours, shop, created_at, updated_at)
      select ${f.organizationId}, tpl.device_id, tpl.id, tpl.name, tpl.tasks, tpl.procedure_reference,
        tpl.interval, tpl.interval_count, tpl.interval_unit, tpl.meter_interval, tpl.meter_unit,
        coalesce(tpl.anchor, ${f.defaultAnchor}), tpl.basis, tpl.basis_document, tpl.basis_document_version,
        tpl.aem_assessment_id, tpl.basis_reference, tpl.estimated_hours, tpl.shop, ${f.now}, ${f.now}
      from tpl
      on conflict (device_id, template_id) where template_id is not null do nothing
      returning 1
    )
    select (select count(*)::int from chosen) as considered,
           (select count(*)::int from chosen c where not exists (select 1 from tpl where tpl.device_id = c.device_id)) as without_template,
           (select count(*)::int from tpl) as pairs,
           (select count(*)::int from ins) as created
  `);
  const r = res.rows[0];
  if (!r) throw new Error('apply defaults returned nothing');
  return {
    devicesConsidered: r.considered,
    devicesWithoutTemplate: r.without_template,
    plansCreated: r.created,
    alreadyPlanned: r.pairs - r.created,
  };
}

export async function modelExists(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: models.id })
    .from(models)
    .where(and(eq(models.organizationId, organizationId), eq(models.id, id)));
  return rows.length > 0;
}

/** FDA product codes (shared) or the organization's own device types. */
export async function deviceTypeVisible(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: deviceTypes.id })
    .from(deviceTypes)
    .where(
      and(
        eq(deviceTypes.id, id),
        or(isNull(deviceTypes.organizationId), eq(deviceTypes.organizationId, organizationId)),
      ),
    );
  return rows.length > 0;
}

/** An approved AEM assessment of the organization (table of the same module, read by name). */
export async function approvedAemAssessmentExists(db: DbOrTx, organizationId: string, id: string) {
  const res = await db.execute(
    sql`select 1 from aem_assessments where id = ${id} and organization_id = ${organizationId} and status = 'approved'`,
  );
  return res.rows.length > 0;
}
