import type { Device, DeviceListQuery, DeviceListResponse } from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { decodeCursorKeys, toPage } from '../../../platform/pagination.ts';
import { parseUdi } from '../udi/udi.rules.ts';
import * as search from './device-search.queries.ts';
import { toDevice } from './device.mappers.ts';
import { findDevice } from './device.queries.ts';
import { normalizeManufacturerName } from './device.rules.ts';

const MAX_WORDS = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const KINDS = ['none', 'udi', 'asset_tag', 'serial_number', 'text'] as const;

/**
 * The search box, in the order a person at a device expects: a scanned or typed UDI (its device identifier on
 * the device or its model, narrowed by the UDI's serial), then an exact asset tag, then an exact serial number,
 * then words found in the device, its model, manufacturer (and aliases) or device type. The first reading that
 * finds anything answers; each is one indexed lookup.
 */
export function searchReadings(q: string | undefined, now: Date): search.DeviceReading[] {
  const text = q?.trim();
  if (!text) return [{ kind: 'none' }];
  const readings: search.DeviceReading[] = [];
  const udi = parseUdi(text, now);
  if (udi.deviceIdentifier)
    readings.push({ kind: 'udi', deviceIdentifier: udi.deviceIdentifier, serial: udi.serial });
  readings.push({ kind: 'asset_tag', value: text }, { kind: 'serial_number', value: text });
  const words = text.toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
  readings.push({
    kind: 'text',
    words: words.map((word) => ({ word, normalized: normalizeManufacturerName(word) })),
  });
  return readings;
}

const badCursor = () =>
  new AppError('VALIDATION_FAILED', 'Invalid cursor', [
    { field: 'cursor', message: 'is not a cursor from this list' },
  ]);

interface Cursor {
  kind: (typeof KINDS)[number];
  after: { key: string; id: string };
}

function readCursor(
  cursor: string | undefined,
  sort: search.DeviceSortKey,
  order: string,
): Cursor | undefined {
  const keys = decodeCursorKeys(cursor);
  if (!keys) return undefined;
  const [kind, s, o, key, id] = keys;
  const k = KINDS.find((x) => x === kind);
  if (keys.length !== 5 || !k || s !== sort || o !== order || key === undefined || !id || !UUID.test(id))
    throw badCursor();
  if (sort === 'updatedAt' && !PG_TIMESTAMP.test(key)) throw badCursor();
  return { kind: k, after: { key, id } };
}

export function createDeviceSearchService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function listDevices(actor: Actor, input: DeviceListQuery): Promise<DeviceListResponse> {
    requirePermission(actor, 'inventory.read');
    const cursor = readCursor(input.cursor, input.sort, input.order);
    let readings = searchReadings(input.q, clock.now());
    if (cursor) {
      readings = readings.filter((r) => r.kind === cursor.kind);
      if (readings.length === 0) throw badCursor();
    }
    const statuses =
      input.status === undefined ? undefined : Array.isArray(input.status) ? input.status : [input.status];
    const base = {
      organizationId: actor.organizationId,
      siteIds: permittedSiteIds(actor),
      siteId: input.siteId,
      statuses,
      modelId: input.modelId,
      manufacturerId: input.manufacturerId,
      deviceTypeId: input.deviceTypeId,
      department: input.department || undefined,
      ownership: input.ownership,
      parentId: input.parentId,
      sort: input.sort,
      order: input.order,
      after: cursor?.after,
      limit: input.limit + 1,
    };
    for (const [i, reading] of readings.entries()) {
      const match = await search.resolveReading(db, actor.organizationId, reading);
      const rows = await search.listDevices(db, { ...base, match });
      if (rows.length === 0 && i < readings.length - 1) continue;
      const page = toPage(rows, input.limit, toDevice, (r) => [
        match.kind,
        input.sort,
        input.order,
        r.sortKey,
        r.id,
      ]);
      return { ...page, match: rows.length === 0 && !cursor ? 'none' : match.kind };
    }
    return { items: [], nextCursor: null, match: 'none' };
  }

  async function listChildren(
    actor: Actor,
    id: string,
    input: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: Device[]; nextCursor: string | null }> {
    requirePermission(actor, 'inventory.read');
    const siteIds = permittedSiteIds(actor);
    if (!(await findDevice(db, actor.organizationId, id, siteIds))) throw notFound('Device');
    const cursor = readCursor(input.cursor, 'assetTag', 'asc');
    const rows = await search.listDevices(db, {
      organizationId: actor.organizationId,
      siteIds,
      parentId: id,
      match: { kind: 'none' },
      sort: 'assetTag',
      order: 'asc',
      after: cursor?.after,
      limit: input.limit + 1,
    });
    return toPage(rows, input.limit, toDevice, (r) => ['none', 'assetTag', 'asc', r.sortKey, r.id]);
  }

  return { listDevices, listChildren };
}

export type DeviceSearchService = ReturnType<typeof createDeviceSearchService>;
