import type {
  Device,
  DeviceStatusChange,
  DocumentInfo,
  Model,
  UdiParseResult,
} from '../../../../contracts/index.ts';
import { ids } from '../../../testing/fixtures.ts';

/** Contract-typed inventory answers for web tests; every value is checked by `satisfies`. */
export const inventoryIds = {
  device: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  device2: '2e3f4051-6b7c-4d8e-9fa0-1b2c3d4e5f60',
  model: '3f405162-7c8d-4e9f-a0b1-2c3d4e5f6071',
  manufacturer: '40516273-8d9e-4fa0-b1c2-3d4e5f607182',
  deviceType: '51627384-9eaf-40b1-82d3-4e5f60718293',
  importId: '62738495-afb0-41c2-93e4-5f60718293a4',
};

export function aModel(overrides: Partial<Model> = {}): Model {
  return {
    id: inventoryIds.model,
    manufacturer: { id: inventoryIds.manufacturer, name: 'BD' },
    modelNumber: '8015',
    name: 'Alaris PC unit',
    deviceType: {
      id: inventoryIds.deviceType,
      name: 'Pump, infusion',
      productCode: 'FRN',
      deviceClass: '2',
    },
    identifiers: [{ issuingAgency: 'GS1', deviceIdentifier: '00885403123452' }],
    endOfSale: null,
    endOfSupport: '2030-12-31',
    active: true,
    deviceCount: 12,
    version: 1,
    ...overrides,
  } satisfies Model;
}

export function aDevice(overrides: Partial<Device> = {}): Device {
  const model = aModel();
  return {
    id: inventoryIds.device,
    assetTag: 'INV-00042',
    serialNumber: 'SN123',
    model: {
      id: model.id,
      modelNumber: model.modelNumber,
      name: model.name,
      manufacturer: model.manufacturer,
      deviceType: model.deviceType,
    },
    udiRaw: null,
    udiDeviceIdentifier: null,
    udi: null,
    site: { id: ids.siteMain, name: 'Main Campus', code: 'MAIN' },
    building: 'Tower A',
    floor: '3',
    room: '312',
    department: 'ICU',
    ownership: 'owned',
    serviceProvider: 'in_house',
    acquisitionDate: '2024-05-01',
    acquisitionCost: '4200.00',
    purchaseOrder: 'PO-7781',
    inServiceDate: '2024-05-20',
    warrantyEnd: '2027-05-01',
    softwareVersion: '12.1.2',
    firmwareVersion: null,
    networkConnected: true,
    macAddress: '00:1B:44:11:3A:B7',
    ipAddress: '10.20.30.40',
    hostname: 'pump-42',
    parent: null,
    childCount: 0,
    customFields: {},
    notes: null,
    status: 'in_service',
    statusChangedAt: '2024-05-20T14:00:00.000Z',
    createdAt: '2024-05-01T09:00:00.000Z',
    updatedAt: '2024-05-20T14:00:00.000Z',
    version: 3,
    ...overrides,
  } satisfies Device;
}

export function aStatusChange(overrides: Partial<DeviceStatusChange> = {}): DeviceStatusChange {
  return {
    id: '7384950a-b0c1-42d3-a4f5-60718293a4b5',
    fromStatus: null,
    toStatus: 'received',
    reason: 'Delivered',
    actor: 'ada.admin@example.org',
    occurredAt: '2024-05-01T09:00:00.000Z',
    ...overrides,
  } satisfies DeviceStatusChange;
}

export function aDocument(overrides: Partial<DocumentInfo> = {}): DocumentInfo {
  return {
    id: '84950a1b-c1d2-43e4-b5f6-718293a4b5c6',
    kind: 'operator_manual',
    title: 'Operator manual',
    documentVersion: 'C',
    fileName: 'manual.pdf',
    contentType: 'application/pdf',
    sizeBytes: 204_800,
    sha256: 'b'.repeat(64),
    uploadedBy: 'ada.admin@example.org',
    createdAt: '2024-05-02T10:00:00.000Z',
    ...overrides,
  } satisfies DocumentInfo;
}

export function aUdiResult(overrides: Partial<UdiParseResult> = {}): UdiParseResult {
  return {
    issuingAgency: 'GS1',
    form: 'GS1_HUMAN_READABLE',
    raw: '(01)00885403123452(21)SN123',
    symbology: null,
    deviceIdentifier: '00885403123452',
    lot: null,
    serial: 'SN123',
    expiryDate: null,
    manufacturingDate: null,
    elements: [],
    errors: [],
    ...overrides,
  } satisfies UdiParseResult;
}
