import { z } from 'zod';
import { isoDateTime, requiredText, text, uuid } from './common.ts';
import { UdiIssuingAgency, UdiParseResult } from './udi.ts';

/**
 * Inventory: device types (FDA product classification plus the organization's own), manufacturers, models,
 * devices and their lifecycle. Enumerations here are the closed lists the database also enforces.
 */

export const deviceClasses = ['1', '2', '3', 'U', 'N', 'F'] as const;
export const DeviceClass = z.enum(deviceClasses);

/** Lifecycle, from arrival (awaiting incoming inspection) to disposal. */
export const deviceStatuses = [
  'received',
  'in_service',
  'out_of_service',
  'missing',
  'inactive',
  'retired',
  'disposed',
] as const;
export const DeviceStatus = z.enum(deviceStatuses);
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const deviceStatusLabels: Record<DeviceStatus, string> = {
  received: 'Received (awaiting incoming inspection)',
  in_service: 'In service',
  out_of_service: 'Out of service',
  missing: 'Missing',
  inactive: 'Inactive / stored',
  retired: 'Retired',
  disposed: 'Disposed',
};

/**
 * The lifecycle's allowed next statuses, shared so the web offers only what the server accepts. `received` means
 * on site awaiting incoming (acceptance) inspection; `disposed` is final. A retired device may come back (e.g.
 * retirement reversed before disposal) only through `inactive`, so it is inspected again before use. A missing
 * device that is found goes out of service until a check passes (domain reference §1.5: could-not-locate policy).
 */
export const deviceStatusTransitions: Record<DeviceStatus, readonly DeviceStatus[]> = {
  received: ['in_service', 'out_of_service', 'missing', 'inactive', 'retired'],
  in_service: ['out_of_service', 'missing', 'inactive', 'retired'],
  out_of_service: ['in_service', 'missing', 'inactive', 'retired'],
  missing: ['out_of_service', 'inactive', 'retired'],
  inactive: ['in_service', 'out_of_service', 'missing', 'retired'],
  retired: ['inactive', 'disposed'],
  disposed: [],
};

export const ownerships = [
  'owned',
  'leased',
  'rented',
  'loaner',
  'physician_owned',
  'vendor_owned',
  'consigned',
] as const;
export const Ownership = z.enum(ownerships);
export type Ownership = z.infer<typeof Ownership>;

export const serviceProviders = ['in_house', 'oem', 'independent', 'depot'] as const;
export const ServiceProvider = z.enum(serviceProviders);
export type ServiceProvider = z.infer<typeof ServiceProvider>;

export const documentKinds = [
  'operator_manual',
  'service_manual',
  'instructions_for_use',
  'photo',
  'certificate',
  'service_report',
  'other',
] as const;
export const DocumentKind = z.enum(documentKinds);

export const customFieldTypes = ['text', 'number', 'date', 'boolean', 'choice'] as const;
export const CustomFieldType = z.enum(customFieldTypes);

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z.iso.date();

const optionalText = (max = 200) => text(max).nullable().optional();

// --- Device types -------------------------------------------------------------------------------------------

export const DeviceType = z.object({
  id: uuid,
  source: z.enum(['fda', 'organization']),
  productCode: z.string().nullable(),
  name: z.string(),
  deviceClass: DeviceClass.nullable(),
  regulationNumber: z.string().nullable(),
  reviewPanel: z.string().nullable(),
  medicalSpecialty: z.string().nullable(),
  lifeSustaining: z.boolean(),
  implant: z.boolean(),
  gmdnCode: z.string().nullable(),
  umdnsCode: z.string().nullable(),
  /** Edition of the FDA classification the row came from (null for the organization's own types). */
  datasetEdition: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type DeviceType = z.infer<typeof DeviceType>;

export const DeviceTypeListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: text(200).optional(),
  source: z.enum(['fda', 'organization']).optional(),
  deviceClass: DeviceClass.optional(),
});

export const CreateDeviceTypeRequest = z.object({
  name: requiredText(200),
  productCode: optionalText(20),
  deviceClass: DeviceClass.nullable().optional(),
  lifeSustaining: z.boolean().default(false),
  implant: z.boolean().default(false),
  gmdnCode: optionalText(20),
  umdnsCode: optionalText(20),
});
export type CreateDeviceTypeRequest = z.infer<typeof CreateDeviceTypeRequest>;

export const UpdateDeviceTypeRequest = CreateDeviceTypeRequest.partial().extend({
  version: z.number().int(),
  active: z.boolean().optional(),
  reason: text(500).optional(),
});
export type UpdateDeviceTypeRequest = z.infer<typeof UpdateDeviceTypeRequest>;

// --- Manufacturers -------------------------------------------------------------------------------------------

export const Manufacturer = z.object({
  id: uuid,
  name: z.string(),
  normalizedName: z.string(),
  aliases: z.array(z.string()),
  website: z.string().nullable(),
  active: z.boolean(),
  modelCount: z.number().int().optional(),
  version: z.number().int(),
});
export type Manufacturer = z.infer<typeof Manufacturer>;

export const ManufacturerListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: text(200).optional(),
});

export const CreateManufacturerRequest = z.object({
  name: requiredText(200),
  aliases: z.array(requiredText(200)).max(50).default([]),
  website: z.url().max(500).nullable().optional(),
});
export type CreateManufacturerRequest = z.infer<typeof CreateManufacturerRequest>;

export const UpdateManufacturerRequest = z.object({
  version: z.number().int(),
  name: requiredText(200).optional(),
  aliases: z.array(requiredText(200)).max(50).optional(),
  website: z.url().max(500).nullable().optional(),
  active: z.boolean().optional(),
  reason: text(500).optional(),
});
export type UpdateManufacturerRequest = z.infer<typeof UpdateManufacturerRequest>;

// --- Models --------------------------------------------------------------------------------------------------

export const ModelIdentifier = z.object({ issuingAgency: UdiIssuingAgency, deviceIdentifier: z.string() });

export const Model = z.object({
  id: uuid,
  manufacturer: z.object({ id: uuid, name: z.string() }),
  modelNumber: z.string(),
  name: z.string(),
  deviceType: z
    .object({
      id: uuid,
      name: z.string(),
      productCode: z.string().nullable(),
      deviceClass: DeviceClass.nullable(),
    })
    .nullable(),
  identifiers: z.array(ModelIdentifier),
  endOfSale: isoDate.nullable(),
  endOfSupport: isoDate.nullable(),
  active: z.boolean(),
  deviceCount: z.number().int().optional(),
  version: z.number().int(),
});
export type Model = z.infer<typeof Model>;

export const ModelListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: text(200).optional(),
  manufacturerId: uuid.optional(),
  deviceTypeId: uuid.optional(),
});

/** A device identifier as typed or scanned: a bare DI, or a full UDI from which the DI is taken. */
export const CreateModelRequest = z.object({
  manufacturerId: uuid,
  modelNumber: requiredText(100),
  name: requiredText(200),
  deviceTypeId: uuid.nullable().optional(),
  deviceIdentifiers: z.array(requiredText(100)).max(20).default([]),
  endOfSale: isoDate.nullable().optional(),
  endOfSupport: isoDate.nullable().optional(),
});
export type CreateModelRequest = z.infer<typeof CreateModelRequest>;

export const UpdateModelRequest = CreateModelRequest.partial().extend({
  version: z.number().int(),
  active: z.boolean().optional(),
  reason: text(500).optional(),
});
export type UpdateModelRequest = z.infer<typeof UpdateModelRequest>;

// --- Devices -------------------------------------------------------------------------------------------------

export const MacAddress = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f]{2}([:-]?[0-9A-Fa-f]{2}){5}$/, 'must be a MAC address such as 00:1B:44:11:3A:B7');
export const IpAddress = z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' });
export const Hostname = z
  .string()
  .trim()
  .max(253)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/, 'must be a host name');
export const AssetTag = requiredText(40).pipe(
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'letters, digits, ".", "-", "_" and "/" only'),
);
/** Money as a decimal string with at most two places (never a float). */
export const Money = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be an amount such as 12500.00'));

export const CustomFieldValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

const deviceFields = {
  serialNumber: optionalText(100),
  modelId: uuid,
  udi: optionalText(300),
  siteId: uuid,
  building: optionalText(100),
  floor: optionalText(50),
  room: optionalText(100),
  department: optionalText(200),
  ownership: Ownership.default('owned'),
  serviceProvider: ServiceProvider.default('in_house'),
  acquisitionDate: isoDate.nullable().optional(),
  acquisitionCost: Money.nullable().optional(),
  purchaseOrder: optionalText(100),
  inServiceDate: isoDate.nullable().optional(),
  warrantyEnd: isoDate.nullable().optional(),
  softwareVersion: optionalText(100),
  firmwareVersion: optionalText(100),
  networkConnected: z.boolean().default(false),
  macAddress: MacAddress.nullable().optional(),
  ipAddress: IpAddress.nullable().optional(),
  hostname: Hostname.nullable().optional(),
  parentId: uuid.nullable().optional(),
  customFields: z.record(z.string().max(60), CustomFieldValue).default({}),
  notes: optionalText(4000),
};

export const CreateDeviceRequest = z.object({
  /** Generated from the organization's pattern when absent. */
  assetTag: AssetTag.optional(),
  ...deviceFields,
  /** A device arrives as `received` (awaiting incoming inspection) unless it is entered as already in service. */
  status: z.enum(['received', 'in_service', 'inactive']).default('received'),
});
export type CreateDeviceRequest = z.infer<typeof CreateDeviceRequest>;

export const UpdateDeviceRequest = z
  .object({ assetTag: AssetTag, ...deviceFields })
  .partial()
  .extend({ version: z.number().int(), reason: text(500).optional() });
export type UpdateDeviceRequest = z.infer<typeof UpdateDeviceRequest>;

export const ChangeDeviceStatusRequest = z.object({
  version: z.number().int(),
  status: DeviceStatus,
  reason: requiredText(500),
});
export type ChangeDeviceStatusRequest = z.infer<typeof ChangeDeviceStatusRequest>;

export const Device = z.object({
  id: uuid,
  assetTag: z.string(),
  serialNumber: z.string().nullable(),
  model: z.object({
    id: uuid,
    modelNumber: z.string(),
    name: z.string(),
    manufacturer: z.object({ id: uuid, name: z.string() }),
    deviceType: z
      .object({
        id: uuid,
        name: z.string(),
        productCode: z.string().nullable(),
        deviceClass: DeviceClass.nullable(),
      })
      .nullable(),
  }),
  udiRaw: z.string().nullable(),
  udiDeviceIdentifier: z.string().nullable(),
  udi: UdiParseResult.nullable(),
  site: z.object({ id: uuid, name: z.string(), code: z.string() }),
  building: z.string().nullable(),
  floor: z.string().nullable(),
  room: z.string().nullable(),
  department: z.string().nullable(),
  ownership: Ownership,
  serviceProvider: ServiceProvider,
  acquisitionDate: isoDate.nullable(),
  acquisitionCost: z.string().nullable(),
  purchaseOrder: z.string().nullable(),
  inServiceDate: isoDate.nullable(),
  warrantyEnd: isoDate.nullable(),
  softwareVersion: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  networkConnected: z.boolean(),
  macAddress: z.string().nullable(),
  ipAddress: z.string().nullable(),
  hostname: z.string().nullable(),
  parent: z.object({ id: uuid, assetTag: z.string() }).nullable(),
  childCount: z.number().int(),
  customFields: z.record(z.string(), CustomFieldValue),
  notes: z.string().nullable(),
  status: DeviceStatus,
  statusChangedAt: isoDateTime,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Device = z.infer<typeof Device>;

export const deviceSortKeys = [
  'assetTag',
  'serialNumber',
  'status',
  'updatedAt',
  'model',
  'department',
] as const;

export const DeviceListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
  /** The one search box: asset tag, serial number, UDI (parsed; matched on DI and serial), model, manufacturer, text. */
  q: text(300).optional(),
  siteId: uuid.optional(),
  status: z
    .union([
      DeviceStatus,
      z.string().transform((s, ctx) => {
        const parts = s.split(',');
        for (const p of parts)
          if (!(deviceStatuses as readonly string[]).includes(p)) {
            ctx.addIssue({ code: 'custom', message: `unknown status "${p}"` });
            return z.NEVER;
          }
        return parts as DeviceStatus[];
      }),
    ])
    .optional(),
  modelId: uuid.optional(),
  manufacturerId: uuid.optional(),
  deviceTypeId: uuid.optional(),
  department: text(200).optional(),
  ownership: Ownership.optional(),
  parentId: uuid.optional(),
  sort: z.enum(deviceSortKeys).default('assetTag'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type DeviceListQuery = z.infer<typeof DeviceListQuery>;

export const DeviceStatusChange = z.object({
  id: uuid,
  fromStatus: DeviceStatus.nullable(),
  toStatus: DeviceStatus,
  reason: z.string(),
  actor: z.string(),
  occurredAt: isoDateTime,
});
export type DeviceStatusChange = z.infer<typeof DeviceStatusChange>;

/** The search box's answer: how the query was understood, then the page of devices. */
export const DeviceSearchMatch = z.enum(['udi', 'asset_tag', 'serial_number', 'text', 'none']);

// --- Documents -----------------------------------------------------------------------------------------------

export const DocumentInfo = z.object({
  id: uuid,
  kind: DocumentKind,
  title: z.string(),
  documentVersion: z.string().nullable(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  createdAt: isoDateTime,
  /** The device or model the document belongs to (exactly one is set). */
  deviceId: uuid.nullable().optional(),
  modelId: uuid.nullable().optional(),
  /** Set once the document is retired: hidden from lists, kept for the record. */
  retiredAt: isoDateTime.nullable().optional(),
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;

/**
 * Upload: the file's bytes are the request body (any Content-Type; the type is detected from the bytes). The
 * declared file name is kept for display and download but never decides the type; the title defaults to it.
 */
export const UploadDocumentQuery = z.object({
  kind: DocumentKind.default('other'),
  title: text(200).optional(),
  fileName: text(255).optional(),
  /** The manufacturer's revision of a manual or instructions for use. */
  documentVersion: text(100).optional(),
});
export type UploadDocumentQuery = z.infer<typeof UploadDocumentQuery>;

export const RetireDocumentRequest = z.object({ reason: requiredText(500) });
export type RetireDocumentRequest = z.infer<typeof RetireDocumentRequest>;

// --- Labels --------------------------------------------------------------------------------------------------

/** `single`: one 2.25 × 1.25 in thermal label per page; `sheet`: a sheet of adhesive labels. */
export const labelLayouts = ['single', 'sheet'] as const;
export const LabelLayout = z.enum(labelLayouts);
export type LabelLayout = z.infer<typeof LabelLayout>;
/** US Letter 30 per sheet (Avery 5160 layout) or A4 24 per sheet (Avery L7159 layout). */
export const labelSheets = ['letter_30', 'a4_24'] as const;
export const LabelSheet = z.enum(labelSheets);
export type LabelSheet = z.infer<typeof LabelSheet>;

const labelOptions = {
  sheet: LabelSheet.default('letter_30'),
  /** Positions already used on the first sheet, left to right then down (sheet layout only). */
  skip: z.coerce.number().int().min(0).max(29).default(0),
};

export const LabelQuery = z.object({ layout: LabelLayout.default('single'), ...labelOptions });
export type LabelQuery = z.infer<typeof LabelQuery>;

export const LabelRequest = z.object({
  deviceIds: z.array(uuid).min(1).max(1000),
  layout: LabelLayout.default('sheet'),
  ...labelOptions,
});
export type LabelRequest = z.infer<typeof LabelRequest>;

// --- Custom fields and asset tags ----------------------------------------------------------------------------

export const CustomFieldDefinition = z.object({
  id: uuid,
  key: z.string(),
  label: z.string(),
  type: CustomFieldType,
  options: z.array(z.string()),
  required: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
});
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinition>;

export const CreateCustomFieldRequest = z.object({
  key: requiredText(60).pipe(z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and "_"')),
  label: requiredText(100),
  type: CustomFieldType,
  options: z.array(requiredText(100)).max(100).default([]),
  required: z.boolean().default(false),
});
export type CreateCustomFieldRequest = z.infer<typeof CreateCustomFieldRequest>;

export const AssetTagSettings = z.object({
  prefix: z.string(),
  digits: z.number().int(),
  nextNumber: z.number().int(),
  version: z.number().int(),
});

export const UpdateCustomFieldRequest = z.object({
  version: z.number().int(),
  label: requiredText(100).optional(),
  options: z.array(requiredText(100)).max(100).optional(),
  required: z.boolean().optional(),
  active: z.boolean().optional(),
  reason: text(500).optional(),
});
export type UpdateCustomFieldRequest = z.infer<typeof UpdateCustomFieldRequest>;
export type AssetTagSettings = z.infer<typeof AssetTagSettings>;

/** The pattern new asset tags are generated from: `{prefix}{number zero-padded to digits}`. */
export const UpdateAssetTagSettingsRequest = z
  .object({
    version: z.number().int(),
    prefix: text(20).pipe(
      z.string().regex(/^([A-Za-z0-9][A-Za-z0-9._\-/]*)?$/, 'letters, digits, ".", "-", "_" and "/" only'),
    ),
    digits: z.number().int().min(1).max(12),
    /** Optional: where numbering continues (never below what was already issued). */
    nextNumber: z.number().int().min(1).max(999_999_999_999).optional(),
  })
  .refine((v) => v.prefix.length + v.digits <= 40, {
    message: 'prefix and digits together must fit an asset tag (40 characters)',
    path: ['digits'],
  });
export type UpdateAssetTagSettingsRequest = z.infer<typeof UpdateAssetTagSettingsRequest>;

export const DeviceListResponse = z.object({
  items: z.array(Device),
  nextCursor: z.string().nullable(),
  match: DeviceSearchMatch,
});
export type DeviceListResponse = z.infer<typeof DeviceListResponse>;
export type DeviceSearchMatch = z.infer<typeof DeviceSearchMatch>;

export const DeviceHistoryResponse = z.object({ items: z.array(DeviceStatusChange) });
export type DeviceHistoryResponse = z.infer<typeof DeviceHistoryResponse>;
