import { DateTime } from 'luxon';
import {
  RiskFactorExplanation,
  type CreateRiskAssessmentRequest,
  type EvaluateRiskRequest,
  type FactorValues,
  type IncidentRate,
  type MaintenanceStrategy,
  type ProfileScope,
  type RiskAssessment,
  type RiskEvaluation,
  type RiskModel,
} from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { getRiskModel, listRiskModels, type EffectiveReference } from '../../reference/index.ts';
import { correctiveFailureCounts } from '../../work-orders/index.ts';
import { resolveTarget, type AemTarget, type ResolvedTarget } from '../aem/aem-eligibility.ts';
import { riskAssessments } from '../maintenance.schema.ts';
import * as pq from '../profiles/profile.queries.ts';
import { evaluateRiskModel, type RuleProblem } from './risk-model.rules.ts';
import * as q from './risk.queries.ts';

/** The risk model used when none is named: Fennigkoh–Smith 1989, variant A (domain reference §3.2 "Seed"). */
export const DEFAULT_RISK_MODEL = 'fennigkoh-smith-1989';

const invalid = (problems: RuleProblem[]) =>
  new AppError('VALIDATION_FAILED', 'The request has invalid fields', problems);

const modelRef = (m: EffectiveReference) => ({
  id: m.id,
  key: m.key,
  version: m.version,
  name: m.name,
  edition: m.edition,
});

export const targetOf = (scope: ProfileScope, targetId: string): AemTarget =>
  scope === 'device'
    ? { deviceId: targetId }
    : scope === 'model'
      ? { modelId: targetId }
      : { deviceTypeId: targetId };

export function toRiskAssessment(v: q.RiskAssessmentView, targetName: string): RiskAssessment {
  const r = v.row;
  return {
    id: r.id,
    scope: r.scope as ProfileScope,
    targetId: r.deviceId ?? r.modelId ?? r.deviceTypeId ?? '',
    targetName,
    riskModel: {
      id: r.riskModelReferenceId,
      key: v.modelKey,
      version: v.modelVersion,
      name: v.modelName,
      edition: v.modelEdition,
    },
    factorValues: r.factorValues as FactorValues,
    incidentRate: r.incidentRate,
    incidentSource: r.incidentSource as RiskAssessment['incidentSource'],
    incidentRateReason: r.incidentRateReason,
    score: r.score,
    band: r.band,
    suggestedInterval: r.suggestedInterval,
    suggestedStrategy: r.suggestedStrategy as MaintenanceStrategy,
    includeInPm: r.includeInPm,
    explanation: RiskFactorExplanation.array().parse(r.explanation),
    rationale: r.rationale,
    assessedBy: { id: r.assessedBy, name: v.assessedByName },
    assessedAt: r.assessedAt.toISOString(),
    supersededAt: r.supersededAt?.toISOString() ?? null,
  };
}

/**
 * Failures per unit-year (domain reference §5 failure rate; §3.1 incident history) of a model, or of a device
 * type's models, from corrective work with a failure finding over the last `months`.
 */
export async function incidentRateOf(
  db: DbOrTx,
  organizationId: string,
  modelIds: readonly string[],
  months: number,
  asOf: Date,
): Promise<IncidentRate> {
  const until = DateTime.fromJSDate(asOf, { zone: 'utc' }).startOf('day');
  const since = until.minus({ months });
  const sinceIso = since.toISODate() ?? '';
  const untilIso = until.toISODate() ?? '';
  const counts = modelIds.length
    ? await correctiveFailureCounts(db, organizationId, { modelIds, since: since.toJSDate() })
    : new Map<string, number>();
  const failures = [...counts.values()].reduce((a, b) => a + b, 0);
  const years = await pq.unitYears(db, organizationId, modelIds, sinceIso, untilIso);
  return {
    failures,
    unitYears: Math.round(years * 1000) / 1000,
    rate: years > 0 ? failures / years : null,
    since: sinceIso,
    until: untilIso,
  };
}

async function modelIdsOf(db: DbOrTx, organizationId: string, r: ResolvedTarget): Promise<string[]> {
  if (r.model) return [r.model.id];
  if (r.type) return pq.modelIdsOfType(db, organizationId, r.type.id);
  return [];
}

/** Risk models, live evaluation, and risk assessments (a new one supersedes; none is edited). */
export function createRiskService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function listModels(actor: Actor): Promise<{ items: RiskModel[] }> {
    requirePermission(actor, 'maintenance.read');
    const models = await listRiskModels(db, actor.organizationId);
    return {
      items: models.map((m) => ({
        id: m.id,
        key: m.key,
        version: m.version,
        name: m.name,
        source: m.source,
        edition: m.edition,
        organizationId: m.organizationId,
        content: m.content,
      })),
    };
  }

  function scoreWith(
    model: EffectiveReference<RiskModel['content']>,
    input: EvaluateRiskRequest,
  ): RiskEvaluation {
    const result = evaluateRiskModel(model.content, input);
    if (!result.ok) throw invalid(result.problems);
    const { score, band, explanation } = result.value;
    return {
      score,
      band,
      suggestedStrategy: band.suggestedStrategy,
      suggestedInterval: band.suggestedInterval ?? null,
      includeInPm: band.includeInPm,
      explanation,
      aggregate: model.content.aggregate,
      model: modelRef(model),
      caveats: model.content.caveats,
    };
  }

  async function evaluate(
    actor: Actor,
    idOrKey: string,
    input: EvaluateRiskRequest,
  ): Promise<RiskEvaluation> {
    requirePermission(actor, 'maintenance.read');
    return scoreWith(await getRiskModel(db, actor.organizationId, idOrKey), input);
  }

  async function incidentRate(
    actor: Actor,
    scope: ProfileScope,
    targetId: string,
    months: number | undefined,
  ): Promise<IncidentRate> {
    requirePermission(actor, 'maintenance.read');
    const resolved = await resolveTarget(
      db,
      actor.organizationId,
      targetOf(scope, targetId),
      permittedSiteIds(actor),
    );
    const model = await getRiskModel(db, actor.organizationId, DEFAULT_RISK_MODEL);
    const period = months ?? model.content.incidentPeriodMonths;
    if (period === undefined) throw invalid([{ field: 'months', message: 'is required' }]);
    return incidentRateOf(
      db,
      actor.organizationId,
      await modelIdsOf(db, actor.organizationId, resolved),
      period,
      clock.now(),
    );
  }

  async function listAssessments(
    actor: Actor,
    query: { scope: ProfileScope; targetId: string; includeSuperseded?: boolean | undefined },
  ): Promise<{ items: RiskAssessment[] }> {
    requirePermission(actor, 'maintenance.read');
    const resolved = await resolveTarget(
      db,
      actor.organizationId,
      targetOf(query.scope, query.targetId),
      permittedSiteIds(actor),
    );
    const rows = await q.listAssessments(
      db,
      actor.organizationId,
      query.scope,
      query.targetId,
      query.includeSuperseded ?? false,
    );
    return { items: rows.map((r) => toRiskAssessment(r, resolved.targetName)) };
  }

  /**
   * A new assessment of a device type, model or device: scored with the chosen model's effective (or named)
   * version, the incident factor derived from corrective work unless a value or a manual rate (with reason) is
   * given. Supersedes the target's current assessment in the same transaction; audited.
   */
  async function createAssessment(actor: Actor, input: CreateRiskAssessmentRequest): Promise<RiskAssessment> {
    requirePermission(actor, 'maintenance.manage');
    if (!actor.userId) throw new AppError('FORBIDDEN', 'A risk assessment needs a person as assessor');
    const assessorId = actor.userId;
    const now = clock.now();
    const id = await db.transaction(async (tx) => {
      const resolved = await resolveTarget(
        tx,
        actor.organizationId,
        targetOf(input.scope, input.targetId),
        permittedSiteIds(actor),
      );
      const model = await getRiskModel(tx, actor.organizationId, input.riskModel ?? DEFAULT_RISK_MODEL);
      const derivedFactor = model.content.factors.find((f) => f.derivedFrom === 'INCIDENT_RATE');
      let incidentRate: number | undefined;
      let incidentSource: 'derived' | 'manual' | null = null;
      if (input.incidentRate !== undefined) {
        if (!input.incidentRateReason)
          throw invalid([
            { field: 'incidentRateReason', message: 'is required with a manual incident rate' },
          ]);
        incidentRate = input.incidentRate;
        incidentSource = 'manual';
      } else if (derivedFactor && input.factorValues[derivedFactor.key] === undefined) {
        const months = model.content.incidentPeriodMonths;
        const rate =
          months === undefined
            ? null
            : (
                await incidentRateOf(
                  tx,
                  actor.organizationId,
                  await modelIdsOf(tx, actor.organizationId, resolved),
                  months,
                  now,
                )
              ).rate;
        if (rate === null)
          throw invalid([
            {
              field: `factorValues.${derivedFactor.key}`,
              message: 'is required: no unit-years in service to derive the incident rate from',
            },
          ]);
        incidentRate = rate;
        incidentSource = 'derived';
      }
      const evaluation = scoreWith(model, { factorValues: input.factorValues, incidentRate });
      const superseded = await q.supersedeCurrent(tx, actor.organizationId, input.scope, input.targetId, now);
      const [row] = await tx
        .insert(riskAssessments)
        .values({
          organizationId: actor.organizationId,
          ...q.scopeTarget(input.scope, input.targetId),
          riskModelReferenceId: model.id,
          factorValues: Object.fromEntries(evaluation.explanation.map((e) => [e.key, e.value])),
          incidentRate: incidentRate ?? null,
          incidentSource,
          incidentRateReason: incidentSource === 'manual' ? (input.incidentRateReason ?? null) : null,
          score: evaluation.score,
          band: evaluation.band.label,
          suggestedInterval: evaluation.suggestedInterval,
          suggestedStrategy: evaluation.suggestedStrategy,
          includeInPm: evaluation.includeInPm,
          explanation: evaluation.explanation,
          rationale: input.rationale,
          assessedBy: assessorId,
          assessedAt: now,
        })
        .returning({ id: riskAssessments.id });
      if (!row) throw new AppError('INTERNAL', 'The assessment was not stored');
      await recordAudit(tx, actor, clock, {
        action: 'risk-assessment.created',
        entityType: 'risk_assessment',
        entityId: row.id,
        after: {
          scope: input.scope,
          targetId: input.targetId,
          riskModel: modelRef(model),
          score: evaluation.score,
          band: evaluation.band.label,
          incidentRate,
          incidentSource,
          supersedes: superseded ?? null,
        },
        reason: input.rationale,
      });
      return { id: row.id, targetName: resolved.targetName };
    });
    const view = await q.findAssessment(db, actor.organizationId, id.id);
    if (!view) throw notFound('Risk assessment');
    return toRiskAssessment(view, id.targetName);
  }

  return { listModels, evaluate, incidentRate, listAssessments, createAssessment };
}
export type RiskService = ReturnType<typeof createRiskService>;
