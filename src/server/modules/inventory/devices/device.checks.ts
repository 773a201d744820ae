import { and, eq } from 'drizzle-orm';
import { permittedSiteIds, type Actor } from '../../../platform/actor.ts';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { sites } from '../../sites/index.ts';
import { alreadyExists, invalidField } from '../catalog/conflicts.ts';
import { listCustomFields } from '../catalog/custom-field.queries.ts';
import { applyCustomFields, type CustomFieldScalar } from '../catalog/custom-field.rules.ts';
import { findModelIdByIdentifier } from '../catalog/model.queries.ts';
import { models } from '../inventory.schema.ts';
import * as q from './device.queries.ts';

/**
 * The checks a device's references and unique values must pass, shared by create, update and import. Each
 * throws an AppError naming the field.
 */

/** The site exists in the organization, is active, and the actor may manage devices there. */
export async function checkSite(tx: DbOrTx, actor: Actor, siteId: string): Promise<void> {
  const [site] = await tx
    .select({ id: sites.id, active: sites.active })
    .from(sites)
    .where(and(eq(sites.organizationId, actor.organizationId), eq(sites.id, siteId)));
  if (!site) throw invalidField('siteId', 'is not a site of this organization');
  const permitted = permittedSiteIds(actor);
  if (permitted && !permitted.includes(siteId))
    throw new AppError('FORBIDDEN', 'You may not manage devices at this site');
  if (!site.active) throw invalidField('siteId', 'is a deactivated site');
}

export async function checkModel(tx: DbOrTx, organizationId: string, modelId: string): Promise<void> {
  const [m] = await tx
    .select({ id: models.id })
    .from(models)
    .where(and(eq(models.organizationId, organizationId), eq(models.id, modelId)));
  if (!m) throw invalidField('modelId', 'is not a model of this organization');
}

/** A UDI whose device identifier the catalog gives to another model was scanned from another device. */
export async function checkUdiModel(
  tx: DbOrTx,
  organizationId: string,
  deviceIdentifier: string | null,
  modelId: string,
): Promise<void> {
  if (!deviceIdentifier) return;
  const owner = await findModelIdByIdentifier(tx, organizationId, deviceIdentifier);
  if (owner && owner !== modelId)
    throw invalidField('udi', `its device identifier ${deviceIdentifier} belongs to another model`);
}

export async function checkParent(
  tx: DbOrTx,
  actor: Actor,
  deviceId: string | null,
  parentId: string | null | undefined,
): Promise<void> {
  if (!parentId) return;
  if (parentId === deviceId) throw invalidField('parentId', 'a device cannot be its own parent');
  const p = await q.findDevice(tx, actor.organizationId, parentId, permittedSiteIds(actor));
  if (!p) throw invalidField('parentId', 'is not a device of this organization');
  if (deviceId && (await q.wouldCycle(tx, deviceId, parentId)))
    throw invalidField('parentId', 'is a component of this device; the link would make a loop');
}

export async function checkUniqueValues(
  tx: DbOrTx,
  organizationId: string,
  v: { assetTag: string; modelId: string; serialNumber: string | null },
  exceptId: string | null,
): Promise<void> {
  const tag = await q.findDeviceByAssetTag(tx, organizationId, v.assetTag, exceptId);
  if (tag) throw alreadyExists('assetTag', `Asset tag ${tag.assetTag} is already on another device`);
  if (v.serialNumber) {
    const serial = await q.findDeviceBySerial(tx, organizationId, v.modelId, v.serialNumber, exceptId);
    if (serial)
      throw alreadyExists(
        'serialNumber',
        `Serial number ${serial.serialNumber ?? ''} of this model is already on device ${serial.assetTag}`,
      );
  }
}

export async function checkCustomFields(
  tx: DbOrTx,
  organizationId: string,
  current: Readonly<Record<string, unknown>>,
  changes: Readonly<Record<string, CustomFieldScalar | null>>,
): Promise<Record<string, unknown>> {
  const defs = await listCustomFields(tx, organizationId);
  const { values, errors } = applyCustomFields(defs, current, changes);
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', 'The request has invalid fields', errors);
  return values;
}

export const uniqueDeviceFields: Record<string, string> = {
  devices_org_tag_uq: 'assetTag',
  devices_org_model_serial_uq: 'serialNumber',
};
