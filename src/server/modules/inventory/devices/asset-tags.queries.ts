import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { assetTagSequences, devices } from '../inventory.schema.ts';
import { formatAssetTag } from './device.rules.ts';

export type AssetTagSequenceRow = typeof assetTagSequences.$inferSelect;

/** The organization's asset-tag pattern, created with the defaults the first time it is asked for. */
export async function ensureAssetTagSequence(
  db: DbOrTx,
  organizationId: string,
): Promise<AssetTagSequenceRow> {
  await db.insert(assetTagSequences).values({ organizationId }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(assetTagSequences)
    .where(eq(assetTagSequences.organizationId, organizationId));
  if (!row) throw new Error('asset tag sequence missing after insert');
  return row;
}

/**
 * Takes `count` new asset tags from the organization's sequence. The UPDATE ... RETURNING takes the numbers under
 * the row lock, so concurrent callers never receive the same number; a generated tag that someone already typed
 * by hand (case-insensitively) is skipped and another number is taken instead.
 */
export async function reserveAssetTags(tx: DbOrTx, organizationId: string, count: number): Promise<string[]> {
  if (count <= 0) return [];
  await tx.insert(assetTagSequences).values({ organizationId }).onConflictDoNothing();
  const tags: string[] = [];
  while (tags.length < count) {
    const want = count - tags.length;
    const [seq] = await tx
      .update(assetTagSequences)
      .set({ nextNumber: sql`${assetTagSequences.nextNumber} + ${want}` })
      .where(eq(assetTagSequences.organizationId, organizationId))
      .returning({
        prefix: assetTagSequences.prefix,
        digits: assetTagSequences.digits,
        nextNumber: assetTagSequences.nextNumber,
      });
    if (!seq) throw new Error('asset tag sequence missing after insert');
    const first = seq.nextNumber - want;
    const candidates = Array.from({ length: want }, (_, i) =>
      formatAssetTag(seq.prefix, seq.digits, first + i),
    );
    // One JSON parameter, not one per tag: an import may reserve tens of thousands at once.
    const taken = await tx
      .select({ tag: sql<string>`lower(${devices.assetTag})` })
      .from(devices)
      .where(
        and(
          eq(devices.organizationId, organizationId),
          sql`lower(${devices.assetTag}) IN (SELECT jsonb_array_elements_text(${JSON.stringify(
            candidates.map((c) => c.toLowerCase()),
          )}::jsonb))`,
        ),
      );
    const takenSet = new Set(taken.map((t) => t.tag));
    for (const c of candidates) if (!takenSet.has(c.toLowerCase())) tags.push(c);
  }
  return tags;
}
