import type {
  Device,
  MyWorkResponse,
  WorkOrderDetail,
  WorkOrderSignature,
} from '../../../../contracts/index.ts';
import { ids } from '../../../testing/fixtures.ts';
import { aWorkOrder, woIds } from '../../../testing/work-order.fixtures.ts';

export { aWorkOrder, woIds };

/** Contract-typed work order answers for web tests; every value is checked by `satisfies`. */

export function aWorkOrderDetail(overrides: Partial<WorkOrderDetail> = {}): WorkOrderDetail {
  return {
    ...aWorkOrder(),
    labor: [],
    parts: [],
    downtime: [],
    attempts: [],
    signatures: [],
    addenda: [],
    history: [
      {
        id: '1',
        fromStatus: null,
        toStatus: 'open',
        reason: null,
        actorId: null,
        actorName: 'Scheduler',
        occurredAt: '2026-02-01T08:00:00.000Z',
      },
    ],
    allowedActions: ['edit', 'start', 'labor', 'parts', 'attempt'],
    cnlPolicy: { maxCnlAttempts: 3, cnlRetryDays: 7 },
    ...overrides,
  } satisfies WorkOrderDetail;
}

export function aSignature(overrides: Partial<WorkOrderSignature> = {}): WorkOrderSignature {
  return {
    id: woIds.signature,
    addendumId: null,
    signerUserId: ids.tech,
    printedName: 'Tia Tech',
    meaning: 'performed',
    meaningLabel: 'Work performed as recorded',
    signedAt: '2026-03-02T15:04:05.000Z',
    recordSha256: 'ab'.repeat(32),
    canonicalVersion: 1,
    ...overrides,
  } satisfies WorkOrderSignature;
}

export function aMyWork(overrides: Partial<MyWorkResponse> = {}): MyWorkResponse {
  return {
    today: '2026-03-02',
    dueToday: [],
    overdue: [],
    upcoming: [],
    unscheduled: [],
    ...overrides,
  } satisfies MyWorkResponse;
}

/** The device a repair is requested for, as GET /devices/{id} answers (features do not share fixtures). */
export function aRequestedDevice(): Device {
  return {
    id: woIds.device,
    assetTag: 'INV-00042',
    serialNumber: 'SN123',
    model: {
      id: '3f405162-7c8d-4e9f-a0b1-2c3d4e5f6071',
      modelNumber: '8015',
      name: 'Alaris PC unit',
      manufacturer: { id: '40516273-8d9e-4fa0-b1c2-3d4e5f607182', name: 'BD' },
      deviceType: null,
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
    acquisitionDate: null,
    acquisitionCost: null,
    purchaseOrder: null,
    inServiceDate: null,
    warrantyEnd: null,
    softwareVersion: null,
    firmwareVersion: null,
    networkConnected: false,
    macAddress: null,
    ipAddress: null,
    hostname: null,
    parent: null,
    childCount: 0,
    customFields: {},
    notes: null,
    status: 'in_service',
    statusChangedAt: '2024-05-20T14:00:00.000Z',
    createdAt: '2024-05-01T09:00:00.000Z',
    updatedAt: '2024-05-20T14:00:00.000Z',
    version: 3,
  } satisfies Device;
}
