import type {
  CreateDeviceRequest,
  CustomFieldDefinition,
  Device,
  Ownership,
  ServiceProvider,
} from '../../../../contracts/index.ts';
import { isApiError } from '../../../lib/api.ts';
import type { FieldErrors } from '../../../lib/forms.ts';

/** Text fields of the device form: '' in the form, absent (create) or null (edit) in the request. */
export const deviceTextKeys = [
  'assetTag',
  'serialNumber',
  'udi',
  'building',
  'floor',
  'room',
  'department',
  'acquisitionDate',
  'acquisitionCost',
  'purchaseOrder',
  'inServiceDate',
  'warrantyEnd',
  'softwareVersion',
  'firmwareVersion',
  'macAddress',
  'ipAddress',
  'hostname',
  'notes',
] as const;
export type TextKey = (typeof deviceTextKeys)[number];

export type CustomInput = string | boolean;
export type EntryStatus = CreateDeviceRequest['status'];

export type DeviceFormValues = Record<TextKey, string> & {
  modelId: string;
  siteId: string;
  parentId: string;
  ownership: Ownership;
  serviceProvider: ServiceProvider;
  networkConnected: boolean;
  status: EntryStatus;
  customFields: Record<string, CustomInput>;
};

export function emptyDeviceValues(): DeviceFormValues {
  const text = Object.fromEntries(deviceTextKeys.map((k) => [k, ''])) as Record<TextKey, string>;
  return {
    ...text,
    modelId: '',
    siteId: '',
    parentId: '',
    ownership: 'owned',
    serviceProvider: 'in_house',
    networkConnected: false,
    status: 'received',
    customFields: {},
  };
}

export function valuesFromDevice(d: Device): DeviceFormValues {
  const raw: Record<TextKey, string | null> = {
    assetTag: d.assetTag,
    serialNumber: d.serialNumber,
    udi: d.udiRaw,
    building: d.building,
    floor: d.floor,
    room: d.room,
    department: d.department,
    acquisitionDate: d.acquisitionDate,
    acquisitionCost: d.acquisitionCost,
    purchaseOrder: d.purchaseOrder,
    inServiceDate: d.inServiceDate,
    warrantyEnd: d.warrantyEnd,
    softwareVersion: d.softwareVersion,
    firmwareVersion: d.firmwareVersion,
    macAddress: d.macAddress,
    ipAddress: d.ipAddress,
    hostname: d.hostname,
    notes: d.notes,
  };
  const text = Object.fromEntries(deviceTextKeys.map((k) => [k, raw[k] ?? ''])) as Record<TextKey, string>;
  const customFields: Record<string, CustomInput> = {};
  for (const [key, value] of Object.entries(d.customFields)) {
    customFields[key] = typeof value === 'boolean' ? value : value === null ? '' : String(value);
  }
  return {
    ...text,
    modelId: d.model.id,
    siteId: d.site.id,
    parentId: d.parent?.id ?? '',
    ownership: d.ownership,
    serviceProvider: d.serviceProvider,
    networkConnected: d.networkConnected,
    status: 'received',
    customFields,
  };
}

/** Custom-field inputs -> request values: numbers as numbers, blanks as null; problems by key. */
export function customFieldValues(
  inputs: Record<string, CustomInput>,
  definitions: readonly CustomFieldDefinition[],
): { values: Record<string, string | number | boolean | null>; errors: FieldErrors } {
  const values: Record<string, string | number | boolean | null> = {};
  const errors: FieldErrors = {};
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  for (const [key, input] of Object.entries(inputs)) {
    const def = byKey.get(key);
    if (typeof input === 'boolean') {
      values[key] = input;
      continue;
    }
    const trimmed = input.trim();
    if (trimmed === '') {
      values[key] = null;
      if (def?.required && def.active) errors[key] = 'is required';
      continue;
    }
    if (def?.type === 'number') {
      const n = Number(trimmed);
      if (Number.isFinite(n)) values[key] = n;
      else errors[key] = 'must be a number';
      continue;
    }
    values[key] = trimmed;
  }
  for (const def of definitions) {
    if (def.active && def.required && def.type !== 'boolean' && !(def.key in inputs))
      errors[def.key] = 'is required';
  }
  return { values, errors };
}

/** The request body of a new device: blank fields are left out (the server applies its defaults). */
export function createBody(
  values: DeviceFormValues,
  customFields: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    modelId: values.modelId || undefined,
    siteId: values.siteId || undefined,
    parentId: values.parentId || undefined,
    ownership: values.ownership,
    serviceProvider: values.serviceProvider,
    networkConnected: values.networkConnected,
    status: values.status,
    customFields: Object.fromEntries(Object.entries(customFields).filter(([, v]) => v !== null)),
  };
  for (const key of deviceTextKeys) {
    const v = values[key].trim();
    if (v !== '') body[key] = v;
  }
  return body;
}

/** Only what changed, with cleared fields sent as null; the version guards against lost updates. */
export function updateBody(
  values: DeviceFormValues,
  before: DeviceFormValues,
  customFields: Record<string, unknown>,
  customChanged: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of deviceTextKeys) {
    const v = values[key].trim();
    if (v === before[key].trim()) continue;
    // An asset tag is required: an emptied one is sent as it is, so the contract names the problem.
    body[key] = v === '' && key !== 'assetTag' ? null : v;
  }
  if (values.modelId !== before.modelId) body.modelId = values.modelId;
  if (values.siteId !== before.siteId) body.siteId = values.siteId;
  if (values.parentId !== before.parentId) body.parentId = values.parentId || null;
  if (values.ownership !== before.ownership) body.ownership = values.ownership;
  if (values.serviceProvider !== before.serviceProvider) body.serviceProvider = values.serviceProvider;
  if (values.networkConnected !== before.networkConnected) body.networkConnected = values.networkConnected;
  if (customChanged) body.customFields = customFields;
  return body;
}

/** Server details naming `customFields.<key>` (or `body.customFields.<key>`), by key. */
export function serverCustomFieldErrors(error: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (!isApiError(error)) return errors;
  for (const detail of error.details) {
    const m = /(?:^|[./])customFields[./]([^./]+)/.exec(detail.field ?? '');
    if (m?.[1]) errors[m[1]] ??= detail.message;
  }
  return errors;
}
