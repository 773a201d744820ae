import type { Device, DeviceStatusChange, UdiParseResult } from '../../../../contracts/index.ts';
import type { DeviceViewRow, StatusChangeRow } from './device.queries.ts';

type Row = Omit<DeviceViewRow, 'sortKey'>;

export const toDevice = (r: Row): Device => ({
  id: r.id,
  assetTag: r.assetTag,
  serialNumber: r.serialNumber,
  model: {
    id: r.modelId,
    modelNumber: r.modelNumber,
    name: r.modelName,
    manufacturer: { id: r.manufacturerId, name: r.manufacturerName },
    deviceType:
      r.deviceTypeId && r.deviceTypeName !== null
        ? {
            id: r.deviceTypeId,
            name: r.deviceTypeName,
            productCode: r.deviceTypeCode,
            deviceClass: r.deviceTypeClass as NonNullable<Device['model']['deviceType']>['deviceClass'],
          }
        : null,
  },
  udiRaw: r.udiRaw,
  udiDeviceIdentifier: r.udiDeviceIdentifier,
  udi: (r.udi as UdiParseResult | null) ?? null,
  site: { id: r.siteId, name: r.siteName, code: r.siteCode },
  building: r.building,
  floor: r.floor,
  room: r.room,
  department: r.department,
  ownership: r.ownership as Device['ownership'],
  serviceProvider: r.serviceProvider as Device['serviceProvider'],
  acquisitionDate: r.acquisitionDate,
  acquisitionCost: r.acquisitionCost,
  purchaseOrder: r.purchaseOrder,
  inServiceDate: r.inServiceDate,
  warrantyEnd: r.warrantyEnd,
  softwareVersion: r.softwareVersion,
  firmwareVersion: r.firmwareVersion,
  networkConnected: r.networkConnected,
  macAddress: r.macAddress,
  ipAddress: r.ipAddress,
  hostname: r.hostname,
  parent: r.parentId && r.parentAssetTag !== null ? { id: r.parentId, assetTag: r.parentAssetTag } : null,
  childCount: r.childCount,
  customFields: r.customFields as Device['customFields'],
  notes: r.notes,
  status: r.status as Device['status'],
  statusChangedAt: r.statusChangedAt.toISOString(),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  version: r.version,
});

export const toStatusChange = (r: StatusChangeRow): DeviceStatusChange => ({
  id: r.id,
  fromStatus: r.fromStatus as DeviceStatusChange['fromStatus'],
  toStatus: r.toStatus as DeviceStatusChange['toStatus'],
  reason: r.reason,
  actor: r.actorLabel,
  occurredAt: r.occurredAt.toISOString(),
});
