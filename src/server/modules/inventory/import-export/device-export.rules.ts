import { deviceImportFieldLabels, type DeviceImportStandardField } from '../../../../contracts/index.ts';
import { neutralizeCell } from '../devices/device.rules.ts';
import type { CustomFieldDef, DeviceFileFacts } from './device-mapping.rules.ts';

/**
 * The columns of a device export. Headers are the import's field labels, so an exported file maps back field by
 * field without editing; custom fields follow under their labels, then read-only facts the import ignores.
 * Every text cell goes through neutralizeCell (a cell beginning with = + - @ would be a formula to a
 * spreadsheet).
 */

export interface ExportDevice extends DeviceFileFacts {
  id: string;
  assetTag: string;
  serialNumber: string | null;
  manufacturer: string;
  modelNumber: string;
  modelName: string;
  deviceType: string | null;
  udiRaw: string | null;
  siteCode: string;
  siteName: string;
  customFields: Record<string, unknown>;
  updatedAt: string;
}

export type ExportCellType = 'text' | 'date' | 'money' | 'boolean' | 'number';
export type ExportValue = string | number | boolean | null;

export interface ExportColumn {
  header: string;
  type: ExportCellType;
  get(d: ExportDevice): ExportValue;
}

const field = (
  f: DeviceImportStandardField,
  type: ExportCellType,
  get: (d: ExportDevice) => ExportValue,
) => ({
  header: deviceImportFieldLabels[f],
  type,
  get,
});

const STANDARD_COLUMNS: ExportColumn[] = [
  field('assetTag', 'text', (d) => d.assetTag),
  field('serialNumber', 'text', (d) => d.serialNumber),
  field('manufacturer', 'text', (d) => d.manufacturer),
  field('modelNumber', 'text', (d) => d.modelNumber),
  field('modelName', 'text', (d) => d.modelName),
  field('udi', 'text', (d) => d.udiRaw),
  field('siteCode', 'text', (d) => d.siteCode),
  field('building', 'text', (d) => d.building),
  field('floor', 'text', (d) => d.floor),
  field('room', 'text', (d) => d.room),
  field('department', 'text', (d) => d.department),
  field('ownership', 'text', (d) => d.ownership),
  field('serviceProvider', 'text', (d) => d.serviceProvider),
  field('status', 'text', (d) => d.status),
  field('acquisitionDate', 'date', (d) => d.acquisitionDate),
  field('acquisitionCost', 'money', (d) => d.acquisitionCost),
  field('purchaseOrder', 'text', (d) => d.purchaseOrder),
  field('inServiceDate', 'date', (d) => d.inServiceDate),
  field('warrantyEnd', 'date', (d) => d.warrantyEnd),
  field('softwareVersion', 'text', (d) => d.softwareVersion),
  field('firmwareVersion', 'text', (d) => d.firmwareVersion),
  field('networkConnected', 'boolean', (d) => d.networkConnected),
  field('macAddress', 'text', (d) => d.macAddress),
  field('ipAddress', 'text', (d) => d.ipAddress),
  field('hostname', 'text', (d) => d.hostname),
  field('parentAssetTag', 'text', (d) => d.parentAssetTag),
  field('notes', 'text', (d) => d.notes),
];

const customType: Record<CustomFieldDef['type'], ExportCellType> = {
  text: 'text',
  choice: 'text',
  number: 'number',
  date: 'date',
  boolean: 'boolean',
};

export function exportColumns(customFields: readonly CustomFieldDef[]): ExportColumn[] {
  return [
    ...STANDARD_COLUMNS,
    ...customFields.map((c): ExportColumn => ({
      header: c.label,
      type: customType[c.type],
      get: (d) => {
        const v = d.customFields[c.key];
        return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
      },
    })),
    { header: 'Device type', type: 'text', get: (d) => d.deviceType },
    { header: 'Site name', type: 'text', get: (d) => d.siteName },
    { header: 'Updated', type: 'text', get: (d) => d.updatedAt },
    { header: 'Device ID', type: 'text', get: (d) => d.id },
  ];
}

const yesNo = (v: ExportValue) => (v === true ? 'yes' : v === false ? 'no' : null);

/** One CSV record. In CSV every cell is text to a spreadsheet, so every cell is neutralized (even "-5"). */
export function csvCells(columns: readonly ExportColumn[], d: ExportDevice): string[] {
  return columns.map((c) => {
    const v = c.get(d);
    if (v === null) return '';
    return neutralizeCell(c.type === 'boolean' ? (yesNo(v) ?? '') : String(v));
  });
}

/**
 * One XLSX row: dates as date cells (UTC midnight, shown YYYY-MM-DD), amounts and numbers as numbers, everything
 * else as neutralized text.
 */
export function xlsxCells(
  columns: readonly ExportColumn[],
  d: ExportDevice,
): (string | number | Date | null)[] {
  return columns.map((c) => {
    const v = c.get(d);
    if (v === null) return null;
    switch (c.type) {
      case 'date':
        return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
          ? new Date(`${v}T00:00:00Z`)
          : neutralizeCell(String(v));
      case 'money':
      case 'number': {
        const n = typeof v === 'number' ? v : Number(v);
        return Number.isFinite(n) ? n : neutralizeCell(String(v));
      }
      case 'boolean':
        return yesNo(v);
      case 'text':
        return neutralizeCell(String(v));
    }
  });
}

export const xlsxNumberFormat: Partial<Record<ExportCellType, string>> = {
  date: 'yyyy-mm-dd',
  money: '0.00',
};

/** A file name for the download: the organization's export of today. */
export const exportFileName = (now: Date, format: 'csv' | 'xlsx') =>
  `devices-${now.toISOString().slice(0, 10)}.${format}`;
