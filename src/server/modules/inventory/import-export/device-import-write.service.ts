import { randomUUID } from 'node:crypto';
import type { DeviceImportSummary } from '../../../../contracts/index.ts';
import type { Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { reserveAssetTags } from '../devices/asset-tags.queries.ts';
import { deviceSearchText, modelSearchText } from '../devices/device.rules.ts';
import { summarizePrepared, type Prepared } from './device-import.rules.ts';
import { importReasonParts, parentsFirst } from './device-inventory.rules.ts';
import * as q from './device-import.queries.ts';

/**
 * The writing half of an import, inside the one transaction the caller opened after the last check: catalog
 * entries the import may create, generated asset tags, the devices with their first lifecycle entries in
 * set-based chunks, the import's one audit event and its record marked applied.
 */

/** Devices per insert statement: large enough to amortize the round trip, small enough to keep memory flat. */
const INSERT_CHUNK = 2000;

export interface ImportProgress {
  phase: 'checking' | 'writing';
  /** Devices written so far (writing) or 0 (checking). */
  done: number;
  total: number;
  /** 0..1 over the whole run (checking is the first 30 %). */
  fraction: number;
  /** True while the one transaction that writes the devices is open. */
  inTransaction: boolean;
}

/** Reserved tags that a row of the file already uses by hand are skipped (tags are unique in any case). */
async function generateTags(
  tx: DbOrTx,
  organizationId: string,
  count: number,
  fileTags: ReadonlySet<string>,
) {
  const tags: string[] = [];
  while (tags.length < count) {
    for (const t of await reserveAssetTags(tx, organizationId, count - tags.length))
      if (!fileTags.has(t.toLowerCase())) tags.push(t);
  }
  return tags;
}

/** Creates the planned manufacturers and models (audited one by one) and answers the id of each planned model. */
async function createCatalog(
  tx: DbOrTx,
  actor: Actor,
  clock: Clock,
  prepared: Prepared,
  reason: string,
): Promise<Map<string, string>> {
  const now = clock.now();
  const mfr = await q.insertManufacturers(
    tx,
    actor.organizationId,
    prepared.newManufacturers.map((m) => ({ id: randomUUID(), name: m.name, normalizedName: m.key })),
    now,
  );
  for (const m of mfr.inserted)
    await recordAudit(tx, actor, clock, {
      action: 'manufacturer.created',
      entityType: 'manufacturer',
      entityId: m.id,
      after: {
        id: m.id,
        name: m.name,
        normalizedName: m.normalizedName,
        aliases: [],
        website: null,
        active: true,
      },
      reason,
    });
  const modelRows = prepared.newModels.map((m) => {
    const manufacturerId =
      m.manufacturer.kind === 'existing' ? m.manufacturer.id : mfr.all.get(m.manufacturer.key);
    if (!manufacturerId) throw new Error(`manufacturer ${m.manufacturerName} was not created`);
    return {
      planned: m.key,
      row: {
        id: randomUUID(),
        manufacturerId,
        modelNumber: m.modelNumber,
        normalizedModelNumber: m.normalizedModelNumber,
        name: m.name,
        searchText: modelSearchText({
          manufacturerName: m.manufacturerName,
          modelNumber: m.modelNumber,
          name: m.name,
        }),
      },
    };
  });
  const created = await q.insertModels(
    tx,
    actor.organizationId,
    modelRows.map((m) => m.row),
    now,
  );
  for (const m of created.inserted)
    await recordAudit(tx, actor, clock, {
      action: 'model.created',
      entityType: 'model',
      entityId: m.id,
      after: {
        id: m.id,
        manufacturerId: m.manufacturerId,
        modelNumber: m.modelNumber,
        name: m.name,
        deviceTypeId: null,
        identifiers: [],
        active: true,
      },
      reason,
    });
  const ids = new Map<string, string>();
  for (const m of modelRows) {
    const id = created.all.get(`${m.row.manufacturerId}|${m.row.normalizedModelNumber}`);
    if (id) ids.set(m.planned, id);
  }
  return ids;
}

export async function writeImport(
  tx: DbOrTx,
  input: {
    actor: Actor;
    clock: Clock;
    importRow: { id: string; fileName: string; sha256: string; rowCount: number };
    prepared: Prepared;
    /** Devices already in the inventory that rows name as parents, by lower-case asset tag. */
    parents: ReadonlyMap<string, string>;
    onProgress: (p: ImportProgress) => Promise<void> | void;
  },
): Promise<DeviceImportSummary> {
  const { actor, clock, importRow, prepared, parents, onProgress } = input;
  const id = importRow.id;
  const total = prepared.devices.length;
  const now = clock.now();
  const modelIds = await createCatalog(
    tx,
    actor,
    clock,
    prepared,
    `Created by the import of ${importRow.fileName} (import ${id})`,
  );
  const fileTags = new Set(prepared.devices.flatMap((d) => (d.assetTag ? [d.assetTag.toLowerCase()] : [])));
  const generated = await generateTags(
    tx,
    actor.organizationId,
    prepared.devices.filter((d) => d.assetTag === null).length,
    fileTags,
  );
  let g = 0;
  const withTags = prepared.devices.map((d) => ({
    d,
    id: randomUUID(),
    assetTag: d.assetTag ?? generated[g++] ?? '',
    parentAssetTag: d.parentAssetTag,
  }));
  const idByTag = new Map(withTags.map((x) => [x.assetTag.toLowerCase(), x.id]));
  const inserts: q.DeviceInsert[] = parentsFirst(withTags).map(({ d, id: deviceId, assetTag }) => {
    const modelId =
      d.model?.kind === 'existing' ? d.model.id : d.model ? modelIds.get(d.model.key) : undefined;
    if (!modelId || !d.siteId) throw new Error(`row ${d.row} has no model or site after its check`);
    const parentTag = d.parentAssetTag?.toLowerCase();
    return {
      id: deviceId,
      row: d.row,
      asset_tag: assetTag,
      serial_number: d.serialNumber,
      model_id: modelId,
      udi_raw: d.udiRaw,
      udi_device_identifier: d.udiDeviceIdentifier,
      udi: d.udi,
      site_id: d.siteId,
      building: d.building,
      floor: d.floor,
      room: d.room,
      department: d.department,
      ownership: d.ownership,
      service_provider: d.serviceProvider,
      acquisition_date: d.acquisitionDate,
      acquisition_cost: d.acquisitionCost,
      purchase_order: d.purchaseOrder,
      in_service_date: d.inServiceDate,
      warranty_end: d.warrantyEnd,
      software_version: d.softwareVersion,
      firmware_version: d.firmwareVersion,
      network_connected: d.networkConnected,
      mac_address: d.macAddress,
      ip_address: d.ipAddress,
      hostname: d.hostname,
      parent_id: parentTag ? (idByTag.get(parentTag) ?? parents.get(parentTag) ?? null) : null,
      custom_fields: d.customFields,
      notes: d.notes,
      status: d.status,
      search_text: deviceSearchText({ ...d, assetTag }),
    };
  });
  let done = 0;
  for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
    const chunk = inserts.slice(i, i + INSERT_CHUNK);
    await q.insertDevicesWithHistory(tx, {
      organizationId: actor.organizationId,
      rows: chunk,
      now,
      actorId: actor.userId,
      actorLabel: actor.label,
      reason: importReasonParts(importRow.fileName, id),
    });
    done += chunk.length;
    await onProgress({
      phase: 'writing',
      done,
      total,
      fraction: done >= total ? 1 : 0.3 + (0.7 * done) / total,
      inTransaction: true,
    });
  }
  const summary: DeviceImportSummary = {
    ...summarizePrepared(prepared),
    generatedAssetTags: generated.length,
  };
  await recordAudit(tx, actor, clock, {
    action: 'devices.imported',
    entityType: 'device_import',
    entityId: id,
    after: {
      importId: id,
      fileName: importRow.fileName,
      sha256: importRow.sha256,
      rowCount: importRow.rowCount,
      deviceIds: inserts.length,
      generatedAssetTags: generated.length,
      newManufacturers: summary.newManufacturers.length,
      newModels: summary.newModels.length,
      // The devices are those whose first history entry carries this reason, with their row for N.
      historyReason: `Imported from ${importRow.fileName} row N (import ${id})`,
    },
  });
  await q.updateImport(tx, actor.organizationId, id, null, {
    status: 'applied',
    problems: [],
    problemCount: 0,
    result: summary,
    error: null,
    updatedAt: now,
  });
  return summary;
}
