import { randomUUID } from 'node:crypto';
import { and, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { systemActor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { sites } from '../../sites/index.ts';
import { syncFdaDeviceTypes } from '../catalog/device-type.sync.ts';
import {
  deviceSearchText,
  modelSearchText,
  normalizeManufacturerName,
  normalizeModelNumber,
} from '../devices/device.rules.ts';
import {
  assetTagSequences,
  devices,
  deviceStatusHistory,
  deviceTypes,
  manufacturerAliases,
  manufacturers,
  modelIdentifiers,
  models,
} from '../inventory.schema.ts';
import {
  buildDemoHospital,
  DEMO_DEVICE_COUNT,
  DEMO_SEED,
  type DemoHospital,
} from './demo-hospital.builders.ts';

export interface DemoLoadInput {
  organizationId: string;
  devices?: number;
  seed?: number;
}

export interface DemoLoadResult {
  sites: number;
  manufacturers: number;
  models: number;
  devices: number;
  statusChanges: number;
  /** Time spent building the data and inside the transaction. */
  buildMs: number;
  insertMs: number;
  /** What was loaded (later demo data, such as maintenance history, builds on the same devices). */
  hospital: DemoHospital;
}

export const DEMO_ACTOR_LABEL = 'system (demo data)';

/**
 * Multi-row INSERT of many rows through one JSON parameter (`jsonb_to_recordset`), typed from the Drizzle table:
 * one statement per chunk instead of tens of thousands of bind parameters, which PGlite parses slowly.
 */
async function insertRows<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  chunkSize = 2000,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(first).filter((k) => k in columns);
  const cols = keys.map((k) => columns[k] as (typeof columns)[string]);
  const names = sql.raw(cols.map((c) => `"${c.name}"`).join(', '));
  const definitions = sql.raw(cols.map((c) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  for (let i = 0; i < rows.length; i += chunkSize) {
    const payload = rows.slice(i, i + chunkSize).map((row) => {
      const record = row as Record<string, unknown>;
      return Object.fromEntries(
        cols.map((c, j) => {
          const v = record[keys[j] as string];
          return [c.name, v instanceof Date ? v.toISOString() : (v ?? null)];
        }),
      );
    });
    await tx.execute(
      sql`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(${definitions})`,
    );
  }
}

/**
 * Loads the demo hospital into an organization: three sites, the catalog, devices with their lifecycle histories,
 * and the asset-tag sequence moved past the demo's tags. One transaction and one audit event, so the demo is there
 * whole or not at all. Refuses a database that already holds devices: demo data never mixes with real data.
 */
export async function loadDemoHospital(
  deps: { db: Db; clock: Clock },
  input: DemoLoadInput,
): Promise<DemoLoadResult> {
  const { db, clock } = deps;
  const { organizationId } = input;
  await assertNoDevices(db);
  await syncFdaDeviceTypes(db);

  const [sequence] = await db
    .select()
    .from(assetTagSequences)
    .where(eq(assetTagSequences.organizationId, organizationId));
  const t0 = performance.now();
  const demo = buildDemoHospital({
    today: clock.now().toISOString().slice(0, 10),
    seed: input.seed ?? DEMO_SEED,
    devices: input.devices ?? DEMO_DEVICE_COUNT,
    tagPrefix: sequence?.prefix,
    tagDigits: sequence?.digits,
  });
  const t1 = performance.now();
  const result = await db.transaction(async (tx) => {
    // Two first starts racing (or a second organization's load) must not both pass the emptiness check.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('openhtm.inventory.demo'))`);
    await assertNoDevices(tx);
    return insertDemo(tx, clock, organizationId, demo);
  });
  // Fresh statistics, so the first searches plan with indexes (PGlite has no autovacuum to gather them).
  await db.execute(sql`ANALYZE devices, device_status_history, models, model_identifiers, manufacturers`);
  return {
    ...result,
    buildMs: Math.round(t1 - t0),
    insertMs: Math.round(performance.now() - t1),
    hospital: demo,
  };
}

async function assertNoDevices(db: Db | Tx): Promise<void> {
  const [row] = await db.select({ id: devices.id }).from(devices).limit(1);
  if (row)
    throw new AppError(
      'INVALID_STATE',
      'The database already holds devices; the demo hospital loads only into an empty database',
    );
}

async function insertDemo(tx: Tx, clock: Clock, organizationId: string, demo: DemoHospital) {
  const now = clock.now();

  const codes = [...new Set(demo.models.flatMap((m) => (m.productCode ? [m.productCode] : [])))];
  const fdaRows = await tx
    .select({ id: deviceTypes.id, productCode: deviceTypes.productCode })
    .from(deviceTypes)
    .where(and(isNull(deviceTypes.organizationId), inArray(deviceTypes.productCode, codes)));
  const typeIds = new Map(fdaRows.map((r) => [r.productCode ?? '', r.id]));
  const missing = codes.filter((c) => !typeIds.has(c));
  if (missing.length > 0)
    throw new Error(`FDA product codes missing from device_types: ${missing.join(', ')}`);
  if (demo.ownDeviceTypes.length > 0) {
    const own = await tx
      .insert(deviceTypes)
      .values(demo.ownDeviceTypes.map((name) => ({ organizationId, source: 'organization', name })))
      .returning({ id: deviceTypes.id, name: deviceTypes.name });
    for (const t of own) typeIds.set(`own:${t.name}`, t.id);
  }

  const siteRows = await tx
    .insert(sites)
    .values(
      demo.sites.map((s) => ({
        organizationId,
        name: s.name,
        code: s.code,
        kind: s.kind,
        timeZone: s.timeZone,
        address: s.address,
      })),
    )
    .returning({ id: sites.id, code: sites.code });
  const siteIds = new Map(siteRows.map((s) => [s.code, s.id]));

  const manufacturerRows = await tx
    .insert(manufacturers)
    .values(
      demo.manufacturers.map((m) => ({
        organizationId,
        name: m.name,
        normalizedName: normalizeManufacturerName(m.name),
        website: m.website,
      })),
    )
    .returning({ id: manufacturers.id, name: manufacturers.name });
  const manufacturerIdByName = new Map(manufacturerRows.map((m) => [m.name, m.id]));
  const manufacturerByKey = new Map(
    demo.manufacturers.map((m) => [m.key, { id: manufacturerIdByName.get(m.name) ?? '', name: m.name }]),
  );
  const aliases = demo.manufacturers.flatMap((m) =>
    m.aliases.map((alias) => ({
      organizationId,
      manufacturerId: manufacturerByKey.get(m.key)?.id ?? '',
      alias,
      normalizedAlias: normalizeManufacturerName(alias),
    })),
  );
  if (aliases.length > 0) await tx.insert(manufacturerAliases).values(aliases);

  const modelIds = new Map(demo.models.map((m) => [m.key, randomUUID()]));
  await tx.insert(models).values(
    demo.models.map((m) => {
      const manufacturer = manufacturerByKey.get(m.manufacturer);
      if (!manufacturer) throw new Error(`demo model ${m.key}: unknown manufacturer`);
      return {
        id: modelIds.get(m.key),
        organizationId,
        manufacturerId: manufacturer.id,
        modelNumber: m.modelNumber,
        normalizedModelNumber: normalizeModelNumber(m.modelNumber),
        name: m.name,
        deviceTypeId:
          (m.productCode ? typeIds.get(m.productCode) : typeIds.get(`own:${m.ownType ?? ''}`)) ?? null,
        endOfSale: m.endOfSale,
        endOfSupport: m.endOfSupport,
        searchText: modelSearchText({
          manufacturerName: manufacturer.name,
          modelNumber: m.modelNumber,
          name: m.name,
        }),
        createdAt: now,
        updatedAt: now,
      };
    }),
  );
  await tx.insert(modelIdentifiers).values(
    demo.models.flatMap((m) =>
      m.deviceIdentifiers.map((deviceIdentifier) => ({
        organizationId,
        modelId: modelIds.get(m.key) ?? '',
        issuingAgency: 'GS1',
        deviceIdentifier,
      })),
    ),
  );

  // Ids are chosen here so components can name their system and history rows their device without a round trip.
  const deviceIds = new Map(demo.devices.map((d) => [d.assetTag, randomUUID()]));
  const deviceRows = demo.devices.map((d) => ({
    id: deviceIds.get(d.assetTag),
    organizationId,
    assetTag: d.assetTag,
    serialNumber: d.serialNumber,
    modelId: modelIds.get(d.model) ?? '',
    udiRaw: d.udiRaw,
    udiDeviceIdentifier: d.udiDeviceIdentifier,
    udi: d.udi,
    siteId: siteIds.get(d.site) ?? '',
    building: d.building,
    floor: d.floor,
    room: d.room,
    department: d.department,
    ownership: d.ownership,
    serviceProvider: d.serviceProvider,
    acquisitionDate: d.acquisitionDate,
    acquisitionCost: d.acquisitionCost,
    purchaseOrder: d.purchaseOrder,
    inServiceDate: d.inServiceDate,
    warrantyEnd: d.warrantyEnd,
    softwareVersion: d.softwareVersion,
    firmwareVersion: d.firmwareVersion,
    networkConnected: d.networkConnected,
    macAddress: d.macAddress,
    ipAddress: d.ipAddress,
    hostname: d.hostname,
    parentId: d.parentTag ? (deviceIds.get(d.parentTag) ?? null) : null,
    notes: d.notes,
    status: d.status,
    statusChangedAt: d.statusChangedAt,
    searchText: deviceSearchText(d),
    createdAt: now,
    updatedAt: now,
  }));
  // The builder lists a system before its components, so every parent row exists before a child names it.
  await insertRows(tx, devices, deviceRows);

  const historyRows = demo.devices.flatMap((d) =>
    d.history.map((h) => ({
      organizationId,
      deviceId: deviceIds.get(d.assetTag) ?? '',
      fromStatus: h.from,
      toStatus: h.to,
      reason: h.reason,
      actorId: null,
      actorLabel: h.actor,
      occurredAt: h.at,
    })),
  );
  await insertRows(tx, deviceStatusHistory, historyRows, 10_000);

  await tx
    .insert(assetTagSequences)
    .values({
      organizationId,
      prefix: demo.assetTags.prefix,
      digits: demo.assetTags.digits,
      nextNumber: demo.assetTags.nextNumber,
    })
    .onConflictDoUpdate({
      target: assetTagSequences.organizationId,
      set: {
        nextNumber: sql`greatest(${assetTagSequences.nextNumber}, ${demo.assetTags.nextNumber})`,
        version: sql`${assetTagSequences.version} + 1`,
      },
    });

  const counts = {
    sites: siteRows.length,
    manufacturers: manufacturerRows.length,
    models: demo.models.length,
    devices: deviceRows.length,
    statusChanges: historyRows.length,
  };
  await recordAudit(tx, systemActor(organizationId, DEMO_ACTOR_LABEL), clock, {
    action: 'inventory.demo-loaded',
    entityType: 'organization',
    entityId: organizationId,
    after: { ...counts, seed: demo.seed, asOf: demo.today, assetTags: demo.assetTags },
  });
  return counts;
}
