import { Duration } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../platform/actor.ts';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';
import { DEMO_MODELS, demoModelKey, loadDemoHospital, type DemoHospital } from '../../inventory/index.ts';
import { getToleranceTable } from '../../reference/index.ts';
import { dueWindow } from '../plans/due-window.rules.ts';
import { buildDemoHistory, demoHistoryCsv, type DemoHistoryRecord } from './demo-maintenance.builders.ts';
import { loadDemoPlans } from './demo-maintenance.loader.ts';

/**
 * Acceptance (issue 4): importing five years of history for the demo devices anchors their plans; every plan's
 * next due date and window equal dueWindow(interval, last imported completion, tolerance table) for each frequency
 * of the shipped tolerance table (domain reference §1.4), the table read from reference data, not literals.
 */
describe.each(engines())('history import anchors the demo plans (%s)', (engine) => {
  let t: TestApp;
  let admin: Actor;
  let hospital: DemoHospital;
  let history: DemoHistoryRecord[];

  beforeAll(async () => {
    t = await createTestApp(engine);
    admin = await t.services.users.actorFor(ADMIN_EMAIL);
    // The whole demo hospital (its rare equipment carries the weekly and monthly plans); history is imported for
    // a sample of its devices: every 20th, and the first in service of each category.
    const demo = await loadDemoHospital(
      { db: t.db.database.db, clock: t.clock },
      { organizationId: t.organizationId },
    );
    hospital = demo.hospital;
    await loadDemoPlans({ db: t.db.database.db, plans: t.services.plans }, t.organizationId);
    const categoryOf = new Map(DEMO_MODELS.map((m) => [demoModelKey(m), m.category]));
    const seen = new Set<string>();
    const sample = new Set<string>();
    hospital.devices.forEach((d, i) => {
      const category = categoryOf.get(d.model) ?? '';
      const first = d.status === 'in_service' && !seen.has(category);
      if (first) seen.add(category);
      if (first || i % 20 === 0) sample.add(d.assetTag);
    });
    history = buildDemoHistory(hospital, { assetTags: sample });
  }, 120_000);
  afterAll(async () => t?.close());

  it('imports the history file whole, then every plan is anchored on its last imported completion', async () => {
    const up = await t.services.historyImports.uploadImport(admin, {
      fileName: 'legacy-cmms-export.csv',
      bytes: demoHistoryCsv(history),
      declaredFormat: 'csv',
    });
    const outcome = await t.services.historyImports.runImport(admin, up.id, null);
    expect(outcome.allProblems).toEqual([]);
    expect(outcome.applied).toBe(true);
    expect(outcome.summary.workOrderCount).toBe(history.length);

    const table = (await getToleranceTable(t.db.database.db, t.organizationId)).content;
    const lastPm = new Map<string, string>();
    for (const r of history)
      if (
        r.kind === 'preventive' &&
        r.outcome === 'completed' &&
        (lastPm.get(r.assetTag) ?? '') < r.completed
      )
        lastPm.set(r.assetTag, r.completed);

    const checkedByInterval = new Map<string, number>();
    const rows = await t.db.database.pool.query<{ id: string; asset_tag: string }>(
      'SELECT id, asset_tag FROM devices',
    );
    const idOf = new Map(rows.rows.map((r) => [r.asset_tag, r.id]));
    for (const device of hospital.devices) {
      const last = lastPm.get(device.assetTag);
      // Retired and disposed devices get no plans (H3's apply-defaults); their history stays on record.
      if (!last || device.status === 'retired' || device.status === 'disposed') continue;
      const plans = await t.services.plans.listDevicePlans(admin, idOf.get(device.assetTag) ?? '');
      expect({ tag: device.assetTag, plans: plans.items.length }).toEqual({
        tag: device.assetTag,
        plans: 1,
      });
      for (const plan of plans.items) {
        const interval = plan.interval ?? '';
        const expected = dueWindow({ interval, anchorDate: last, table });
        expect({ tag: device.assetTag, ...plan.nextDue }).toMatchObject({
          tag: device.assetTag,
          anchorDate: last,
          anchorSource: 'device_completion',
          due: expected.due,
          earliest: expected.earliest,
          latest: expected.latest,
        });
        checkedByInterval.set(interval, (checkedByInterval.get(interval) ?? 0) + 1);
      }
    }
    // Every frequency of the shipped tolerance table was checked on at least one plan.
    const frequencies = table.rows.map((r) => r.interval);
    expect(frequencies.length).toBeGreaterThan(0);
    const same = (a: string, b: string) =>
      Duration.fromISO(a).shiftTo('months', 'days').equals(Duration.fromISO(b).shiftTo('months', 'days'));
    for (const f of frequencies) {
      const covered = [...checkedByInterval.keys()].some((i) => same(i, f));
      expect({ frequency: f, covered }).toEqual({ frequency: f, covered: true });
    }
  }, 300_000);
});
