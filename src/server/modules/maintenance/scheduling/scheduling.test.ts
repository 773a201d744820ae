import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApplyPlanDefaultsResult,
  DueWindow,
  Forecast,
  MaintenancePlan,
  PlanTemplate,
  ScheduleRun,
} from '../../../../contracts/index.ts';
import { createTestApp, type Client, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

// The test clock stands at 2026-11-21 (test/support/app.ts).
describe.each(engines())('maintenance plans and scheduling (%s)', (engine) => {
  let t: TestApp;
  let siteA: string;
  let siteB: string;
  let modelId: string;
  let otherModelId: string;
  let deviceTypeId: string;

  const call = async <T>(client: Client, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await client.request({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<T>(), json: () => res.json<T>() };
  };
  const device = async (model: string, site: string, inServiceDate: string, status = 'in_service') =>
    (
      await call<{ id: string; version: number }>(t.admin, 'POST', '/devices', {
        modelId: model,
        siteId: site,
        inServiceDate,
        status,
      })
    ).body;
  const sqlRows = async <R>(q: ReturnType<typeof sql>) =>
    (await t.db.database.db.execute<R & Record<string, unknown>>(q)).rows;
  const workFor = (planId: string) =>
    sqlRows<{ number: string; status: string; due_date: string; window_start: string; window_end: string }>(
      sql`select number, status, due_date::text, window_start::text, window_end::text from work_orders
          where plan_id = ${planId} and source = 'scheduled' order by due_date`,
    );
  /** A completed preventive work order, as the history import or a signed completion leaves it. */
  const completed = async (deviceId: string, siteId: string, planId: string | null, on: string) =>
    t.db.database.db.execute(sql`
      insert into work_orders (organization_id, number, kind, status, device_id, site_id, title, plan_id,
        reported_at, completed_at, outcome, source, created_by)
      values (${t.organizationId}, ${`H-${deviceId.slice(0, 8)}-${on}`}, 'preventive', 'completed', ${deviceId},
        ${siteId}, 'Legacy PM', ${planId}, ${`${on}T10:00:00Z`}, ${`${on}T10:00:00Z`}, 'completed', 'import', 'test')`);

  beforeAll(async () => {
    t = await createTestApp(engine);
    const site = async (code: string) =>
      (await call<{ id: string }>(t.admin, 'POST', '/sites', { name: `Site ${code}`, code, timeZone: 'UTC' }))
        .body.id;
    siteA = await site('A');
    siteB = await site('B');
    deviceTypeId = (
      await call<{ id: string }>(t.admin, 'POST', '/device-types', { name: 'Infusion pump (test)' })
    ).body.id;
    const maker = await call<{ id: string }>(t.admin, 'POST', '/manufacturers', { name: 'Baxter' });
    const model = async (modelNumber: string) =>
      (
        await call<{ id: string }>(t.admin, 'POST', '/models', {
          manufacturerId: maker.body.id,
          modelNumber,
          name: `Pump ${modelNumber}`,
          deviceTypeId,
          deviceIdentifiers: [],
        })
      ).body.id;
    modelId = await model('SIGMA-1');
    otherModelId = await model('SIGMA-2');
  });
  afterAll(async () => t?.close());

  it('answers due windows from the tolerance table and names a bad interval', async () => {
    const ok = await call<DueWindow>(
      t.admin,
      'GET',
      '/maintenance/due-window?interval=P1Y&lastCompleted=2026-03-15',
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      interval: 'P1Y',
      anchor: 'last_completion',
      due: '2027-03-15',
      earliest: '2027-02-13',
      latest: '2027-04-14',
      tolerance: { interval: 'P1Y', window: { kind: 'days', days: 30 } },
      referenceTable: { version: 1 },
    });
    const fixed = await call<DueWindow>(
      t.admin,
      'GET',
      '/maintenance/due-window?interval=P6M&anchor=fixed_calendar&seriesStart=2025-01-10&lastCompleted=2026-01-05',
    );
    expect(fixed.body).toMatchObject({ due: '2026-07-10', earliest: '2026-06-20', latest: '2026-07-30' });
    const bad = await call<ErrorBody>(
      t.admin,
      'GET',
      '/maintenance/due-window?interval=yearly&lastCompleted=2026-03-15',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]?.field).toBe('querystring.interval');
  });

  it('plans default from the model’s template over the device type’s, once', async () => {
    const typeTemplate = await call<PlanTemplate>(t.admin, 'POST', '/plan-templates', {
      deviceTypeId,
      name: 'Pump annual PM',
      interval: 'P1Y',
      basis: 'manufacturer',
      basisDocument: 'Service manual',
      basisDocumentVersion: 'Rev C',
      tasks: [{ key: 'visual', text: 'Visual inspection' }],
      estimatedHours: 1.5,
      shop: 'Biomed',
    });
    expect(typeTemplate.status).toBe(201);
    const modelTemplate = await call<PlanTemplate>(t.admin, 'POST', '/plan-templates', {
      modelId: otherModelId,
      name: 'SIGMA-2 semi-annual PM',
      interval: 'P6M',
      basis: 'manufacturer',
      basisDocument: 'SIGMA-2 service manual',
      estimatedHours: 2,
      shop: 'Biomed',
    });
    expect(modelTemplate.body).toMatchObject({ scope: 'model', anchor: 'last_completion', interval: 'P6M' });
    const missing = await call<ErrorBody>(t.admin, 'POST', '/plan-templates', {
      modelId,
      name: 'no basis document',
      interval: 'P1Y',
      basis: 'manufacturer',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]?.field).toBe('basisDocument');

    const d1 = await device(modelId, siteA, '2025-06-01');
    const d2 = await device(otherModelId, siteB, '2025-06-01');
    const first = await call<ApplyPlanDefaultsResult>(t.admin, 'POST', '/maintenance-plans/apply-defaults', {
      deviceIds: [d1.id, d2.id],
    });
    expect(first.body).toEqual({
      devicesConsidered: 2,
      plansCreated: 2,
      alreadyPlanned: 0,
      devicesWithoutTemplate: 0,
    });
    const again = await call<ApplyPlanDefaultsResult>(t.admin, 'POST', '/maintenance-plans/apply-defaults', {
      deviceIds: [d1.id, d2.id],
    });
    expect(again.body).toMatchObject({ plansCreated: 0, alreadyPlanned: 2 });

    const plans1 = await call<{ items: MaintenancePlan[] }>(
      t.admin,
      'GET',
      `/devices/${d1.id}/maintenance-plans`,
    );
    expect(plans1.body.items).toHaveLength(1);
    expect(plans1.body.items[0]).toMatchObject({
      name: 'Pump annual PM',
      templateId: typeTemplate.body.id,
      nextDue: { anchorDate: '2025-06-01', anchorSource: 'in_service', due: '2026-06-01', overdue: true },
    });
    const plans2 = await call<{ items: MaintenancePlan[] }>(
      t.admin,
      'GET',
      `/devices/${d2.id}/maintenance-plans`,
    );
    expect(plans2.body.items[0]).toMatchObject({ name: 'SIGMA-2 semi-annual PM', interval: 'P6M' });

    const audit = await sqlRows<{ n: number }>(
      sql`select count(*)::int as n from audit_events where action = 'maintenance-plan.defaults-applied'`,
    );
    expect(audit[0]?.n).toBe(2);
  });

  it('anchors the next due date on the last completion, imported device history included', async () => {
    const d = await device(modelId, siteA, '2020-01-01');
    const created = await call<MaintenancePlan>(t.admin, 'POST', '/maintenance-plans', {
      deviceId: d.id,
      name: 'Quarterly check',
      interval: 'P3M',
      basis: 'policy',
      basisReference: 'Policy EM-12',
      estimatedHours: 0.5,
    });
    expect(created.status).toBe(201);
    expect(created.body.nextDue).toMatchObject({ anchorSource: 'in_service', due: '2020-04-01' });
    await completed(d.id, siteA, null, '2026-10-02');
    const read1 = await call<MaintenancePlan>(t.admin, 'GET', `/maintenance-plans/${created.body.id}`);
    expect(read1.body.nextDue).toEqual({
      anchorDate: '2026-10-02',
      anchorSource: 'device_completion',
      due: '2027-01-02',
      earliest: '2026-12-23',
      latest: '2027-01-12',
      overdue: false,
    });
    await completed(d.id, siteA, created.body.id, '2026-11-10');
    const read2 = await call<MaintenancePlan>(t.admin, 'GET', `/maintenance-plans/${created.body.id}`);
    expect(read2.body.nextDue).toMatchObject({ anchorSource: 'plan_completion', due: '2027-02-10' });
  });

  it('refuses an AEM basis for equipment the AEM exclusions keep on OEM maintenance', async () => {
    // In service for ten months: insufficient maintenance history (aem-eligibility policy, CMS S&C 14-07).
    const d = await device(modelId, siteA, '2026-01-21');
    const res = await call<ErrorBody>(t.admin, 'POST', '/maintenance-plans', {
      deviceId: d.id,
      name: 'AEM interval',
      interval: 'P2Y',
      basis: 'aem',
      aemAssessmentId: '00000000-0000-4000-8000-000000000001',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('AEM_NOT_ALLOWED');
    const none = await sqlRows<{ n: number }>(
      sql`select count(*)::int as n from maintenance_plans where device_id = ${d.id}`,
    );
    expect(none[0]?.n).toBe(0);
  });

  it('device-specific edits need a reason and the current version', async () => {
    const d = await device(modelId, siteA, '2026-01-15');
    const plan = (
      await call<MaintenancePlan>(t.admin, 'POST', '/maintenance-plans', {
        deviceId: d.id,
        name: 'Annual',
        interval: 'P1Y',
        basis: 'regulation',
        basisReference: 'NFPA 99',
      })
    ).body;
    const noReason = await call<ErrorBody>(t.admin, 'PATCH', `/maintenance-plans/${plan.id}`, {
      version: plan.version,
      interval: 'P6M',
    });
    expect(noReason.status).toBe(400);
    const ok = await call<MaintenancePlan>(t.admin, 'PATCH', `/maintenance-plans/${plan.id}`, {
      version: plan.version,
      interval: 'p6m',
      reason: 'High use in the ICU',
    });
    expect(ok.body).toMatchObject({
      interval: 'P6M',
      version: plan.version + 1,
      nextDue: { due: '2026-07-15' },
    });
    const stale = await call<ErrorBody>(t.admin, 'PATCH', `/maintenance-plans/${plan.id}`, {
      version: plan.version,
      shop: 'X',
      reason: 'late',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const retired = await call<MaintenancePlan>(t.admin, 'POST', `/maintenance-plans/${plan.id}/retire`, {
      version: ok.body.version,
      reason: 'Device moved to a vendor contract',
    });
    expect(retired.body).toMatchObject({ active: false, nextDue: null });
    const events = await sqlRows<{ action: string; reason: string | null }>(
      sql`select action, reason from audit_events where entity_id = ${plan.id} order by seq`,
    );
    expect(events.map((e) => e.action)).toEqual([
      'maintenance-plan.created',
      'maintenance-plan.updated',
      'maintenance-plan.retired',
    ]);
    expect(events[1]?.reason).toBe('High use in the ICU');
  });

  it('schedules work with due dates and windows; a second run creates nothing', async () => {
    const d = await device(modelId, siteB, '2026-02-10');
    const plan = (
      await call<MaintenancePlan>(t.admin, 'POST', '/maintenance-plans', {
        deviceId: d.id,
        name: 'Monthly check',
        interval: 'P1M',
        basis: 'policy',
        basisReference: 'Policy EM-3',
        estimatedHours: 0.25,
        shop: 'Imaging',
      })
    ).body;
    await completed(d.id, siteB, plan.id, '2026-10-31');
    const run = await call<ScheduleRun>(t.admin, 'POST', '/maintenance/schedule-runs', {
      through: '2027-02-28',
    });
    expect(run.status).toBe(201);
    expect(run.body.created).toBeGreaterThan(0);
    // Last completion Oct 31: Nov 30, Dec 31, Jan 31, Feb 28 (month ends clamp from the anchor).
    expect(await workFor(plan.id)).toEqual([
      expect.objectContaining({
        due_date: '2026-11-30',
        window_start: '2026-11-01',
        window_end: '2026-11-30',
      }),
      expect.objectContaining({ due_date: '2026-12-31' }),
      expect.objectContaining({ due_date: '2027-01-31' }),
      expect.objectContaining({ due_date: '2027-02-28' }),
    ]);
    const second = await call<ScheduleRun>(t.admin, 'POST', '/maintenance/schedule-runs', {
      through: '2027-02-28',
    });
    expect(second.body.created).toBe(0);
    expect(await workFor(plan.id)).toHaveLength(4);
    const audit = await sqlRows<{ after: { created: number; toleranceTable: { version: number } } }>(
      sql`select after from audit_events where action = 'maintenance.schedule-run' order by seq`,
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]?.after).toMatchObject({ through: '2027-02-28', toleranceTable: { version: 1 } });
    const history = await sqlRows<{ n: number }>(
      sql`select count(*)::int as n from work_order_status_history h join work_orders w on w.id = h.work_order_id
          where w.plan_id = ${plan.id}`,
    );
    expect(history[0]?.n).toBe(4);
  });

  it('cancels open scheduled work of retired devices and holds it for missing ones', async () => {
    const mk = async () => {
      const d = await device(modelId, siteA, '2026-01-01');
      const p = (
        await call<MaintenancePlan>(t.admin, 'POST', '/maintenance-plans', {
          deviceId: d.id,
          name: 'Annual',
          interval: 'P1Y',
          basis: 'policy',
          basisReference: 'Policy',
        })
      ).body;
      return { d, p };
    };
    const a = await mk();
    const b = await mk();
    await call(t.admin, 'POST', '/maintenance/schedule-runs', { through: '2027-01-31' });
    expect(await workFor(a.p.id)).toHaveLength(1);
    const retire = await call(t.admin, 'POST', `/devices/${a.d.id}/status`, {
      version: a.d.version,
      status: 'retired',
      reason: 'Replaced',
    });
    expect(retire.status).toBe(200);
    const lose = await call(t.admin, 'POST', `/devices/${b.d.id}/status`, {
      version: b.d.version,
      status: 'missing',
      reason: 'Not found on the unit',
    });
    expect(lose.status).toBe(200);
    const run = await call<ScheduleRun>(t.admin, 'POST', '/maintenance/schedule-runs', {
      through: '2027-01-31',
    });
    expect(run.body).toMatchObject({ created: 0, cancelled: 1, held: 1 });
    expect(await workFor(a.p.id)).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    expect(await workFor(b.p.id)).toEqual([expect.objectContaining({ status: 'on_hold' })]);
    const again = await call<ScheduleRun>(t.admin, 'POST', '/maintenance/schedule-runs', {
      through: '2027-01-31',
    });
    expect(again.body).toMatchObject({ created: 0, cancelled: 0, held: 0 });
  });

  it('forecasts scheduled and projected hours by month and shop, within the caller’s sites', async () => {
    const byMonth = await call<Forecast>(
      t.admin,
      'GET',
      '/maintenance/forecast?from=2026-11-01&to=2027-12-31&groupBy=month',
    );
    expect(byMonth.status).toBe(200);
    expect(byMonth.body.totals.scheduledCount).toBeGreaterThan(0);
    expect(byMonth.body.totals.projectedCount).toBeGreaterThan(0);
    const nov = byMonth.body.rows.find((r) => r.key === '2026-11');
    expect(nov?.label).toBe('November 2026');
    const byShop = await call<Forecast>(
      t.admin,
      'GET',
      '/maintenance/forecast?from=2026-11-01&to=2027-02-28&groupBy=shop',
    );
    const imaging = byShop.body.rows.find((r) => r.key === 'Imaging');
    // Four monthly checks of 0.25 h generated through February.
    expect(imaging).toMatchObject({ scheduledCount: 4, scheduledHours: 1 });
    const bySite = await call<Forecast>(
      t.admin,
      'GET',
      '/maintenance/forecast?from=2026-11-01&to=2027-12-31&groupBy=site',
    );
    expect(bySite.body.rows.map((r) => r.label).sort()).toEqual(['Site A', 'Site B']);

    const onlyA = await t.createUser('technician', { allSites: false, siteIds: [siteA] });
    const scoped = await call<Forecast>(
      onlyA.client,
      'GET',
      '/maintenance/forecast?from=2026-11-01&to=2027-12-31&groupBy=site',
    );
    if (scoped.status === 200) expect(scoped.body.rows.map((r) => r.label)).toEqual(['Site A']);
    else expect(scoped.status).toBe(403);
  });
});
