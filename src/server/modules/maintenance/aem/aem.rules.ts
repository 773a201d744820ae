import type {
  AemEligibilityPolicy,
  AemEligibilityReason,
  AemExclusionCode,
  AemExclusionsContent,
  MaintenanceStrategy,
} from '../../../../contracts/index.ts';

/**
 * AEM exclusions, hard rules (CMS S&C 14-07-Hospital; TJC EC.02.04.01 EP5; domain reference §1.1, §1.2, §2):
 * aemAllowed = !(imaging/radiologic || medical laser || subject to law or CoP || insufficient maintenance history).
 * The labels, citations and which strategies count as AEM come from the aem_exclusions table; the history
 * thresholds from the aem-eligibility policy. Pure.
 */

export interface AemFacts {
  /** Effective exclusion flags and, for the message, where each came from. */
  imagingRadiologic: { value: boolean; why: string };
  medicalLaser: { value: boolean; why: string };
  lawOrCop: { value: boolean; why: string };
  /** Months of maintenance history (device in service; oldest unit for a model or type); null = unknown. */
  historyMonths: number | null;
  /** Units of the model (or of the device type's models) in the organization, not retired or disposed. */
  fleetSize: number;
  fleetOf: string;
}

export function aemReasons(
  facts: AemFacts,
  policy: AemEligibilityPolicy,
  exclusions: AemExclusionsContent,
): AemEligibilityReason[] {
  const reasons: AemEligibilityReason[] = [];
  const add = (code: AemExclusionCode, message: string) => {
    const category = exclusions.categories.find((c) => c.code === code);
    reasons.push({
      code,
      label: category?.label ?? code,
      message,
      citation: category?.citation ?? '',
    });
  };
  if (facts.imagingRadiologic.value)
    add(
      'IMAGING_RADIOLOGIC',
      `Imaging and radiologic equipment must follow the manufacturer's recommendations (${facts.imagingRadiologic.why})`,
    );
  if (facts.medicalLaser.value)
    add(
      'MEDICAL_LASER',
      `Medical lasers must follow the manufacturer's recommendations (${facts.medicalLaser.why})`,
    );
  if (facts.lawOrCop.value)
    add(
      'LAW_OR_COP',
      `Law or a Condition of Participation requires the manufacturer's recommendations (${facts.lawOrCop.why})`,
    );
  const history: string[] = [];
  if (facts.historyMonths === null) history.push('no in-service date is recorded');
  else if (facts.historyMonths < policy.minHistoryMonthsForAem)
    history.push(
      `${Math.floor(facts.historyMonths)} months in service, fewer than the policy's ${policy.minHistoryMonthsForAem}`,
    );
  if (facts.fleetSize < policy.minFleetSizeForAem)
    history.push(
      `${facts.fleetSize} unit${facts.fleetSize === 1 ? '' : 's'} of ${facts.fleetOf} in the organization, fewer than the policy's ${policy.minFleetSizeForAem}`,
    );
  if (history.length > 0)
    add('INSUFFICIENT_HISTORY', `Insufficient maintenance history: ${history.join('; ')}`);
  return reasons;
}

/** Whether a strategy is alternate equipment management (the table's aemStrategies: AEM and its sub-types, §2). */
export const isAemStrategy = (
  strategy: MaintenanceStrategy | null | undefined,
  exclusions: AemExclusionsContent,
) => strategy != null && exclusions.aemStrategies.includes(strategy);
