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
import { deviceTypes, devices, manufacturers, modelIdentifiers, models } from '../inventory.schema.ts';
import { qualified } from './conflicts.ts';

export type ModelRow = typeof models.$inferSelect;
export interface ModelView extends ModelRow {
  manufacturerName: string;
  deviceType: { id: string; name: string; productCode: string | null; deviceClass: string | null } | null;
  identifiers: { issuingAgency: string; deviceIdentifier: string }[];
  deviceCount: number;
}

const view = {
  ...getTableColumns(models),
  manufacturerName: manufacturers.name,
  deviceTypeName: deviceTypes.name,
  deviceTypeCode: deviceTypes.productCode,
  deviceTypeClass: deviceTypes.deviceClass,
  identifiers: sql<{ issuingAgency: string; deviceIdentifier: string }[]>`coalesce((
    SELECT jsonb_agg(jsonb_build_object('issuingAgency', i.issuing_agency, 'deviceIdentifier', i.device_identifier)
      ORDER BY i.device_identifier)
    FROM ${modelIdentifiers} i WHERE i.model_id = ${qualified(models.id)} AND i.retired_at IS NULL), '[]'::jsonb)`,
  deviceCount: sql<number>`(SELECT count(*)::int FROM ${devices} d WHERE d.model_id = ${qualified(models.id)})`,
};

const selectView = (db: DbOrTx) =>
  db
    .select(view)
    .from(models)
    .innerJoin(manufacturers, eq(manufacturers.id, models.manufacturerId))
    .leftJoin(deviceTypes, eq(deviceTypes.id, models.deviceTypeId));
type ViewRow = Awaited<ReturnType<typeof selectView>>[number];

function toView(r: ViewRow): ModelView {
  const { deviceTypeName, deviceTypeCode, deviceTypeClass, ...rest } = r;
  return {
    ...rest,
    deviceType:
      r.deviceTypeId && deviceTypeName !== null
        ? {
            id: r.deviceTypeId,
            name: deviceTypeName,
            productCode: deviceTypeCode,
            deviceClass: deviceTypeClass,
          }
        : null,
  };
}

export async function findModel(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<ModelView | undefined> {
  const [row] = await selectView(db).where(and(eq(models.organizationId, organizationId), eq(models.id, id)));
  return row && toView(row);
}

export interface ModelFilter {
  organizationId: string;
  q?: string | undefined;
  /** A device identifier read from the query (a scanned UDI or a bare GTIN), matched exactly. */
  deviceIdentifier?: string | undefined;
  manufacturerId?: string | undefined;
  deviceTypeId?: string | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export async function listModels(db: DbOrTx, f: ModelFilter): Promise<ModelView[]> {
  const where: (SQL | undefined)[] = [eq(models.organizationId, f.organizationId)];
  if (f.manufacturerId) where.push(eq(models.manufacturerId, f.manufacturerId));
  if (f.deviceTypeId) where.push(eq(models.deviceTypeId, f.deviceTypeId));
  if (f.q) {
    const text = sql`${models.searchText} LIKE ${containsPattern(f.q.toLowerCase())}`;
    where.push(
      f.deviceIdentifier
        ? or(
            text,
            sql`${qualified(models.id)} IN (SELECT i.model_id FROM ${modelIdentifiers} i
              WHERE i.organization_id = ${f.organizationId} AND i.device_identifier = ${f.deviceIdentifier}
                AND i.retired_at IS NULL)`,
          )
        : text,
    );
  }
  if (f.after) {
    where.push(
      or(gt(models.name, f.after.name), and(eq(models.name, f.after.name), gt(models.id, f.after.id))),
    );
  }
  const rows = await selectView(db)
    .where(and(...where))
    .orderBy(asc(models.name), asc(models.id))
    .limit(f.limit);
  return rows.map(toView);
}

export async function findModelByNumber(
  db: DbOrTx,
  organizationId: string,
  manufacturerId: string,
  normalizedModelNumber: string,
  exceptId: string | null,
): Promise<ModelRow | undefined> {
  const [row] = await db
    .select()
    .from(models)
    .where(
      and(
        eq(models.organizationId, organizationId),
        eq(models.manufacturerId, manufacturerId),
        eq(models.normalizedModelNumber, normalizedModelNumber),
        exceptId ? ne(models.id, exceptId) : undefined,
      ),
    );
  return row;
}

/** Models (other than `exceptId`) that already carry one of the device identifiers. */
export async function findIdentifierHolders(
  db: DbOrTx,
  organizationId: string,
  deviceIdentifiers: string[],
  exceptId: string | null,
): Promise<{ deviceIdentifier: string; modelId: string; modelName: string }[]> {
  if (deviceIdentifiers.length === 0) return [];
  return db
    .select({
      deviceIdentifier: modelIdentifiers.deviceIdentifier,
      modelId: models.id,
      modelName: models.name,
    })
    .from(modelIdentifiers)
    .innerJoin(models, eq(models.id, modelIdentifiers.modelId))
    .where(
      and(
        eq(modelIdentifiers.organizationId, organizationId),
        isNull(modelIdentifiers.retiredAt),
        inArray(modelIdentifiers.deviceIdentifier, deviceIdentifiers),
        exceptId ? ne(modelIdentifiers.modelId, exceptId) : undefined,
      ),
    );
}

/** The model a device identifier names in the organization, if any. */
export async function findModelIdByIdentifier(
  db: DbOrTx,
  organizationId: string,
  deviceIdentifier: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ modelId: modelIdentifiers.modelId })
    .from(modelIdentifiers)
    .where(
      and(
        eq(modelIdentifiers.organizationId, organizationId),
        isNull(modelIdentifiers.retiredAt),
        eq(modelIdentifiers.deviceIdentifier, deviceIdentifier),
      ),
    );
  return row?.modelId;
}

export async function insertModel(db: DbOrTx, values: typeof models.$inferInsert): Promise<ModelRow> {
  const [row] = await db.insert(models).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateModel(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  patch: Partial<typeof models.$inferInsert>,
): Promise<ModelRow | undefined> {
  const [row] = await db
    .update(models)
    .set({ ...patch, version: sql`${models.version} + 1` })
    .where(and(eq(models.organizationId, organizationId), eq(models.id, id), eq(models.version, version)))
    .returning();
  return row;
}

/**
 * Makes the model's current device identifiers exactly `identifiers`. Identifiers taken off the model are retired
 * (kept with the time); the model's audit event records the list before and after.
 */
export async function replaceIdentifiers(
  db: DbOrTx,
  organizationId: string,
  modelId: string,
  identifiers: { issuingAgency: string; deviceIdentifier: string }[],
  now: Date,
): Promise<void> {
  const keep = identifiers.map((i) => i.deviceIdentifier);
  await db
    .update(modelIdentifiers)
    .set({ retiredAt: now })
    .where(
      and(
        eq(modelIdentifiers.modelId, modelId),
        isNull(modelIdentifiers.retiredAt),
        keep.length ? notInArray(modelIdentifiers.deviceIdentifier, keep) : undefined,
      ),
    );
  if (identifiers.length === 0) return;
  await db
    .insert(modelIdentifiers)
    .values(identifiers.map((i) => ({ organizationId, modelId, ...i, createdAt: now })))
    .onConflictDoNothing({
      target: [modelIdentifiers.organizationId, modelIdentifiers.deviceIdentifier],
      where: sql`retired_at IS NULL`,
    });
}

export async function modelsOfManufacturer(
  db: DbOrTx,
  organizationId: string,
  manufacturerId: string,
): Promise<{ id: string; modelNumber: string; name: string }[]> {
  return db
    .select({ id: models.id, modelNumber: models.modelNumber, name: models.name })
    .from(models)
    .where(and(eq(models.organizationId, organizationId), eq(models.manufacturerId, manufacturerId)));
}

/** Writes many models' search text in one statement. */
export async function setModelSearchTexts(
  db: DbOrTx,
  texts: { id: string; searchText: string }[],
): Promise<void> {
  if (texts.length === 0) return;
  await db.execute(sql`
    UPDATE ${models} SET search_text = t.search_text
    FROM jsonb_to_recordset(${JSON.stringify(texts.map((t) => ({ id: t.id, search_text: t.searchText })))}::jsonb) AS t(id uuid, search_text text)
    WHERE ${qualified(models.id)} = t.id`);
}
