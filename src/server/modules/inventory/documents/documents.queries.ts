import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { devices, documents, models } from '../inventory.schema.ts';

export type DocumentRow = typeof documents.$inferSelect;

/** A device that documents attach to, with its site for scoping. */
export async function findDeviceOwner(
  db: DbOrTx,
  organizationId: string,
  deviceId: string,
): Promise<{ id: string; siteId: string } | undefined> {
  const [row] = await db
    .select({ id: devices.id, siteId: devices.siteId })
    .from(devices)
    .where(and(eq(devices.organizationId, organizationId), eq(devices.id, deviceId)));
  return row;
}

export async function findModelOwner(
  db: DbOrTx,
  organizationId: string,
  modelId: string,
): Promise<{ id: string } | undefined> {
  const [row] = await db
    .select({ id: models.id })
    .from(models)
    .where(and(eq(models.organizationId, organizationId), eq(models.id, modelId)));
  return row;
}

/** One document with the site of the device it belongs to (null for a model's document). */
export async function findDocument(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<{ doc: DocumentRow; deviceSiteId: string | null } | undefined> {
  const [row] = await db
    .select({ doc: documents, deviceSiteId: devices.siteId })
    .from(documents)
    .leftJoin(devices, eq(devices.id, documents.deviceId))
    .where(and(eq(documents.organizationId, organizationId), eq(documents.id, id)));
  return row ? { doc: row.doc, deviceSiteId: row.deviceSiteId ?? null } : undefined;
}

/** Current (not retired) documents of a device or a model, newest first. */
export async function listDocuments(
  db: DbOrTx,
  organizationId: string,
  owner: { deviceId: string } | { modelId: string },
): Promise<DocumentRow[]> {
  const ownerMatch =
    'deviceId' in owner ? eq(documents.deviceId, owner.deviceId) : eq(documents.modelId, owner.modelId);
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.organizationId, organizationId), ownerMatch, isNull(documents.retiredAt)))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(1000);
}

export async function insertDocument(
  db: DbOrTx,
  values: typeof documents.$inferInsert,
): Promise<DocumentRow> {
  const [row] = await db.insert(documents).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Marks a current document retired; returns nothing when it was already retired (or changed meanwhile). */
export async function retireDocument(
  db: DbOrTx,
  organizationId: string,
  id: string,
  at: Date,
): Promise<DocumentRow | undefined> {
  const [row] = await db
    .update(documents)
    .set({ retiredAt: at, version: sql`${documents.version} + 1` })
    .where(
      and(eq(documents.organizationId, organizationId), eq(documents.id, id), isNull(documents.retiredAt)),
    )
    .returning();
  return row;
}
