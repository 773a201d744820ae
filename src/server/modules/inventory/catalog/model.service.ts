import type {
  CreateModelRequest,
  Model,
  UdiIssuingAgency,
  UpdateModelRequest,
} from '../../../../contracts/index.ts';
import { requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { notFound, versionConflict } from '../../../platform/errors.ts';
import { decodeCursorKeys, toPage } from '../../../platform/pagination.ts';
import { modelSearchText, normalizeModelNumber } from '../devices/device.rules.ts';
import { parseUdi } from '../udi/udi.rules.ts';
import { alreadyExists, invalidField, mapUniqueViolations } from './conflicts.ts';
import { findDeviceType } from './device-type.queries.ts';
import { findManufacturer } from './manufacturer.queries.ts';
import * as q from './model.queries.ts';

export const toModel = (r: q.ModelView): Model => ({
  id: r.id,
  manufacturer: { id: r.manufacturerId, name: r.manufacturerName },
  modelNumber: r.modelNumber,
  name: r.name,
  deviceType: r.deviceType && {
    ...r.deviceType,
    deviceClass: r.deviceType.deviceClass as NonNullable<Model['deviceType']>['deviceClass'],
  },
  identifiers: r.identifiers.map((i) => ({
    issuingAgency: i.issuingAgency as UdiIssuingAgency,
    deviceIdentifier: i.deviceIdentifier,
  })),
  endOfSale: r.endOfSale,
  endOfSupport: r.endOfSupport,
  active: r.active,
  deviceCount: r.deviceCount,
  version: r.version,
});

export interface ModelListInput {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  manufacturerId?: string | undefined;
  deviceTypeId?: string | undefined;
}

const uniqueFields = {
  models_org_manufacturer_number_uq: 'modelNumber',
  model_identifiers_org_di_uq: 'deviceIdentifiers',
};

/**
 * Reads each device identifier as typed or scanned: a bare GTIN or HIBCC labeler+product, or a whole UDI from
 * which the DI is taken. A wrong check digit names the expected one.
 */
export function parseDeviceIdentifiers(
  values: readonly string[],
  now: Date,
): { issuingAgency: UdiIssuingAgency; deviceIdentifier: string; index: number }[] {
  const out = new Map<string, { issuingAgency: UdiIssuingAgency; deviceIdentifier: string; index: number }>();
  values.forEach((value, index) => {
    const udi = parseUdi(value, now);
    const first = udi.errors[0];
    if (first)
      throw invalidField(
        `deviceIdentifiers[${index}]`,
        first.expected ? `${first.message} (expected ${first.expected})` : first.message,
      );
    if (!udi.deviceIdentifier || !udi.issuingAgency)
      throw invalidField(`deviceIdentifiers[${index}]`, 'carries no device identifier');
    if (!out.has(udi.deviceIdentifier))
      out.set(udi.deviceIdentifier, {
        issuingAgency: udi.issuingAgency,
        deviceIdentifier: udi.deviceIdentifier,
        index,
      });
  });
  return [...out.values()];
}

export function createModelsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function getModel(actor: Actor, id: string): Promise<Model> {
    requirePermission(actor, 'inventory.read');
    const row = await q.findModel(db, actor.organizationId, id);
    if (!row) throw notFound('Model');
    return toModel(row);
  }

  async function listModels(actor: Actor, input: ModelListInput) {
    requirePermission(actor, 'inventory.read');
    const keys = decodeCursorKeys(input.cursor);
    const di = input.q ? parseUdi(input.q, clock.now()).deviceIdentifier : null;
    const rows = await q.listModels(db, {
      organizationId: actor.organizationId,
      q: input.q || undefined,
      deviceIdentifier: di ?? undefined,
      manufacturerId: input.manufacturerId,
      deviceTypeId: input.deviceTypeId,
      after: keys?.length === 2 ? { name: keys[0] ?? '', id: keys[1] ?? '' } : undefined,
      limit: input.limit + 1,
    });
    return toPage(rows, input.limit, toModel, (r) => [r.name, r.id]);
  }

  async function checkReferences(
    tx: DbOrTx,
    actor: Actor,
    input: { manufacturerId?: string | undefined; deviceTypeId?: string | null | undefined },
  ) {
    let manufacturerName: string | undefined;
    if (input.manufacturerId) {
      const m = await findManufacturer(tx, actor.organizationId, input.manufacturerId);
      if (!m) throw invalidField('manufacturerId', 'is not a manufacturer of this organization');
      manufacturerName = m.name;
    }
    if (input.deviceTypeId && !(await findDeviceType(tx, actor.organizationId, input.deviceTypeId)))
      throw invalidField('deviceTypeId', 'is not a device type');
    return manufacturerName;
  }

  async function checkUnique(
    tx: DbOrTx,
    actor: Actor,
    manufacturerId: string,
    modelNumber: string,
    identifiers: ReturnType<typeof parseDeviceIdentifiers>,
    exceptId: string | null,
  ) {
    const normalized = normalizeModelNumber(modelNumber);
    if (!normalized) throw invalidField('modelNumber', 'must contain letters or digits');
    const same = await q.findModelByNumber(tx, actor.organizationId, manufacturerId, normalized, exceptId);
    if (same)
      throw alreadyExists(
        'modelNumber',
        `The manufacturer already has model ${same.modelNumber} (${same.name}); model numbers compare without case, spaces or dashes`,
      );
    const held = await q.findIdentifierHolders(
      tx,
      actor.organizationId,
      identifiers.map((i) => i.deviceIdentifier),
      exceptId,
    );
    const clash = held[0] && identifiers.find((i) => i.deviceIdentifier === held[0]?.deviceIdentifier);
    if (held[0] && clash)
      throw alreadyExists(
        `deviceIdentifiers[${clash.index}]`,
        `Device identifier ${clash.deviceIdentifier} already belongs to model ${held[0].modelName}`,
      );
    return normalized;
  }

  async function createModel(actor: Actor, input: CreateModelRequest): Promise<Model> {
    requirePermission(actor, 'catalog.manage');
    const identifiers = parseDeviceIdentifiers(input.deviceIdentifiers, clock.now());
    return db.transaction(async (tx) => {
      const manufacturerName = (await checkReferences(tx, actor, input)) ?? '';
      const normalized = await checkUnique(
        tx,
        actor,
        input.manufacturerId,
        input.modelNumber,
        identifiers,
        null,
      );
      const now = clock.now();
      const row = await mapUniqueViolations(uniqueFields, async () => {
        const r = await q.insertModel(tx, {
          organizationId: actor.organizationId,
          manufacturerId: input.manufacturerId,
          modelNumber: input.modelNumber,
          normalizedModelNumber: normalized,
          name: input.name,
          deviceTypeId: input.deviceTypeId ?? null,
          endOfSale: input.endOfSale ?? null,
          endOfSupport: input.endOfSupport ?? null,
          searchText: modelSearchText({ manufacturerName, modelNumber: input.modelNumber, name: input.name }),
          createdAt: now,
          updatedAt: now,
        });
        await q.replaceIdentifiers(tx, actor.organizationId, r.id, identifiers.map(stripIndex), now);
        return r;
      });
      const view = await q.findModel(tx, actor.organizationId, row.id);
      if (!view) throw new Error('model vanished inside its transaction');
      const model = toModel(view);
      await recordAudit(tx, actor, clock, {
        action: 'model.created',
        entityType: 'model',
        entityId: row.id,
        after: model,
      });
      return model;
    });
  }

  async function updateModel(actor: Actor, id: string, input: UpdateModelRequest): Promise<Model> {
    requirePermission(actor, 'catalog.manage');
    const { version, reason, deviceIdentifiers, ...patch } = input;
    const identifiers = deviceIdentifiers && parseDeviceIdentifiers(deviceIdentifiers, clock.now());
    return db.transaction(async (tx) => {
      const before = await q.findModel(tx, actor.organizationId, id);
      if (!before) throw notFound('Model');
      if (before.version !== version) throw versionConflict('The model');
      const manufacturerName = (await checkReferences(tx, actor, patch)) ?? before.manufacturerName;
      const manufacturerId = patch.manufacturerId ?? before.manufacturerId;
      const modelNumber = patch.modelNumber ?? before.modelNumber;
      const name = patch.name ?? before.name;
      const normalized = await checkUnique(tx, actor, manufacturerId, modelNumber, identifiers ?? [], id);
      const now = clock.now();
      const row = await mapUniqueViolations(uniqueFields, async () => {
        const r = await q.updateModel(tx, actor.organizationId, id, version, {
          manufacturerId,
          modelNumber,
          normalizedModelNumber: normalized,
          name,
          deviceTypeId: patch.deviceTypeId,
          endOfSale: patch.endOfSale,
          endOfSupport: patch.endOfSupport,
          active: patch.active,
          searchText: modelSearchText({ manufacturerName, modelNumber, name }),
          updatedAt: now,
        });
        if (r && identifiers)
          await q.replaceIdentifiers(tx, actor.organizationId, id, identifiers.map(stripIndex), now);
        return r;
      });
      if (!row) throw versionConflict('The model');
      const view = await q.findModel(tx, actor.organizationId, id);
      if (!view) throw new Error('model vanished inside its transaction');
      const model = toModel(view);
      await recordAudit(tx, actor, clock, {
        action: patch.active === false && before.active ? 'model.deactivated' : 'model.updated',
        entityType: 'model',
        entityId: id,
        before: toModel(before),
        after: model,
        reason: reason ?? null,
      });
      return model;
    });
  }

  return { getModel, listModels, createModel, updateModel };
}

const stripIndex = ({
  issuingAgency,
  deviceIdentifier,
}: {
  issuingAgency: string;
  deviceIdentifier: string;
}) => ({
  issuingAgency,
  deviceIdentifier,
});

export type ModelsService = ReturnType<typeof createModelsService>;
