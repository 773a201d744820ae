import type {
  CreateManufacturerRequest,
  Manufacturer,
  UpdateManufacturerRequest,
} from '../../../../contracts/index.ts';
import { requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { notFound, versionConflict } from '../../../platform/errors.ts';
import { decodeCursorKeys, toPage } from '../../../platform/pagination.ts';
import { modelSearchText, normalizeManufacturerName } from '../devices/device.rules.ts';
import { alreadyExists, invalidField, mapUniqueViolations } from './conflicts.ts';
import * as q from './manufacturer.queries.ts';
import { modelsOfManufacturer, setModelSearchTexts } from './model.queries.ts';

export const toManufacturer = (r: q.ManufacturerView): Manufacturer => ({
  id: r.id,
  name: r.name,
  normalizedName: r.normalizedName,
  aliases: r.aliases,
  website: r.website,
  active: r.active,
  modelCount: r.modelCount,
  version: r.version,
});

export interface ManufacturerListInput {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
}

const uniqueFields = {
  manufacturers_org_normalized_uq: 'name',
  manufacturer_aliases_org_normalized_uq: 'aliases',
};

interface NormalizedNames {
  normalizedName: string;
  aliases: { alias: string; normalized: string; index: number }[];
}

/**
 * Normalizes the name and aliases and refuses any that meet another manufacturer's name or alias ("GE
 * HEALTHCARE INC." is "GE HealthCare"), so recall and vulnerability feeds find one manufacturer, not two.
 */
async function checkNames(
  tx: DbOrTx,
  organizationId: string,
  exceptId: string | null,
  name: string,
  aliases: readonly string[],
): Promise<NormalizedNames> {
  const normalizedName = normalizeManufacturerName(name);
  if (!normalizedName) throw invalidField('name', 'must contain letters or digits');
  const seen = new Set([normalizedName]);
  const list: NormalizedNames['aliases'] = [];
  aliases.forEach((alias, index) => {
    const normalized = normalizeManufacturerName(alias);
    if (!normalized) throw invalidField(`aliases[${index}]`, 'must contain letters or digits');
    if (seen.has(normalized)) return;
    seen.add(normalized);
    list.push({ alias, normalized, index });
  });
  const holders = await q.findNameHolders(tx, organizationId, [...seen], exceptId);
  for (const h of holders) {
    if (h.normalized === normalizedName)
      throw alreadyExists('name', `"${name}" is the same manufacturer as "${h.manufacturerName}"`);
    const a = list.find((x) => x.normalized === h.normalized);
    if (a)
      throw alreadyExists(
        `aliases[${a.index}]`,
        `"${a.alias}" already names the manufacturer "${h.manufacturerName}"`,
      );
  }
  return { normalizedName, aliases: list };
}

export function createManufacturersService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function getManufacturer(actor: Actor, id: string): Promise<Manufacturer> {
    requirePermission(actor, 'inventory.read');
    const row = await q.findManufacturer(db, actor.organizationId, id);
    if (!row) throw notFound('Manufacturer');
    return toManufacturer(row);
  }

  async function listManufacturers(actor: Actor, input: ManufacturerListInput) {
    requirePermission(actor, 'inventory.read');
    const keys = decodeCursorKeys(input.cursor);
    const rows = await q.listManufacturers(db, {
      organizationId: actor.organizationId,
      q: input.q || undefined,
      normalizedQ: input.q ? normalizeManufacturerName(input.q) || undefined : undefined,
      after: keys?.length === 2 ? { name: keys[0] ?? '', id: keys[1] ?? '' } : undefined,
      limit: input.limit + 1,
    });
    return toPage(rows, input.limit, toManufacturer, (r) => [r.name, r.id]);
  }

  async function createManufacturer(actor: Actor, input: CreateManufacturerRequest): Promise<Manufacturer> {
    requirePermission(actor, 'catalog.manage');
    return db.transaction(async (tx) => {
      const names = await checkNames(tx, actor.organizationId, null, input.name, input.aliases);
      const now = clock.now();
      const row = await mapUniqueViolations(uniqueFields, async () => {
        const r = await q.insertManufacturer(tx, {
          organizationId: actor.organizationId,
          name: input.name,
          normalizedName: names.normalizedName,
          website: input.website ?? null,
          createdAt: now,
          updatedAt: now,
        });
        await q.replaceAliases(tx, actor.organizationId, r.id, names.aliases, now);
        return r;
      });
      const view = await q.findManufacturer(tx, actor.organizationId, row.id);
      if (!view) throw new Error('manufacturer vanished inside its transaction');
      const manufacturer = toManufacturer(view);
      await recordAudit(tx, actor, clock, {
        action: 'manufacturer.created',
        entityType: 'manufacturer',
        entityId: row.id,
        after: manufacturer,
      });
      return manufacturer;
    });
  }

  async function updateManufacturer(
    actor: Actor,
    id: string,
    input: UpdateManufacturerRequest,
  ): Promise<Manufacturer> {
    requirePermission(actor, 'catalog.manage');
    const { version, reason, ...patch } = input;
    return db.transaction(async (tx) => {
      const before = await q.findManufacturer(tx, actor.organizationId, id);
      if (!before) throw notFound('Manufacturer');
      if (before.version !== version) throw versionConflict('The manufacturer');
      const name = patch.name ?? before.name;
      const names = await checkNames(tx, actor.organizationId, id, name, patch.aliases ?? before.aliases);
      const now = clock.now();
      const row = await mapUniqueViolations(uniqueFields, async () => {
        const r = await q.updateManufacturer(tx, actor.organizationId, id, version, {
          name,
          normalizedName: names.normalizedName,
          website: patch.website,
          active: patch.active,
          updatedAt: now,
        });
        if (r && patch.aliases) await q.replaceAliases(tx, actor.organizationId, id, names.aliases, now);
        return r;
      });
      if (!row) throw versionConflict('The manufacturer');
      // The models' search text starts with the manufacturer's name: a rename must reach it.
      if (name !== before.name) {
        const own = await modelsOfManufacturer(tx, actor.organizationId, id);
        await setModelSearchTexts(
          tx,
          own.map((m) => ({ id: m.id, searchText: modelSearchText({ manufacturerName: name, ...m }) })),
        );
      }
      const view = await q.findManufacturer(tx, actor.organizationId, id);
      if (!view) throw new Error('manufacturer vanished inside its transaction');
      const manufacturer = toManufacturer(view);
      await recordAudit(tx, actor, clock, {
        action: patch.active === false && before.active ? 'manufacturer.deactivated' : 'manufacturer.updated',
        entityType: 'manufacturer',
        entityId: id,
        before: toManufacturer(before),
        after: manufacturer,
        reason: reason ?? null,
      });
      return manufacturer;
    });
  }

  return { getManufacturer, listManufacturers, createManufacturer, updateManufacturer };
}

export type ManufacturersService = ReturnType<typeof createManufacturersService>;
