import { DateTime, Duration } from 'luxon';
import {
  AemEvidence,
  AemRiskFactors,
  type AemAssessment,
  type AemAssessmentStatus,
  type AemProgramEntry,
  type AemReview,
  type CreateAemAssessmentRequest,
  type CreateAemReviewRequest,
  type RetireAemAssessmentRequest,
  type UpdateAemAssessmentRequest,
} from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { AppError, notFound, versionConflict } from '../../../platform/errors.ts';
import { decodeCursorKeys, toPage } from '../../../platform/pagination.ts';
import { getPolicy } from '../../reference/index.ts';
import { aemAssessments, aemReviews } from '../maintenance.schema.ts';
import * as pq from '../profiles/profile.queries.ts';
import { aemNotAllowed, eligibilityOf, resolveTarget } from './aem-eligibility.ts';
import * as q from './aem.queries.ts';

export const toAemAssessment = (v: q.AemAssessmentView): AemAssessment => {
  const r = v.row;
  return {
    id: r.id,
    deviceType: r.deviceTypeId ? { id: r.deviceTypeId, name: v.deviceTypeName ?? '' } : null,
    model: r.modelId ? { id: r.modelId, name: v.modelName ?? '', modelNumber: v.modelNumber ?? '' } : null,
    oemTasks: r.oemTasks,
    oemInterval: r.oemInterval,
    aemTasks: r.aemTasks,
    aemInterval: r.aemInterval,
    rationale: r.rationale,
    riskFactors: AemRiskFactors.parse(r.riskFactors),
    evidence: AemEvidence.parse(r.evidence),
    status: r.status as AemAssessmentStatus,
    approvedBy: r.approvedBy ? { id: r.approvedBy, name: v.approvedByName ?? '' } : null,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    reviewDue: r.reviewDue,
    createdBy: { id: r.createdBy, name: v.createdByName },
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
};

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', 'The request has invalid fields', [{ field, message }]);

/** TJC EC.02.04.01 EP6: AEM determinations by individuals qualified by education or experience. */
const notQualified = (what: string) =>
  new AppError(
    'FORBIDDEN',
    `${what} needs a person marked qualified (TJC EC.02.04.01 EP6: AEM decisions by qualified individuals)`,
    [{ field: 'qualified', message: 'the signed-in user is not marked qualified' }],
  );

const utcDate = (d: Date) => DateTime.fromJSDate(d, { zone: 'utc' }).toISODate() ?? '';

/**
 * The AEM program (domain reference §2 AEM record; S&C 14-07; TJC EC.02.04.01 EP4–8): assessments per device type
 * or model, approval by a qualified person when no exclusion applies, periodic reviews (EQ103), the device list.
 */
export function createAemService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function load(tx: DbOrTx, actor: Actor, id: string) {
    const v = await q.findAssessment(tx, actor.organizationId, id);
    if (!v) throw notFound('AEM assessment');
    return v;
  }

  async function getAssessment(actor: Actor, id: string): Promise<AemAssessment> {
    requirePermission(actor, 'maintenance.read');
    return toAemAssessment(await load(db, actor, id));
  }

  async function listAssessments(
    actor: Actor,
    input: {
      limit: number;
      cursor?: string | undefined;
      status?: string | undefined;
      deviceTypeId?: string | undefined;
      modelId?: string | undefined;
    },
  ) {
    requirePermission(actor, 'maintenance.read');
    const keys = decodeCursorKeys(input.cursor);
    const rows = await q.listAssessments(db, actor.organizationId, {
      ...input,
      after: keys?.length === 2 ? { createdAt: keys[0] ?? '', id: keys[1] ?? '' } : undefined,
      limit: input.limit + 1,
    });
    return toPage(rows, input.limit, toAemAssessment, (r) => [r.row.createdAt.toISOString(), r.row.id]);
  }

  async function createAssessment(actor: Actor, input: CreateAemAssessmentRequest): Promise<AemAssessment> {
    requirePermission(actor, 'maintenance.manage');
    if (!actor.userId) throw new AppError('FORBIDDEN', 'An AEM assessment needs a person as author');
    const authorId = actor.userId;
    if (input.evidence.failureDataPeriod.from > input.evidence.failureDataPeriod.to)
      throw invalid('evidence.failureDataPeriod.to', 'must not be before from');
    const id = await db.transaction(async (tx) => {
      if (input.modelId && !(await pq.findModelFacts(tx, actor.organizationId, input.modelId)))
        throw invalid('modelId', 'is not a model of this organization');
      if (input.deviceTypeId && !(await pq.findTypeFacts(tx, actor.organizationId, input.deviceTypeId)))
        throw invalid('deviceTypeId', 'is not a device type');
      const now = clock.now();
      const [row] = await tx
        .insert(aemAssessments)
        .values({
          organizationId: actor.organizationId,
          deviceTypeId: input.deviceTypeId ?? null,
          modelId: input.modelId ?? null,
          oemTasks: input.oemTasks,
          oemInterval: input.oemInterval ?? null,
          aemTasks: input.aemTasks,
          aemInterval: input.aemInterval ?? null,
          rationale: input.rationale,
          riskFactors: input.riskFactors,
          evidence: input.evidence,
          status: 'draft',
          createdBy: authorId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: aemAssessments.id });
      if (!row) throw new AppError('INTERNAL', 'The assessment was not stored');
      await recordAudit(tx, actor, clock, {
        action: 'aem-assessment.created',
        entityType: 'aem_assessment',
        entityId: row.id,
        after: input,
      });
      return row.id;
    });
    return getAssessment(actor, id);
  }

  /** Runs a change on an assessment at the version read, audited. */
  async function change(
    actor: Actor,
    id: string,
    version: number,
    run: (
      tx: DbOrTx,
      v: q.AemAssessmentView,
    ) => Promise<{
      set: Partial<typeof aemAssessments.$inferInsert>;
      action: string;
      reason?: string | undefined;
      /** Facts for the audit event beyond the columns changed (e.g. the reference versions a rule used). */
      facts?: Record<string, unknown>;
    }>,
  ): Promise<AemAssessment> {
    await db.transaction(async (tx) => {
      const v = await load(tx, actor, id);
      if (v.row.version !== version) throw versionConflict('The AEM assessment');
      const { set, action, reason, facts } = await run(tx, v);
      const updated = await tx
        .update(aemAssessments)
        .set({ ...set, updatedAt: clock.now(), version: version + 1 })
        .where(q.assessmentAt(id, version))
        .returning({ id: aemAssessments.id });
      if (updated.length === 0) throw versionConflict('The AEM assessment');
      await recordAudit(tx, actor, clock, {
        action,
        entityType: 'aem_assessment',
        entityId: id,
        before: { status: v.row.status, reviewDue: v.row.reviewDue },
        after: { ...set, ...facts },
        reason,
      });
    });
    return getAssessment(actor, id);
  }

  async function updateAssessment(
    actor: Actor,
    id: string,
    input: UpdateAemAssessmentRequest,
  ): Promise<AemAssessment> {
    requirePermission(actor, 'maintenance.manage');
    return change(actor, id, input.version, async (_tx, v) => {
      if (v.row.status !== 'draft')
        throw new AppError(
          'INVALID_STATE',
          'Only a draft AEM assessment can be edited; retire it and start a new one',
        );
      const { version: _version, ...fields } = input;
      const evidence = fields.evidence;
      if (evidence && evidence.failureDataPeriod.from > evidence.failureDataPeriod.to)
        throw invalid('evidence.failureDataPeriod.to', 'must not be before from');
      return { set: fields, action: 'aem-assessment.updated' };
    });
  }

  async function approveAssessment(
    actor: Actor,
    id: string,
    input: { version: number; note?: string | undefined },
  ): Promise<AemAssessment> {
    requirePermission(actor, 'maintenance.manage');
    return change(actor, id, input.version, async (tx, v) => {
      if (!(await q.isQualified(tx, actor.organizationId, actor.userId))) throw notQualified('Approving AEM');
      if (v.row.status !== 'draft')
        throw new AppError(
          'INVALID_STATE',
          `The AEM assessment is ${v.row.status}; only a draft can be approved`,
        );
      const target = v.row.modelId ? { modelId: v.row.modelId } : { deviceTypeId: v.row.deviceTypeId ?? '' };
      const resolved = await resolveTarget(tx, actor.organizationId, target);
      const eligibility = await eligibilityOf(tx, actor.organizationId, resolved, clock.now());
      if (!eligibility.allowed) throw aemNotAllowed(eligibility, resolved.targetName);
      const policy = await getPolicy(tx, actor.organizationId, 'aem-eligibility');
      const now = clock.now();
      const reviewDue = DateTime.fromJSDate(now, { zone: 'utc' })
        .plus({ months: policy.content.reviewPeriodMonths })
        .toISODate();
      return {
        set: { status: 'approved', approvedBy: actor.userId, approvedAt: now, reviewDue },
        action: 'aem-assessment.approved',
        reason: input.note,
        // The reference versions the exclusion check and the review period came from.
        facts: {
          exclusionsReferenceId: eligibility.exclusionsReferenceId,
          policyReferenceId: eligibility.policyReferenceId,
        },
      };
    });
  }

  async function retireAssessment(
    actor: Actor,
    id: string,
    input: RetireAemAssessmentRequest,
  ): Promise<AemAssessment> {
    requirePermission(actor, 'maintenance.manage');
    return change(actor, id, input.version, async (_tx, v) => {
      if (v.row.status === 'retired')
        throw new AppError('INVALID_STATE', 'The AEM assessment is already retired');
      return {
        set: { status: 'retired', retiredAt: clock.now(), retiredReason: input.reason, reviewDue: null },
        action: 'aem-assessment.retired',
        reason: input.reason,
      };
    });
  }

  async function listReviews(actor: Actor, id: string): Promise<{ items: AemReview[] }> {
    requirePermission(actor, 'maintenance.read');
    await load(db, actor, id);
    const rows = await q.listReviews(db, actor.organizationId, id);
    return { items: rows.map((r) => toReview(r.row, r.reviewedByName)) };
  }

  /**
   * A periodic review by a qualified person (EQ103): continue or revise keeps the assessment approved with the
   * next review due (default today + the policy's review period); withdraw retires it. Append-only record.
   */
  async function createReview(actor: Actor, id: string, input: CreateAemReviewRequest): Promise<AemReview> {
    requirePermission(actor, 'maintenance.manage');
    let reviewId = '';
    const today = utcDate(clock.now());
    if (input.nextReviewDue !== undefined && input.nextReviewDue <= today)
      throw invalid('nextReviewDue', 'must be after today');
    if (input.outcome === 'withdraw' && input.nextReviewDue !== undefined)
      throw invalid('nextReviewDue', 'does not apply when the assessment is withdrawn');
    await change(actor, id, input.version, async (tx, v) => {
      if (!(await q.isQualified(tx, actor.organizationId, actor.userId))) throw notQualified('Reviewing AEM');
      if (v.row.status !== 'approved')
        throw new AppError(
          'INVALID_STATE',
          `The AEM assessment is ${v.row.status}; only an approved one is reviewed`,
        );
      const policy = await getPolicy(tx, actor.organizationId, 'aem-eligibility');
      const next =
        input.outcome === 'withdraw'
          ? null
          : (input.nextReviewDue ??
            DateTime.fromISO(today, { zone: 'utc' })
              .plus({ months: policy.content.reviewPeriodMonths })
              .toISODate());
      const [row] = await tx
        .insert(aemReviews)
        .values({
          organizationId: actor.organizationId,
          assessmentId: id,
          reviewedBy: actor.userId ?? '',
          reviewedAt: clock.now(),
          outcome: input.outcome,
          note: input.note,
          nextReviewDue: next,
        })
        .returning({ id: aemReviews.id });
      reviewId = row?.id ?? '';
      return {
        set:
          input.outcome === 'withdraw'
            ? { status: 'retired', retiredAt: clock.now(), retiredReason: input.note, reviewDue: null }
            : { reviewDue: next },
        action: 'aem-assessment.reviewed',
        reason: input.note,
      };
    });
    const rows = await q.listReviews(db, actor.organizationId, id);
    const review = rows.find((r) => r.row.id === reviewId);
    if (!review) throw notFound('AEM review');
    return toReview(review.row, review.reviewedByName);
  }

  /** Devices whose effective strategy is AEM_INTERVAL, with the approved assessment covering each. */
  async function program(actor: Actor): Promise<{ items: AemProgramEntry[] }> {
    requirePermission(actor, 'maintenance.read');
    const rows = await q.devicesWithStrategy(
      db,
      actor.organizationId,
      'AEM_INTERVAL',
      permittedSiteIds(actor),
    );
    const approved = await q.approvedFor(
      db,
      actor.organizationId,
      [...new Set(rows.map((r) => r.modelId))],
      [...new Set(rows.flatMap((r) => (r.deviceTypeId ? [r.deviceTypeId] : [])))],
    );
    const byModel = new Map<string, AemAssessment>();
    const byType = new Map<string, AemAssessment>();
    for (const a of approved) {
      if (a.row.modelId && !byModel.has(a.row.modelId)) byModel.set(a.row.modelId, toAemAssessment(a));
      if (a.row.deviceTypeId && !byType.has(a.row.deviceTypeId))
        byType.set(a.row.deviceTypeId, toAemAssessment(a));
    }
    return {
      items: rows.map((r) => ({
        device: {
          id: r.id,
          assetTag: r.assetTag,
          site: { id: r.siteId, name: r.siteName },
          model: { id: r.modelId, name: r.modelName, modelNumber: r.modelNumber },
          deviceType: r.deviceTypeId ? { id: r.deviceTypeId, name: r.deviceTypeName ?? '' } : null,
        },
        strategySource: r.source,
        assessment:
          byModel.get(r.modelId) ?? (r.deviceTypeId ? byType.get(r.deviceTypeId) : undefined) ?? null,
      })),
    };
  }

  async function reviewsDue(actor: Actor, within: string): Promise<{ items: AemAssessment[] }> {
    requirePermission(actor, 'maintenance.read');
    const span = Duration.fromISO(within);
    if (!span.isValid) throw invalid('within', 'must be an ISO 8601 duration such as P30D');
    const through = DateTime.fromJSDate(clock.now(), { zone: 'utc' }).plus(span).toISODate() ?? '';
    const rows = await q.reviewsDue(db, actor.organizationId, through);
    return { items: rows.map(toAemAssessment) };
  }

  return {
    getAssessment,
    listAssessments,
    createAssessment,
    updateAssessment,
    approveAssessment,
    retireAssessment,
    listReviews,
    createReview,
    program,
    reviewsDue,
  };
}
export type AemService = ReturnType<typeof createAemService>;

function toReview(r: typeof aemReviews.$inferSelect, reviewedByName: string): AemReview {
  return {
    id: r.id,
    assessmentId: r.assessmentId,
    reviewedBy: { id: r.reviewedBy, name: reviewedByName },
    reviewedAt: r.reviewedAt.toISOString(),
    outcome: r.outcome as AemReview['outcome'],
    note: r.note,
    nextReviewDue: r.nextReviewDue,
  };
}
