import { z } from 'zod';
import { isoDateTime, requiredText, text, uuid } from './common.ts';
import { DeviceListQuery, DeviceStatus, Ownership, ServiceProvider } from './inventory.ts';

/**
 * Device import (CSV or XLSX, mapped column by column to device fields, checked in a dry run, applied whole or not
 * at all) and export. Rows are numbered as a spreadsheet shows them: the header is row 1, so the first device is
 * row 2.
 */

/** Device fields a file column can be mapped to; custom fields are `custom.<key>`. */
export const deviceImportFields = [
  'assetTag',
  'serialNumber',
  'manufacturer',
  'modelNumber',
  'modelName',
  'udi',
  'siteCode',
  'building',
  'floor',
  'room',
  'department',
  'ownership',
  'serviceProvider',
  'status',
  'acquisitionDate',
  'acquisitionCost',
  'purchaseOrder',
  'inServiceDate',
  'warrantyEnd',
  'softwareVersion',
  'firmwareVersion',
  'networkConnected',
  'macAddress',
  'ipAddress',
  'hostname',
  'parentAssetTag',
  'notes',
] as const;
export type DeviceImportStandardField = (typeof deviceImportFields)[number];

export const deviceImportFieldLabels: Record<DeviceImportStandardField, string> = {
  assetTag: 'Asset tag',
  serialNumber: 'Serial number',
  manufacturer: 'Manufacturer',
  modelNumber: 'Model number',
  modelName: 'Model name',
  udi: 'UDI',
  siteCode: 'Site code',
  building: 'Building',
  floor: 'Floor',
  room: 'Room',
  department: 'Department',
  ownership: 'Ownership',
  serviceProvider: 'Service provider',
  status: 'Status',
  acquisitionDate: 'Acquisition date',
  acquisitionCost: 'Acquisition cost',
  purchaseOrder: 'Purchase order',
  inServiceDate: 'In-service date',
  warrantyEnd: 'Warranty end',
  softwareVersion: 'Software version',
  firmwareVersion: 'Firmware version',
  networkConnected: 'Network connected',
  macAddress: 'MAC address',
  ipAddress: 'IP address',
  hostname: 'Hostname',
  parentAssetTag: 'Parent asset tag',
  notes: 'Notes',
};

export const CUSTOM_FIELD_PREFIX = 'custom.';
export const DeviceImportField = z.union([
  z.enum(deviceImportFields),
  z.string().regex(/^custom\.[a-z][a-z0-9_]{0,59}$/, 'must be a device field or custom.<key>'),
]);
export type DeviceImportField = z.infer<typeof DeviceImportField>;

/** The file's column (as `columns` names it) -> the device field it fills; null or absent: ignored. */
export const DeviceImportMapping = z.record(z.string().max(200), DeviceImportField.nullable());
export type DeviceImportMapping = z.infer<typeof DeviceImportMapping>;

export const deviceImportFormats = ['csv', 'xlsx'] as const;
export const DeviceImportFormat = z.enum(deviceImportFormats);
export type DeviceImportFormat = z.infer<typeof DeviceImportFormat>;

export const DEVICE_IMPORT_CONTENT_TYPES: Record<DeviceImportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * uploaded -> checked | invalid (dry run) -> queued -> applying -> applied, or back to invalid when the apply
 * finds problems (nothing written), or failed on an unexpected error (nothing written; may be applied again).
 */
export const deviceImportStatuses = [
  'uploaded',
  'checked',
  'invalid',
  'queued',
  'applying',
  'applied',
  'failed',
] as const;
export const DeviceImportStatus = z.enum(deviceImportStatuses);
export type DeviceImportStatus = z.infer<typeof DeviceImportStatus>;

export const DeviceImportUploadQuery = z.object({ fileName: requiredText(255) });

export const DeviceImportUploaded = z.object({
  id: uuid,
  fileName: z.string(),
  format: DeviceImportFormat,
  columns: z.array(z.string()),
  suggestedMapping: DeviceImportMapping,
  /** Devices the file holds (blank rows are not counted). */
  rowCount: z.number().int(),
  /** The first rows as text, for the mapping step. */
  preview: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
});
export type DeviceImportUploaded = z.infer<typeof DeviceImportUploaded>;

/** Values for rows whose cell is blank (or whose column is not mapped). */
export const DeviceImportDefaults = z.object({
  siteCode: text(40).optional(),
  status: DeviceStatus.optional(),
  ownership: Ownership.optional(),
  serviceProvider: ServiceProvider.optional(),
});
export type DeviceImportDefaults = z.infer<typeof DeviceImportDefaults>;

export const DeviceImportRequest = z.object({
  mapping: DeviceImportMapping,
  defaults: DeviceImportDefaults.default({}),
  /** Creates manufacturers and models the catalog lacks (each audited) instead of reporting them as problems. */
  createMissingCatalog: z.boolean().default(false),
});
export type DeviceImportRequest = z.infer<typeof DeviceImportRequest>;

export const DeviceImportProblem = z.object({
  /** Row as a spreadsheet shows it (header = 1); 1 for problems with the header or the mapping itself. */
  row: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string(),
});
export type DeviceImportProblem = z.infer<typeof DeviceImportProblem>;

export const DeviceImportSummary = z.object({
  /** Devices the import creates (or created). */
  deviceCount: z.number().int(),
  generatedAssetTags: z.number().int(),
  newManufacturers: z.array(z.string()),
  newModels: z.array(z.string()),
});
export type DeviceImportSummary = z.infer<typeof DeviceImportSummary>;

export const DeviceImportCheck = z.object({
  ok: z.boolean(),
  rowCount: z.number().int(),
  problems: z.array(DeviceImportProblem),
  /** Every problem is counted; `problems` lists them up to a limit, in row order (`truncated` says so). */
  problemCount: z.number().int(),
  truncated: z.boolean(),
  summary: DeviceImportSummary,
});
export type DeviceImportCheck = z.infer<typeof DeviceImportCheck>;

export const DeviceImport = z.object({
  id: uuid,
  fileName: z.string(),
  format: DeviceImportFormat,
  sha256: z.string(),
  sizeBytes: z.number().int(),
  rowCount: z.number().int(),
  columns: z.array(z.string()),
  mapping: DeviceImportMapping.nullable(),
  status: DeviceImportStatus,
  /** 0..1 while queued or applying (from the job), 1 when applied. */
  progress: z.number().nullable(),
  problems: z.array(DeviceImportProblem),
  problemCount: z.number().int(),
  truncated: z.boolean(),
  result: DeviceImportSummary.nullable(),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type DeviceImport = z.infer<typeof DeviceImport>;

/** GET /devices/export: the list's filters and order, without paging. */
export const DeviceExportQuery = DeviceListQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
export type DeviceExportQuery = z.infer<typeof DeviceExportQuery>;
