import {
  CUSTOM_FIELD_PREFIX,
  deviceImportFieldLabels,
  deviceImportFields,
  type DeviceImportMapping,
  type DeviceImportStandardField,
  type DeviceStatus,
  type Ownership,
  type ServiceProvider,
} from '../../../../contracts/index.ts';

/**
 * The mapping step's first suggestion: which device field each column of the file fills, from its header name.
 */
/** Header names compare without case, spaces or punctuation; "#" reads as "number" ("Tag #" = "Tag number"). */
export const normalizeHeader = (h: string): string =>
  h
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^a-z0-9]+/g, '');

/** What other systems and spreadsheets call each field. */
const SYNONYMS: Record<DeviceImportStandardField, readonly string[]> = {
  assetTag: [
    'asset tag',
    'tag',
    'tag #',
    'tag no',
    'asset',
    'asset #',
    'asset no',
    'asset number',
    'asset id',
    'equipment id',
    'equipment number',
    'equipment #',
    'equipment control number',
    'control number',
    'control no',
    'ecn',
    'property tag',
    'inventory number',
  ],
  serialNumber: ['serial', 'serial number', 'serial no', 'serial #', 's/n', 'sn', 'serial num'],
  manufacturer: ['manufacturer', 'manufacturer name', 'mfr', 'mfg', 'make', 'brand', 'maker'],
  modelNumber: ['model', 'model number', 'model no', 'model #', 'model num', 'catalog number', 'model id'],
  modelName: ['model name', 'model description', 'device name'],
  udi: ['udi', 'unique device identifier', 'udi di', 'gtin', 'barcode'],
  siteCode: ['site', 'site code', 'facility', 'facility code', 'campus'],
  building: ['building', 'bldg'],
  floor: ['floor', 'level'],
  room: ['room', 'room number', 'room no', 'room #'],
  department: ['department', 'dept', 'department name', 'dept name'],
  ownership: ['ownership', 'ownership type', 'owned leased', 'acquisition type'],
  serviceProvider: [
    'service provider',
    'serviced by',
    'service by',
    'service vendor',
    'maintenance provider',
  ],
  status: ['status', 'device status', 'equipment status', 'lifecycle status'],
  acquisitionDate: [
    'acquisition date',
    'acquired',
    'date acquired',
    'purchase date',
    'date purchased',
    'purchased',
  ],
  acquisitionCost: [
    'cost',
    'acquisition cost',
    'purchase cost',
    'purchase price',
    'price',
    'acquisition value',
  ],
  purchaseOrder: ['purchase order', 'po', 'po #', 'po number', 'po no'],
  inServiceDate: [
    'in service date',
    'in-service date',
    'date in service',
    'in service',
    'install date',
    'installation date',
    'installed',
  ],
  warrantyEnd: [
    'warranty end',
    'warranty end date',
    'warranty expiration',
    'warranty expires',
    'warranty exp',
    'warranty expiry',
  ],
  softwareVersion: ['software version', 'software', 'sw version', 'sw'],
  firmwareVersion: ['firmware version', 'firmware', 'fw version', 'fw'],
  networkConnected: ['network connected', 'networked', 'connected', 'on network'],
  macAddress: ['mac', 'mac address'],
  ipAddress: ['ip', 'ip address'],
  hostname: ['hostname', 'host name', 'host', 'network name'],
  parentAssetTag: ['parent', 'parent asset tag', 'parent tag', 'parent asset', 'system asset tag'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks'],
};

export interface CustomFieldDef {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'choice';
  options: readonly string[];
  required: boolean;
}

/**
 * A first mapping from header names: the field's own name or label first (so an export maps back exactly), then
 * the organization's custom fields by label or key, then common synonyms. Each field is suggested once.
 */
export function suggestMapping(
  columns: readonly string[],
  customFields: readonly CustomFieldDef[] = [],
): DeviceImportMapping {
  const mapping: DeviceImportMapping = {};
  const taken = new Set<string>();
  const own = new Map<string, string>();
  const custom = new Map<string, string>();
  const synonyms = new Map<string, string>();
  for (const f of deviceImportFields) {
    own.set(normalizeHeader(deviceImportFieldLabels[f]), f);
    own.set(normalizeHeader(f), f);
  }
  for (const f of deviceImportFields)
    for (const s of SYNONYMS[f]) if (!own.has(normalizeHeader(s))) synonyms.set(normalizeHeader(s), f);
  for (const c of customFields) {
    const target = `${CUSTOM_FIELD_PREFIX}${c.key}`;
    custom.set(normalizeHeader(c.label), target);
    custom.set(normalizeHeader(c.key), target);
  }
  for (const tier of [own, custom, synonyms]) {
    for (const column of columns) {
      if (column in mapping) continue;
      const field = tier.get(normalizeHeader(column));
      if (field && !taken.has(field)) {
        mapping[column] = field;
        taken.add(field);
      }
    }
  }
  for (const column of columns) if (!(column in mapping)) mapping[column] = null;
  return mapping;
}

/** The device facts a file row carries in both directions (export writes them, import reads them). */
export interface DeviceFileFacts {
  building: string | null;
  floor: string | null;
  room: string | null;
  department: string | null;
  ownership: Ownership;
  serviceProvider: ServiceProvider;
  status: DeviceStatus;
  acquisitionDate: string | null;
  acquisitionCost: string | null;
  purchaseOrder: string | null;
  inServiceDate: string | null;
  warrantyEnd: string | null;
  softwareVersion: string | null;
  firmwareVersion: string | null;
  networkConnected: boolean;
  macAddress: string | null;
  ipAddress: string | null;
  hostname: string | null;
  parentAssetTag: string | null;
  notes: string | null;
}
