import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device, DeviceListResponse, DeviceStatusChange } from '../../../../contracts/index.ts';
import { createTestApp, type Client, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

const DI = '00208851107347';

describe.each(engines())('devices (%s)', (engine) => {
  let t: TestApp;
  let siteA: string;
  let siteB: string;
  let modelId: string;
  let otherModelId: string;

  /** The caller names the body's type, as with `res.json<T>()`. */
  const call = async <T>(
    client: Client,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ): Promise<{ status: number; body: T; json: () => T }> => {
    const res = await client.request({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<T>(), json: () => res.json<T>() };
  };
  const fieldOf = (b: unknown) => (b as ErrorBody).error.details[0]?.field;
  const create = (payload: object, client = t.admin) =>
    call<Device>(client, 'POST', '/devices', { modelId, siteId: siteA, ...payload });

  beforeAll(async () => {
    t = await createTestApp(engine);
    const site = async (code: string) =>
      (await call<{ id: string }>(t.admin, 'POST', '/sites', { name: `Site ${code}`, code, timeZone: 'UTC' }))
        .body.id;
    siteA = await site('A');
    siteB = await site('B');
    const maker = await call<{ id: string }>(t.admin, 'POST', '/manufacturers', { name: 'Philips' });
    const model = async (modelNumber: string, deviceIdentifiers: string[]) =>
      (
        await call<{ id: string }>(t.admin, 'POST', '/models', {
          manufacturerId: maker.body.id,
          modelNumber,
          name: `IntelliVue ${modelNumber}`,
          deviceIdentifiers,
        })
      ).body.id;
    modelId = await model('MX450', [DI]);
    otherModelId = await model('MX800', []);
  });
  afterAll(async () => t?.close());

  it('adds a device with a generated asset tag, records its arrival, and audits it', async () => {
    const res = await create({ serialNumber: 'SN-1', macAddress: '00-1b-44-11-3a-b7', room: '3 West' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      assetTag: 'A000001',
      status: 'received',
      serialNumber: 'SN-1',
      macAddress: '00:1B:44:11:3A:B7',
      model: { id: modelId, modelNumber: 'MX450', manufacturer: { name: 'Philips' } },
      site: { id: siteA, code: 'A' },
      parent: null,
      childCount: 0,
      version: 1,
    });
    const history = await call<{ items: DeviceStatusChange[] }>(
      t.admin,
      'GET',
      `/devices/${res.body.id}/history`,
    );
    expect(history.body.items).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'received', reason: 'Added to the inventory' }),
    ]);
    const audit = await call<{ items: { action: string; after: unknown }[] }>(
      t.admin,
      'GET',
      `/audit-events?entityType=device&entityId=${res.body.id}`,
    );
    expect(audit.body.items.map((e) => e.action)).toEqual(['device.created']);
    expect((await create({})).body.assetTag).toBe('A000002');
  });

  it('refuses a duplicate asset tag (any case) and a serial already used on the model, naming the field', async () => {
    expect((await create({ assetTag: 'BME-100', serialNumber: 'DUP-1' })).status).toBe(201);
    const tag = await create({ assetTag: 'bme-100' });
    expect(tag.status).toBe(409);
    expect(tag.body).toMatchObject({ error: { code: 'ALREADY_EXISTS' } });
    expect(fieldOf(tag.body)).toBe('assetTag');
    const serial = await create({ serialNumber: 'dup-1' });
    expect(serial.status).toBe(409);
    expect(fieldOf(serial.body)).toBe('serialNumber');
    // the same serial on another model is another device
    expect((await create({ modelId: otherModelId, serialNumber: 'DUP-1' })).status).toBe(201);
    // a hand-typed tag that the generator would produce next is skipped by it
    await create({ assetTag: 'a000003' });
    expect((await create({})).body.assetTag).toBe('A000004');
  });

  it('reads the UDI: fills the serial from it, names a wrong check digit, and refuses another model’s DI', async () => {
    const scanned = await create({ udi: `]d201${DI}21SCAN-77` });
    expect(scanned.status).toBe(201);
    expect(scanned.body).toMatchObject({ serialNumber: 'SCAN-77', udiDeviceIdentifier: DI });
    expect(scanned.body.udi).toMatchObject({ issuingAgency: 'GS1', serial: 'SCAN-77' });

    const wrong = await create({ udi: '(01)00208851107345(21)X' });
    expect(wrong.status).toBe(400);
    expect(fieldOf(wrong.body)).toBe('udi');
    expect((wrong.body as unknown as ErrorBody).error.details[0]?.message).toMatch(/expected 7/);

    const otherModel = await create({ modelId: otherModelId, udi: `(01)${DI}(21)Y` });
    expect(otherModel.status).toBe(400);
    expect(fieldOf(otherModel.body)).toBe('udi');
  });

  it('checks references and values: unknown model, site and parent; bad MAC', async () => {
    const bad = await create({ modelId: '00000000-0000-4000-8000-000000000000' });
    expect(fieldOf(bad.body)).toBe('modelId');
    expect(fieldOf((await create({ siteId: '00000000-0000-4000-8000-000000000000' })).body)).toBe('siteId');
    expect(fieldOf((await create({ parentId: '00000000-0000-4000-8000-000000000000' })).body)).toBe(
      'parentId',
    );
    const mac = await create({ macAddress: 'not-a-mac' });
    expect(mac.status).toBe(400);
    expect(fieldOf(mac.body)).toBe('macAddress');
  });

  it('updates with optimistic concurrency and keeps the change in the audit trail', async () => {
    const d = (await create({ serialNumber: 'UPD-1' })).body;
    const changed = await call<Device>(t.admin, 'PATCH', `/devices/${d.id}`, {
      version: d.version,
      room: 'OR 4',
      softwareVersion: '4.2.1',
      reason: 'moved to surgery',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ room: 'OR 4', softwareVersion: '4.2.1', version: d.version + 1 });
    const found = await call<DeviceListResponse>(t.admin, 'GET', '/devices?q=upd-1%20or%204');
    expect(found.body).toMatchObject({ match: 'text', items: [{ id: d.id }] });
    const stale = await call<ErrorBody>(t.admin, 'PATCH', `/devices/${d.id}`, {
      version: d.version,
      room: 'Lost',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const taken = await call<ErrorBody>(t.admin, 'PATCH', `/devices/${d.id}`, {
      version: d.version + 1,
      assetTag: 'BME-100',
    });
    expect(fieldOf(taken.body)).toBe('assetTag');
    const audit = await call<{ items: { action: string; reason: string | null; before: unknown }[] }>(
      t.admin,
      'GET',
      `/audit-events?entityType=device&entityId=${d.id}`,
    );
    expect(audit.body.items[0]).toMatchObject({ action: 'device.updated', reason: 'moved to surgery' });
    expect(audit.body.items[0]?.before).toMatchObject({ room: null });
  });

  it('moves along the lifecycle, refuses illegal steps with 409 INVALID_TRANSITION, and keeps the history', async () => {
    let d = (await create({})).body;
    const step = async (status: string, reason: string) => {
      const r = await call<Device>(t.admin, 'POST', `/devices/${d.id}/status`, {
        version: d.version,
        status,
        reason,
      });
      if (r.status === 200) d = r.body;
      return r;
    };
    expect((await step('in_service', 'Passed incoming inspection')).status).toBe(200);
    const back = await step('received', 'oops');
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ error: { code: 'INVALID_TRANSITION' } });
    expect((back.body as unknown as ErrorBody).error.details[0]).toMatchObject({ field: 'status' });
    expect((back.body as unknown as ErrorBody).error.details[0]?.message).toMatch(/in_service -> received/);
    const noReason = await call<ErrorBody>(t.admin, 'POST', `/devices/${d.id}/status`, {
      version: d.version,
      status: 'retired',
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(fieldOf(noReason.body)).toBe('reason');
    expect((await step('retired', 'End of support')).status).toBe(200);
    t.clock.advance(60_000);
    expect((await step('disposed', 'Sent to e-waste, certificate 991')).status).toBe(200);
    expect((await step('inactive', 'Found it again')).body).toMatchObject({
      error: { code: 'INVALID_TRANSITION' },
    });

    const tech = await t.createUser('technician');
    const stale = await call<ErrorBody>(tech.client, 'POST', `/devices/${d.id}/status`, {
      version: 1,
      status: 'retired',
      reason: 'x',
    });
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');

    const history = (await call<{ items: DeviceStatusChange[] }>(t.admin, 'GET', `/devices/${d.id}/history`))
      .body.items;
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.reason])).toEqual([
      ['retired', 'disposed', 'Sent to e-waste, certificate 991'],
      ['in_service', 'retired', 'End of support'],
      ['received', 'in_service', 'Passed incoming inspection'],
      [null, 'received', 'Added to the inventory'],
    ]);
    const audit = await call<{ items: { action: string; actorLabel: string; reason: string | null }[] }>(
      t.admin,
      'GET',
      `/audit-events?entityType=device&entityId=${d.id}&action=device.status_changed`,
    );
    expect(audit.body.items[0]).toMatchObject({ reason: 'Sent to e-waste, certificate 991' });
    expect(history.map((h) => h.actor)).toEqual(Array(4).fill(audit.body.items[0]?.actorLabel));
    expect(d.statusChangedAt).toBe(history[0]?.occurredAt);
    // the history is append-only in the database too
    await expect(t.db.database.pool.query('DELETE FROM device_status_history')).rejects.toThrow(
      /append-only/,
    );
  });

  it('links components to a system and refuses a loop', async () => {
    const system = (await create({ assetTag: 'SYS-1' })).body;
    const part = (await create({ assetTag: 'SYS-1-A', parentId: system.id })).body;
    expect(part.parent).toEqual({ id: system.id, assetTag: 'SYS-1' });
    const children = await call<{ items: Device[] }>(t.admin, 'GET', `/devices/${system.id}/children`);
    expect(children.body.items.map((c) => c.assetTag)).toEqual(['SYS-1-A']);
    expect((await call<Device>(t.admin, 'GET', `/devices/${system.id}`)).body.childCount).toBe(1);
    const loop = await call<ErrorBody>(t.admin, 'PATCH', `/devices/${system.id}`, {
      version: system.version,
      parentId: part.id,
    });
    expect(loop.status).toBe(400);
    expect(fieldOf(loop.body)).toBe('parentId');
    const self = await call<ErrorBody>(t.admin, 'PATCH', `/devices/${system.id}`, {
      version: system.version,
      parentId: system.id,
    });
    expect(fieldOf(self.body)).toBe('parentId');
  });

  it('limits a user with site access to the devices of their sites', async () => {
    const atB = (await create({ siteId: siteB, assetTag: 'B-ONLY' })).body;
    const tech = await t.createUser('technician', { allSites: false, siteIds: [siteA] });
    expect((await call(tech.client, 'GET', `/devices/${atB.id}`)).status).toBe(404);
    expect((await call(tech.client, 'GET', `/devices/${atB.id}/history`)).status).toBe(404);
    const found = await call<DeviceListResponse>(tech.client, 'GET', '/devices?q=B-ONLY');
    expect(found.body.items).toEqual([]);
    const listed = await call<DeviceListResponse>(tech.client, 'GET', '/devices?limit=200');
    expect(listed.body.items.every((d) => d.site.id === siteA)).toBe(true);
    const createAtB = await create({ siteId: siteB }, tech.client);
    expect(createAtB.status).toBe(403);
    const createAtA = await create({ serialNumber: 'TECH-1' }, tech.client);
    expect(createAtA.status).toBe(201);
    const moveToB = await call(tech.client, 'PATCH', `/devices/${createAtA.body.id}`, {
      version: createAtA.body.version,
      siteId: siteB,
    });
    expect(moveToB.status).toBe(403);
    const clinical = await t.createUser('clinical_staff');
    expect((await create({}, clinical.client)).status).toBe(403);
    expect((await call(clinical.client, 'GET', `/devices/${atB.id}`)).status).toBe(200);
  });

  it("answers 404 to another organization's device ids and refuses its models and sites", async () => {
    const d = (await create({ assetTag: 'MINE-1' })).body;
    const other = (await t.createOrganization('Other Hospital')).admin;
    for (const url of [`/devices/${d.id}`, `/devices/${d.id}/history`, `/devices/${d.id}/children`])
      expect((await call(other, 'GET', url)).status, url).toBe(404);
    expect((await call(other, 'PATCH', `/devices/${d.id}`, { version: d.version, room: 'x' })).status).toBe(
      404,
    );
    expect(
      (
        await call(other, 'POST', `/devices/${d.id}/status`, {
          version: d.version,
          status: 'in_service',
          reason: 'x',
        })
      ).status,
    ).toBe(404);
    const otherSite = (
      await call<{ id: string }>(other, 'POST', '/sites', { name: 'Elsewhere', code: 'E', timeZone: 'UTC' })
    ).body.id;
    const foreignModel = await call<ErrorBody>(other, 'POST', '/devices', { modelId, siteId: otherSite });
    expect(fieldOf(foreignModel.body)).toBe('modelId');
    expect((await call<DeviceListResponse>(other, 'GET', '/devices?q=MINE-1')).body.items).toEqual([]);
  });

  it('validates custom fields against the organization’s definitions', async () => {
    const org = await t.createOrganization('Custom Hospital');
    const c = org.admin;
    const site = (
      await call<{ id: string }>(c, 'POST', '/sites', { name: 'Main', code: 'M', timeZone: 'UTC' })
    ).body.id;
    const maker = (await call<{ id: string }>(c, 'POST', '/manufacturers', { name: 'Mindray' })).body.id;
    const model = (
      await call<{ id: string }>(c, 'POST', '/models', {
        manufacturerId: maker,
        modelNumber: 'BS',
        name: 'B',
      })
    ).body.id;
    await call(c, 'POST', '/custom-fields', {
      key: 'risk',
      label: 'Risk',
      type: 'choice',
      options: ['high', 'low'],
      required: true,
    });
    await call(c, 'POST', '/custom-fields', { key: 'pm_minutes', label: 'PM minutes', type: 'number' });
    const post = (customFields: object) =>
      call<Device>(c, 'POST', '/devices', { modelId: model, siteId: site, customFields });
    expect(fieldOf((await post({})).body)).toBe('customFields.risk');
    expect(fieldOf((await post({ risk: 'medium' })).body)).toBe('customFields.risk');
    expect(fieldOf((await post({ risk: 'high', pm_minutes: 'ten' })).body)).toBe('customFields.pm_minutes');
    expect(fieldOf((await post({ risk: 'high', colour: 'red' })).body)).toBe('customFields.colour');
    const ok = await post({ risk: 'high', pm_minutes: 30 });
    expect(ok.status).toBe(201);
    expect(ok.body.customFields).toEqual({ risk: 'high', pm_minutes: 30 });
    const cleared = await call<Device>(c, 'PATCH', `/devices/${ok.body.id}`, {
      version: ok.body.version,
      customFields: { pm_minutes: null },
    });
    expect(cleared.body.customFields).toEqual({ risk: 'high' });
  });
});
