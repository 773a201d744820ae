import { and, desc, eq, getTableColumns, isNull, or, sql } from 'drizzle-orm';
import type { ReferenceKind } from '../../../contracts/reference.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { users } from '../identity/index.ts';
import { referenceTables, type ReferenceTableRow } from './reference.schema.ts';

export interface ReferenceRowView extends ReferenceTableRow {
  createdByName: string | null;
}

const visibleTo = (organizationId: string) =>
  or(isNull(referenceTables.organizationId), eq(referenceTables.organizationId, organizationId));

const columns = { ...getTableColumns(referenceTables), createdByName: users.displayName };

/** One version by id, if shipped or the organization's own. */
export async function findReferenceRow(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<ReferenceRowView | undefined> {
  const [row] = await db
    .select(columns)
    .from(referenceTables)
    .leftJoin(users, eq(users.id, referenceTables.createdBy))
    .where(and(eq(referenceTables.id, id), visibleTo(organizationId)));
  return row;
}

/** The effective version: the organization's newest active one, else the newest shipped one. */
export async function findEffectiveRow(
  db: DbOrTx,
  organizationId: string,
  kind: ReferenceKind,
  key: string,
): Promise<ReferenceRowView | undefined> {
  const [row] = await db
    .select(columns)
    .from(referenceTables)
    .leftJoin(users, eq(users.id, referenceTables.createdBy))
    .where(
      and(
        eq(referenceTables.kind, kind),
        eq(referenceTables.key, key),
        or(
          isNull(referenceTables.organizationId),
          and(eq(referenceTables.organizationId, organizationId), eq(referenceTables.active, true)),
        ),
      ),
    )
    .orderBy(sql`${referenceTables.organizationId} IS NULL`, desc(referenceTables.version))
    .limit(1);
  return row;
}

/** The effective version of every kind + key, with how many versions exist of each. */
export async function listEffectiveRows(
  db: DbOrTx,
  organizationId: string,
  kind: ReferenceKind | undefined,
): Promise<(ReferenceRowView & { versionCount: number })[]> {
  const rows = await db
    .select({
      ...columns,
      versionCount: sql<number>`count(*) over (partition by ${referenceTables.kind}, ${referenceTables.key})::int`,
    })
    .from(referenceTables)
    .leftJoin(users, eq(users.id, referenceTables.createdBy))
    .where(and(visibleTo(organizationId), kind ? eq(referenceTables.kind, kind) : undefined))
    .orderBy(
      referenceTables.kind,
      referenceTables.key,
      // The organization's active versions first, then the shipped ones; its retired versions last.
      sql`CASE WHEN ${referenceTables.organizationId} IS NULL THEN 1 WHEN ${referenceTables.active} THEN 0 ELSE 2 END`,
      desc(referenceTables.version),
    );
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.kind}/${r.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Every version of a kind + key the organization sees, newest first (shipped and its own). */
export async function listVersionRows(
  db: DbOrTx,
  organizationId: string,
  kind: string,
  key: string,
): Promise<ReferenceRowView[]> {
  return db
    .select(columns)
    .from(referenceTables)
    .leftJoin(users, eq(users.id, referenceTables.createdBy))
    .where(and(eq(referenceTables.kind, kind), eq(referenceTables.key, key), visibleTo(organizationId)))
    .orderBy(desc(referenceTables.version), desc(referenceTables.createdAt));
}
