import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { customFieldDefinitions } from '../inventory.schema.ts';

export type CustomFieldRow = typeof customFieldDefinitions.$inferSelect;

export async function listCustomFields(db: DbOrTx, organizationId: string): Promise<CustomFieldRow[]> {
  return db
    .select()
    .from(customFieldDefinitions)
    .where(eq(customFieldDefinitions.organizationId, organizationId))
    .orderBy(asc(customFieldDefinitions.label), asc(customFieldDefinitions.id));
}

export async function findCustomField(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<CustomFieldRow | undefined> {
  const [row] = await db
    .select()
    .from(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.organizationId, organizationId), eq(customFieldDefinitions.id, id)));
  return row;
}

export async function findCustomFieldByKey(
  db: DbOrTx,
  organizationId: string,
  key: string,
): Promise<CustomFieldRow | undefined> {
  const [row] = await db
    .select()
    .from(customFieldDefinitions)
    .where(
      and(eq(customFieldDefinitions.organizationId, organizationId), eq(customFieldDefinitions.key, key)),
    );
  return row;
}

export async function insertCustomField(
  db: DbOrTx,
  values: typeof customFieldDefinitions.$inferInsert,
): Promise<CustomFieldRow> {
  const [row] = await db.insert(customFieldDefinitions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateCustomField(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  patch: Partial<typeof customFieldDefinitions.$inferInsert>,
): Promise<CustomFieldRow | undefined> {
  const [row] = await db
    .update(customFieldDefinitions)
    .set({ ...patch, version: sql`${customFieldDefinitions.version} + 1` })
    .where(
      and(
        eq(customFieldDefinitions.organizationId, organizationId),
        eq(customFieldDefinitions.id, id),
        eq(customFieldDefinitions.version, version),
      ),
    )
    .returning();
  return row;
}
