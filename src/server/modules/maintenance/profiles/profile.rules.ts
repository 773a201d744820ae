import type {
  EffectiveProfile,
  MaintenanceProfileFields,
  ProfileScope,
  ProfileSuggestion,
  ProfileValueSource,
} from '../../../../contracts/index.ts';

/**
 * The effective maintenance profile: device ?? model ?? device type ?? defaults, field by field (a null field
 * inherits). Suggestions come from the FDA product classification (domain reference §3.2, §7.1): the
 * life-sustaining flag suggests high-risk and life support (a human confirms; the default stays false), review
 * panel RA (radiology, 21 CFR 892) suggests imaging/radiologic and a device type named like a laser suggests a
 * medical laser. For those two AEM exclusions an unset flag takes the suggestion, so equipment is kept off AEM
 * until a person says otherwise (S&C 14-07). The strategy defaults to the manufacturer's (OEM) recommendations,
 * the baseline CMS and TJC EP4 start from. Pure.
 */

export interface DeviceTypeFacts {
  name: string;
  reviewPanel: string | null;
  lifeSustaining: boolean;
}

export interface ProfileLevel {
  scope: ProfileScope;
  fields: MaintenanceProfileFields | null;
}

export function profileSuggestions(type: DeviceTypeFacts | null): ProfileSuggestion[] {
  if (!type) return [];
  const out: ProfileSuggestion[] = [];
  if (type.lifeSustaining) {
    const why = `FDA product classification marks ${type.name} life-sustaining or life-supporting`;
    out.push({ field: 'highRisk', value: true, reason: why });
    out.push({ field: 'highRiskReason', value: 'LIFE_SUPPORT', reason: why });
    out.push({ field: 'lifeSupport', value: true, reason: why });
  }
  if (type.reviewPanel === 'RA')
    out.push({
      field: 'imagingRadiologic',
      value: true,
      reason: `FDA review panel RA (radiology, 21 CFR 892) for ${type.name}`,
    });
  if (/laser/i.test(type.name))
    out.push({ field: 'medicalLaser', value: true, reason: `The device type ${type.name} names a laser` });
  return out;
}

/** Levels most specific first (device, model, device type). */
export function effectiveProfile(
  levels: readonly ProfileLevel[],
  type: DeviceTypeFacts | null,
): EffectiveProfile {
  const suggestions = profileSuggestions(type);
  const suggested = (field: 'imagingRadiologic' | 'medicalLaser') =>
    suggestions.some((s) => s.field === field && s.value === true);
  function pick<K extends keyof MaintenanceProfileFields>(
    key: K,
    fallback: MaintenanceProfileFields[K],
  ): { value: MaintenanceProfileFields[K]; source: ProfileValueSource } {
    for (const level of levels) {
      const v = level.fields?.[key];
      if (v !== null && v !== undefined) return { value: v, source: level.scope };
    }
    return { value: fallback, source: 'default' };
  }
  const highRisk = pick('highRisk', false);
  const lifeSupport = pick('lifeSupport', false);
  const strategy = pick('strategy', 'OEM_INTERVAL');
  const imaging = pick('imagingRadiologic', suggested('imagingRadiologic'));
  const laser = pick('medicalLaser', suggested('medicalLaser'));
  const law = pick('lawOrCop', false);
  return {
    highRisk: { value: highRisk.value ?? false, source: highRisk.source },
    highRiskReason: pick('highRiskReason', null),
    highRiskNote: pick('highRiskNote', null),
    lifeSupport: { value: lifeSupport.value ?? false, source: lifeSupport.source },
    strategy: { value: strategy.value ?? 'OEM_INTERVAL', source: strategy.source },
    imagingRadiologic: { value: imaging.value ?? false, source: imaging.source },
    medicalLaser: { value: laser.value ?? false, source: laser.source },
    lawOrCop: { value: law.value ?? false, source: law.source },
  };
}

/** Where a flag came from, for AEM messages. */
export function flagWhy(
  field: 'imagingRadiologic' | 'medicalLaser' | 'lawOrCop',
  eff: EffectiveProfile,
  type: DeviceTypeFacts | null,
): string {
  const source = eff[field].source;
  if (source !== 'default') return `flagged on the ${source.replace('_', ' ')} profile`;
  return profileSuggestions(type).find((s) => s.field === field)?.reason ?? 'default';
}
