import { DateTime } from 'luxon';
import {
  AemExclusionsContent,
  type AemEligibility,
  type EffectiveProfile,
  type MaintenanceProfileFields,
  type ProfileScope,
} from '../../../../contracts/index.ts';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { findEffectiveReference, getPolicy } from '../../reference/index.ts';
import * as q from '../profiles/profile.queries.ts';
import { effectiveProfile, flagWhy, type ProfileLevel } from '../profiles/profile.rules.ts';
import { aemReasons, isAemStrategy } from './aem.rules.ts';

export type AemTarget = { deviceId: string } | { modelId: string } | { deviceTypeId: string };

export interface ResolvedTarget {
  scope: ProfileScope;
  targetId: string;
  targetName: string;
  levels: (ProfileLevel & { targetId: string; targetName: string; row: q.ProfileRow | undefined })[];
  type: q.TypeFacts | null;
  device: q.DeviceFacts | null;
  model: q.ModelFacts | null;
}

/** The profile chain of a device, model or device type (most specific first). */
export async function resolveTarget(
  db: DbOrTx,
  organizationId: string,
  target: AemTarget,
  siteIds?: readonly string[],
): Promise<ResolvedTarget> {
  let device: q.DeviceFacts | null = null;
  let model: q.ModelFacts | null = null;
  let type: q.TypeFacts | null;
  if ('deviceId' in target) {
    device = (await q.findDeviceFacts(db, organizationId, target.deviceId, siteIds)) ?? null;
    if (!device) throw notFound('Device');
    model = device.model;
    type = model.deviceType;
  } else if ('modelId' in target) {
    model = (await q.findModelFacts(db, organizationId, target.modelId)) ?? null;
    if (!model) throw notFound('Model');
    type = model.deviceType;
  } else {
    type = (await q.findTypeFacts(db, organizationId, target.deviceTypeId)) ?? null;
    if (!type) throw notFound('Device type');
  }
  const wanted: { scope: ProfileScope; targetId: string; targetName: string }[] = [];
  if (device) wanted.push({ scope: 'device', targetId: device.id, targetName: device.assetTag });
  if (model)
    wanted.push({ scope: 'model', targetId: model.id, targetName: `${model.name} (${model.modelNumber})` });
  if (type) wanted.push({ scope: 'device_type', targetId: type.id, targetName: type.name });
  const rows = await q.findProfileRows(db, organizationId, wanted);
  const levels: ResolvedTarget['levels'] = wanted.map((w) => {
    const row = rows.find((r) => r.scope === w.scope && q.rowTarget(r) === w.targetId);
    return { ...w, row, fields: q.profileFields(row) };
  });
  const first = levels[0];
  if (!first) throw notFound('Target');
  return {
    scope: first.scope,
    targetId: first.targetId,
    targetName: first.targetName,
    levels,
    type,
    device,
    model,
  };
}

/** Replaces one level's fields (a profile change being checked before it is written). */
export function withOverride(
  resolved: ResolvedTarget,
  scope: ProfileScope,
  fields: MaintenanceProfileFields,
): ResolvedTarget {
  return { ...resolved, levels: resolved.levels.map((l) => (l.scope === scope ? { ...l, fields } : l)) };
}

export const effectiveOf = (r: ResolvedTarget): EffectiveProfile => effectiveProfile(r.levels, r.type);

/**
 * Whether AEM is allowed for the target (CMS S&C 14-07; TJC EC.02.04.01 EP5), with every reason it is not.
 * Thresholds from the organization's aem-eligibility policy, labels and citations from the exclusions table;
 * both reference versions are returned.
 */
export async function eligibilityOf(
  db: DbOrTx,
  organizationId: string,
  resolved: ResolvedTarget,
  asOf: Date,
): Promise<AemEligibility> {
  const policy = await getPolicy(db, organizationId, 'aem-eligibility');
  const exclusionsRef = await findEffectiveReference(db, organizationId, 'aem_exclusions', 'cms-sc-14-07');
  const exclusions = AemExclusionsContent.parse(exclusionsRef.content);
  const eff = effectiveOf(resolved);
  const { device, model, type } = resolved;
  const fleet = model
    ? await q.fleetStats(db, organizationId, { modelId: model.id })
    : type
      ? await q.fleetStats(db, organizationId, { deviceTypeId: type.id })
      : { units: 0, oldestStart: null };
  const start = device ? (device.inServiceDate ?? device.acquisitionDate) : fleet.oldestStart;
  const historyMonths = start
    ? DateTime.fromJSDate(asOf, { zone: 'utc' }).diff(DateTime.fromISO(start, { zone: 'utc' }), 'months')
        .months
    : null;
  const reasons = aemReasons(
    {
      imagingRadiologic: { value: eff.imagingRadiologic.value, why: flagWhy('imagingRadiologic', eff, type) },
      medicalLaser: { value: eff.medicalLaser.value, why: flagWhy('medicalLaser', eff, type) },
      lawOrCop: { value: eff.lawOrCop.value, why: flagWhy('lawOrCop', eff, type) },
      historyMonths,
      fleetSize: fleet.units,
      fleetOf: model ? `model ${model.name}` : `device type ${type?.name ?? ''}`,
    },
    policy.content,
    exclusions,
  );
  return {
    allowed: reasons.length === 0,
    reasons,
    exclusionsReferenceId: exclusionsRef.id,
    policyReferenceId: policy.id,
  };
}

/** For other modules (plans with an AEM basis): whether AEM is allowed for a device, model or device type. */
export async function checkAemEligibility(
  db: DbOrTx,
  organizationId: string,
  target: AemTarget,
  asOf: Date = new Date(),
): Promise<AemEligibility> {
  return eligibilityOf(db, organizationId, await resolveTarget(db, organizationId, target), asOf);
}

export function aemNotAllowed(eligibility: AemEligibility, what: string): AppError {
  return new AppError(
    'AEM_NOT_ALLOWED',
    `${what} may not be on alternate equipment management: ${eligibility.reasons.map((r) => r.label).join('; ')}`,
    eligibility.reasons.map((r) => ({ field: r.code, message: r.message })),
  );
}

/** Throws AEM_NOT_ALLOWED naming every reason when the target is excluded from AEM. */
export async function assertAemAllowed(
  db: DbOrTx,
  organizationId: string,
  target: AemTarget,
  asOf: Date = new Date(),
): Promise<void> {
  const resolved = await resolveTarget(db, organizationId, target);
  const eligibility = await eligibilityOf(db, organizationId, resolved, asOf);
  if (!eligibility.allowed) throw aemNotAllowed(eligibility, resolved.targetName);
}

/** Whether the strategy counts as AEM under the organization's exclusions table. */
export async function strategyIsAem(
  db: DbOrTx,
  organizationId: string,
  strategy: EffectiveProfile['strategy']['value'] | null | undefined,
): Promise<boolean> {
  const ref = await findEffectiveReference(db, organizationId, 'aem_exclusions', 'cms-sc-14-07');
  return isAemStrategy(strategy, AemExclusionsContent.parse(ref.content));
}
