import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceMaintenanceProfile, MaintenanceProfile } from '../../../../contracts/index.ts';
import { createTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';
import { checkAemEligibility } from '../index.ts';
import { callWith, createFleet, type Fleet } from './test-fixtures.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

const call = callWith();

describe.each(engines())('maintenance profiles and AEM exclusions (%s)', (engine) => {
  let t: TestApp;
  let fleet: Fleet;
  beforeAll(async () => {
    t = await createTestApp(engine);
    fleet = await createFleet(t, call);
  });
  afterAll(async () => t?.close());

  const put = (scope: string, targetId: string, body: object) =>
    call<MaintenanceProfile & ErrorBody>(t.admin, 'PUT', `/maintenance-profiles/${scope}/${targetId}`, body);
  const deviceProfile = async (id: string) =>
    (await call<DeviceMaintenanceProfile>(t.admin, 'GET', `/devices/${id}/maintenance-profile`)).body;

  it('inherits device ?? model ?? device type ?? defaults, and shows where each value comes from', async () => {
    const modelId = await fleet.model('FRN');
    const [deviceId = ''] = await fleet.devices(modelId, 5, '2024-01-15');
    const typeId = await fleet.typeId('FRN');

    let p = await deviceProfile(deviceId);
    expect(p.effective.strategy).toEqual({ value: 'OEM_INTERVAL', source: 'default' });
    expect(p.chain.map((c) => [c.scope, c.version])).toEqual([
      ['device', 0],
      ['model', 0],
      ['device_type', 0],
    ]);

    const typeSet = await put('device_type', typeId, {
      version: 0,
      reason: 'Pumps: annual inspection',
      strategy: 'INTERVAL_INSPECTION',
    });
    expect(typeSet.status).toBe(200);
    expect(typeSet.body.version).toBe(1);
    p = await deviceProfile(deviceId);
    expect(p.effective.strategy).toEqual({ value: 'INTERVAL_INSPECTION', source: 'device_type' });

    await put('model', modelId, {
      version: 0,
      reason: 'Model has a history of occlusion alarms',
      highRisk: true,
      highRiskReason: 'FAILURE_SERIOUS_INJURY_DEATH',
      strategy: 'OEM_INTERVAL',
    });
    await put('device', deviceId, { version: 0, reason: 'This unit lives in the NICU', lifeSupport: true });
    p = await deviceProfile(deviceId);
    expect(p.effective.strategy).toEqual({ value: 'OEM_INTERVAL', source: 'model' });
    expect(p.effective.highRisk).toEqual({ value: true, source: 'model' });
    expect(p.effective.highRiskReason).toEqual({ value: 'FAILURE_SERIOUS_INJURY_DEATH', source: 'model' });
    expect(p.effective.lifeSupport).toEqual({ value: true, source: 'device' });

    // null = inherit again
    const cleared = await put('model', modelId, {
      version: 1,
      reason: 'Back to the type default',
      strategy: null,
    });
    expect(cleared.body.strategy).toBeNull();
    expect((await deviceProfile(deviceId)).effective.strategy.source).toBe('device_type');

    const audit = await t.services.database.db.execute<{ action: string; reason: string }>(
      sql`SELECT action, reason FROM audit_events WHERE entity_id = ${modelId} ORDER BY seq`,
    );
    expect(audit.rows.filter((r) => r.action === 'maintenance-profile.updated').map((r) => r.reason)).toEqual(
      ['Model has a history of occlusion alarms', 'Back to the type default'],
    );
    expect(
      (await put('device_type', typeId, { version: 1, reason: 'Back to OEM', strategy: null })).status,
    ).toBe(200);
  });

  it('suggests high-risk and life support from the FDA life-sustaining flag, for a human to confirm', async () => {
    const modelId = await fleet.model('CBK');
    const [deviceId = ''] = await fleet.devices(modelId, 1, '2020-01-01');
    const p = await deviceProfile(deviceId);
    expect(p.effective.highRisk).toEqual({ value: false, source: 'default' });
    expect(p.suggestions.map((s) => [s.field, s.value])).toEqual([
      ['highRisk', true],
      ['highRiskReason', 'LIFE_SUPPORT'],
      ['lifeSupport', true],
    ]);
  });

  it('refuses a stale version, high-risk without its reason, and needs a reason', async () => {
    const modelId = await fleet.model('FRN');
    const first = await put('model', modelId, { version: 0, reason: 'set', lifeSupport: false });
    expect(first.status).toBe(200);
    const stale = await put('model', modelId, { version: 0, reason: 'again', lifeSupport: true });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'VERSION_CONFLICT']);
    const noReason = await put('model', modelId, {
      version: 1,
      reason: '',
      highRisk: true,
      highRiskReason: 'OTHER',
      highRiskNote: 'x',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.map((d) => d.field)).toContain('reason');
    const noHrReason = await put('model', modelId, { version: 1, reason: 'flag', highRisk: true });
    expect([noHrReason.status, noHrReason.body.error.details[0]?.field]).toEqual([400, 'highRiskReason']);
    const other = await put('model', modelId, {
      version: 1,
      reason: 'flag',
      highRisk: true,
      highRiskReason: 'OTHER',
    });
    expect(other.body.error.details[0]?.field).toBe('highRiskNote');
  });

  describe('AEM exclusions (CMS S&C 14-07, TJC EC.02.04.01 EP5): one test per exclusion', () => {
    const aem = { strategy: 'AEM_INTERVAL', reason: 'Risk assessment supports a longer interval' };
    const codes = (b: ErrorBody) => b.error.details.map((d) => d.field);

    it('allows AEM for established equipment with history and a fleet', async () => {
      const modelId = await fleet.model('FRN');
      await fleet.devices(modelId, 5, '2023-01-01');
      const res = await put('model', modelId, { version: 0, ...aem });
      expect(res.status).toBe(200);
      expect(res.body.strategy).toBe('AEM_INTERVAL');
    });

    it('imaging/radiologic: suggested by FDA review panel RA, and a flag set by hand', async () => {
      const modelId = await fleet.model('IZL');
      const [deviceId = ''] = await fleet.devices(modelId, 5, '2020-01-01');
      const res = await put('model', modelId, { version: 0, ...aem });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('AEM_NOT_ALLOWED');
      expect(codes(res.body)).toEqual(['IMAGING_RADIOLOGIC']);
      expect(res.body.error.details[0]?.message).toMatch(/review panel RA/);
      const p = await deviceProfile(deviceId);
      expect(p.aemEligibility.allowed).toBe(false);
      expect(p.effective.imagingRadiologic).toEqual({ value: true, source: 'default' });

      const pumpModel = await fleet.model('FRN');
      await fleet.devices(pumpModel, 5, '2020-01-01');
      const flagged = await put('model', pumpModel, { version: 0, ...aem, imagingRadiologic: true });
      expect(codes(flagged.body)).toEqual(['IMAGING_RADIOLOGIC']);
      expect(flagged.body.error.details[0]?.message).toMatch(/flagged on the model profile/);
    });

    it('medical laser: suggested by a device type named like a laser', async () => {
      const modelId = await fleet.model('GEX');
      await fleet.devices(modelId, 5, '2020-01-01');
      const res = await put('model', modelId, { version: 0, ...aem });
      expect([res.status, codes(res.body)]).toEqual([409, ['MEDICAL_LASER']]);
    });

    it('law or Condition of Participation: a flag on the device type', async () => {
      const modelId = await fleet.model('FRN');
      const [deviceId = ''] = await fleet.devices(modelId, 5, '2020-01-01');
      const typeId = await fleet.typeId('FRN');
      const current = await call<MaintenanceProfile>(
        t.admin,
        'GET',
        `/maintenance-profiles/device_type/${typeId}`,
      );
      await put('device_type', typeId, {
        version: current.body.version,
        reason: 'State law requires OEM PM',
        lawOrCop: true,
      });
      const res = await put('device', deviceId, { version: 0, ...aem });
      expect([res.status, codes(res.body)]).toEqual([409, ['LAW_OR_COP']]);
      await put('device_type', typeId, {
        version: current.body.version + 1,
        reason: 'Law repealed',
        lawOrCop: null,
      });
    });

    it('insufficient history: a device in service too briefly, a model with too few units — every reason named', async () => {
      const modelId = await fleet.model('FRN');
      const [newDevice = ''] = await fleet.devices(modelId, 1, '2026-09-01');
      const small = await put('model', modelId, { version: 0, ...aem });
      expect([small.status, codes(small.body)]).toEqual([409, ['INSUFFICIENT_HISTORY']]);
      expect(small.body.error.details[0]?.message).toMatch(/1 unit of model .* fewer than the policy's 5/);

      await fleet.devices(modelId, 4, '2021-01-01');
      const young = await put('device', newDevice, { version: 0, ...aem });
      expect(codes(young.body)).toEqual(['INSUFFICIENT_HISTORY']);
      expect(young.body.error.details[0]?.message).toMatch(/2 months in service, fewer than the policy's 12/);

      const laserModel = await fleet.model('GEX');
      const [laser = ''] = await fleet.devices(laserModel, 1, null);
      const all = await put('device', laser, { version: 0, ...aem, lawOrCop: true });
      expect(codes(all.body)).toEqual(['MEDICAL_LASER', 'LAW_OR_COP', 'INSUFFICIENT_HISTORY']);
      expect(all.body.error.message).toMatch(/may not be on alternate equipment management/);

      // The exported check other modules call (plans with an AEM basis) gives the same answer.
      const check = await checkAemEligibility(
        t.services.database.db,
        t.organizationId,
        { modelId },
        t.clock.now(),
      );
      expect(check.allowed).toBe(true);
      const young2 = await checkAemEligibility(
        t.services.database.db,
        t.organizationId,
        { deviceId: newDevice },
        t.clock.now(),
      );
      expect(young2.reasons.map((r) => r.code)).toEqual(['INSUFFICIENT_HISTORY']);
    });
  });

  it('scopes devices to the caller’s sites and organization', async () => {
    const modelId = await fleet.model('FRN');
    const [deviceId = ''] = await fleet.devices(modelId, 1, '2022-01-01');
    const other = await t.createOrganization('Elsewhere');
    expect((await call(other.admin, 'GET', `/devices/${deviceId}/maintenance-profile`)).status).toBe(404);
    expect((await call(other.admin, 'GET', `/maintenance-profiles/model/${modelId}`)).status).toBe(404);
    const code = 'NOPE';
    const site = await call<{ id: string }>(t.admin, 'POST', '/sites', {
      name: 'Other site',
      code,
      timeZone: 'UTC',
    });
    const tech = await t.createUser('technician', { allSites: false, siteIds: [site.body.id] });
    expect((await call(tech.client, 'GET', `/devices/${deviceId}/maintenance-profile`)).status).toBe(404);
    const techWrite = await call(tech.client, 'PUT', `/maintenance-profiles/model/${modelId}`, {
      version: 0,
      reason: 'x',
      strategy: 'RCM',
    });
    expect(techWrite.status).toBe(403);
  });
});
