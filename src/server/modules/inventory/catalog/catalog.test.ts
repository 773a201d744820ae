import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceType, Manufacturer, Model } from '../../../../contracts/index.ts';
import { createTestApp, type Client, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe.each(engines())('inventory catalog (%s)', (engine) => {
  let t: TestApp;
  let other: Client;
  beforeAll(async () => {
    t = await createTestApp(engine);
    other = (await t.createOrganization('Other Hospital')).admin;
  });
  afterAll(async () => t?.close());

  /** The caller names the body's type, as with `res.json<T>()`. */
  const call = async <T>(
    client: Client,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
  ): Promise<{ status: number; body: T; json: () => T }> => {
    const res = await client.request({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<T>(), json: () => res.json<T>() };
  };
  const fieldOf = (b: unknown) => (b as ErrorBody).error.details[0]?.field;

  describe('device types', () => {
    it('lists FDA product codes by exact code or by words of the name, with their edition', async () => {
      const byCode = await call<Page<DeviceType>>(t.admin, 'GET', '/device-types?q=frn');
      expect(byCode.status).toBe(200);
      expect(byCode.body.items[0]).toMatchObject({
        productCode: 'FRN',
        name: 'Pump, Infusion',
        deviceClass: '2',
        regulationNumber: '880.5725',
        source: 'fda',
        datasetEdition: '2019-07',
      });
      const byName = await call<Page<DeviceType>>(
        t.admin,
        'GET',
        '/device-types?q=infusion&deviceClass=2&limit=200',
      );
      expect(byName.body.items.map((d) => d.productCode)).toContain('FRN');
      expect(byName.body.items.every((d) => d.deviceClass === '2' && /infusion/i.test(d.name))).toBe(true);

      const first = await call<Page<DeviceType>>(t.admin, 'GET', '/device-types?source=fda&limit=3');
      expect(first.body.nextCursor).toBeTruthy();
      const second = await call<Page<DeviceType>>(
        t.admin,
        'GET',
        `/device-types?source=fda&limit=3&cursor=${first.body.nextCursor}`,
      );
      expect(
        second.body.items[0]?.name.localeCompare(first.body.items[2]?.name ?? ''),
      ).toBeGreaterThanOrEqual(0);
      expect(second.body.items.map((d) => d.id)).not.toContain(first.body.items[2]?.id);
    });

    it('keeps FDA rows read-only and the organization’s own types to itself', async () => {
      const fda = (await call<Page<DeviceType>>(t.admin, 'GET', '/device-types?q=FRN')).body.items[0];
      const patch = await call<ErrorBody>(t.admin, 'PATCH', `/device-types/${fda?.id}`, {
        version: fda?.version,
        name: 'Renamed',
      });
      expect(patch.status).toBe(409);
      expect(patch.body.error.code).toBe('INVALID_STATE');

      const own = await call<DeviceType>(t.admin, 'POST', '/device-types', {
        name: 'Tourniquet system, pneumatic (local)',
        productCode: 'x01',
        umdnsCode: '17-384',
      });
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({ source: 'organization', datasetEdition: null, umdnsCode: '17-384' });
      const dup = await call<ErrorBody>(t.admin, 'POST', '/device-types', {
        name: 'Again',
        productCode: 'X01',
      });
      expect(dup.status).toBe(409);
      expect(fieldOf(dup.body)).toBe('productCode');

      const changed = await call<DeviceType>(t.admin, 'PATCH', `/device-types/${own.body.id}`, {
        version: own.body.version,
        deviceClass: '1',
      });
      expect(changed.body).toMatchObject({ deviceClass: '1', version: own.body.version + 1 });
      const listed = await call<Page<DeviceType>>(t.admin, 'GET', '/device-types?source=organization');
      expect(listed.body.items.map((d) => d.id)).toEqual([own.body.id]);

      expect((await call(other, 'GET', `/device-types/${own.body.id}`)).status).toBe(404);
      expect((await call(other, 'GET', `/device-types/${fda?.id}`)).status).toBe(200);
      expect(
        (await call<Page<DeviceType>>(other, 'GET', '/device-types?source=organization')).body.items,
      ).toEqual([]);
    });
  });

  describe('manufacturers', () => {
    let ge: Manufacturer;
    it('refuses a name or alias that normalizes to an existing one, naming the field', async () => {
      const created = await call<Manufacturer>(t.admin, 'POST', '/manufacturers', {
        name: 'GE HealthCare',
        aliases: ['GE Medical Systems', 'General Electric Healthcare', 'GE HEALTHCARE INC.'],
        website: 'https://www.gehealthcare.com',
      });
      expect(created.status).toBe(201);
      ge = created.body;
      expect(ge.normalizedName).toBe('ge healthcare');
      // the alias that is the name itself once normalized adds nothing
      expect(ge.aliases).toEqual(['GE Medical Systems', 'General Electric Healthcare']);

      const sameName = await call<ErrorBody>(t.admin, 'POST', '/manufacturers', {
        name: 'Ge Healthcare, Inc',
      });
      expect(sameName.status).toBe(409);
      expect(sameName.body.error.code).toBe('ALREADY_EXISTS');
      expect(fieldOf(sameName.body)).toBe('name');

      const nameIsAlias = await call<ErrorBody>(t.admin, 'POST', '/manufacturers', {
        name: 'GE Medical Systems LLC',
      });
      expect(fieldOf(nameIsAlias.body)).toBe('name');
      expect(nameIsAlias.body.error.message).toMatch(/GE HealthCare/);

      const aliasTaken = await call<ErrorBody>(t.admin, 'POST', '/manufacturers', {
        name: 'Acme Biomedical',
        aliases: ['Acme', 'ge medical systems, inc.'],
      });
      expect(aliasTaken.status).toBe(409);
      expect(fieldOf(aliasTaken.body)).toBe('aliases[1]');

      const blank = await call<ErrorBody>(t.admin, 'POST', '/manufacturers', { name: '!!!' });
      expect(blank.status).toBe(400);
      expect(fieldOf(blank.body)).toBe('name');

      // another organization keeps its own catalog
      expect((await call(other, 'POST', '/manufacturers', { name: 'GE HealthCare' })).status).toBe(201);
      expect((await call(other, 'GET', `/manufacturers/${ge.id}`)).status).toBe(404);
    });

    it('finds a manufacturer by an alias or a differently written name', async () => {
      for (const q of ['general electric', 'GE HEALTHCARE INC', 'healthcare']) {
        const r = await call<Page<Manufacturer>>(t.admin, 'GET', `/manufacturers?q=${encodeURIComponent(q)}`);
        expect(
          r.body.items.map((m) => m.id),
          q,
        ).toContain(ge.id);
      }
    });

    it('replaces aliases and renames, refusing a stale version', async () => {
      const renamed = await call<Manufacturer>(t.admin, 'PATCH', `/manufacturers/${ge.id}`, {
        version: ge.version,
        name: 'GE HealthCare Technologies',
        aliases: ['GE Medical Systems'],
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ aliases: ['GE Medical Systems'], version: ge.version + 1 });
      const stale = await call<ErrorBody>(t.admin, 'PATCH', `/manufacturers/${ge.id}`, {
        version: ge.version,
        name: 'Lost',
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('VERSION_CONFLICT');
      // the alias dropped is kept, retired, and free again
      const kept = await t.services.database.pool.query<{ alias: string; retired: boolean }>(
        'SELECT alias, retired_at IS NOT NULL AS retired FROM manufacturer_aliases WHERE manufacturer_id = $1 ORDER BY alias',
        [ge.id],
      );
      expect(kept.rows).toEqual([
        { alias: 'GE Medical Systems', retired: false },
        { alias: 'General Electric Healthcare', retired: true },
      ]);
      expect(
        (await call(t.admin, 'POST', '/manufacturers', { name: 'General Electric Healthcare' })).status,
      ).toBe(201);
      ge = renamed.body;
    });
  });

  describe('models', () => {
    let maker: Manufacturer;
    let model: Model;
    beforeAll(async () => {
      maker = (
        await call<Manufacturer>(t.admin, 'POST', '/manufacturers', { name: 'Baxter Healthcare Corporation' })
      ).body;
    });

    it('takes device identifiers as bare DIs or whole UDIs and names a wrong check digit', async () => {
      const fda = (await call<Page<DeviceType>>(t.admin, 'GET', '/device-types?q=FRN')).body.items[0];
      const created = await call<Model>(t.admin, 'POST', '/models', {
        manufacturerId: maker.id,
        modelNumber: 'SIGMA-35700',
        name: 'Spectrum infusion pump',
        deviceTypeId: fda?.id,
        deviceIdentifiers: ['(01)00208851107347(21)SN1', '00208851107347'],
        endOfSupport: '2030-12-31',
      });
      expect(created.status).toBe(201);
      model = created.body;
      expect(model).toMatchObject({
        manufacturer: { id: maker.id, name: 'Baxter Healthcare Corporation' },
        deviceType: { productCode: 'FRN', deviceClass: '2' },
        identifiers: [{ issuingAgency: 'GS1', deviceIdentifier: '00208851107347' }],
        endOfSupport: '2030-12-31',
        deviceCount: 0,
      });

      const bad = await call<ErrorBody>(t.admin, 'POST', '/models', {
        manufacturerId: maker.id,
        modelNumber: 'OTHER',
        name: 'Other',
        deviceIdentifiers: ['10208851107344', '00208851107345'],
      });
      expect(bad.status).toBe(400);
      expect(fieldOf(bad.body)).toBe('deviceIdentifiers[1]');
      expect(bad.body.error.details[0]?.message).toMatch(/expected 7/);

      const notAnId = await call<ErrorBody>(t.admin, 'POST', '/models', {
        manufacturerId: maker.id,
        modelNumber: 'OTHER',
        name: 'Other',
        deviceIdentifiers: ['hello'],
      });
      expect(fieldOf(notAnId.body)).toBe('deviceIdentifiers[0]');
    });

    it('refuses a model number already used by the manufacturer and a DI of another model', async () => {
      const sameNumber = await call<ErrorBody>(t.admin, 'POST', '/models', {
        manufacturerId: maker.id,
        modelNumber: 'sigma 35700',
        name: 'Duplicate',
      });
      expect(sameNumber.status).toBe(409);
      expect(fieldOf(sameNumber.body)).toBe('modelNumber');

      const diTaken = await call<ErrorBody>(t.admin, 'POST', '/models', {
        manufacturerId: maker.id,
        modelNumber: 'SIGMA-2',
        name: 'Second',
        deviceIdentifiers: ['(01)00208851107347'],
      });
      expect(diTaken.status).toBe(409);
      expect(fieldOf(diTaken.body)).toBe('deviceIdentifiers[0]');

      const foreign = (await call<Manufacturer>(other, 'POST', '/manufacturers', { name: 'Foreign Co' }))
        .body;
      const wrongOrg = await call<ErrorBody>(t.admin, 'POST', '/models', {
        manufacturerId: foreign.id,
        modelNumber: 'F1',
        name: 'F',
      });
      expect(wrongOrg.status).toBe(400);
      expect(fieldOf(wrongOrg.body)).toBe('manufacturerId');
    });

    it('finds models by words, by a scanned UDI, and follows a manufacturer rename', async () => {
      const byWords = await call<Page<Model>>(t.admin, 'GET', '/models?q=spectrum');
      expect(byWords.body.items.map((m) => m.id)).toEqual([model.id]);
      const byNumber = await call<Page<Model>>(t.admin, 'GET', '/models?q=sigma35700');
      expect(byNumber.body.items.map((m) => m.id)).toEqual([model.id]);
      const byUdi = await call<Page<Model>>(
        t.admin,
        'GET',
        `/models?q=${encodeURIComponent('(01)00208851107347(17)300101(10)LOT9')}`,
      );
      expect(byUdi.body.items.map((m) => m.id)).toEqual([model.id]);

      const renamed = await call<Manufacturer>(t.admin, 'PATCH', `/manufacturers/${maker.id}`, {
        version: maker.version,
        name: 'Vantive Health',
      });
      expect(renamed.status).toBe(200);
      expect(
        (await call<Page<Model>>(t.admin, 'GET', '/models?q=vantive')).body.items.map((m) => m.id),
      ).toEqual([model.id]);
      expect(
        (await call<Page<Model>>(t.admin, 'GET', `/models?manufacturerId=${maker.id}`)).body.items,
      ).toHaveLength(1);

      const changed = await call<Model>(t.admin, 'PATCH', `/models/${model.id}`, {
        version: model.version,
        deviceIdentifiers: [],
        name: 'Spectrum IQ',
      });
      expect(changed.body).toMatchObject({
        identifiers: [],
        name: 'Spectrum IQ',
        version: model.version + 1,
      });
      expect((await call(other, 'GET', `/models/${model.id}`)).status).toBe(404);
    });
  });

  describe('custom fields and asset-tag settings', () => {
    it('defines custom fields with unique keys and choices that need options', async () => {
      const field = await call<{ id: string; version: number; key: string }>(
        t.admin,
        'POST',
        '/custom-fields',
        {
          key: 'cost_center',
          label: 'Cost center',
          type: 'choice',
          options: ['ICU', 'ED', 'ICU'],
        },
      );
      expect(field.status).toBe(201);
      expect(field.body).toMatchObject({ options: ['ICU', 'ED'], required: false, active: true });
      const dup = await call<ErrorBody>(t.admin, 'POST', '/custom-fields', {
        key: 'cost_center',
        label: 'x',
        type: 'text',
      });
      expect(dup.status).toBe(409);
      expect(fieldOf(dup.body)).toBe('key');
      const noOptions = await call<ErrorBody>(t.admin, 'POST', '/custom-fields', {
        key: 'risk',
        label: 'Risk',
        type: 'choice',
      });
      expect(noOptions.status).toBe(400);
      expect(fieldOf(noOptions.body)).toBe('options');
      const off = await call(t.admin, 'PATCH', `/custom-fields/${field.body.id}`, {
        version: field.body.version,
        active: false,
        reason: 'replaced by the ERP code',
      });
      expect(off.body).toMatchObject({ active: false });
      const list = await call<{ items: { key: string }[] }>(t.admin, 'GET', '/custom-fields');
      expect(list.body.items.map((f) => f.key)).toEqual(['cost_center']);
      expect((await call<{ items: unknown[] }>(other, 'GET', '/custom-fields')).body.items).toEqual([]);
    });

    it('changes the asset-tag pattern without ever going back in numbering', async () => {
      const before = await call<{ prefix: string; digits: number; nextNumber: number; version: number }>(
        other,
        'GET',
        '/inventory/asset-tag-settings',
      );
      expect(before.body).toEqual({ prefix: 'A', digits: 6, nextNumber: 1, version: 1 });
      const put = await call<{ version: number }>(other, 'PUT', '/inventory/asset-tag-settings', {
        version: 1,
        prefix: 'BME-',
        digits: 5,
        nextNumber: 100,
      });
      expect(put.body).toEqual({ prefix: 'BME-', digits: 5, nextNumber: 100, version: 2 });
      const back = await call<ErrorBody>(other, 'PUT', '/inventory/asset-tag-settings', {
        version: 2,
        prefix: 'BME-',
        digits: 5,
        nextNumber: 5,
      });
      expect(back.status).toBe(400);
      expect(fieldOf(back.body)).toBe('nextNumber');
      const stale = await call<ErrorBody>(other, 'PUT', '/inventory/asset-tag-settings', {
        version: 1,
        prefix: 'X',
        digits: 4,
      });
      expect(stale.body.error.code).toBe('VERSION_CONFLICT');
      const badPrefix = await call<ErrorBody>(other, 'PUT', '/inventory/asset-tag-settings', {
        version: 2,
        prefix: 'has space',
        digits: 4,
      });
      expect(fieldOf(badPrefix.body)).toBe('prefix');
    });
  });
});
