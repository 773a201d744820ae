import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device, DeviceListResponse } from '../../../../contracts/index.ts';
import { createTestApp, type Client, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';
import { deviceListQuery, resolveReading, type DeviceReading } from './device-search.queries.ts';

const DI = '00208851107347';

describe.each(engines())('device search and lists (%s)', (engine) => {
  let t: TestApp;
  let siteA: string;
  let siteB: string;
  let spectrum: string;
  let monitor: string;
  let philips: string;

  /** The caller names the body's type, as with `res.json<T>()`. */
  const call = async <T>(
    client: Client,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
  ): Promise<{ status: number; body: T; json: () => T }> => {
    const res = await client.request({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<T>(), json: () => res.json<T>() };
  };
  const search = async (query: string) => {
    const r = await call<DeviceListResponse>(t.admin, 'GET', `/devices?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { match: r.body.match, tags: r.body.items.map((d) => d.assetTag), body: r.body };
  };
  const q = (text: string) => search(`q=${encodeURIComponent(text)}&limit=200`);

  beforeAll(async () => {
    t = await createTestApp(engine);
    const site = async (code: string) =>
      (await call<{ id: string }>(t.admin, 'POST', '/sites', { name: `Site ${code}`, code, timeZone: 'UTC' }))
        .body.id;
    siteA = await site('A');
    siteB = await site('B');
    const frn = (await call<{ items: { id: string }[] }>(t.admin, 'GET', '/device-types?q=FRN')).body.items[0]
      ?.id;
    const baxter = (
      await call<{ id: string }>(t.admin, 'POST', '/manufacturers', {
        name: 'Baxter Healthcare Corporation',
        aliases: ['Baxter International'],
      })
    ).body.id;
    philips = (
      await call<{ id: string }>(t.admin, 'POST', '/manufacturers', { name: 'Philips Medical Systems' })
    ).body.id;
    spectrum = (
      await call<{ id: string }>(t.admin, 'POST', '/models', {
        manufacturerId: baxter,
        modelNumber: '35700BAX',
        name: 'Sigma Spectrum',
        deviceTypeId: frn,
        deviceIdentifiers: [DI],
      })
    ).body.id;
    monitor = (
      await call<{ id: string }>(t.admin, 'POST', '/models', {
        manufacturerId: philips,
        modelNumber: 'MX450',
        name: 'IntelliVue MX450',
      })
    ).body.id;
    const add = async (assetTag: string, payload: object) => {
      const r = await call<Device>(t.admin, 'POST', '/devices', {
        assetTag,
        modelId: spectrum,
        siteId: siteA,
        status: 'in_service',
        ...payload,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      t.clock.advance(1000);
      return r.body;
    };
    await add('T-100', { serialNumber: 'SN-AAA', room: '3 West', department: 'ICU' });
    await add('T-200', { serialNumber: 'SN-BBB', department: 'ED' });
    const retired = await add('T-300', { serialNumber: 'SN-CCC', siteId: siteB, ownership: 'leased' });
    await call(t.admin, 'POST', `/devices/${retired.id}/status`, {
      version: retired.version,
      status: 'retired',
      reason: 'Recalled, replaced',
    });
    // a monitor whose serial is another device's tag, and one sharing a pump's serial
    await add('P-1', { modelId: monitor, serialNumber: 'T-100' });
    await add('P-2', { modelId: monitor, serialNumber: 'SN-AAA' });
    await add('P-3', { modelId: monitor });
  });
  afterAll(async () => t?.close());

  it('an exact asset tag ranks first, then an exact serial number', async () => {
    expect(await q('t-100')).toMatchObject({ match: 'asset_tag', tags: ['T-100'] });
    expect(await q('sn-aaa')).toMatchObject({ match: 'serial_number', tags: ['P-2', 'T-100'] });
  });

  it('a scanned UDI finds the device by the model’s DI and the UDI’s serial', async () => {
    expect(await q(`]d201${DI}21SN-BBB`)).toMatchObject({ match: 'udi', tags: ['T-200'] });
    expect(await q(`(01)${DI}(17)300101(10)LOT1(21)SN-CCC`)).toMatchObject({ match: 'udi', tags: ['T-300'] });
    // without a serial, every unit of that model (retired ones too)
    expect(await q(DI)).toMatchObject({ match: 'udi', tags: ['T-100', 'T-200', 'T-300'] });
    // a serial the inventory does not have finds nothing rather than some other unit
    expect(await q(`(01)${DI}(21)NOPE`)).toMatchObject({ match: 'none', tags: [] });
  });

  it('words find devices by model, manufacturer, alias, device type and the device’s own text', async () => {
    expect(await q('spectrum')).toMatchObject({ match: 'text', tags: ['T-100', 'T-200', 'T-300'] });
    expect(await q('Baxter International')).toMatchObject({
      match: 'text',
      tags: ['T-100', 'T-200', 'T-300'],
    });
    expect(await q('baxter healthcare')).toMatchObject({ match: 'text', tags: ['T-100', 'T-200', 'T-300'] });
    expect(await q('infusion')).toMatchObject({ match: 'text', tags: ['T-100', 'T-200', 'T-300'] });
    expect(await q('spectrum 3 west')).toMatchObject({ match: 'text', tags: ['T-100'] });
    expect(await q('mx 450'.replace(' ', ''))).toMatchObject({ match: 'text', tags: ['P-1', 'P-2', 'P-3'] });
    expect(await q('100% _x\\')).toMatchObject({ match: 'none', tags: [] });
    expect((await search('')).match).toBe('none');
  });

  it('includes retired devices unless the status filter says otherwise, and filters', async () => {
    expect((await search('limit=200')).tags).toContain('T-300');
    expect((await q('T-300')).tags).toEqual(['T-300']);
    expect((await search('status=retired')).tags).toEqual(['T-300']);
    expect((await search('status=in_service,received&q=spectrum')).tags).toEqual(['T-100', 'T-200']);
    expect((await search(`siteId=${siteB}`)).tags).toEqual(['T-300']);
    expect((await search(`manufacturerId=${philips}`)).tags).toEqual(['P-1', 'P-2', 'P-3']);
    expect((await search(`modelId=${spectrum}&ownership=leased`)).tags).toEqual(['T-300']);
    expect((await search('department=icu')).tags).toEqual(['T-100']);
    const bad = await call<{ error: { details: { field: string }[] } }>(
      t.admin,
      'GET',
      '/devices?status=lost',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]?.field).toBe('querystring.status');
  });

  it('pages with keyset cursors in every sort and order', async () => {
    const all = (await search('limit=200')).tags;
    expect(all).toEqual([...all].sort());
    for (const [sort, order] of [
      ['assetTag', 'asc'],
      ['assetTag', 'desc'],
      ['serialNumber', 'asc'],
      ['updatedAt', 'desc'],
      ['model', 'asc'],
      ['department', 'desc'],
      ['status', 'asc'],
    ] as const) {
      const full = (await search(`sort=${sort}&order=${order}&limit=200`)).tags;
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof search>> = await search(
          `sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...page.tags);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged, `${sort} ${order}`).toEqual(full);
      expect(new Set(paged).size).toBe(all.length);
    }
    const updated = (await search('sort=updatedAt&order=desc&limit=200')).tags;
    expect(updated.slice(0, 2)).toEqual(['P-3', 'P-2']);

    const first = await search('sort=assetTag&limit=2&q=spectrum');
    const next = await search(`sort=assetTag&limit=2&q=spectrum&cursor=${first.body.nextCursor}`);
    expect(next).toMatchObject({ match: 'text', tags: ['T-300'] });
    const otherSort = await call<{ error: { details: { field: string }[] } }>(
      t.admin,
      'GET',
      `/devices?sort=model&limit=2&q=spectrum&cursor=${first.body.nextCursor}`,
    );
    expect(otherSort.status).toBe(400);
    expect(otherSort.body.error.details[0]?.field).toBe('cursor');
  });

  it.runIf(engine === 'postgres')('answers each reading of the search box from an index', async () => {
    const pool = t.db.database.pool;
    await pool.query(
      `INSERT INTO devices (organization_id, asset_tag, serial_number, model_id, site_id, status, search_text,
         udi_device_identifier)
       SELECT $1, 'BULK-' || g, 'BS-' || g, $2, $3, 'in_service', lower('BULK-' || g || ' BS-' || g || ' room ' || g),
         CASE WHEN g % 100 = 0 THEN lpad(g::text, 14, '0') END
       FROM generate_series(1, 5000) g`,
      [t.organizationId, monitor, siteA],
    );
    // VACUUM also moves the trigram index's pending entries into the index, as autovacuum would.
    await pool.query('VACUUM ANALYZE devices');
    await pool.query('ANALYZE models');
    const plan = async (reading: DeviceReading) => {
      const db = t.db.database.db;
      const { sql, params } = deviceListQuery(db, {
        organizationId: t.organizationId,
        siteIds: undefined,
        match: await resolveReading(db, t.organizationId, reading),
        sort: 'assetTag',
        order: 'asc',
        limit: 51,
      }).toSQL();
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    const tag = await plan({ kind: 'asset_tag', value: 'bulk-4321' });
    expect(tag).toMatch(/devices_org_tag_uq/);
    const serial = await plan({ kind: 'serial_number', value: 'bs-4321' });
    expect(serial).toMatch(/devices_org_serial_idx|devices_org_model_serial_uq/);
    // a DI found only on a device, and one of a model with few units
    const udiOnDevice = await plan({ kind: 'udi', deviceIdentifier: '00000000004300', serial: null });
    expect(udiOnDevice).toMatch(/devices_org_udi_di_idx/);
    const udi = await plan({ kind: 'udi', deviceIdentifier: DI, serial: null });
    expect(udi).toMatch(/devices_model_idx/);
    const udiSerial = await plan({ kind: 'udi', deviceIdentifier: DI, serial: 'SN-AAA' });
    expect(udiSerial).toMatch(/devices_org_serial_idx|devices_org_model_serial_uq|devices_model_idx/);
    const text = await plan({ kind: 'text', words: [{ word: '4321', normalized: '4321' }] });
    expect(text).toMatch(/devices_search_trgm_idx/);
    const model = await plan({ kind: 'text', words: [{ word: 'spectrum', normalized: 'spectrum' }] });
    expect(model).toMatch(/devices_model_idx/);
    for (const p of [tag, serial, udiOnDevice, udi, udiSerial, text, model])
      expect(p).not.toMatch(/Seq Scan on devices/);
  });
});
