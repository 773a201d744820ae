import {
  profileFieldKeys,
  type DeviceMaintenanceProfile,
  type MaintenanceProfile,
  type MaintenanceProfileFields,
  type ProfileScope,
  type UpdateMaintenanceProfileRequest,
} from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError, versionConflict } from '../../../platform/errors.ts';
import {
  aemNotAllowed,
  effectiveOf,
  eligibilityOf,
  resolveTarget,
  strategyIsAem,
  withOverride,
  type ResolvedTarget,
} from '../aem/aem-eligibility.ts';
import { maintenanceProfiles } from '../maintenance.schema.ts';
import * as rq from '../risk/risk.queries.ts';
import { targetOf, toRiskAssessment } from '../risk/risk.service.ts';
import * as q from './profile.queries.ts';
import { profileSuggestions } from './profile.rules.ts';

const emptyFields: MaintenanceProfileFields = {
  highRisk: null,
  highRiskReason: null,
  highRiskNote: null,
  lifeSupport: null,
  strategy: null,
  imagingRadiologic: null,
  medicalLaser: null,
  lawOrCop: null,
};

const toProfile = (level: ResolvedTarget['levels'][number]): MaintenanceProfile => ({
  ...(level.fields ?? emptyFields),
  id: level.row?.id ?? null,
  scope: level.scope,
  targetId: level.targetId,
  targetName: level.targetName,
  version: level.row?.version ?? 0,
  updatedAt: level.row?.updatedAt.toISOString() ?? null,
});

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', 'The request has invalid fields', [{ field, message }]);

/** Maintenance profiles: the effective profile of a device with its chain, and changes per level. */
export function createProfileService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function getDeviceProfile(actor: Actor, deviceId: string): Promise<DeviceMaintenanceProfile> {
    requirePermission(actor, 'maintenance.read');
    const resolved = await resolveTarget(db, actor.organizationId, { deviceId }, permittedSiteIds(actor));
    // The most specific current risk assessment: the device's, else its model's, else its device type's.
    const current = await rq.currentAssessments(db, actor.organizationId, resolved.levels);
    let riskAssessment: DeviceMaintenanceProfile['riskAssessment'] = null;
    for (const level of resolved.levels) {
      const found = current.find(
        (c) =>
          c.row.scope === level.scope &&
          (c.row.deviceId ?? c.row.modelId ?? c.row.deviceTypeId) === level.targetId,
      );
      if (found) {
        riskAssessment = toRiskAssessment(found, level.targetName);
        break;
      }
    }
    return {
      deviceId,
      effective: effectiveOf(resolved),
      chain: resolved.levels.map(toProfile),
      suggestions: profileSuggestions(resolved.type),
      riskAssessment,
      aemEligibility: await eligibilityOf(db, actor.organizationId, resolved, clock.now()),
    };
  }

  async function getProfile(
    actor: Actor,
    scope: ProfileScope,
    targetId: string,
  ): Promise<MaintenanceProfile> {
    requirePermission(actor, 'maintenance.read');
    const resolved = await resolveTarget(
      db,
      actor.organizationId,
      targetOf(scope, targetId),
      permittedSiteIds(actor),
    );
    const level = resolved.levels[0];
    if (!level) throw new AppError('NOT_FOUND', 'Profile not found');
    return toProfile(level);
  }

  /**
   * Sets fields of one level (absent = unchanged, null = inherit). High-risk needs its reason (TJC EC.02.04.01
   * EP3); an AEM strategy on an excluded target is refused with every reason (S&C 14-07, EP5). Audited with the
   * reason, optimistic on `version` (0 = no profile yet).
   */
  async function updateProfile(
    actor: Actor,
    scope: ProfileScope,
    targetId: string,
    input: UpdateMaintenanceProfileRequest,
  ): Promise<MaintenanceProfile> {
    requirePermission(actor, 'maintenance.manage');
    await db.transaction(async (tx) => {
      const resolved = await resolveTarget(
        tx,
        actor.organizationId,
        targetOf(scope, targetId),
        permittedSiteIds(actor),
      );
      const level = resolved.levels[0];
      if (!level) throw new AppError('NOT_FOUND', 'Profile not found');
      if ((level.row?.version ?? 0) !== input.version) throw versionConflict('The maintenance profile');
      const before = level.fields ?? emptyFields;
      const next: MaintenanceProfileFields = { ...before };
      for (const key of profileFieldKeys) {
        const value = input[key];
        if (value !== undefined) (next as Record<string, unknown>)[key] = value;
      }
      if (next.highRisk === true && !next.highRiskReason)
        throw invalid('highRiskReason', 'is required when highRisk is true');
      if (next.highRiskReason === 'OTHER' && !next.highRiskNote)
        throw invalid('highRiskNote', 'is required when the high-risk reason is OTHER');
      if (next.highRisk !== true && next.highRiskReason)
        throw invalid('highRiskReason', 'applies only when highRisk is true');

      // Setting an AEM strategy, or flagging an exclusion on equipment whose strategy is AEM, is checked.
      const after = withOverride(resolved, scope, next);
      const strategy = effectiveOf(after).strategy.value;
      const touchesAem =
        input.strategy !== undefined ||
        input.imagingRadiologic !== undefined ||
        input.medicalLaser !== undefined ||
        input.lawOrCop !== undefined;
      if (touchesAem && (await strategyIsAem(tx, actor.organizationId, strategy))) {
        const eligibility = await eligibilityOf(tx, actor.organizationId, after, clock.now());
        if (!eligibility.allowed) throw aemNotAllowed(eligibility, level.targetName);
      }
      const now = clock.now();
      if (level.row) {
        const updated = await tx
          .update(maintenanceProfiles)
          .set({ ...next, updatedAt: now, updatedBy: actor.userId, version: level.row.version + 1 })
          .where(q.profileRowWhere(level.row.id, level.row.version))
          .returning({ id: maintenanceProfiles.id });
        if (updated.length === 0) throw versionConflict('The maintenance profile');
      } else {
        await tx.insert(maintenanceProfiles).values({
          organizationId: actor.organizationId,
          ...rq.scopeTarget(scope, targetId),
          ...next,
          createdAt: now,
          updatedAt: now,
          updatedBy: actor.userId,
        });
      }
      await recordAudit(tx, actor, clock, {
        action: 'maintenance-profile.updated',
        entityType: 'maintenance_profile',
        entityId: targetId,
        before,
        after: next,
        reason: input.reason,
      });
    });
    return getProfile(actor, scope, targetId);
  }

  return { getDeviceProfile, getProfile, updateProfile };
}
export type ProfileService = ReturnType<typeof createProfileService>;
