import { eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { systemActor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import {
  DEMO_MANUFACTURERS,
  devices,
  manufacturers,
  models,
  type DemoHospital,
} from '../../inventory/index.ts';
import { sites } from '../../sites/index.ts';
import {
  allocateWorkOrderNumbers,
  writeImportedWorkOrders,
  type PreparedWorkOrder,
} from '../../work-orders/index.ts';
import type { PlansService } from '../plans/plan.service.ts';
import { buildDemoHistory, buildDemoTemplates } from './demo-maintenance.builders.ts';

export interface DemoMaintenanceResult {
  templates: number;
  plans: number;
  workOrders: number;
  /** Templates and plans; history (build and write); both. */
  plansMs: number;
  historyMs: number;
  ms: number;
}

const DEMO_ACTOR_LABEL = 'system (demo data)';

/**
 * The demo hospital's maintenance program, loaded after its inventory (OPENHTM_DEMO_DATA): a plan template per
 * demo model (through the plans service, audited), plans for every device from those templates (apply-defaults),
 * and five years of legacy history written as the history import writes it (closed, marked imported), in one
 * transaction with one audit event. Plans then anchor on that history.
 */
/** Plan templates per demo model (through the plans service, audited), then plans for every device from them. */
export async function loadDemoPlans(
  deps: { db: Db; plans: PlansService },
  organizationId: string,
): Promise<{ templates: number; plans: number }> {
  const { db, plans } = deps;
  const actor = demoActor(organizationId);
  const makerName = new Map(DEMO_MANUFACTURERS.map((m) => [m.key, m.name]));
  const modelRows = await db
    .select({ id: models.id, modelNumber: models.modelNumber, manufacturer: manufacturers.name })
    .from(models)
    .innerJoin(manufacturers, eq(manufacturers.id, models.manufacturerId))
    .where(eq(models.organizationId, organizationId));
  const modelId = new Map(modelRows.map((m) => [`${m.manufacturer}/${m.modelNumber}`, m.id]));
  let templates = 0;
  for (const t of buildDemoTemplates()) {
    const [maker, ...number] = t.model.split('/');
    const id = modelId.get(`${makerName.get(maker ?? '') ?? ''}/${number.join('/')}`);
    if (!id) continue;
    await plans.createTemplate(actor, { ...t.request, modelId: id });
    templates++;
  }
  const applied = await plans.applyDefaults(actor, {});
  return { templates, plans: applied.plansCreated };
}

/**
 * Five years of legacy history for the hospital's devices, written as the history import writes it (closed,
 * marked imported, labor for the hours) in one transaction with one audit event. Skips the file round trip: the
 * acceptance test imports the same records as a CSV file through the import itself.
 */
export async function loadDemoHistory(
  deps: { db: Db; clock: Clock },
  input: { organizationId: string; hospital: DemoHospital },
): Promise<number> {
  const { db, clock } = deps;
  const actor = demoActor(input.organizationId);

  const history = buildDemoHistory(input.hospital);
  const deviceRows = await db
    .select({ id: devices.id, assetTag: devices.assetTag, siteId: devices.siteId, timeZone: sites.timeZone })
    .from(devices)
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .where(eq(devices.organizationId, input.organizationId));
  const byTag = new Map(deviceRows.map((d) => [d.assetTag, d]));
  // A date alone is noon in the site's zone, as the history import reads it.
  // Cached: five years of days at three sites, against some 90,000 dates to place.
  const noons = new Map<string, Date>();
  const noon = (date: string, zone: string) => {
    const key = `${date}|${zone}`;
    let at = noons.get(key);
    if (!at) {
      at = DateTime.fromISO(date, { zone }).set({ hour: 12 }).toJSDate();
      noons.set(key, at);
    }
    return at;
  };
  const workOrders: PreparedWorkOrder[] = [];
  history.forEach((r, i) => {
    const d = byTag.get(r.assetTag);
    if (!d) return;
    workOrders.push({
      row: i + 2,
      deviceId: d.id,
      siteId: d.siteId,
      kind: r.kind,
      legacyNumber: r.legacyNumber,
      title: r.description,
      problem: r.kind === 'preventive' ? null : r.description,
      reportedAt: noon(r.reported, d.timeZone),
      startedAt: noon(r.started, d.timeZone),
      completedAt: noon(r.completed, d.timeZone),
      completedDate: r.completed,
      outcome: r.outcome,
      finding: r.finding,
      failureCause: r.failureCause,
      resolution: r.resolution,
      vendor: r.vendor,
      vendorCost: r.cost,
      technicianUserId: null,
      technicianName: r.technician,
      hours: r.hours,
    });
  });
  await db.transaction(async (tx) => {
    await writeImportedWorkOrders(tx, {
      actor,
      now: clock.now(),
      allocateNumbers: allocateWorkOrderNumbers,
      workOrders,
      origin: (row) => `Demo legacy history row ${row}`,
    });
    await recordAudit(tx, actor, clock, {
      action: 'work-orders.imported',
      entityType: 'work_order_import',
      entityId: null,
      after: { source: 'demo data', workOrderCount: workOrders.length },
      reason: 'Demo hospital: five years of maintenance history',
    });
  });
  await db.execute(sql`ANALYZE work_orders, work_order_labor, work_order_status_history`);
  return workOrders.length;
}

/** The whole demo maintenance program (OPENHTM_DEMO_DATA, after the demo hospital's inventory). */
export async function loadDemoMaintenance(
  deps: { db: Db; clock: Clock; plans: PlansService },
  input: { organizationId: string; hospital: DemoHospital },
): Promise<DemoMaintenanceResult> {
  const t0 = performance.now();
  const planned = await loadDemoPlans(deps, input.organizationId);
  const t1 = performance.now();
  const workOrders = await loadDemoHistory(deps, input);
  return {
    ...planned,
    workOrders,
    plansMs: Math.round(t1 - t0),
    historyMs: Math.round(performance.now() - t1),
    ms: Math.round(performance.now() - t0),
  };
}

const demoActor = (organizationId: string) =>
  systemActor(organizationId, DEMO_ACTOR_LABEL, [
    'maintenance.manage',
    'maintenance.read',
    'work-orders.import',
  ]);
