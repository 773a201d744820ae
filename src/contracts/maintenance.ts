import { z } from 'zod';
import { isoDateTime, requiredText, text, uuid } from './common.ts';
import {
  AemExclusionCode,
  IsoDuration,
  MaintenanceStrategy,
  RiskBand,
  RiskModelContent,
} from './reference.ts';

/**
 * Maintenance program: risk assessment and strategy (domain-reference §2, §3), maintenance profiles (high-risk,
 * life-support, strategy, AEM exclusion flags; device type -> model -> device), and the AEM program (§1.1, §1.2).
 */

const isoDate = z.iso.date();

export const profileScopes = ['device_type', 'model', 'device'] as const;
export const ProfileScope = z.enum(profileScopes);
export type ProfileScope = z.infer<typeof ProfileScope>;

/** TJC EP3 high-risk flag reason (§3.2). */
export const highRiskReasons = ['LIFE_SUPPORT', 'FAILURE_SERIOUS_INJURY_DEATH', 'OTHER'] as const;
export const HighRiskReason = z.enum(highRiskReasons);
export type HighRiskReason = z.infer<typeof HighRiskReason>;

const userRef = z.object({ id: uuid, name: z.string() });
const modelRef = z.object({
  id: uuid,
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  edition: z.string(),
});

// --- Risk models and evaluation -----------------------------------------------------------------------------------

export const RiskModel = z.object({
  id: uuid,
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  source: z.string(),
  edition: z.string(),
  organizationId: uuid.nullable(),
  content: RiskModelContent,
});
export type RiskModel = z.infer<typeof RiskModel>;
export const RiskModelList = z.object({ items: z.array(RiskModel) });
export type RiskModelList = z.infer<typeof RiskModelList>;

/** Factor values by factor key; the incident-history factor may be left out when incidentRate is given. */
export const FactorValues = z.record(z.string().max(50), z.number());
export type FactorValues = z.infer<typeof FactorValues>;

export const EvaluateRiskRequest = z.object({
  factorValues: FactorValues,
  /** Failures per unit-year; scores the INCIDENT_RATE factor through the model's incident-history bands. */
  incidentRate: z.number().min(0).max(1000).optional(),
});
export type EvaluateRiskRequest = z.infer<typeof EvaluateRiskRequest>;

export const RiskFactorExplanation = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number(),
  optionLabel: z.string(),
  /** How the value was obtained: chosen, or scored from the incident rate (then the band is named). */
  source: z.enum(['chosen', 'incident_rate']),
  note: z.string().nullable(),
});
export type RiskFactorExplanation = z.infer<typeof RiskFactorExplanation>;

export const RiskEvaluation = z.object({
  score: z.number(),
  band: RiskBand,
  suggestedStrategy: MaintenanceStrategy,
  suggestedInterval: IsoDuration.nullable(),
  includeInPm: z.boolean(),
  explanation: z.array(RiskFactorExplanation),
  aggregate: z.enum(['SUM', 'PRODUCT']),
  model: modelRef,
  caveats: z.array(z.string()),
});
export type RiskEvaluation = z.infer<typeof RiskEvaluation>;

// --- Risk assessments ------------------------------------------------------------------------------------------------

export const RiskAssessment = z.object({
  id: uuid,
  scope: ProfileScope,
  targetId: uuid,
  targetName: z.string(),
  riskModel: modelRef,
  factorValues: FactorValues,
  incidentRate: z.number().nullable(),
  incidentSource: z.enum(['derived', 'manual']).nullable(),
  incidentRateReason: z.string().nullable(),
  score: z.number(),
  band: z.string(),
  suggestedInterval: IsoDuration.nullable(),
  suggestedStrategy: MaintenanceStrategy,
  includeInPm: z.boolean(),
  explanation: z.array(RiskFactorExplanation),
  rationale: z.string(),
  assessedBy: userRef,
  assessedAt: isoDateTime,
  /** Set when a newer assessment of the same target replaced this one (assessments are never edited). */
  supersededAt: isoDateTime.nullable(),
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;

export const RiskAssessmentListQuery = z.object({
  scope: ProfileScope,
  targetId: uuid,
  includeSuperseded: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const RiskAssessmentList = z.object({ items: z.array(RiskAssessment) });
export type RiskAssessmentList = z.infer<typeof RiskAssessmentList>;

export const CreateRiskAssessmentRequest = z.object({
  scope: ProfileScope,
  targetId: uuid,
  /** Reference table id or key of a risk model (default: fennigkoh-smith-1989). */
  riskModel: z.string().trim().min(1).max(100).optional(),
  factorValues: FactorValues,
  /** Manual incident rate (failures per unit-year) instead of the one derived from corrective work orders. */
  incidentRate: z.number().min(0).max(1000).optional(),
  incidentRateReason: text(1000).optional(),
  rationale: requiredText(4000),
});
export type CreateRiskAssessmentRequest = z.infer<typeof CreateRiskAssessmentRequest>;

/** Failures per unit-year of a model (or a device type's models) from corrective work orders (§5 MTBF). */
export const IncidentRate = z.object({
  failures: z.number().int(),
  unitYears: z.number(),
  rate: z.number().nullable(),
  since: isoDate,
  until: isoDate,
});
export type IncidentRate = z.infer<typeof IncidentRate>;

// --- Maintenance profiles ---------------------------------------------------------------------------------------------

/** One level of the chain. Null fields inherit from the level above (device -> model -> device type -> defaults). */
export const MaintenanceProfileFields = z.object({
  highRisk: z.boolean().nullable(),
  highRiskReason: HighRiskReason.nullable(),
  highRiskNote: z.string().nullable(),
  lifeSupport: z.boolean().nullable(),
  strategy: MaintenanceStrategy.nullable(),
  imagingRadiologic: z.boolean().nullable(),
  medicalLaser: z.boolean().nullable(),
  lawOrCop: z.boolean().nullable(),
});
export type MaintenanceProfileFields = z.infer<typeof MaintenanceProfileFields>;
export const profileFieldKeys = [
  'highRisk',
  'highRiskReason',
  'highRiskNote',
  'lifeSupport',
  'strategy',
  'imagingRadiologic',
  'medicalLaser',
  'lawOrCop',
] as const satisfies readonly (keyof MaintenanceProfileFields)[];
export type ProfileFieldKey = (typeof profileFieldKeys)[number];

export const MaintenanceProfile = MaintenanceProfileFields.extend({
  id: uuid.nullable(),
  scope: ProfileScope,
  targetId: uuid,
  targetName: z.string(),
  /** 0 when the level has no profile row yet. */
  version: z.number().int(),
  updatedAt: isoDateTime.nullable(),
});
export type MaintenanceProfile = z.infer<typeof MaintenanceProfile>;

export const UpdateMaintenanceProfileRequest = z.object({
  /** The version read (0 when there was no profile at this level). */
  version: z.number().int().min(0),
  reason: requiredText(1000),
  highRisk: z.boolean().nullable().optional(),
  highRiskReason: HighRiskReason.nullable().optional(),
  highRiskNote: text(1000).nullable().optional(),
  lifeSupport: z.boolean().nullable().optional(),
  strategy: MaintenanceStrategy.nullable().optional(),
  imagingRadiologic: z.boolean().nullable().optional(),
  medicalLaser: z.boolean().nullable().optional(),
  lawOrCop: z.boolean().nullable().optional(),
});
export type UpdateMaintenanceProfileRequest = z.infer<typeof UpdateMaintenanceProfileRequest>;

export const ProfileValueSource = z.enum(['device', 'model', 'device_type', 'default']);
export type ProfileValueSource = z.infer<typeof ProfileValueSource>;

const effective = <T extends z.ZodType>(value: T) => z.object({ value, source: ProfileValueSource });

export const EffectiveProfile = z.object({
  highRisk: effective(z.boolean()),
  highRiskReason: effective(HighRiskReason.nullable()),
  highRiskNote: effective(z.string().nullable()),
  lifeSupport: effective(z.boolean()),
  strategy: effective(MaintenanceStrategy),
  imagingRadiologic: effective(z.boolean()),
  medicalLaser: effective(z.boolean()),
  lawOrCop: effective(z.boolean()),
});
export type EffectiveProfile = z.infer<typeof EffectiveProfile>;

/** A value a rule suggests (FDA life-sustaining flag, review panel RA, laser in the name); a human confirms. */
export const ProfileSuggestion = z.object({
  field: z.enum(profileFieldKeys),
  value: z.union([z.boolean(), z.string()]),
  reason: z.string(),
});
export type ProfileSuggestion = z.infer<typeof ProfileSuggestion>;

export const AemEligibilityReason = z.object({
  code: AemExclusionCode,
  label: z.string(),
  message: z.string(),
  citation: z.string(),
});
export type AemEligibilityReason = z.infer<typeof AemEligibilityReason>;

export const AemEligibility = z.object({
  allowed: z.boolean(),
  reasons: z.array(AemEligibilityReason),
  /** Reference versions used: the exclusions table and the aem-eligibility policy. */
  exclusionsReferenceId: uuid,
  policyReferenceId: uuid,
});
export type AemEligibility = z.infer<typeof AemEligibility>;

export const DeviceMaintenanceProfile = z.object({
  deviceId: uuid,
  effective: EffectiveProfile,
  /** Device, model, device type (most specific first). */
  chain: z.array(MaintenanceProfile),
  suggestions: z.array(ProfileSuggestion),
  riskAssessment: RiskAssessment.nullable(),
  aemEligibility: AemEligibility,
});
export type DeviceMaintenanceProfile = z.infer<typeof DeviceMaintenanceProfile>;

// --- AEM program ------------------------------------------------------------------------------------------------------

export const aemAssessmentStatuses = ['draft', 'approved', 'retired'] as const;
export const AemAssessmentStatus = z.enum(aemAssessmentStatuses);
export type AemAssessmentStatus = z.infer<typeof AemAssessmentStatus>;

/** The AEM criteria of TJC EC.02.04.01 EP7 (§1.2). */
export const AemRiskFactors = z.object({
  use: requiredText(2000),
  consequenceOfFailure: requiredText(2000),
  backupAvailable: requiredText(2000),
  incidentHistory: requiredText(2000),
  maintenanceRequirements: requiredText(2000),
});
export type AemRiskFactors = z.infer<typeof AemRiskFactors>;

export const AemEvidence = z.object({
  failureDataPeriod: z.object({ from: isoDate, to: isoDate }),
  unitsObserved: z.number().int().min(0),
  pmFindings: z.number().int().min(0),
  pmPreventableFailures: z.number().int().min(0),
  note: text(2000).optional(),
});
export type AemEvidence = z.infer<typeof AemEvidence>;

export const AemAssessment = z.object({
  id: uuid,
  deviceType: z.object({ id: uuid, name: z.string() }).nullable(),
  model: z.object({ id: uuid, name: z.string(), modelNumber: z.string() }).nullable(),
  oemTasks: z.array(z.string()),
  oemInterval: IsoDuration.nullable(),
  aemTasks: z.array(z.string()),
  aemInterval: IsoDuration.nullable(),
  rationale: z.string(),
  riskFactors: AemRiskFactors,
  evidence: AemEvidence,
  status: AemAssessmentStatus,
  approvedBy: userRef.nullable(),
  approvedAt: isoDateTime.nullable(),
  reviewDue: isoDate.nullable(),
  createdBy: userRef,
  createdAt: isoDateTime,
  version: z.number().int(),
});
export type AemAssessment = z.infer<typeof AemAssessment>;

export const AemAssessmentListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  status: AemAssessmentStatus.optional(),
  deviceTypeId: uuid.optional(),
  modelId: uuid.optional(),
});
export const AemAssessmentPage = z.object({
  items: z.array(AemAssessment),
  nextCursor: z.string().nullable(),
});
export type AemAssessmentPage = z.infer<typeof AemAssessmentPage>;

const aemTasks = z.array(requiredText(1000)).max(100);

export const CreateAemAssessmentRequest = z
  .object({
    deviceTypeId: uuid.optional(),
    modelId: uuid.optional(),
    oemTasks: aemTasks.default([]),
    oemInterval: IsoDuration.nullable().optional(),
    aemTasks: aemTasks.default([]),
    aemInterval: IsoDuration.nullable().optional(),
    rationale: requiredText(4000),
    riskFactors: AemRiskFactors,
    evidence: AemEvidence,
  })
  .refine((v) => (v.deviceTypeId === undefined) !== (v.modelId === undefined), {
    message: 'give exactly one of deviceTypeId or modelId',
    path: ['modelId'],
  });
export type CreateAemAssessmentRequest = z.infer<typeof CreateAemAssessmentRequest>;

export const UpdateAemAssessmentRequest = z.object({
  version: z.number().int(),
  oemTasks: aemTasks.optional(),
  oemInterval: IsoDuration.nullable().optional(),
  aemTasks: aemTasks.optional(),
  aemInterval: IsoDuration.nullable().optional(),
  rationale: requiredText(4000).optional(),
  riskFactors: AemRiskFactors.optional(),
  evidence: AemEvidence.optional(),
});
export type UpdateAemAssessmentRequest = z.infer<typeof UpdateAemAssessmentRequest>;

export const AemStatusChangeRequest = z.object({
  version: z.number().int(),
  note: text(2000).optional(),
});
export type AemStatusChangeRequest = z.infer<typeof AemStatusChangeRequest>;

export const RetireAemAssessmentRequest = z.object({
  version: z.number().int(),
  reason: requiredText(2000),
});
export type RetireAemAssessmentRequest = z.infer<typeof RetireAemAssessmentRequest>;

export const aemReviewOutcomes = ['continue', 'revise', 'withdraw'] as const;
export const AemReviewOutcome = z.enum(aemReviewOutcomes);

export const AemReview = z.object({
  id: uuid,
  assessmentId: uuid,
  reviewedBy: userRef,
  reviewedAt: isoDateTime,
  outcome: AemReviewOutcome,
  note: z.string(),
  nextReviewDue: isoDate.nullable(),
});
export type AemReview = z.infer<typeof AemReview>;
export const AemReviewList = z.object({ items: z.array(AemReview) });
export type AemReviewList = z.infer<typeof AemReviewList>;

export const CreateAemReviewRequest = z.object({
  version: z.number().int(),
  outcome: AemReviewOutcome,
  note: requiredText(4000),
  /** Default: today + the policy's review period (continue/revise); none when withdrawn. */
  nextReviewDue: isoDate.optional(),
});
export type CreateAemReviewRequest = z.infer<typeof CreateAemReviewRequest>;

export const AemProgramEntry = z.object({
  device: z.object({
    id: uuid,
    assetTag: z.string(),
    site: z.object({ id: uuid, name: z.string() }),
    model: z.object({ id: uuid, name: z.string(), modelNumber: z.string() }),
    deviceType: z.object({ id: uuid, name: z.string() }).nullable(),
  }),
  strategySource: z.enum(['device', 'model', 'device_type']),
  /** The approved assessment covering the device (model over device type); null = on AEM without one. */
  assessment: AemAssessment.nullable(),
});
export type AemProgramEntry = z.infer<typeof AemProgramEntry>;
export const AemProgram = z.object({ items: z.array(AemProgramEntry) });
export type AemProgram = z.infer<typeof AemProgram>;

export const AemReviewsDueQuery = z.object({ within: IsoDuration.default('P30D') });
export const AemReviewsDue = z.object({ items: z.array(AemAssessment) });
export type AemReviewsDue = z.infer<typeof AemReviewsDue>;
