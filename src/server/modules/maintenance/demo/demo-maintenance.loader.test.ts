import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { loadDemoHospital } from '../../inventory/index.ts';
import { buildDemoHistory } from './demo-maintenance.builders.ts';
import { loadDemoMaintenance } from './demo-maintenance.loader.ts';

/** The first-start demo load: templates, plans and the history written as imported work orders. */
describe('demo maintenance program load (pglite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(async () => t?.close());

  it('loads templates, plans and five years of imported history; plans anchor on it', async () => {
    const db = t.db.database.db;
    const demo = await loadDemoHospital(
      { db, clock: t.clock },
      { organizationId: t.organizationId, devices: 300 },
    );
    const result = await loadDemoMaintenance(
      { db, clock: t.clock, plans: t.services.plans },
      { organizationId: t.organizationId, hospital: demo.hospital },
    );
    const history = buildDemoHistory(demo.hospital);
    expect(result.workOrders).toBe(history.length);
    expect(result.templates).toBeGreaterThan(100);
    expect(result.plans).toBeGreaterThan(200);
    const q = async (sql: string) => (await t.db.database.pool.query<{ n: string }>(sql)).rows[0]?.n;
    expect(
      await q(`SELECT count(*) AS n FROM work_orders WHERE source = 'import' AND status = 'closed'`),
    ).toBe(String(history.length));
    expect(await q(`SELECT count(*) AS n FROM work_orders WHERE signed_at IS NOT NULL`)).toBe('0');
    expect(await q(`SELECT count(*) AS n FROM audit_events WHERE action = 'work-orders.imported'`)).toBe('1');

    const admin = await t.services.users.actorFor(ADMIN_EMAIL);
    const lastPm = history.filter((r) => r.kind === 'preventive').at(-1);
    const device = (
      await t.db.database.pool.query<{ id: string }>('SELECT id FROM devices WHERE asset_tag = $1', [
        lastPm?.assetTag,
      ])
    ).rows[0];
    const plans = await t.services.plans.listDevicePlans(admin, device?.id ?? '');
    expect(plans.items[0]?.nextDue).toMatchObject({
      anchorDate: lastPm?.completed,
      anchorSource: 'device_completion',
    });
  }, 180_000);
});
