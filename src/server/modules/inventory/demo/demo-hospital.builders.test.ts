import { beforeAll, describe, expect, it } from 'vitest';
import {
  AssetTag,
  CreateDeviceRequest,
  CreateManufacturerRequest,
  CreateModelRequest,
  Hostname,
  IpAddress,
  MacAddress,
  Money,
  type DeviceStatus,
} from '../../../../contracts/index.ts';
import {
  demoDevices,
  deviceRequest,
  manufacturerRequest,
  modelRequest,
} from '../../../../../test/support/inventory-builders.ts';
import { loadFdaClassification } from '../device-types/fda-classification.loader.ts';
import { mayTransition, normalizeManufacturerName, normalizeModelNumber } from '../devices/device.rules.ts';
import { gtinCheckDigit, parseUdi } from '../udi/udi.rules.ts';
import { DEMO_CATEGORY_PROFILES, DEMO_MODELS, DEMO_SITES, modelKey } from './demo-catalog.data.ts';
import { buildDemoHospital, buildDemoModels, type DemoHospital } from './demo-hospital.builders.ts';
import { createRandom } from './demo-random.ts';

const TODAY = '2026-11-21';

describe('demo hospital builders', () => {
  let hospital: DemoHospital;
  beforeAll(() => {
    hospital = buildDemoHospital({ today: TODAY });
  });

  it('build the same hospital from the same seed and day, and another from another seed', () => {
    const a = buildDemoHospital({ today: TODAY, seed: 7, devices: 600 });
    const b = buildDemoHospital({ today: TODAY, seed: 7, devices: 600 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = buildDemoHospital({ today: TODAY, seed: 8, devices: 600 });
    expect(c.devices.map((d) => d.serialNumber)).not.toEqual(a.devices.map((d) => d.serialNumber));
  });

  it('make exactly the number of devices asked for', () => {
    expect(hospital.devices).toHaveLength(5000);
    for (const n of [1, 2, 37, 500])
      expect(buildDemoHospital({ today: TODAY, devices: n }).devices).toHaveLength(n);
    expect(hospital.assetTags.nextNumber).toBe(5001);
  });

  it('map every model to a product code in the FDA classification, or to an own type when FDA has none', async () => {
    const { rows } = await loadFdaClassification();
    const codes = new Set(rows.map((r) => r.productCode));
    for (const m of DEMO_MODELS) {
      if (m.productCode === null) expect(m.ownType, modelKey(m)).toBeTruthy();
      else expect(codes.has(m.productCode), `${modelKey(m)} ${m.productCode}`).toBe(true);
    }
  });

  it('give every model GS1 device identifiers with valid check digits, unique across the catalog', () => {
    const all = buildDemoModels().flatMap((m) => m.deviceIdentifiers);
    expect(new Set(all).size).toBe(all.length);
    for (const di of all) {
      expect(di).toMatch(/^\d{14}$/);
      expect(gtinCheckDigit(di.slice(0, 13))).toBe(di.slice(13));
      expect(parseUdi(`(01)${di}`).errors).toEqual([]);
    }
  });

  it('keep model numbers and manufacturer names and aliases distinct once normalized', () => {
    const models = new Set(
      DEMO_MODELS.map((m) => `${m.manufacturer}/${normalizeModelNumber(m.modelNumber)}`),
    );
    expect(models.size).toBe(DEMO_MODELS.length);
    const names = hospital.manufacturers
      .flatMap((m) => [m.name, ...m.aliases])
      .map(normalizeManufacturerName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('write UDIs that parse without errors and match the device', () => {
    const withUdi = hospital.devices.filter((d) => d.udiRaw !== null);
    expect(withUdi.length).toBeGreaterThan(hospital.devices.length / 2);
    const models = new Map(hospital.models.map((m) => [m.key, m]));
    for (const d of withUdi) {
      const parsed = parseUdi(d.udiRaw ?? '', new Date(`${TODAY}T00:00:00Z`));
      expect(parsed.errors, d.udiRaw ?? '').toEqual([]);
      expect(parsed.serial).toBe(d.serialNumber);
      expect(parsed.deviceIdentifier).toBe(d.udiDeviceIdentifier);
      expect(models.get(d.model)?.deviceIdentifiers).toContain(d.udiDeviceIdentifier);
      expect(d.udi?.deviceIdentifier).toBe(d.udiDeviceIdentifier);
    }
    expect(withUdi.some((d) => d.udi?.lot && d.udi.expiryDate)).toBe(true);
    expect(withUdi.some((d) => d.udi?.manufacturingDate)).toBe(true);
  });

  it('give status trails that follow the allowed transitions, in time order, ending at the status', () => {
    const tomorrow = Date.parse(`${TODAY}T00:00:00Z`);
    const seen = new Set<DeviceStatus>();
    for (const d of hospital.devices) {
      const [first, ...rest] = d.history;
      expect(first?.from).toBeNull();
      expect(first?.to).toBe('received');
      let prev = first;
      for (const h of rest) {
        expect(h.from).toBe(prev?.to);
        expect(mayTransition(h.from as DeviceStatus, h.to), `${d.assetTag}: ${h.from} -> ${h.to}`).toBe(true);
        expect(h.at.getTime()).toBeGreaterThan(prev?.at.getTime() ?? 0);
        expect(h.reason.length).toBeGreaterThan(0);
        prev = h;
      }
      expect(prev?.to).toBe(d.status);
      expect(prev?.at.getTime()).toBe(d.statusChangedAt.getTime());
      expect(d.statusChangedAt.getTime()).toBeLessThan(tomorrow);
      expect(d.history[0]?.at.toISOString().slice(0, 10)).toBe(d.acquisitionDate);
      expect(d.inServiceDate === null).toBe(d.status === 'received');
      seen.add(d.status);
    }
    expect([...seen].sort()).toEqual(
      ['disposed', 'in_service', 'inactive', 'missing', 'out_of_service', 'received', 'retired'].sort(),
    );
  });

  it('keep asset tags unique, serials unique per model, and components right after their system', () => {
    const tags = new Set(hospital.devices.map((d) => d.assetTag));
    expect(tags.size).toBe(hospital.devices.length);
    const serials = new Set(hospital.devices.map((d) => `${d.model}|${d.serialNumber}`));
    expect(serials.size).toBe(hospital.devices.length);
    const seen = new Map<string, (typeof hospital.devices)[number]>();
    for (const d of hospital.devices) {
      if (d.parentTag) {
        const parent = seen.get(d.parentTag);
        expect(parent, d.assetTag).toBeDefined();
        expect(parent?.parentTag).toBeNull();
        expect(d.site).toBe(parent?.site);
        expect(d.status).toBe(parent?.status);
      }
      seen.set(d.assetTag, d);
    }
    expect(hospital.devices.filter((d) => d.parentTag).length).toBeGreaterThan(100);
  });

  it('hold values the API would accept, unique network addresses, and devices where their site has the department', () => {
    const macs = new Set<string>();
    const ips = new Set<string>();
    for (const d of hospital.devices) {
      expect(AssetTag.safeParse(d.assetTag).success).toBe(true);
      if (d.acquisitionCost !== null) expect(Money.safeParse(d.acquisitionCost).success).toBe(true);
      if (d.networkConnected) {
        expect(MacAddress.safeParse(d.macAddress).success, d.macAddress ?? '').toBe(true);
        expect(IpAddress.safeParse(d.ipAddress).success, d.ipAddress ?? '').toBe(true);
        expect(Hostname.safeParse(d.hostname).success, d.hostname ?? '').toBe(true);
        macs.add(d.macAddress ?? '');
        ips.add(`${d.site}|${d.ipAddress ?? ''}`);
      } else {
        expect([d.macAddress, d.ipAddress, d.hostname]).toEqual([null, null, null]);
      }
      const site = DEMO_SITES.find((s) => s.code === d.site);
      expect(site?.departments.some((l) => l.department === d.department && l.building === d.building)).toBe(
        true,
      );
      const request = CreateDeviceRequest.safeParse({
        ...d,
        modelId: '00000000-0000-4000-8000-000000000000',
        siteId: '00000000-0000-4000-8000-000000000000',
        udi: d.udiRaw,
        status: 'received',
      });
      expect(request.error?.issues ?? [], d.assetTag).toEqual([]);
    }
    const connected = hospital.devices.filter((d) => d.networkConnected).length;
    expect(macs.size).toBe(connected);
    expect(ips.size).toBe(connected);
  });

  it('spread a realistic mix: every kind of equipment, many pumps and monitors, few MRIs, mostly owned', () => {
    const specs = new Map(DEMO_MODELS.map((m) => [modelKey(m), m]));
    const byCategory = new Map<string, number>();
    for (const d of hospital.devices) {
      const c = specs.get(d.model)?.category ?? '?';
      byCategory.set(c, (byCategory.get(c) ?? 0) + 1);
    }
    for (const c of Object.keys(DEMO_CATEGORY_PROFILES)) expect(byCategory.get(c), c).toBeGreaterThan(0);
    expect(byCategory.get('infusion_pump')).toBeGreaterThan(1000);
    expect(byCategory.get('patient_monitor')).toBeGreaterThan(300);
    expect(byCategory.get('mri')).toBeLessThan(6);
    expect(new Set(hospital.devices.map((d) => d.site)).size).toBe(DEMO_SITES.length);
    const owned = hospital.devices.filter((d) => d.ownership === 'owned').length;
    expect(owned / hospital.devices.length).toBeGreaterThan(0.7);
    for (const o of ['leased', 'rented', 'loaner', 'physician_owned', 'vendor_owned'])
      expect(
        hospital.devices.some((d) => d.ownership === o),
        o,
      ).toBe(true);
  });

  it('feed test factories whose requests the API contracts accept', () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (let i = 0; i < 30; i++) {
      expect(CreateManufacturerRequest.safeParse(manufacturerRequest(i)).error?.issues ?? []).toEqual([]);
      expect(
        CreateModelRequest.safeParse(modelRequest(uuid, { index: i, variant: i % 3 })).error?.issues ?? [],
      ).toEqual([]);
    }
    const devices = demoDevices(50, 3);
    expect(devices).toHaveLength(50);
    expect(demoDevices(50, 3)).toBe(devices);
    for (const d of devices)
      expect(
        CreateDeviceRequest.safeParse(deviceRequest({ modelId: uuid, siteId: uuid }, d)).error?.issues ?? [],
      ).toEqual([]);
  });

  it('draw from a seeded generator that repeats itself', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const draws = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(draws);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    const r = createRandom(1);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted({ a: 1, b: 3 })]++;
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });
});
