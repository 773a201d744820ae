import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type PolicyKey,
  policyContentSchemas,
  referenceContentSchema,
  RiskModelContent,
  ToleranceTableContent,
  uuid,
  type CreateReferenceVersionRequest,
  type RetireReferenceVersionRequest,
  type PolicyContent,
  type ReferenceKind,
  type ReferenceTable,
  type ReferenceTableSummary,
  type ReferenceTableVersion,
} from '../../../contracts/index.ts';
import { requirePermission, type Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db/database.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import * as q from './reference.queries.ts';
import { referenceTables } from './reference.schema.ts';
import { contentSha256 } from './reference.sync.ts';

/** The version of a reference table a rule used; results store its id (e.g. risk_model_reference_id). */
export interface EffectiveReference<T = unknown> {
  id: string;
  kind: ReferenceKind;
  key: string;
  version: number;
  name: string;
  source: string;
  edition: string;
  content: T;
  organizationId: string | null;
}

const toEffective = (r: q.ReferenceRowView): EffectiveReference => ({
  id: r.id,
  kind: r.kind as ReferenceKind,
  key: r.key,
  version: r.version,
  name: r.name,
  source: r.source,
  edition: r.edition,
  content: r.content,
  organizationId: r.organizationId,
});

/**
 * The organization's newest active version of a table, else the newest shipped one. Throws when neither exists
 * (the shipped tables are loaded at start, so this means a key OpenHTM does not ship).
 */
export async function findEffectiveReference(
  db: DbOrTx,
  organizationId: string,
  kind: ReferenceKind,
  key: string,
): Promise<EffectiveReference> {
  const row = await q.findEffectiveRow(db, organizationId, kind, key);
  if (!row) throw notFound(`Reference table ${kind} ${key}`);
  return toEffective(row);
}

function parseContent<S extends z.ZodType>(
  ref: EffectiveReference,
  schema: S,
): EffectiveReference<z.infer<S>> {
  const parsed = schema.safeParse(ref.content);
  // Content is validated on every write; a failure here means a row was changed outside OpenHTM.
  if (!parsed.success)
    throw new AppError('INVALID_STATE', `Reference table ${ref.key} version ${ref.version} is not valid`, [
      {
        field: `content.${parsed.error.issues[0]?.path.join('.') ?? ''}`,
        message: parsed.error.issues[0]?.message ?? '',
      },
    ]);
  return { ...ref, content: parsed.data };
}

/** The due-date tolerance table (domain reference §1.4). */
export async function getToleranceTable(
  db: DbOrTx,
  organizationId: string,
): Promise<EffectiveReference<ToleranceTableContent>> {
  return parseContent(
    await findEffectiveReference(db, organizationId, 'tolerance_table', 'due-date-tolerance'),
    ToleranceTableContent,
  );
}

/** A policy table: could-not-locate (§1.5), aem-eligibility (§2) or scheduling (§1.4). */
export async function getPolicy<K extends PolicyKey>(
  db: DbOrTx,
  organizationId: string,
  key: K,
): Promise<EffectiveReference<PolicyContent<K>>> {
  const ref = await findEffectiveReference(db, organizationId, 'policy', key);
  return parseContent(ref, policyContentSchemas[key]) as EffectiveReference<PolicyContent<K>>;
}

/** A risk model by reference id (any version the organization sees) or by key (the effective version). */
export async function getRiskModel(
  db: DbOrTx,
  organizationId: string,
  idOrKey: string,
): Promise<EffectiveReference<RiskModelContent>> {
  let ref: EffectiveReference | undefined;
  if (uuid.safeParse(idOrKey).success) {
    const row = await q.findReferenceRow(db, organizationId, idOrKey);
    if (row?.kind === 'risk_model') ref = toEffective(row);
  } else {
    const row = await q.findEffectiveRow(db, organizationId, 'risk_model', idOrKey);
    if (row) ref = toEffective(row);
  }
  if (!ref) throw notFound('Risk model');
  return parseContent(ref, RiskModelContent);
}

/** The effective version of each risk model the organization sees. */
export async function listRiskModels(
  db: DbOrTx,
  organizationId: string,
): Promise<EffectiveReference<RiskModelContent>[]> {
  const rows = await q.listEffectiveRows(db, organizationId, 'risk_model');
  return rows.map((r) => parseContent(toEffective(r), RiskModelContent));
}

const toVersion = (r: q.ReferenceRowView): ReferenceTableVersion => ({
  id: r.id,
  kind: r.kind as ReferenceKind,
  key: r.key,
  version: r.version,
  name: r.name,
  source: r.source,
  edition: r.edition,
  organizationId: r.organizationId,
  sha256: r.sha256,
  basedOnId: r.basedOnId,
  active: r.active,
  reason: r.reason,
  createdBy: r.createdBy ? { id: r.createdBy, name: r.createdByName ?? '' } : null,
  createdAt: r.createdAt.toISOString(),
});

/** Reads and new organization versions of the reference tables (API). */
export function createReferenceService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function listTables(actor: Actor, kind?: ReferenceKind): Promise<{ items: ReferenceTableSummary[] }> {
    requirePermission(actor, 'maintenance.read');
    const rows = await q.listEffectiveRows(db, actor.organizationId, kind);
    return { items: rows.map((r) => ({ ...toVersion(r), versionCount: r.versionCount })) };
  }

  async function getTable(actor: Actor, id: string): Promise<ReferenceTable> {
    requirePermission(actor, 'maintenance.read');
    const row = await q.findReferenceRow(db, actor.organizationId, id);
    if (!row) throw notFound('Reference table');
    return { ...toVersion(row), content: row.content };
  }

  async function listVersions(actor: Actor, id: string): Promise<{ items: ReferenceTableVersion[] }> {
    requirePermission(actor, 'maintenance.read');
    const row = await q.findReferenceRow(db, actor.organizationId, id);
    if (!row) throw notFound('Reference table');
    const rows = await q.listVersionRows(db, actor.organizationId, row.kind, row.key);
    return { items: rows.map(toVersion) };
  }

  /**
   * A new organization version edited from version `id`: the content is validated by its kind's schema (each
   * problem names the field, e.g. content.rows.0.window.days), the reason is required, and the version seen
   * must still be the newest (else VERSION_CONFLICT). Nothing is overwritten: earlier versions stay readable.
   */
  async function createVersion(
    actor: Actor,
    id: string,
    input: CreateReferenceVersionRequest,
  ): Promise<ReferenceTable> {
    requirePermission(actor, 'reference-data.manage');
    const base = await q.findReferenceRow(db, actor.organizationId, id);
    if (!base) throw notFound('Reference table');
    const kind = base.kind as ReferenceKind;
    const schema = referenceContentSchema(kind, base.key);
    if (!schema) throw new AppError('INVALID_STATE', `Reference table ${base.key} cannot be edited`);
    const parsed = schema.safeParse(input.content);
    if (!parsed.success)
      throw new AppError(
        'VALIDATION_FAILED',
        'The table content has invalid fields',
        parsed.error.issues.slice(0, 50).map((i) => ({
          field: ['content', ...i.path.map(String)].join('.'),
          message: i.message,
        })),
      );
    const content: unknown = parsed.data;
    const created = await db.transaction(async (tx) => {
      const versions = await q.listVersionRows(tx, actor.organizationId, base.kind, base.key);
      const newest = Math.max(0, ...versions.map((v) => v.version));
      if (input.version !== newest) throw versionConflict(`Reference table ${base.key}`);
      const name = input.name ?? base.name;
      const source = input.source ?? base.source;
      const edition = input.edition ?? `${base.edition} (edited)`;
      const [row] = await tx
        .insert(referenceTables)
        .values({
          organizationId: actor.organizationId,
          kind,
          key: base.key,
          version: newest + 1,
          name,
          source,
          edition,
          content,
          sha256: contentSha256({ name, source, edition, content }),
          basedOnId: base.id,
          active: true,
          reason: input.reason,
          createdBy: actor.userId,
        })
        .returning({ id: referenceTables.id });
      if (!row) throw new AppError('INTERNAL', 'The version was not stored');
      await recordAudit(tx, actor, clock, {
        action: 'reference-table.version-created',
        entityType: 'reference_table',
        entityId: row.id,
        before: { id: base.id, version: base.version, content: base.content },
        after: { kind, key: base.key, version: newest + 1, edition, content },
        reason: input.reason,
      });
      return row;
    });
    return getTable(actor, created.id);
  }

  /**
   * Retires one of the organization's versions (shipped versions are read-only): the organization's previous
   * active version, else the shipped one, applies again. Nothing is deleted; audited with the reason.
   */
  async function retireVersion(
    actor: Actor,
    id: string,
    input: RetireReferenceVersionRequest,
  ): Promise<ReferenceTable> {
    requirePermission(actor, 'reference-data.manage');
    await db.transaction(async (tx) => {
      const row = await q.findReferenceRow(tx, actor.organizationId, id);
      if (!row) throw notFound('Reference table');
      if (row.organizationId === null)
        throw new AppError(
          'INVALID_STATE',
          'Versions shipped with OpenHTM are read-only; add your own version instead',
        );
      if (!row.active) throw new AppError('INVALID_STATE', 'This version is already retired');
      await tx
        .update(referenceTables)
        .set({ active: false })
        .where(and(eq(referenceTables.id, id), eq(referenceTables.organizationId, actor.organizationId)));
      await recordAudit(tx, actor, clock, {
        action: 'reference-table.version-retired',
        entityType: 'reference_table',
        entityId: id,
        before: { kind: row.kind, key: row.key, version: row.version, active: true },
        after: { kind: row.kind, key: row.key, version: row.version, active: false },
        reason: input.reason,
      });
    });
    return getTable(actor, id);
  }

  return { listTables, getTable, listVersions, createVersion, retireVersion };
}
export type ReferenceService = ReturnType<typeof createReferenceService>;
