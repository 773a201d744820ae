import type {
  ChangeDeviceStatusRequest,
  CreateDeviceRequest,
  Device,
  DeviceStatus,
  DeviceStatusChange,
  UpdateDeviceRequest,
} from '../../../../contracts/index.ts';
import { deviceStatusLabels } from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { AppError, notFound, versionConflict } from '../../../platform/errors.ts';
import { invalidField, mapUniqueViolations } from '../catalog/conflicts.ts';
import { reserveAssetTags } from './asset-tags.queries.ts';
import {
  checkCustomFields,
  checkModel,
  checkParent,
  checkSite,
  checkUdiModel,
  checkUniqueValues,
  uniqueDeviceFields,
} from './device.checks.ts';
import { toDevice, toStatusChange } from './device.mappers.ts';
import * as q from './device.queries.ts';
import {
  allowedTransitions,
  deviceSearchText,
  mayTransition,
  normalizeMac,
  udiOnDevice,
} from './device.rules.ts';

/** Why the first entry of a device's history exists. */
export const ADDED_TO_INVENTORY = 'Added to the inventory';

const orNull = <T>(v: T | null | undefined): T | null => (v === undefined || v === '' ? null : v);

export function createDevicesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function viewOf(tx: DbOrTx, organizationId: string, id: string): Promise<Device> {
    const row = await q.findDeviceView(tx, organizationId, id, undefined);
    if (!row) throw new Error('device vanished inside its transaction');
    return toDevice(row);
  }

  async function getDevice(actor: Actor, id: string): Promise<Device> {
    requirePermission(actor, 'inventory.read');
    const row = await q.findDeviceView(db, actor.organizationId, id, permittedSiteIds(actor));
    if (!row) throw notFound('Device');
    return toDevice(row);
  }

  async function createDevice(actor: Actor, input: CreateDeviceRequest): Promise<Device> {
    requirePermission(actor, 'inventory.manage');
    const now = clock.now();
    const udi = udiOnDevice(input.udi, now);
    if (!udi.ok) throw invalidField('udi', udi.message);
    // A scanned UDI usually carries the serial number; it fills the field when the user left it empty.
    const serialNumber = orNull(input.serialNumber) ?? udi.udi?.serial ?? null;
    return db.transaction(async (tx) => {
      const org = actor.organizationId;
      await checkSite(tx, actor, input.siteId);
      await checkModel(tx, org, input.modelId);
      await checkUdiModel(tx, org, udi.udiDeviceIdentifier, input.modelId);
      await checkParent(tx, actor, null, input.parentId);
      const customFields = await checkCustomFields(tx, org, {}, input.customFields);
      const assetTag = input.assetTag ?? (await reserveAssetTags(tx, org, 1))[0];
      if (!assetTag) throw new Error('no asset tag reserved');
      await checkUniqueValues(tx, org, { assetTag, modelId: input.modelId, serialNumber }, null);
      const fields = {
        assetTag,
        serialNumber,
        modelId: input.modelId,
        udiRaw: udi.udiRaw,
        udiDeviceIdentifier: udi.udiDeviceIdentifier,
        udi: udi.udi,
        siteId: input.siteId,
        building: orNull(input.building),
        floor: orNull(input.floor),
        room: orNull(input.room),
        department: orNull(input.department),
        ownership: input.ownership,
        serviceProvider: input.serviceProvider,
        acquisitionDate: orNull(input.acquisitionDate),
        acquisitionCost: orNull(input.acquisitionCost),
        purchaseOrder: orNull(input.purchaseOrder),
        inServiceDate: orNull(input.inServiceDate),
        warrantyEnd: orNull(input.warrantyEnd),
        softwareVersion: orNull(input.softwareVersion),
        firmwareVersion: orNull(input.firmwareVersion),
        networkConnected: input.networkConnected,
        macAddress: input.macAddress ? normalizeMac(input.macAddress) : null,
        ipAddress: orNull(input.ipAddress),
        hostname: orNull(input.hostname),
        parentId: orNull(input.parentId),
        customFields,
        notes: orNull(input.notes),
      };
      const row = await mapUniqueViolations(uniqueDeviceFields, () =>
        q.insertDevice(tx, {
          ...fields,
          organizationId: org,
          status: input.status,
          statusChangedAt: now,
          searchText: deviceSearchText(fields),
          createdAt: now,
          updatedAt: now,
        }),
      );
      await q.insertStatusChange(tx, {
        organizationId: org,
        deviceId: row.id,
        fromStatus: null,
        toStatus: input.status,
        reason: ADDED_TO_INVENTORY,
        actorId: actor.userId,
        actorLabel: actor.label,
        occurredAt: now,
      });
      const device = await viewOf(tx, org, row.id);
      await recordAudit(tx, actor, clock, {
        action: 'device.created',
        entityType: 'device',
        entityId: row.id,
        after: device,
      });
      return device;
    });
  }

  async function updateDevice(actor: Actor, id: string, input: UpdateDeviceRequest): Promise<Device> {
    requirePermission(actor, 'inventory.manage');
    const { version, reason, ...patch } = input;
    const now = clock.now();
    const udi = patch.udi === undefined ? undefined : udiOnDevice(patch.udi, now);
    if (udi && !udi.ok) throw invalidField('udi', udi.message);
    return db.transaction(async (tx) => {
      const org = actor.organizationId;
      const before = await q.findDeviceView(tx, org, id, permittedSiteIds(actor));
      if (!before) throw notFound('Device');
      if (before.version !== version) throw versionConflict('The device');
      if (patch.siteId !== undefined && patch.siteId !== before.siteId)
        await checkSite(tx, actor, patch.siteId);
      const modelId = patch.modelId ?? before.modelId;
      if (modelId !== before.modelId) await checkModel(tx, org, modelId);
      const udiDeviceIdentifier = udi?.ok ? udi.udiDeviceIdentifier : before.udiDeviceIdentifier;
      if (udi || modelId !== before.modelId) await checkUdiModel(tx, org, udiDeviceIdentifier, modelId);
      if (patch.parentId !== undefined && patch.parentId !== before.parentId)
        await checkParent(tx, actor, id, patch.parentId);
      const customFields =
        patch.customFields === undefined
          ? undefined
          : await checkCustomFields(tx, org, before.customFields, patch.customFields);
      const assetTag = patch.assetTag ?? before.assetTag;
      const serialNumber =
        patch.serialNumber === undefined ? before.serialNumber : orNull(patch.serialNumber);
      await checkUniqueValues(tx, org, { assetTag, modelId, serialNumber }, id);
      const opt = <T>(v: T | null | undefined): T | null | undefined =>
        v === undefined ? undefined : orNull(v);
      const changes = {
        assetTag,
        serialNumber,
        modelId,
        ...(udi?.ok
          ? { udiRaw: udi.udiRaw, udiDeviceIdentifier: udi.udiDeviceIdentifier, udi: udi.udi }
          : {}),
        siteId: patch.siteId,
        building: opt(patch.building),
        floor: opt(patch.floor),
        room: opt(patch.room),
        department: opt(patch.department),
        ownership: patch.ownership,
        serviceProvider: patch.serviceProvider,
        acquisitionDate: opt(patch.acquisitionDate),
        acquisitionCost: opt(patch.acquisitionCost),
        purchaseOrder: opt(patch.purchaseOrder),
        inServiceDate: opt(patch.inServiceDate),
        warrantyEnd: opt(patch.warrantyEnd),
        softwareVersion: opt(patch.softwareVersion),
        firmwareVersion: opt(patch.firmwareVersion),
        networkConnected: patch.networkConnected,
        macAddress:
          patch.macAddress === undefined
            ? undefined
            : patch.macAddress
              ? normalizeMac(patch.macAddress)
              : null,
        ipAddress: opt(patch.ipAddress),
        hostname: opt(patch.hostname),
        parentId: opt(patch.parentId),
        customFields,
        notes: opt(patch.notes),
      };
      const current = <T>(v: T | undefined, was: T): T => (v === undefined ? was : v);
      const searchText = deviceSearchText({
        assetTag,
        serialNumber,
        udiDeviceIdentifier,
        building: current(changes.building, before.building),
        floor: current(changes.floor, before.floor),
        room: current(changes.room, before.room),
        department: current(changes.department, before.department),
        hostname: current(changes.hostname, before.hostname),
        purchaseOrder: current(changes.purchaseOrder, before.purchaseOrder),
      });
      const row = await mapUniqueViolations(uniqueDeviceFields, () =>
        q.updateDevice(tx, org, id, version, {
          ...changes,
          searchText,
          updatedAt: now,
        }),
      );
      if (!row) throw versionConflict('The device');
      const device = await viewOf(tx, org, id);
      await recordAudit(tx, actor, clock, {
        action: 'device.updated',
        entityType: 'device',
        entityId: id,
        before: toDevice(before),
        after: device,
        reason: reason ?? null,
      });
      return device;
    });
  }

  async function changeDeviceStatus(
    actor: Actor,
    id: string,
    input: ChangeDeviceStatusRequest,
  ): Promise<Device> {
    requirePermission(actor, 'inventory.manage');
    return db.transaction(async (tx) => {
      const org = actor.organizationId;
      const before = await q.findDeviceView(tx, org, id, permittedSiteIds(actor));
      if (!before) throw notFound('Device');
      if (before.version !== input.version) throw versionConflict('The device');
      const from = before.status as DeviceStatus;
      if (!mayTransition(from, input.status)) throw invalidTransition(from, input.status);
      const now = clock.now();
      const row = await q.updateDevice(tx, org, id, input.version, {
        status: input.status,
        statusChangedAt: now,
        updatedAt: now,
      });
      if (!row) throw versionConflict('The device');
      await q.insertStatusChange(tx, {
        organizationId: org,
        deviceId: id,
        fromStatus: from,
        toStatus: input.status,
        reason: input.reason,
        actorId: actor.userId,
        actorLabel: actor.label,
        occurredAt: now,
      });
      const device = await viewOf(tx, org, id);
      await recordAudit(tx, actor, clock, {
        action: 'device.status_changed',
        entityType: 'device',
        entityId: id,
        before: toDevice(before),
        after: device,
        reason: input.reason,
      });
      return device;
    });
  }

  async function listDeviceHistory(actor: Actor, id: string): Promise<{ items: DeviceStatusChange[] }> {
    requirePermission(actor, 'inventory.read');
    const device = await q.findDevice(db, actor.organizationId, id, permittedSiteIds(actor));
    if (!device) throw notFound('Device');
    return { items: (await q.listStatusChanges(db, actor.organizationId, id)).map(toStatusChange) };
  }

  return { getDevice, createDevice, updateDevice, changeDeviceStatus, listDeviceHistory };
}

/** 409 INVALID_TRANSITION: the lifecycle does not allow this step; the details say which steps it does allow. */
export function invalidTransition(from: DeviceStatus, to: DeviceStatus): AppError {
  const allowed = allowedTransitions[from];
  return new AppError(
    'INVALID_TRANSITION',
    `A device that is ${deviceStatusLabels[from].toLowerCase()} cannot become ${deviceStatusLabels[to].toLowerCase()}`,
    [
      {
        field: 'status',
        message: `${from} -> ${to} is not allowed; from ${from} a device may go to ${allowed.length ? allowed.join(', ') : 'nothing (final)'}`,
      },
    ],
  );
}

export type DevicesService = ReturnType<typeof createDevicesService>;
