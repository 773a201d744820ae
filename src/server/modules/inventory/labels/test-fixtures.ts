import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/database.ts';
import { normalizeManufacturerName, normalizeModelNumber } from '../devices/device.rules.ts';
import { devices, manufacturers, models } from '../inventory.schema.ts';

/**
 * Test data for the labels and documents suites: a manufacturer, a model and devices written straight to the
 * tables, so these suites do not depend on the catalog and device services' own rules.
 */
export async function seedModel(
  db: Db,
  organizationId: string,
  opts: { manufacturer?: string; modelNumber?: string; name?: string } = {},
): Promise<{ manufacturerId: string; modelId: string }> {
  const name = opts.manufacturer ?? `Maker ${randomUUID().slice(0, 8)}`;
  const [m] = await db
    .insert(manufacturers)
    .values({ organizationId, name, normalizedName: normalizeManufacturerName(name) })
    .returning({ id: manufacturers.id });
  if (!m) throw new Error('no manufacturer');
  const modelNumber = opts.modelNumber ?? `M-${randomUUID().slice(0, 6)}`;
  const [model] = await db
    .insert(models)
    .values({
      organizationId,
      manufacturerId: m.id,
      modelNumber,
      normalizedModelNumber: normalizeModelNumber(modelNumber),
      name: opts.name ?? 'Infusion pump',
    })
    .returning({ id: models.id });
  if (!model) throw new Error('no model');
  return { manufacturerId: m.id, modelId: model.id };
}

export async function seedDevice(
  db: Db,
  organizationId: string,
  opts: { modelId: string; siteId: string; assetTag: string; serialNumber?: string | null },
): Promise<string> {
  const [d] = await db
    .insert(devices)
    .values({
      organizationId,
      modelId: opts.modelId,
      siteId: opts.siteId,
      assetTag: opts.assetTag,
      serialNumber: opts.serialNumber === undefined ? `SN-${opts.assetTag}` : opts.serialNumber,
      status: 'in_service',
    })
    .returning({ id: devices.id });
  if (!d) throw new Error('no device');
  return d.id;
}
