import { eq, sql } from 'drizzle-orm';
import type { AssetTagSettings, UpdateAssetTagSettingsRequest } from '../../../../contracts/index.ts';
import { requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { versionConflict } from '../../../platform/errors.ts';
import { invalidField } from '../catalog/conflicts.ts';
import { assetTagSequences } from '../inventory.schema.ts';
import { ensureAssetTagSequence, type AssetTagSequenceRow } from './asset-tags.queries.ts';

const toSettings = (r: AssetTagSequenceRow): AssetTagSettings => ({
  prefix: r.prefix,
  digits: r.digits,
  nextNumber: r.nextNumber,
  version: r.version,
});

const columnDefault = (value: unknown, fallback: string): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;

/** An organization that never changed its pattern has the table's defaults (version 1, as the row would have). */
async function readSettings(db: DbOrTx, organizationId: string): Promise<AssetTagSettings> {
  const [row] = await db
    .select()
    .from(assetTagSequences)
    .where(eq(assetTagSequences.organizationId, organizationId));
  if (row) return toSettings(row);
  return {
    prefix: columnDefault(assetTagSequences.prefix.default, 'A'),
    digits: Number(columnDefault(assetTagSequences.digits.default, '6')),
    nextNumber: Number(columnDefault(assetTagSequences.nextNumber.default, '1')),
    version: Number(columnDefault(assetTagSequences.version.default, '1')),
  };
}

export function createAssetTagSettingsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function getAssetTagSettings(actor: Actor): Promise<AssetTagSettings> {
    requirePermission(actor, 'inventory.read');
    return readSettings(db, actor.organizationId);
  }

  async function updateAssetTagSettings(
    actor: Actor,
    input: UpdateAssetTagSettingsRequest,
  ): Promise<AssetTagSettings> {
    requirePermission(actor, 'catalog.manage');
    return db.transaction(async (tx) => {
      const before = toSettings(await ensureAssetTagSequence(tx, actor.organizationId));
      if (before.version !== input.version) throw versionConflict('The asset tag settings');
      // Numbers already handed out are never handed out again.
      if (input.nextNumber !== undefined && input.nextNumber < before.nextNumber)
        throw invalidField(
          'nextNumber',
          `must be at least ${before.nextNumber}, the next number not yet used`,
        );
      const [row] = await tx
        .update(assetTagSequences)
        .set({
          prefix: input.prefix,
          digits: input.digits,
          nextNumber: input.nextNumber,
          version: sql`${assetTagSequences.version} + 1`,
        })
        .where(eq(assetTagSequences.organizationId, actor.organizationId))
        .returning();
      if (!row) throw versionConflict('The asset tag settings');
      const after = toSettings(row);
      await recordAudit(tx, actor, clock, {
        action: 'asset_tag_settings.updated',
        entityType: 'asset_tag_settings',
        entityId: actor.organizationId,
        before,
        after,
      });
      return after;
    });
  }

  return { getAssetTagSettings, updateAssetTagSettings };
}

export type AssetTagSettingsService = ReturnType<typeof createAssetTagSettingsService>;
