import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { ProfileScope } from '../../../../contracts/index.ts';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { users } from '../../identity/index.ts';
import { referenceTables } from '../../reference/index.ts';
import { riskAssessments } from '../maintenance.schema.ts';

const targetColumn = (scope: ProfileScope) =>
  scope === 'device'
    ? riskAssessments.deviceId
    : scope === 'model'
      ? riskAssessments.modelId
      : riskAssessments.deviceTypeId;

const view = {
  row: riskAssessments,
  assessedByName: users.displayName,
  modelKey: referenceTables.key,
  modelVersion: referenceTables.version,
  modelName: referenceTables.name,
  modelEdition: referenceTables.edition,
};
export type RiskAssessmentView = {
  row: typeof riskAssessments.$inferSelect;
  assessedByName: string;
  modelKey: string;
  modelVersion: number;
  modelName: string;
  modelEdition: string;
};

function select(db: DbOrTx, where: SQL | undefined) {
  return (
    db
      .select(view)
      .from(riskAssessments)
      .innerJoin(users, eq(users.id, riskAssessments.assessedBy))
      .innerJoin(referenceTables, eq(referenceTables.id, riskAssessments.riskModelReferenceId))
      .where(where)
      // The current one first, then by when each was replaced (same-instant assessments keep their order).
      .orderBy(
        sql`${riskAssessments.supersededAt} DESC NULLS FIRST`,
        desc(riskAssessments.assessedAt),
        desc(riskAssessments.id),
      )
  );
}

export async function listAssessments(
  db: DbOrTx,
  organizationId: string,
  scope: ProfileScope,
  targetId: string,
  includeSuperseded: boolean,
): Promise<RiskAssessmentView[]> {
  return select(
    db,
    and(
      eq(riskAssessments.organizationId, organizationId),
      eq(riskAssessments.scope, scope),
      eq(targetColumn(scope), targetId),
      includeSuperseded ? undefined : isNull(riskAssessments.supersededAt),
    ),
  ).limit(500);
}

/** The current assessments of several targets in one query (a device's chain). */
export async function currentAssessments(
  db: DbOrTx,
  organizationId: string,
  levels: readonly { scope: ProfileScope; targetId: string }[],
): Promise<RiskAssessmentView[]> {
  if (levels.length === 0) return [];
  return select(
    db,
    and(
      eq(riskAssessments.organizationId, organizationId),
      isNull(riskAssessments.supersededAt),
      or(
        ...levels.map((l) => and(eq(riskAssessments.scope, l.scope), eq(targetColumn(l.scope), l.targetId))),
      ),
    ),
  );
}

export async function findAssessment(db: DbOrTx, organizationId: string, id: string) {
  const [row] = await select(
    db,
    and(eq(riskAssessments.organizationId, organizationId), eq(riskAssessments.id, id)),
  );
  return row;
}

/** Marks the target's current assessment superseded (the only change an assessment ever takes). */
export async function supersedeCurrent(
  tx: DbOrTx,
  organizationId: string,
  scope: ProfileScope,
  targetId: string,
  at: Date,
): Promise<string | undefined> {
  const rows = await tx
    .update(riskAssessments)
    .set({ supersededAt: at })
    .where(
      and(
        eq(riskAssessments.organizationId, organizationId),
        eq(riskAssessments.scope, scope),
        eq(targetColumn(scope), targetId),
        isNull(riskAssessments.supersededAt),
      ),
    )
    .returning({ id: riskAssessments.id });
  return rows[0]?.id;
}

export const scopeTarget = (scope: ProfileScope, targetId: string) => ({
  scope,
  deviceTypeId: scope === 'device_type' ? targetId : null,
  modelId: scope === 'model' ? targetId : null,
  deviceId: scope === 'device' ? targetId : null,
});

export const countAssessments = (db: DbOrTx, organizationId: string) =>
  db
    .select({ n: sql<number>`count(*)::int` })
    .from(riskAssessments)
    .where(eq(riskAssessments.organizationId, organizationId));
