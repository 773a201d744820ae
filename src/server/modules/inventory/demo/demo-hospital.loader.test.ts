import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';
import { mayTransition } from '../devices/device.rules.ts';
import type { DeviceStatus } from '../../../../contracts/index.ts';
import { DEMO_ACTOR_LABEL, loadDemoHospital, type DemoLoadResult } from './demo-hospital.loader.ts';

describe.each(engines())('demo hospital loader (%s)', (engine) => {
  let t: TestApp;
  let loaded: DemoLoadResult;
  const rows = async <T>(query: ReturnType<typeof sql>) =>
    (await t.db.database.db.execute(query)).rows as T[];

  beforeAll(async () => {
    t = await createTestApp(engine);
    loaded = await loadDemoHospital(
      { db: t.db.database.db, clock: t.clock },
      { organizationId: t.organizationId, devices: 500 },
    );
  });
  afterAll(async () => t?.close());

  it('inserts the sites, catalog and 500 devices with their histories in the organization', async () => {
    expect(loaded).toMatchObject({ sites: 3, devices: 500 });
    const [counts] = await rows<Record<string, string>>(sql`
      SELECT (SELECT count(*) FROM devices WHERE organization_id = ${t.organizationId}) AS devices,
             (SELECT count(*) FROM device_status_history WHERE organization_id = ${t.organizationId}) AS history,
             (SELECT count(*) FROM models WHERE organization_id = ${t.organizationId}) AS models,
             (SELECT count(*) FROM model_identifiers WHERE organization_id = ${t.organizationId}) AS identifiers,
             (SELECT count(*) FROM manufacturers WHERE organization_id = ${t.organizationId}) AS manufacturers,
             (SELECT count(*) FROM manufacturer_aliases WHERE organization_id = ${t.organizationId}) AS aliases,
             (SELECT count(*) FROM devices WHERE parent_id IS NOT NULL) AS components,
             (SELECT count(*) FROM models WHERE device_type_id IS NULL) AS untyped,
             (SELECT count(*) FROM devices WHERE search_text = '') AS unsearchable`);
    expect(Number(counts?.devices)).toBe(500);
    expect(Number(counts?.history)).toBe(loaded.statusChanges);
    expect(Number(counts?.history)).toBeGreaterThan(1000);
    expect(Number(counts?.models)).toBe(loaded.models);
    expect(Number(counts?.identifiers)).toBeGreaterThanOrEqual(loaded.models);
    expect(Number(counts?.manufacturers)).toBe(loaded.manufacturers);
    expect(Number(counts?.aliases)).toBeGreaterThan(loaded.manufacturers);
    expect(Number(counts?.components)).toBeGreaterThan(0);
    expect(Number(counts?.untyped)).toBe(0);
    expect(Number(counts?.unsearchable)).toBe(0);

    const sites = await t.admin.request({ method: 'GET', url: '/api/v1/sites' });
    expect(
      sites
        .json<{ items: { code: string }[] }>()
        .items.map((s) => s.code)
        .sort(),
    ).toEqual(['LCH', 'NOC', 'RGH']);
  });

  it('gives every device a history that follows the lifecycle and ends at its status', async () => {
    const history = await rows<{
      asset_tag: string;
      status: string;
      trail: { from: string | null; to: string }[];
    }>(sql`
      SELECT d.asset_tag, d.status,
             json_agg(json_build_object('from', h.from_status, 'to', h.to_status) ORDER BY h.occurred_at) AS trail
      FROM devices d JOIN device_status_history h ON h.device_id = d.id
      WHERE d.organization_id = ${t.organizationId}
      GROUP BY d.asset_tag, d.status`);
    expect(history).toHaveLength(500);
    for (const d of history) {
      expect(d.trail[0]).toEqual({ from: null, to: 'received' });
      for (const step of d.trail.slice(1))
        expect(mayTransition(step.from as DeviceStatus, step.to as DeviceStatus), d.asset_tag).toBe(true);
      expect(d.trail[d.trail.length - 1]?.to).toBe(d.status);
    }
  });

  it('stores UDIs parsed, FDA device types on the models, and the asset-tag sequence past the demo tags', async () => {
    const [udi] = await rows<{ n: string; agency: string }>(sql`
      SELECT count(*) AS n, min(udi->>'issuingAgency') AS agency FROM devices
      WHERE udi_raw IS NOT NULL AND udi->>'deviceIdentifier' = udi_device_identifier`);
    expect(Number(udi?.n)).toBeGreaterThan(200);
    expect(udi?.agency).toBe('GS1');
    const [pump] = await rows<{ source: string; name: string }>(sql`
      SELECT dt.source, dt.name FROM models m JOIN device_types dt ON dt.id = m.device_type_id
      WHERE m.model_number = '8015'`);
    expect(pump).toEqual({ source: 'fda', name: 'Pump, Infusion' });
    const [seq] = await rows<{ next_number: string; max_tag: string }>(sql`
      SELECT s.next_number, (SELECT max(asset_tag) FROM devices) AS max_tag
      FROM asset_tag_sequences s WHERE s.organization_id = ${t.organizationId}`);
    expect(Number(seq?.next_number)).toBe(501);
    expect(seq?.max_tag).toBe('A000500');
  });

  it('serves demo devices through the device API: found by tag and by scanned UDI, with their timeline', async () => {
    const [device] = await rows<{ id: string; asset_tag: string; udi_raw: string; status: string }>(sql`
      SELECT id, asset_tag, udi_raw, status FROM devices
      WHERE udi_raw IS NOT NULL AND parent_id IS NOT NULL ORDER BY asset_tag LIMIT 1`);
    if (!device) throw new Error('no demo component with a UDI');
    for (const q of [device.asset_tag, device.udi_raw]) {
      const res = await t.admin.request({
        method: 'GET',
        url: `/api/v1/devices?${new URLSearchParams({ q })}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ items: { id: string; parent: { assetTag: string } | null }[] }>();
      expect(body.items[0]?.id).toBe(device.id);
      expect(body.items[0]?.parent?.assetTag).toBeTruthy();
    }
    const history = await t.admin.request({ method: 'GET', url: `/api/v1/devices/${device.id}/history` });
    expect(history.statusCode, history.body).toBe(200);
    const items = history.json<{ items: { toStatus: string }[] }>().items;
    expect(items.map((i) => i.toStatus)).toContain('received');
    expect(items.map((i) => i.toStatus)).toContain(device.status);
  });

  it('records one audit event by the system, and refuses to load a second time', async () => {
    const audit = async () =>
      t.admin
        .request({ method: 'GET', url: '/api/v1/audit-events?action=inventory.demo-loaded' })
        .then(
          (r) =>
            r.json<{ items: { actorLabel: string; actorId: string | null; after: { devices: number } }[] }>()
              .items,
        );
    const events = await audit();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorLabel: DEMO_ACTOR_LABEL, actorId: null, after: { devices: 500 } });

    await expect(
      loadDemoHospital(
        { db: t.db.database.db, clock: t.clock },
        { organizationId: t.organizationId, devices: 10 },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const other = await t.createOrganization('Second Hospital');
    await expect(
      loadDemoHospital(
        { db: t.db.database.db, clock: t.clock },
        { organizationId: other.organizationId, devices: 10 },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await audit()).toHaveLength(1);
    const [count] = await rows<{ n: string }>(sql`SELECT count(*) AS n FROM devices`);
    expect(Number(count?.n)).toBe(500);
  });
});
