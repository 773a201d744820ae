import {
  and,
  asc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  ne,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { containsPattern } from '../../../platform/pagination.ts';
import { manufacturerAliases, manufacturers, models } from '../inventory.schema.ts';
import { qualified } from './conflicts.ts';

export type ManufacturerRow = typeof manufacturers.$inferSelect;
export type ManufacturerView = ManufacturerRow & { aliases: string[]; modelCount: number };

const view = {
  ...getTableColumns(manufacturers),
  aliases: sql<string[]>`coalesce((SELECT array_agg(a.alias ORDER BY a.alias) FROM ${manufacturerAliases} a
    WHERE a.manufacturer_id = ${qualified(manufacturers.id)} AND a.retired_at IS NULL), '{}')`,
  modelCount: sql<number>`(SELECT count(*)::int FROM ${models} m WHERE m.manufacturer_id = ${qualified(manufacturers.id)})`,
};

export async function findManufacturer(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<ManufacturerView | undefined> {
  const [row] = await db
    .select(view)
    .from(manufacturers)
    .where(and(eq(manufacturers.organizationId, organizationId), eq(manufacturers.id, id)));
  return row;
}

export interface ManufacturerFilter {
  organizationId: string;
  q?: string | undefined;
  /** The query normalized like a manufacturer name ("GE Healthcare Inc." -> "ge healthcare"). */
  normalizedQ?: string | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export async function listManufacturers(db: DbOrTx, f: ManufacturerFilter): Promise<ManufacturerView[]> {
  const where: (SQL | undefined)[] = [eq(manufacturers.organizationId, f.organizationId)];
  if (f.q) {
    const matches: SQL[] = [sql`${manufacturers.name} ILIKE ${containsPattern(f.q)}`];
    if (f.normalizedQ) {
      const like = containsPattern(f.normalizedQ);
      matches.push(sql`${manufacturers.normalizedName} LIKE ${like}`);
      matches.push(sql`EXISTS (SELECT 1 FROM ${manufacturerAliases} a
        WHERE a.manufacturer_id = ${qualified(manufacturers.id)} AND a.retired_at IS NULL
          AND a.normalized_alias LIKE ${like})`);
    }
    where.push(or(...matches));
  }
  if (f.after) {
    where.push(
      or(
        gt(manufacturers.name, f.after.name),
        and(eq(manufacturers.name, f.after.name), gt(manufacturers.id, f.after.id)),
      ),
    );
  }
  return db
    .select(view)
    .from(manufacturers)
    .where(and(...where))
    .orderBy(asc(manufacturers.name), asc(manufacturers.id))
    .limit(f.limit);
}

export interface NameHolder {
  normalized: string;
  manufacturerId: string;
  manufacturerName: string;
}

/** Manufacturers (other than `exceptId`) whose normalized name or an alias is one of `normalized`. */
export async function findNameHolders(
  db: DbOrTx,
  organizationId: string,
  normalized: string[],
  exceptId: string | null,
): Promise<NameHolder[]> {
  if (normalized.length === 0) return [];
  const byName = await db
    .select({
      normalized: manufacturers.normalizedName,
      manufacturerId: manufacturers.id,
      manufacturerName: manufacturers.name,
    })
    .from(manufacturers)
    .where(
      and(
        eq(manufacturers.organizationId, organizationId),
        inArray(manufacturers.normalizedName, normalized),
        exceptId ? ne(manufacturers.id, exceptId) : undefined,
      ),
    );
  const byAlias = await db
    .select({
      normalized: manufacturerAliases.normalizedAlias,
      manufacturerId: manufacturers.id,
      manufacturerName: manufacturers.name,
    })
    .from(manufacturerAliases)
    .innerJoin(manufacturers, eq(manufacturers.id, manufacturerAliases.manufacturerId))
    .where(
      and(
        eq(manufacturerAliases.organizationId, organizationId),
        isNull(manufacturerAliases.retiredAt),
        inArray(manufacturerAliases.normalizedAlias, normalized),
        exceptId ? ne(manufacturerAliases.manufacturerId, exceptId) : undefined,
      ),
    );
  return [...byName, ...byAlias];
}

export async function insertManufacturer(
  db: DbOrTx,
  values: typeof manufacturers.$inferInsert,
): Promise<ManufacturerRow> {
  const [row] = await db.insert(manufacturers).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateManufacturer(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  patch: Partial<typeof manufacturers.$inferInsert>,
): Promise<ManufacturerRow | undefined> {
  const [row] = await db
    .update(manufacturers)
    .set({ ...patch, version: sql`${manufacturers.version} + 1` })
    .where(
      and(
        eq(manufacturers.organizationId, organizationId),
        eq(manufacturers.id, id),
        eq(manufacturers.version, version),
      ),
    )
    .returning();
  return row;
}

/**
 * Makes the manufacturer's current aliases exactly `aliases`. Aliases taken off the list are retired (kept with
 * the time), and the manufacturer's audit event records the list before and after.
 */
export async function replaceAliases(
  db: DbOrTx,
  organizationId: string,
  manufacturerId: string,
  aliases: { alias: string; normalized: string }[],
  now: Date,
): Promise<void> {
  const keep = aliases.map((a) => a.normalized);
  await db
    .update(manufacturerAliases)
    .set({ retiredAt: now })
    .where(
      and(
        eq(manufacturerAliases.manufacturerId, manufacturerId),
        isNull(manufacturerAliases.retiredAt),
        keep.length ? notInArray(manufacturerAliases.normalizedAlias, keep) : undefined,
      ),
    );
  if (aliases.length === 0) return;
  await db
    .insert(manufacturerAliases)
    .values(
      aliases.map((a) => ({
        organizationId,
        manufacturerId,
        alias: a.alias,
        normalizedAlias: a.normalized,
        createdAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [manufacturerAliases.organizationId, manufacturerAliases.normalizedAlias],
      targetWhere: sql`retired_at IS NULL`,
      set: { alias: sql`excluded.alias` },
    });
}
