import { and, eq, getTableColumns, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { sites } from '../../sites/index.ts';
import { deviceImports } from '../device-import.schema.ts';
import {
  customFieldDefinitions,
  manufacturerAliases,
  manufacturers,
  modelIdentifiers,
  models,
} from '../inventory.schema.ts';
import type { Catalog, CatalogModel } from './device-import.rules.ts';
import type { CustomFieldDef } from './device-mapping.rules.ts';

export type DeviceImportRow = typeof deviceImports.$inferSelect;
/** An import without its file bytes (what lists and status reads need). */
export type DeviceImportMeta = Omit<DeviceImportRow, 'content'> & { progress: number | null };

const { content: _content, ...metaColumns } = getTableColumns(deviceImports);

export async function insertImport(
  db: DbOrTx,
  values: typeof deviceImports.$inferInsert,
): Promise<DeviceImportRow> {
  const [row] = await db.insert(deviceImports).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** The import's record with the progress of its job (if one ran or runs). */
export async function findImport(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<DeviceImportMeta | undefined> {
  const [row] = await db
    .select({
      ...metaColumns,
      progress: sql<number | null>`(SELECT j.progress FROM jobs j WHERE j.id = ${deviceImports.jobId})`,
    })
    .from(deviceImports)
    .where(and(eq(deviceImports.organizationId, organizationId), eq(deviceImports.id, id)));
  return row;
}

/** The import's status under a row lock, so two runs of the same import (job and CLI) apply it once. */
export async function lockImportStatus(
  tx: DbOrTx,
  organizationId: string,
  id: string,
): Promise<string | undefined> {
  const [row] = await tx
    .select({ status: deviceImports.status })
    .from(deviceImports)
    .where(and(eq(deviceImports.organizationId, organizationId), eq(deviceImports.id, id)))
    .for('update');
  return row?.status;
}

export async function findImportContent(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ content: deviceImports.content })
    .from(deviceImports)
    .where(and(eq(deviceImports.organizationId, organizationId), eq(deviceImports.id, id)));
  return row?.content;
}

/**
 * Compare-and-set on `version` when given; false when the row changed since it was read. An applied import is
 * final: nothing changes it afterwards (a second run that lost the race must not mark it invalid or failed).
 */
export async function updateImport(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number | null,
  patch: Partial<typeof deviceImports.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(deviceImports)
    .set({ ...patch, version: sql`${deviceImports.version} + 1` })
    .where(
      and(
        eq(deviceImports.organizationId, organizationId),
        eq(deviceImports.id, id),
        ne(deviceImports.status, 'applied'),
        version === null ? undefined : eq(deviceImports.version, version),
      ),
    )
    .returning({ id: deviceImports.id });
  return rows.length > 0;
}

/**
 * Everything rows are checked against, read once per check: manufacturers by normalized name and alias, models
 * by manufacturer and normalized number and by UDI device identifier, the sites the importer may see, and the
 * active custom fields. Catalog tables are small next to the devices, so they are read whole. One query at a
 * time: the handle may be a transaction (one connection).
 */
export async function loadCatalog(
  db: DbOrTx,
  organizationId: string,
  siteIds: readonly string[] | undefined,
): Promise<Catalog> {
  const mfrs = await db
    .select({ id: manufacturers.id, name: manufacturers.name, normalized: manufacturers.normalizedName })
    .from(manufacturers)
    .where(eq(manufacturers.organizationId, organizationId));
  const aliases = await db
    .select({
      id: manufacturers.id,
      name: manufacturers.name,
      normalized: manufacturerAliases.normalizedAlias,
    })
    .from(manufacturerAliases)
    .innerJoin(manufacturers, eq(manufacturers.id, manufacturerAliases.manufacturerId))
    .where(
      and(eq(manufacturerAliases.organizationId, organizationId), isNull(manufacturerAliases.retiredAt)),
    );
  const modelRows = await db
    .select({
      id: models.id,
      manufacturerId: models.manufacturerId,
      normalized: models.normalizedModelNumber,
      modelNumber: models.modelNumber,
      manufacturerName: manufacturers.name,
    })
    .from(models)
    .innerJoin(manufacturers, eq(manufacturers.id, models.manufacturerId))
    .where(eq(models.organizationId, organizationId));
  const identifiers = await db
    .select({
      modelId: modelIdentifiers.modelId,
      di: modelIdentifiers.deviceIdentifier,
      retired: sql<boolean>`${modelIdentifiers.retiredAt} IS NOT NULL`,
    })
    .from(modelIdentifiers)
    .where(eq(modelIdentifiers.organizationId, organizationId));
  const siteRows = await db
    .select({ id: sites.id, code: sites.code, active: sites.active })
    .from(sites)
    .where(
      and(
        eq(sites.organizationId, organizationId),
        siteIds === undefined ? undefined : siteIds.length ? inArray(sites.id, [...siteIds]) : sql`false`,
      ),
    );
  const customRows = await db
    .select()
    .from(customFieldDefinitions)
    .where(
      and(eq(customFieldDefinitions.organizationId, organizationId), eq(customFieldDefinitions.active, true)),
    );
  const manufacturerMap = new Map<string, { id: string; name: string }>();
  for (const m of [...mfrs, ...aliases]) manufacturerMap.set(m.normalized, { id: m.id, name: m.name });
  const modelMap = new Map<string, CatalogModel>();
  const modelById = new Map<string, CatalogModel>();
  for (const m of modelRows) {
    const v = { id: m.id, modelNumber: m.modelNumber, manufacturerName: m.manufacturerName };
    modelMap.set(`${m.manufacturerId}|${m.normalized}`, v);
    modelById.set(m.id, v);
  }
  const modelsByDi = new Map<string, CatalogModel>();
  // A retired identifier still names its model (labels stay on devices), unless a current one took it over.
  for (const i of identifiers) {
    const m = modelById.get(i.modelId);
    if (m && (!i.retired || !modelsByDi.has(i.di))) modelsByDi.set(i.di, m);
  }
  return {
    manufacturers: manufacturerMap,
    models: modelMap,
    modelsByDi,
    sites: new Map(siteRows.map((s) => [s.code.toLowerCase(), s])),
    customFields: new Map(
      customRows.map((c): [string, CustomFieldDef] => [
        c.key,
        {
          key: c.key,
          label: c.label,
          type: c.type as CustomFieldDef['type'],
          options: c.options,
          required: c.required,
        },
      ]),
    ),
  };
}

export async function activeCustomFields(db: DbOrTx, organizationId: string): Promise<CustomFieldDef[]> {
  const rows = await db
    .select()
    .from(customFieldDefinitions)
    .where(
      and(eq(customFieldDefinitions.organizationId, organizationId), eq(customFieldDefinitions.active, true)),
    );
  return rows.map((c) => ({
    key: c.key,
    label: c.label,
    type: c.type as CustomFieldDef['type'],
    options: c.options,
    required: c.required,
  }));
}

const LOOKUP_CHUNK = 10_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Which of these lower-case asset tags the organization already uses (on any site: tags are unique in it). */
export async function existingTags(db: DbOrTx, organizationId: string, tags: readonly string[]) {
  const found = new Set<string>();
  for (const part of chunks(tags, LOOKUP_CHUNK)) {
    const r = await db.execute<{ tag: string }>(sql`
      SELECT lower(asset_tag) AS tag FROM devices
      WHERE organization_id = ${organizationId} AND lower(asset_tag) = ANY(${toTextArray(part)}::text[])`);
    for (const row of r.rows) found.add(row.tag);
  }
  return found;
}

/** Which (model, lower-case serial) pairs are already in the inventory, as `${modelId}|${serial}`. */
export async function existingSerials(
  db: DbOrTx,
  organizationId: string,
  pairs: readonly { modelId: string; serial: string }[],
) {
  const found = new Set<string>();
  for (const part of chunks(pairs, LOOKUP_CHUNK)) {
    const r = await db.execute<{ k: string }>(sql`
      SELECT d.model_id::text || '|' || lower(d.serial_number) AS k
      FROM devices d
      JOIN jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS p("modelId" uuid, serial text)
        ON d.model_id = p."modelId" AND lower(d.serial_number) = p.serial
      WHERE d.organization_id = ${organizationId} AND d.serial_number IS NOT NULL`);
    for (const row of r.rows) found.add(row.k);
  }
  return found;
}

/** Devices the importer may see, by lower-case asset tag (rows name them as parents). */
export async function devicesByTag(
  db: DbOrTx,
  organizationId: string,
  siteIds: readonly string[] | undefined,
  tags: readonly string[],
) {
  const found = new Map<string, string>();
  for (const part of chunks(tags, LOOKUP_CHUNK)) {
    const r = await db.execute<{ tag: string; id: string }>(sql`
      SELECT lower(asset_tag) AS tag, id::text AS id FROM devices
      WHERE organization_id = ${organizationId} AND lower(asset_tag) = ANY(${toTextArray(part)}::text[])
        ${siteIds === undefined ? sql`` : sql`AND site_id = ANY(${toTextArray(siteIds)}::uuid[])`}`);
    for (const row of r.rows) found.set(row.tag, row.id);
  }
  return found;
}

/** A PostgreSQL array literal, so a list of any length is one parameter (not one placeholder per item). */
export function toTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export interface NewManufacturerRow {
  id: string;
  name: string;
  normalizedName: string;
}

/** Creates the manufacturers an import needs; a name someone created meanwhile is left alone (and returned). */
export async function insertManufacturers(
  tx: DbOrTx,
  organizationId: string,
  rows: readonly NewManufacturerRow[],
  now: Date,
): Promise<{ inserted: NewManufacturerRow[]; all: Map<string, string> }> {
  if (rows.length === 0) return { inserted: [], all: new Map() };
  const inserted = await tx
    .insert(manufacturers)
    .values(rows.map((r) => ({ ...r, organizationId, createdAt: now, updatedAt: now })))
    .onConflictDoNothing()
    .returning({
      id: manufacturers.id,
      name: manufacturers.name,
      normalizedName: manufacturers.normalizedName,
    });
  const all = await tx
    .select({ id: manufacturers.id, normalized: manufacturers.normalizedName })
    .from(manufacturers)
    .where(
      and(
        eq(manufacturers.organizationId, organizationId),
        inArray(
          manufacturers.normalizedName,
          rows.map((r) => r.normalizedName),
        ),
      ),
    );
  return { inserted, all: new Map(all.map((m) => [m.normalized, m.id])) };
}

export interface NewModelRow {
  id: string;
  manufacturerId: string;
  modelNumber: string;
  normalizedModelNumber: string;
  name: string;
  searchText: string;
}

export async function insertModels(
  tx: DbOrTx,
  organizationId: string,
  rows: readonly NewModelRow[],
  now: Date,
): Promise<{ inserted: NewModelRow[]; all: Map<string, string> }> {
  if (rows.length === 0) return { inserted: [], all: new Map() };
  const inserted: NewModelRow[] = [];
  for (const part of chunks(rows, 1000)) {
    inserted.push(
      ...(await tx
        .insert(models)
        .values(part.map((r) => ({ ...r, organizationId, createdAt: now, updatedAt: now })))
        .onConflictDoNothing()
        .returning({
          id: models.id,
          manufacturerId: models.manufacturerId,
          modelNumber: models.modelNumber,
          normalizedModelNumber: models.normalizedModelNumber,
          name: models.name,
          searchText: models.searchText,
        })),
    );
  }
  const r = await tx.execute<{ k: string; id: string }>(sql`
    SELECT m.manufacturer_id::text || '|' || m.normalized_model_number AS k, m.id::text AS id
    FROM models m
    JOIN jsonb_to_recordset(${JSON.stringify(rows.map((x) => ({ m: x.manufacturerId, n: x.normalizedModelNumber })))}::jsonb)
      AS p(m uuid, n text) ON m.manufacturer_id = p.m AND m.normalized_model_number = p.n
    WHERE m.organization_id = ${organizationId}`);
  return { inserted, all: new Map(r.rows.map((x) => [x.k, x.id])) };
}

/** One device as the set-based insert takes it (snake_case keys name the columns). */
export interface DeviceInsert {
  id: string;
  row: number;
  asset_tag: string;
  serial_number: string | null;
  model_id: string;
  udi_raw: string | null;
  udi_device_identifier: string | null;
  udi: unknown;
  site_id: string;
  building: string | null;
  floor: string | null;
  room: string | null;
  department: string | null;
  ownership: string;
  service_provider: string;
  acquisition_date: string | null;
  acquisition_cost: string | null;
  purchase_order: string | null;
  in_service_date: string | null;
  warranty_end: string | null;
  software_version: string | null;
  firmware_version: string | null;
  network_connected: boolean;
  mac_address: string | null;
  ip_address: string | null;
  hostname: string | null;
  parent_id: string | null;
  custom_fields: Record<string, unknown>;
  notes: string | null;
  status: string;
  search_text: string;
}

/**
 * Inserts a chunk of devices and their first lifecycle entry in one statement: the rows travel once as JSON,
 * the devices are inserted from it, and each inserted id gets its history row ("Imported from <file> row N").
 */
export async function insertDevicesWithHistory(
  tx: DbOrTx,
  p: {
    organizationId: string;
    rows: readonly DeviceInsert[];
    now: Date;
    actorId: string | null;
    actorLabel: string;
    /** The history reason is `${before}${row}${after}`. */
    reason: { before: string; after: string };
  },
): Promise<number> {
  const now = p.now.toISOString();
  const r = await tx.execute(sql`
    WITH r AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(p.rows)}::jsonb) AS r(
        id uuid, "row" int, asset_tag text, serial_number text, model_id uuid, udi_raw text,
        udi_device_identifier text, udi jsonb, site_id uuid, building text, floor text, room text,
        department text, ownership text, service_provider text, acquisition_date date,
        acquisition_cost numeric, purchase_order text, in_service_date date, warranty_end date,
        software_version text, firmware_version text, network_connected boolean, mac_address text,
        ip_address text, hostname text, parent_id uuid, custom_fields jsonb, notes text, status text,
        search_text text)
    ), inserted AS (
      INSERT INTO devices (id, organization_id, asset_tag, serial_number, model_id, udi_raw,
        udi_device_identifier, udi, site_id, building, floor, room, department, ownership, service_provider,
        acquisition_date, acquisition_cost, purchase_order, in_service_date, warranty_end, software_version,
        firmware_version, network_connected, mac_address, ip_address, hostname, parent_id, custom_fields,
        notes, status, status_changed_at, search_text, created_at, updated_at)
      SELECT id, ${p.organizationId}::uuid, asset_tag, serial_number, model_id, udi_raw, udi_device_identifier,
        CASE WHEN jsonb_typeof(udi) = 'null' THEN NULL ELSE udi END, site_id, building, floor, room, department,
        ownership, service_provider, acquisition_date, acquisition_cost, purchase_order, in_service_date,
        warranty_end, software_version, firmware_version, network_connected, mac_address, ip_address, hostname,
        parent_id, custom_fields, notes, status, ${now}::timestamptz, search_text, ${now}::timestamptz,
        ${now}::timestamptz
      FROM r ORDER BY "row"
      RETURNING id
    )
    INSERT INTO device_status_history (organization_id, device_id, from_status, to_status, reason, actor_id,
      actor_label, occurred_at)
    SELECT ${p.organizationId}::uuid, r.id, NULL, r.status, ${p.reason.before}::text || r."row"::text || ${p.reason.after}::text,
      ${p.actorId}::uuid, ${p.actorLabel}::text, ${now}::timestamptz
    FROM inserted JOIN r ON r.id = inserted.id
    ORDER BY r."row"`);
  return r.rowCount ?? 0;
}

/**
 * Fresh planner statistics after a large import, so the next searches use their indexes (PGlite has no
 * autovacuum to gather them; on a server this only runs sooner than autovacuum would).
 */
export async function analyzeDevices(db: DbOrTx): Promise<void> {
  await db.execute(sql`ANALYZE devices, device_status_history`);
}
