import type { z } from 'zod';
import type {
  CreateDeviceRequest,
  CreateManufacturerRequest,
  CreateModelRequest,
} from '../../src/contracts/index.ts';
import {
  buildDemoHospital,
  DEMO_MANUFACTURERS,
  DEMO_MODELS,
  demoGtin,
  type DemoDevice,
  type DemoHospital,
} from '../../src/server/modules/inventory/index.ts';

/**
 * Test factories over the demo hospital's builders (docs/architecture.md §6: factories and the demo data share one
 * set of builders): realistic manufacturers, models and devices as the API's requests, deterministic by seed.
 */

export {
  buildDemoHospital,
  createRandom,
  DEMO_MANUFACTURERS,
  DEMO_MODELS,
  demoGtin,
  loadDemoHospital,
  type DemoDevice,
  type DemoHospital,
} from '../../src/server/modules/inventory/index.ts';

/** The day TestClock starts on, so builder dates line up with the test app's clock. */
export const TEST_TODAY = '2026-11-21';

const hospitals = new Map<string, DemoHospital>();

/** A demo hospital of `devices` devices, built once per (devices, seed) in a test file. */
export function demoHospital(devices = 200, seed = 1): DemoHospital {
  const key = `${devices}|${seed}`;
  let h = hospitals.get(key);
  if (!h) hospitals.set(key, (h = buildDemoHospital({ today: TEST_TODAY, devices, seed })));
  return h;
}

/** `count` realistic devices (with serials, UDIs, locations, histories), the same for the same seed. */
export const demoDevices = (count: number, seed = 1): DemoDevice[] => demoHospital(count, seed).devices;

/** The i-th demo manufacturer as a POST /manufacturers body (its name, aliases and website). */
export function manufacturerRequest(i = 0): z.input<typeof CreateManufacturerRequest> {
  const m = DEMO_MANUFACTURERS[i % DEMO_MANUFACTURERS.length] ?? DEMO_MANUFACTURERS[0];
  if (!m) throw new Error('no demo manufacturers');
  return { name: m.name, aliases: [...m.aliases], website: m.website };
}

/**
 * The i-th demo model as a POST /models body for a manufacturer created by the test. Its device identifiers are
 * GS1 GTINs with valid check digits; `variant` changes them (and the model number) so one test can make several.
 */
export function modelRequest(
  manufacturerId: string,
  opts: { index?: number; variant?: number; deviceTypeId?: string | null } = {},
): z.input<typeof CreateModelRequest> {
  const index = opts.index ?? 0;
  const spec = DEMO_MODELS[index % DEMO_MODELS.length] ?? DEMO_MODELS[0];
  if (!spec) throw new Error('no demo models');
  const variant = opts.variant ?? 0;
  return {
    manufacturerId,
    modelNumber: variant === 0 ? spec.modelNumber : `${spec.modelNumber}-V${variant}`,
    name: spec.name,
    deviceTypeId: opts.deviceTypeId ?? null,
    deviceIdentifiers: [demoGtin('9999', (index % 10_000) * 100 + (variant % 100))],
    endOfSale: spec.endOfSale ?? null,
    endOfSupport: spec.endOfSupport ?? null,
  };
}

/** The FDA product code of the i-th demo model (null for test equipment FDA does not classify). */
export const modelProductCode = (index = 0): string | null =>
  DEMO_MODELS[index % DEMO_MODELS.length]?.productCode ?? null;

/**
 * A POST /devices body from a demo device, for a model and site the test created. Pass `udi: false` when the
 * model's identifiers are not the demo's (the UDI names the demo model's GTIN).
 */
export function deviceRequest(
  ids: { modelId: string; siteId: string; parentId?: string | null },
  device: DemoDevice,
  opts: { udi?: boolean; assetTag?: boolean } = {},
): z.input<typeof CreateDeviceRequest> {
  return {
    ...(opts.assetTag === false ? {} : { assetTag: device.assetTag }),
    serialNumber: device.serialNumber,
    modelId: ids.modelId,
    udi: opts.udi === false ? null : device.udiRaw,
    siteId: ids.siteId,
    building: device.building,
    floor: device.floor,
    room: device.room,
    department: device.department,
    ownership: device.ownership,
    serviceProvider: device.serviceProvider,
    acquisitionDate: device.acquisitionDate,
    acquisitionCost: device.acquisitionCost,
    purchaseOrder: device.purchaseOrder,
    inServiceDate: device.inServiceDate,
    warrantyEnd: device.warrantyEnd,
    softwareVersion: device.softwareVersion,
    firmwareVersion: device.firmwareVersion,
    networkConnected: device.networkConnected,
    macAddress: device.macAddress,
    ipAddress: device.ipAddress,
    hostname: device.hostname,
    parentId: ids.parentId ?? null,
    notes: device.notes,
    status: device.status === 'received' ? 'received' : 'in_service',
  };
}
