import type {
  CreateDeviceTypeRequest,
  DeviceType,
  UpdateDeviceTypeRequest,
} from '../../../../contracts/index.ts';
import { requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError, notFound, versionConflict } from '../../../platform/errors.ts';
import { decodeCursorKeys, toPage } from '../../../platform/pagination.ts';
import { alreadyExists, mapUniqueViolations } from './conflicts.ts';
import * as q from './device-type.queries.ts';

export const toDeviceType = (r: q.DeviceTypeRow): DeviceType => ({
  id: r.id,
  source: r.source as DeviceType['source'],
  productCode: r.productCode,
  name: r.name,
  deviceClass: r.deviceClass as DeviceType['deviceClass'],
  regulationNumber: r.regulationNumber,
  reviewPanel: r.reviewPanel,
  medicalSpecialty: r.medicalSpecialty,
  lifeSustaining: r.lifeSustaining,
  implant: r.implant,
  gmdnCode: r.gmdnCode,
  umdnsCode: r.umdnsCode,
  datasetEdition: r.datasetEdition,
  active: r.active,
  version: r.version,
});

export interface DeviceTypeListInput {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  source?: 'fda' | 'organization' | undefined;
  deviceClass?: string | undefined;
}

const uniqueFields = { device_types_org_code_uq: 'productCode' };

export function createDeviceTypesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function getDeviceType(actor: Actor, id: string): Promise<DeviceType> {
    requirePermission(actor, 'inventory.read');
    const row = await q.findDeviceType(db, actor.organizationId, id);
    if (!row) throw notFound('Device type');
    return toDeviceType(row);
  }

  async function listDeviceTypes(actor: Actor, input: DeviceTypeListInput) {
    requirePermission(actor, 'inventory.read');
    const keys = decodeCursorKeys(input.cursor);
    const rows = await q.listDeviceTypes(db, {
      organizationId: actor.organizationId,
      q: input.q || undefined,
      source: input.source,
      deviceClass: input.deviceClass,
      after: keys?.length === 2 ? { name: keys[0] ?? '', id: keys[1] ?? '' } : undefined,
      limit: input.limit + 1,
    });
    return toPage(rows, input.limit, toDeviceType, (r) => [r.name, r.id]);
  }

  async function createDeviceType(actor: Actor, input: CreateDeviceTypeRequest): Promise<DeviceType> {
    requirePermission(actor, 'catalog.manage');
    return db.transaction(async (tx) => {
      const code = input.productCode || null;
      if (code && (await q.findOwnDeviceTypeByCode(tx, actor.organizationId, code)))
        throw alreadyExists('productCode', `A device type with product code ${code} already exists`);
      const row = await mapUniqueViolations(uniqueFields, () =>
        q.insertDeviceType(tx, {
          organizationId: actor.organizationId,
          source: 'organization',
          name: input.name,
          productCode: code,
          deviceClass: input.deviceClass ?? null,
          lifeSustaining: input.lifeSustaining,
          implant: input.implant,
          gmdnCode: input.gmdnCode || null,
          umdnsCode: input.umdnsCode || null,
          createdAt: clock.now(),
          updatedAt: clock.now(),
        }),
      );
      const type = toDeviceType(row);
      await recordAudit(tx, actor, clock, {
        action: 'device_type.created',
        entityType: 'device_type',
        entityId: row.id,
        after: type,
      });
      return type;
    });
  }

  async function updateDeviceType(
    actor: Actor,
    id: string,
    input: UpdateDeviceTypeRequest,
  ): Promise<DeviceType> {
    requirePermission(actor, 'catalog.manage');
    const { version, reason, ...patch } = input;
    return db.transaction(async (tx) => {
      const before = await q.findDeviceType(tx, actor.organizationId, id);
      if (!before) throw notFound('Device type');
      if (before.organizationId === null)
        throw new AppError(
          'INVALID_STATE',
          'FDA device types are reference data and cannot be changed; create the organization’s own type instead',
        );
      if (before.version !== version) throw versionConflict('The device type');
      const code = patch.productCode === undefined ? undefined : patch.productCode || null;
      if (code && code.toLowerCase() !== before.productCode?.toLowerCase()) {
        if (await q.findOwnDeviceTypeByCode(tx, actor.organizationId, code))
          throw alreadyExists('productCode', `A device type with product code ${code} already exists`);
      }
      const row = await mapUniqueViolations(uniqueFields, () =>
        q.updateDeviceType(tx, actor.organizationId, id, version, {
          name: patch.name,
          productCode: code,
          deviceClass: patch.deviceClass,
          lifeSustaining: patch.lifeSustaining,
          implant: patch.implant,
          gmdnCode: patch.gmdnCode === undefined ? undefined : patch.gmdnCode || null,
          umdnsCode: patch.umdnsCode === undefined ? undefined : patch.umdnsCode || null,
          active: patch.active,
          updatedAt: clock.now(),
        }),
      );
      if (!row) throw versionConflict('The device type');
      const type = toDeviceType(row);
      await recordAudit(tx, actor, clock, {
        action: patch.active === false && before.active ? 'device_type.deactivated' : 'device_type.updated',
        entityType: 'device_type',
        entityId: id,
        before: toDeviceType(before),
        after: type,
        reason: reason ?? null,
      });
      return type;
    });
  }

  return { getDeviceType, listDeviceTypes, createDeviceType, updateDeviceType };
}

export type DeviceTypesService = ReturnType<typeof createDeviceTypesService>;
