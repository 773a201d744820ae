import { and, asc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { containsPattern } from '../../platform/pagination.ts';
import { organizations, sites } from './sites.schema.ts';

export type SiteRow = typeof sites.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;

export async function findSite(db: DbOrTx, organizationId: string, id: string): Promise<SiteRow | undefined> {
  const [row] = await db
    .select()
    .from(sites)
    .where(and(eq(sites.organizationId, organizationId), eq(sites.id, id)));
  return row;
}

export interface SiteFilter {
  organizationId: string;
  siteIds: readonly string[] | undefined;
  q?: string | undefined;
  active?: boolean | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export async function listSites(db: DbOrTx, f: SiteFilter): Promise<SiteRow[]> {
  const where: SQL[] = [eq(sites.organizationId, f.organizationId)];
  if (f.siteIds) where.push(f.siteIds.length ? inArray(sites.id, [...f.siteIds]) : sql`false`);
  if (f.active !== undefined) where.push(eq(sites.active, f.active));
  if (f.q) {
    const like = containsPattern(f.q);
    const m = or(ilike(sites.name, like), ilike(sites.code, like));
    if (m) where.push(m);
  }
  if (f.after) {
    const k = or(gt(sites.name, f.after.name), and(eq(sites.name, f.after.name), gt(sites.id, f.after.id)));
    if (k) where.push(k);
  }
  return db
    .select()
    .from(sites)
    .where(and(...where))
    .orderBy(asc(sites.name), asc(sites.id))
    .limit(f.limit);
}

export async function insertSite(db: DbOrTx, values: typeof sites.$inferInsert): Promise<SiteRow> {
  const [row] = await db.insert(sites).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Compare-and-set on `version`: returns nothing when the row changed since the caller read it. */
export async function updateSite(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  patch: Partial<typeof sites.$inferInsert>,
): Promise<SiteRow | undefined> {
  const [row] = await db
    .update(sites)
    .set({ ...patch, version: sql`${sites.version} + 1` })
    .where(and(eq(sites.organizationId, organizationId), eq(sites.id, id), eq(sites.version, version)))
    .returning();
  return row;
}

export async function countSitesIn(
  db: DbOrTx,
  organizationId: string,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sites)
    .where(and(eq(sites.organizationId, organizationId), inArray(sites.id, [...ids])));
  return r?.n ?? 0;
}

export async function findOrganization(db: DbOrTx, id: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row;
}

export async function insertOrganization(
  db: DbOrTx,
  values: typeof organizations.$inferInsert,
): Promise<OrganizationRow> {
  const [row] = await db.insert(organizations).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function countOrganizations(db: DbOrTx): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return r?.n ?? 0;
}
