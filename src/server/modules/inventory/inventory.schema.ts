import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations, sites } from '../sites/index.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** Kept in step with contracts/inventory.ts (a test compares them). */
export const DEVICE_CLASSES = ['1', '2', '3', 'U', 'N', 'F'] as const;
export const DEVICE_STATUSES = [
  'received',
  'in_service',
  'out_of_service',
  'missing',
  'inactive',
  'retired',
  'disposed',
] as const;
export const OWNERSHIPS = [
  'owned',
  'leased',
  'rented',
  'loaner',
  'physician_owned',
  'vendor_owned',
  'consigned',
] as const;
export const SERVICE_PROVIDERS = ['in_house', 'oem', 'independent', 'depot'] as const;
export const DOCUMENT_KINDS = [
  'operator_manual',
  'service_manual',
  'instructions_for_use',
  'photo',
  'certificate',
  'service_report',
  'other',
] as const;

/**
 * Versions of reference datasets loaded from reference-data/ (e.g. the FDA product classification), with the
 * edition and content hash, so a record can say which edition it was classified against.
 */
export const referenceDatasets = pgTable('reference_datasets', {
  name: text('name').primaryKey(),
  edition: text('edition').notNull(),
  sha256: text('sha256').notNull(),
  rowCount: integer('row_count').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Device types: FDA product codes (organization_id NULL, shared reference data, read-only) and an organization's
 * own types. GMDN and UMDNS codes are optional cross-references.
 */
export const deviceTypes = pgTable(
  'device_types',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    source: text('source').notNull(),
    productCode: text('product_code'),
    name: text('name').notNull(),
    deviceClass: text('device_class'),
    regulationNumber: text('regulation_number'),
    reviewPanel: text('review_panel'),
    medicalSpecialty: text('medical_specialty'),
    lifeSustaining: boolean('life_sustaining').notNull().default(false),
    implant: boolean('implant').notNull().default(false),
    gmdnCode: text('gmdn_code'),
    umdnsCode: text('umdns_code'),
    datasetEdition: text('dataset_edition'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('device_types_fda_code_uq')
      .on(t.productCode)
      .where(sql`${t.organizationId} IS NULL`),
    uniqueIndex('device_types_org_code_uq')
      .on(t.organizationId, sql`lower(${t.productCode})`)
      .where(sql`${t.organizationId} IS NOT NULL AND ${t.productCode} IS NOT NULL`),
    index('device_types_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('device_types_org_name_idx').on(t.organizationId, t.name, t.id),
    check('device_types_source_check', sql`${t.source} in ('fda','organization')`),
    check('device_types_source_org_check', sql`(${t.source} = 'fda') = (${t.organizationId} IS NULL)`),
    check(
      'device_types_class_check',
      sql`${t.deviceClass} is null or ${t.deviceClass} in (${inList(DEVICE_CLASSES)})`,
    ),
  ],
);

/** Manufacturers, with a normalized name so "GE Healthcare", "GE HEALTHCARE INC." and aliases meet. */
export const manufacturers = pgTable(
  'manufacturers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    normalizedName: text('normalized_name').notNull(),
    website: text('website'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('manufacturers_org_normalized_uq').on(t.organizationId, t.normalizedName),
    index('manufacturers_org_name_idx').on(t.organizationId, t.name, t.id),
    index('manufacturers_name_trgm_idx').using('gin', sql`${t.normalizedName} gin_trgm_ops`),
  ],
);

/** Other names a manufacturer is known by (recall and vulnerability feeds use them); unique per organization. */
export const manufacturerAliases = pgTable(
  'manufacturer_aliases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    manufacturerId: uuid('manufacturer_id')
      .notNull()
      .references(() => manufacturers.id),
    alias: text('alias').notNull(),
    normalizedAlias: text('normalized_alias').notNull(),
    createdAt: createdAt(),
    /** An alias taken off the list is retired, never deleted; only current aliases must be unique. */
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('manufacturer_aliases_org_normalized_uq')
      .on(t.organizationId, t.normalizedAlias)
      .where(sql`${t.retiredAt} IS NULL`),
    index('manufacturer_aliases_manufacturer_idx').on(t.manufacturerId),
  ],
);

/** A manufacturer's model (FHIR DeviceDefinition). */
export const models = pgTable(
  'models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    manufacturerId: uuid('manufacturer_id')
      .notNull()
      .references(() => manufacturers.id),
    modelNumber: text('model_number').notNull(),
    normalizedModelNumber: text('normalized_model_number').notNull(),
    name: text('name').notNull(),
    deviceTypeId: uuid('device_type_id').references(() => deviceTypes.id),
    endOfSale: date('end_of_sale', { mode: 'string' }),
    endOfSupport: date('end_of_support', { mode: 'string' }),
    /** Lower-cased "manufacturer model-number name", kept by the service, for the trigram search. */
    searchText: text('search_text').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('models_org_manufacturer_number_uq').on(
      t.organizationId,
      t.manufacturerId,
      t.normalizedModelNumber,
    ),
    index('models_org_name_idx').on(t.organizationId, t.name, t.id),
    index('models_device_type_idx').on(t.deviceTypeId),
    index('models_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

/** UDI device identifiers (GS1 GTIN, HIBCC labeler+product, ICCBBA) of a model; a DI names one model. */
export const modelIdentifiers = pgTable(
  'model_identifiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id),
    issuingAgency: text('issuing_agency').notNull(),
    deviceIdentifier: text('device_identifier').notNull(),
    createdAt: createdAt(),
    /** A device identifier taken off the model is retired, never deleted; only current ones must be unique. */
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('model_identifiers_org_di_uq')
      .on(t.organizationId, t.deviceIdentifier)
      .where(sql`${t.retiredAt} IS NULL`),
    index('model_identifiers_model_idx').on(t.modelId),
    check('model_identifiers_agency_check', sql`${t.issuingAgency} in ('GS1','HIBCC','ICCBBA')`),
  ],
);

/** Where asset tags come from when a device arrives without one: `{prefix}{number padded to digits}`. */
export const assetTagSequences = pgTable('asset_tag_sequences', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id),
  prefix: text('prefix').notNull().default('A'),
  digits: integer('digits').notNull().default(6),
  nextNumber: bigint('next_number', { mode: 'number' }).notNull().default(1),
  version: integer('version').notNull().default(1),
});

/** Custom fields an organization adds to devices; values live in devices.custom_fields keyed by `key`. */
export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('custom_field_definitions_org_key_uq').on(t.organizationId, t.key),
    check(
      'custom_field_definitions_type_check',
      sql`${t.type} in ('text','number','date','boolean','choice')`,
    ),
  ],
);

/** One physical unit on the inventory. Never deleted: retired and disposed devices stay searchable. */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    assetTag: text('asset_tag').notNull(),
    serialNumber: text('serial_number'),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id),
    udiRaw: text('udi_raw'),
    udiDeviceIdentifier: text('udi_device_identifier'),
    /** The parsed UDI as answered by the parser (agency, DI, production identifiers). */
    udi: jsonb('udi'),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    building: text('building'),
    floor: text('floor'),
    room: text('room'),
    department: text('department'),
    ownership: text('ownership').notNull().default('owned'),
    serviceProvider: text('service_provider').notNull().default('in_house'),
    acquisitionDate: date('acquisition_date', { mode: 'string' }),
    acquisitionCost: numeric('acquisition_cost', { precision: 14, scale: 2 }),
    purchaseOrder: text('purchase_order'),
    inServiceDate: date('in_service_date', { mode: 'string' }),
    warrantyEnd: date('warranty_end', { mode: 'string' }),
    softwareVersion: text('software_version'),
    firmwareVersion: text('firmware_version'),
    networkConnected: boolean('network_connected').notNull().default(false),
    macAddress: text('mac_address'),
    ipAddress: text('ip_address'),
    hostname: text('hostname'),
    parentId: uuid('parent_id'),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    notes: text('notes'),
    status: text('status').notNull(),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
    /** Lower-cased tag, serial, location and network names, kept by the service, for the trigram search. */
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: 'devices_parent_fk' }),
    uniqueIndex('devices_org_tag_uq').on(t.organizationId, sql`lower(${t.assetTag})`),
    uniqueIndex('devices_org_model_serial_uq')
      .on(t.organizationId, t.modelId, sql`lower(${t.serialNumber})`)
      .where(sql`${t.serialNumber} IS NOT NULL`),
    index('devices_org_serial_idx').on(t.organizationId, sql`lower(${t.serialNumber})`),
    index('devices_org_udi_di_idx').on(t.organizationId, t.udiDeviceIdentifier),
    index('devices_org_tag_idx').on(t.organizationId, t.assetTag, t.id),
    index('devices_org_site_idx').on(t.organizationId, t.siteId, t.assetTag, t.id),
    index('devices_org_status_idx').on(t.organizationId, t.status),
    index('devices_model_idx').on(t.modelId),
    index('devices_parent_idx').on(t.parentId),
    index('devices_org_updated_idx').on(t.organizationId, t.updatedAt, t.id),
    index('devices_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('devices_status_check', sql`${t.status} in (${inList(DEVICE_STATUSES)})`),
    check('devices_ownership_check', sql`${t.ownership} in (${inList(OWNERSHIPS)})`),
    check('devices_service_provider_check', sql`${t.serviceProvider} in (${inList(SERVICE_PROVIDERS)})`),
    check('devices_not_own_parent_check', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

/** Append-only lifecycle history (the database refuses UPDATE and DELETE; migration 0002). */
export const deviceStatusHistory = pgTable(
  'device_status_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order (by default, so a restore can write it back): two changes in the same millisecond (creation, then a first status) still sort. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('device_status_history_device_idx').on(t.deviceId, t.occurredAt)],
);

/**
 * Documents and photos of a model (manuals, instructions for use) or a device. The bytes live outside the
 * database under their SHA-256; the type is detected from the bytes. Removing a document retires it.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    modelId: uuid('model_id').references(() => models.id),
    deviceId: uuid('device_id').references(() => devices.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    documentVersion: text('document_version'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('documents_model_idx').on(t.modelId),
    index('documents_device_idx').on(t.deviceId),
    check('documents_kind_check', sql`${t.kind} in (${inList(DOCUMENT_KINDS)})`),
    check('documents_owner_check', sql`(${t.modelId} is null) <> (${t.deviceId} is null)`),
  ],
);
