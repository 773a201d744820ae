import { DateTime } from 'luxon';
import type {
  ApplyPlanDefaultsRequest,
  ApplyPlanDefaultsResult,
  CreateMaintenancePlanRequest,
  CreatePlanTemplateRequest,
  DueWindow,
  DueWindowQuery,
  MaintenancePlan,
  MaintenancePlanListQuery,
  NextDue,
  PlanTemplate,
  PlanTemplateListQuery,
  RetirePlanRequest,
  UpdateMaintenancePlanRequest,
  UpdatePlanTemplateRequest,
} from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { AppError, notFound, versionConflict } from '../../../platform/errors.ts';
import { decodeCursorKeys, toPage } from '../../../platform/pagination.ts';
import { planAnchorFacts } from '../../work-orders/index.ts';
import { dueWindow, nextFixedCalendar, parseInterval, type ToleranceTableLike } from './due-window.rules.ts';
import { getPolicy, getToleranceTable } from '../../reference/index.ts';
import * as q from './plan.queries.ts';

/** Refuses an AEM basis for a device, model or device type the AEM exclusion rules keep on OEM maintenance. */
export type AemEligibilityCheck = (
  db: DbOrTx,
  organizationId: string,
  target: { deviceId: string } | { modelId: string } | { deviceTypeId: string },
) => Promise<void>;

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${field} ${message}`, [{ field, message }]);

const iso = (d: Date) => d.toISOString();

type Content = Partial<{
  name: string;
  tasks: { key: string; text: string }[];
  procedureReference: string | null;
  interval: string | null;
  meterInterval: number | null;
  meterUnit: string | null;
  anchor: string;
  basis: string;
  basisDocument: string | null;
  basisDocumentVersion: string | null;
  aemAssessmentId: string | null;
  basisReference: string | null;
  estimatedHours: number | null;
  shop: string | null;
}>;

/** The plan content as columns, with the interval split for SQL date arithmetic; undefined fields untouched. */
function contentColumns(c: Content) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (v !== undefined) out[k] = v;
  if (c.interval !== undefined) {
    const p = c.interval === null ? null : parseInterval(c.interval);
    if (c.interval !== null && !p) throw invalid('interval', 'must be an ISO 8601 duration such as P1Y');
    out.interval = c.interval === null ? null : `P${p?.count}${p?.unit.slice(0, 1).toUpperCase()}`;
    out.intervalCount = p?.count ?? null;
    out.intervalUnit = p?.unit ?? null;
  }
  return out;
}

/** A plan or template must say how often and why (TJC EC.02.04.01 EP4), checked on the merged result. */
function checkContent(c: {
  interval: string | null;
  meterInterval: number | null;
  meterUnit: string | null;
  basis: string;
  basisDocument: string | null;
  aemAssessmentId: string | null;
}) {
  if (c.interval === null && c.meterInterval === null)
    throw invalid('interval', 'is required unless a meter interval is given');
  if ((c.meterInterval === null) !== (c.meterUnit === null))
    throw invalid('meterUnit', 'and meterInterval go together');
  if (c.basis === 'aem' && !c.aemAssessmentId)
    throw invalid('aemAssessmentId', 'is required when the basis is an AEM assessment');
  if (c.basis === 'manufacturer' && !c.basisDocument)
    throw invalid('basisDocument', 'is required when the basis is the manufacturer (name the manual)');
}

export const toTemplate = (r: q.TemplateView): PlanTemplate => ({
  id: r.id,
  scope: r.modelId ? 'model' : 'device_type',
  deviceType: r.deviceTypeId ? { id: r.deviceTypeId, name: r.deviceTypeName ?? '' } : null,
  model: r.modelId ? { id: r.modelId, name: r.modelName ?? '', modelNumber: r.modelNumber ?? '' } : null,
  name: r.name,
  tasks: r.tasks,
  procedureReference: r.procedureReference,
  interval: r.interval,
  meterInterval: r.meterInterval,
  meterUnit: r.meterUnit as PlanTemplate['meterUnit'],
  anchor: r.anchor as PlanTemplate['anchor'],
  basis: r.basis as PlanTemplate['basis'],
  basisDocument: r.basisDocument,
  basisDocumentVersion: r.basisDocumentVersion,
  aemAssessmentId: r.aemAssessmentId,
  basisReference: r.basisReference,
  estimatedHours: r.estimatedHours,
  shop: r.shop,
  active: r.retiredAt === null,
  retiredAt: r.retiredAt && iso(r.retiredAt),
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
  version: r.version,
});

const toPlan = (r: q.PlanView, nextDue: NextDue | null): MaintenancePlan => ({
  id: r.id,
  device: { id: r.deviceId, assetTag: r.assetTag, siteId: r.siteId, status: r.deviceStatus },
  templateId: r.templateId,
  name: r.name,
  tasks: r.tasks,
  procedureReference: r.procedureReference,
  interval: r.interval,
  meterInterval: r.meterInterval,
  meterUnit: r.meterUnit as MaintenancePlan['meterUnit'],
  anchor: r.anchor as MaintenancePlan['anchor'],
  startDate: r.startDate,
  basis: r.basis as MaintenancePlan['basis'],
  basisDocument: r.basisDocument,
  basisDocumentVersion: r.basisDocumentVersion,
  aemAssessmentId: r.aemAssessmentId,
  basisReference: r.basisReference,
  estimatedHours: r.estimatedHours,
  shop: r.shop,
  defaultAssigneeId: r.defaultAssigneeId,
  toleranceReferenceId: r.toleranceReferenceId,
  active: r.retiredAt === null,
  retiredAt: r.retiredAt && iso(r.retiredAt),
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
  version: r.version,
  nextDue,
});

/**
 * Next due date and window of a calendar plan (domain-reference §1.4): from the last completed preventive work on
 * the plan (or, for imported history without a plan, on the device); without history from the plan's start date
 * or the device's in-service date. Fixed-calendar plans stay on their series.
 */
export function computeNextDue(
  plan: q.PlanView,
  facts: { planDone: string | null; deviceDone: string | null } | undefined,
  table: ToleranceTableLike,
  today: string,
): NextDue | null {
  if (!plan.interval) return null;
  const planDone = facts?.planDone ?? null;
  const deviceDone = facts?.deviceDone ?? null;
  const done =
    planDone && deviceDone ? (planDone > deviceDone ? planDone : deviceDone) : (planDone ?? deviceDone);
  const startDate = plan.startDate ?? plan.inServiceDate ?? plan.createdAt.toISOString().slice(0, 10);
  if (plan.anchor === 'fixed_calendar') {
    const w = nextFixedCalendar({
      interval: plan.interval,
      seriesStart: startDate,
      lastCompleted: done,
      table,
    });
    return {
      anchorDate: w.anchorDate,
      anchorSource: 'series_start',
      due: w.due,
      earliest: w.earliest,
      latest: w.latest,
      overdue: w.latest < today,
    };
  }
  const anchorDate = done ?? startDate;
  const anchorSource: NextDue['anchorSource'] = done
    ? done === planDone
      ? 'plan_completion'
      : 'device_completion'
    : plan.startDate
      ? 'plan_start'
      : 'in_service';
  const w = dueWindow({ interval: plan.interval, anchorDate, table });
  return {
    anchorDate,
    anchorSource,
    due: w.due,
    earliest: w.earliest,
    latest: w.latest,
    overdue: w.latest < today,
  };
}

export function createPlansService(deps: {
  db: Db;
  clock: Clock;
  checkAemEligibility?: AemEligibilityCheck;
}) {
  const { db, clock } = deps;
  const today = () => DateTime.fromJSDate(clock.now(), { zone: 'utc' }).toISODate() ?? '';

  async function checkAem(
    tx: DbOrTx,
    actor: Actor,
    c: { basis: string; aemAssessmentId?: string | null | undefined },
    target: Parameters<AemEligibilityCheck>[2],
  ) {
    if (c.basis !== 'aem') return;
    // CMS S&C 14-07 / TJC EC.02.04.01 EP5: imaging, lasers, law/CoP and new equipment stay on OEM maintenance.
    if (deps.checkAemEligibility) await deps.checkAemEligibility(tx, actor.organizationId, target);
    // EP6: the AEM basis is a determination by a qualified person, i.e. an approved assessment.
    if (
      !c.aemAssessmentId ||
      !(await q.approvedAemAssessmentExists(tx, actor.organizationId, c.aemAssessmentId))
    )
      throw invalid('aemAssessmentId', 'is not an approved AEM assessment of this organization');
  }

  async function getDueWindow(actor: Actor, input: DueWindowQuery): Promise<DueWindow> {
    requirePermission(actor, 'maintenance.read');
    const table = await getToleranceTable(db, actor.organizationId);
    const referenceTable = { id: table.id, version: table.version, edition: table.edition };
    if (input.anchor === 'fixed_calendar') {
      if (!input.seriesStart) throw invalid('seriesStart', 'is required with anchor=fixed_calendar');
      const w = nextFixedCalendar({
        interval: input.interval,
        seriesStart: input.seriesStart,
        lastCompleted: input.after ?? input.lastCompleted ?? null,
        table: table.content,
      });
      return {
        interval: input.interval,
        anchor: 'fixed_calendar',
        anchorDate: w.anchorDate,
        due: w.due,
        earliest: w.earliest,
        latest: w.latest,
        tolerance: w.toleranceRow,
        fallback: w.fallback,
        referenceTable,
      };
    }
    if (!input.lastCompleted)
      throw invalid('lastCompleted', 'is required (the date of the last completed event)');
    const w = dueWindow({ interval: input.interval, anchorDate: input.lastCompleted, table: table.content });
    return {
      interval: input.interval,
      anchor: 'last_completion',
      anchorDate: input.lastCompleted,
      due: w.due,
      earliest: w.earliest,
      latest: w.latest,
      tolerance: w.toleranceRow,
      fallback: w.fallback,
      referenceTable,
    };
  }

  // --- Templates ------------------------------------------------------------------------------------------------

  async function getTemplate(actor: Actor, id: string): Promise<PlanTemplate> {
    requirePermission(actor, 'maintenance.read');
    const row = await q.findTemplate(db, actor.organizationId, id);
    if (!row) throw notFound('Plan template');
    return toTemplate(row);
  }

  async function listTemplates(actor: Actor, input: PlanTemplateListQuery) {
    requirePermission(actor, 'maintenance.read');
    const keys = decodeCursorKeys(input.cursor);
    const rows = await q.listTemplates(db, {
      organizationId: actor.organizationId,
      modelId: input.modelId,
      deviceTypeId: input.deviceTypeId,
      includeRetired: input.includeRetired,
      after: keys?.length === 2 ? { name: keys[0] ?? '', id: keys[1] ?? '' } : undefined,
      limit: input.limit + 1,
    });
    return toPage(rows, input.limit, toTemplate, (r) => [r.name, r.id]);
  }

  async function createTemplate(actor: Actor, input: CreatePlanTemplateRequest): Promise<PlanTemplate> {
    requirePermission(actor, 'maintenance.manage');
    const policy = await getPolicy(db, actor.organizationId, 'scheduling');
    return db.transaction(async (tx) => {
      const cols = contentColumns(input);
      checkContent({
        interval: input.interval ?? null,
        meterInterval: input.meterInterval ?? null,
        meterUnit: input.meterUnit ?? null,
        basis: input.basis,
        basisDocument: input.basisDocument ?? null,
        aemAssessmentId: input.aemAssessmentId ?? null,
      });
      await checkTarget(tx, actor, input);
      await checkAem(
        tx,
        actor,
        input,
        input.modelId ? { modelId: input.modelId } : { deviceTypeId: input.deviceTypeId ?? '' },
      );
      const now = clock.now();
      const row = await q.insertTemplate(tx, {
        ...(cols as Partial<q.TemplateInsert>),
        organizationId: actor.organizationId,
        deviceTypeId: input.deviceTypeId ?? null,
        modelId: input.modelId ?? null,
        name: input.name,
        basis: input.basis,
        anchor: input.anchor ?? policy.content.anchor,
        createdAt: now,
        updatedAt: now,
      });
      const view = await q.findTemplate(tx, actor.organizationId, row.id);
      if (!view) throw new Error('template vanished inside its transaction');
      const template = toTemplate(view);
      await recordAudit(tx, actor, clock, {
        action: 'plan-template.created',
        entityType: 'plan_template',
        entityId: row.id,
        after: template,
      });
      return template;
    });
  }

  async function checkTarget(
    tx: DbOrTx,
    actor: Actor,
    input: { modelId?: string | undefined; deviceTypeId?: string | undefined },
  ) {
    if (input.modelId) {
      if (!(await q.modelExists(tx, actor.organizationId, input.modelId)))
        throw invalid('modelId', 'is not a model of this organization');
    } else if (!(await q.deviceTypeVisible(tx, actor.organizationId, input.deviceTypeId ?? '')))
      throw invalid('deviceTypeId', 'is not a device type');
  }

  async function updateTemplate(
    actor: Actor,
    id: string,
    input: UpdatePlanTemplateRequest,
  ): Promise<PlanTemplate> {
    requirePermission(actor, 'maintenance.manage');
    const { version, reason, ...patch } = input;
    return db.transaction(async (tx) => {
      const before = await q.findTemplate(tx, actor.organizationId, id);
      if (!before) throw notFound('Plan template');
      if (before.version !== version) throw versionConflict('The plan template');
      if (before.retiredAt) throw new AppError('INVALID_STATE', 'The plan template is retired');
      const cols = contentColumns(patch);
      const merged = { ...before, ...cols };
      checkContent(merged);
      if (patch.basis !== undefined || patch.aemAssessmentId !== undefined)
        await checkAem(
          tx,
          actor,
          merged,
          before.modelId ? { modelId: before.modelId } : { deviceTypeId: before.deviceTypeId ?? '' },
        );
      const row = await q.updateTemplate(tx, actor.organizationId, id, version, {
        ...cols,
        updatedAt: clock.now(),
      });
      if (!row) throw versionConflict('The plan template');
      const view = await q.findTemplate(tx, actor.organizationId, id);
      if (!view) throw new Error('template vanished inside its transaction');
      const template = toTemplate(view);
      await recordAudit(tx, actor, clock, {
        action: 'plan-template.updated',
        entityType: 'plan_template',
        entityId: id,
        before: toTemplate(before),
        after: template,
        reason,
      });
      return template;
    });
  }

  async function retireTemplate(actor: Actor, id: string, input: RetirePlanRequest): Promise<PlanTemplate> {
    requirePermission(actor, 'maintenance.manage');
    return db.transaction(async (tx) => {
      const before = await q.findTemplate(tx, actor.organizationId, id);
      if (!before) throw notFound('Plan template');
      if (before.version !== input.version) throw versionConflict('The plan template');
      if (before.retiredAt) throw new AppError('INVALID_STATE', 'The plan template is already retired');
      const now = clock.now();
      const row = await q.updateTemplate(tx, actor.organizationId, id, input.version, {
        retiredAt: now,
        retireReason: input.reason,
        updatedAt: now,
      });
      if (!row) throw versionConflict('The plan template');
      const view = await q.findTemplate(tx, actor.organizationId, id);
      if (!view) throw new Error('template vanished inside its transaction');
      const template = toTemplate(view);
      await recordAudit(tx, actor, clock, {
        action: 'plan-template.retired',
        entityType: 'plan_template',
        entityId: id,
        before: toTemplate(before),
        after: template,
        reason: input.reason,
      });
      return template;
    });
  }

  // --- Plans ------------------------------------------------------------------------------------------------------

  async function withNextDue(dbx: DbOrTx, actor: Actor, rows: q.PlanView[]): Promise<MaintenancePlan[]> {
    if (rows.length === 0) return [];
    const table = await getToleranceTable(dbx, actor.organizationId);
    const facts = await planAnchorFacts(
      dbx,
      actor.organizationId,
      rows.map((r) => r.id),
    );
    const t = today();
    return rows.map((r) =>
      toPlan(r, r.retiredAt ? null : computeNextDue(r, facts.get(r.id), table.content, t)),
    );
  }

  async function getPlan(actor: Actor, id: string): Promise<MaintenancePlan> {
    requirePermission(actor, 'maintenance.read');
    const row = await q.findPlan(db, actor.organizationId, permittedSiteIds(actor), id);
    if (!row) throw notFound('Maintenance plan');
    const [plan] = await withNextDue(db, actor, [row]);
    if (!plan) throw notFound('Maintenance plan');
    return plan;
  }

  async function listPlans(actor: Actor, input: MaintenancePlanListQuery) {
    requirePermission(actor, 'maintenance.read');
    const keys = decodeCursorKeys(input.cursor);
    const rows = await q.listPlans(db, {
      organizationId: actor.organizationId,
      siteIds: permittedSiteIds(actor),
      deviceId: input.deviceId,
      siteId: input.siteId,
      templateId: input.templateId,
      basis: input.basis,
      shop: input.shop,
      includeRetired: input.includeRetired,
      after: keys?.length === 2 ? { assetTag: keys[0] ?? '', id: keys[1] ?? '' } : undefined,
      limit: input.limit + 1,
    });
    const page = toPage(
      rows,
      input.limit,
      (r) => r,
      (r) => [r.assetTag, r.id],
    );
    return { items: await withNextDue(db, actor, page.items), nextCursor: page.nextCursor };
  }

  async function listDevicePlans(actor: Actor, deviceId: string) {
    requirePermission(actor, 'maintenance.read');
    const device = await q.findDeviceForPlan(db, actor.organizationId, permittedSiteIds(actor), deviceId);
    if (!device) throw notFound('Device');
    const rows = await q.listPlans(db, {
      organizationId: actor.organizationId,
      siteIds: permittedSiteIds(actor),
      deviceId,
      includeRetired: true,
      limit: 500,
    });
    return { items: await withNextDue(db, actor, rows) };
  }

  async function createPlan(actor: Actor, input: CreateMaintenancePlanRequest): Promise<MaintenancePlan> {
    requirePermission(actor, 'maintenance.manage');
    const policy = await getPolicy(db, actor.organizationId, 'scheduling');
    const plan = await db.transaction(async (tx) => {
      const device = await q.findDeviceForPlan(
        tx,
        actor.organizationId,
        permittedSiteIds(actor),
        input.deviceId,
      );
      if (!device) throw invalid('deviceId', 'is not a device you can see');
      let base: Content = {};
      if (input.templateId) {
        const t = await q.findTemplate(tx, actor.organizationId, input.templateId);
        if (!t || t.retiredAt) throw invalid('templateId', 'is not a current plan template');
        base = { ...t };
      }
      const { deviceId, templateId, startDate, defaultAssigneeId, reason, ...content } = input;
      const merged = {
        ...base,
        ...Object.fromEntries(Object.entries(content).filter(([, v]) => v !== undefined)),
      } as Content;
      if (!merged.name) throw invalid('name', 'is required (or give a templateId)');
      if (!merged.basis) throw invalid('basis', 'is required (or give a templateId)');
      const cols = contentColumns({ ...pickContent(merged), interval: merged.interval ?? null });
      checkContent({
        interval: (cols.interval as string | null) ?? null,
        meterInterval: merged.meterInterval ?? null,
        meterUnit: merged.meterUnit ?? null,
        basis: merged.basis,
        basisDocument: merged.basisDocument ?? null,
        aemAssessmentId: merged.aemAssessmentId ?? null,
      });
      await checkAem(
        tx,
        actor,
        { basis: merged.basis, aemAssessmentId: merged.aemAssessmentId },
        { deviceId },
      );
      const now = clock.now();
      const row = await q.insertPlan(tx, {
        ...(cols as Partial<q.PlanInsert>),
        organizationId: actor.organizationId,
        deviceId,
        templateId: templateId ?? null,
        name: merged.name,
        basis: merged.basis,
        anchor: merged.anchor ?? policy.content.anchor,
        startDate: startDate ?? null,
        defaultAssigneeId: defaultAssigneeId ?? null,
        createdAt: now,
        updatedAt: now,
      });
      const view = await q.findPlan(tx, actor.organizationId, undefined, row.id);
      if (!view) throw new Error('plan vanished inside its transaction');
      const [created] = await withNextDue(tx, actor, [view]);
      await recordAudit(tx, actor, clock, {
        action: 'maintenance-plan.created',
        entityType: 'maintenance_plan',
        entityId: row.id,
        after: created,
        reason: reason ?? null,
      });
      return created;
    });
    if (!plan) throw new Error('plan not created');
    return plan;
  }

  async function updatePlan(
    actor: Actor,
    id: string,
    input: UpdateMaintenancePlanRequest,
  ): Promise<MaintenancePlan> {
    requirePermission(actor, 'maintenance.manage');
    const { version, reason, startDate, defaultAssigneeId, ...patch } = input;
    return db.transaction(async (tx) => {
      const before = await q.findPlan(tx, actor.organizationId, permittedSiteIds(actor), id);
      if (!before) throw notFound('Maintenance plan');
      if (before.version !== version) throw versionConflict('The maintenance plan');
      if (before.retiredAt) throw new AppError('INVALID_STATE', 'The maintenance plan is retired');
      const cols = contentColumns(patch);
      const merged = { ...before, ...cols };
      checkContent(merged);
      if (patch.basis !== undefined || patch.aemAssessmentId !== undefined)
        await checkAem(tx, actor, merged, { deviceId: before.deviceId });
      const row = await q.updatePlan(tx, actor.organizationId, id, version, {
        ...cols,
        ...(startDate !== undefined ? { startDate } : {}),
        ...(defaultAssigneeId !== undefined ? { defaultAssigneeId } : {}),
        updatedAt: clock.now(),
      });
      if (!row) throw versionConflict('The maintenance plan');
      const view = await q.findPlan(tx, actor.organizationId, undefined, id);
      if (!view) throw new Error('plan vanished inside its transaction');
      const [beforePlan, after] = await withNextDue(tx, actor, [before, view]);
      await recordAudit(tx, actor, clock, {
        action: 'maintenance-plan.updated',
        entityType: 'maintenance_plan',
        entityId: id,
        before: beforePlan,
        after,
        reason,
      });
      if (!after) throw new Error('plan vanished inside its transaction');
      return after;
    });
  }

  async function retirePlan(actor: Actor, id: string, input: RetirePlanRequest): Promise<MaintenancePlan> {
    requirePermission(actor, 'maintenance.manage');
    return db.transaction(async (tx) => {
      const before = await q.findPlan(tx, actor.organizationId, permittedSiteIds(actor), id);
      if (!before) throw notFound('Maintenance plan');
      if (before.version !== input.version) throw versionConflict('The maintenance plan');
      if (before.retiredAt) throw new AppError('INVALID_STATE', 'The maintenance plan is already retired');
      const now = clock.now();
      const row = await q.updatePlan(tx, actor.organizationId, id, input.version, {
        retiredAt: now,
        retireReason: input.reason,
        updatedAt: now,
      });
      if (!row) throw versionConflict('The maintenance plan');
      const view = await q.findPlan(tx, actor.organizationId, undefined, id);
      if (!view) throw new Error('plan vanished inside its transaction');
      const after = toPlan(view, null);
      await recordAudit(tx, actor, clock, {
        action: 'maintenance-plan.retired',
        entityType: 'maintenance_plan',
        entityId: id,
        before: toPlan(before, null),
        after,
        reason: input.reason,
      });
      return after;
    });
  }

  async function applyDefaults(
    actor: Actor,
    input: ApplyPlanDefaultsRequest,
  ): Promise<ApplyPlanDefaultsResult> {
    requirePermission(actor, 'maintenance.manage');
    const policy = await getPolicy(db, actor.organizationId, 'scheduling');
    return db.transaction(async (tx) => {
      const result = await q.applyTemplateDefaults(tx, {
        organizationId: actor.organizationId,
        siteIds: permittedSiteIds(actor),
        deviceIds: input.deviceIds,
        siteId: input.siteId,
        defaultAnchor: policy.content.anchor,
        now: clock.now(),
      });
      await recordAudit(tx, actor, clock, {
        action: 'maintenance-plan.defaults-applied',
        entityType: 'maintenance_plan',
        entityId: null,
        after: { ...result, siteId: input.siteId ?? null, deviceCount: input.deviceIds?.length ?? null },
      });
      return result;
    });
  }

  return {
    getDueWindow,
    getTemplate,
    listTemplates,
    createTemplate,
    updateTemplate,
    retireTemplate,
    getPlan,
    listPlans,
    listDevicePlans,
    createPlan,
    updatePlan,
    retirePlan,
    applyDefaults,
  };
}

function pickContent(c: Content): Content {
  const {
    name,
    tasks,
    procedureReference,
    interval,
    meterInterval,
    meterUnit,
    anchor,
    basis,
    basisDocument,
    basisDocumentVersion,
    aemAssessmentId,
    basisReference,
    estimatedHours,
    shop,
  } = c;
  return {
    name,
    tasks,
    procedureReference,
    interval,
    meterInterval,
    meterUnit,
    anchor,
    basis,
    basisDocument,
    basisDocumentVersion,
    aemAssessmentId,
    basisReference,
    estimatedHours,
    shop,
  };
}

export type PlansService = ReturnType<typeof createPlansService>;
