import type {
  HighRiskReason,
  ProfileFieldKey,
  PlanAnchor,
  PlanBasis,
  ProfileValueSource,
} from '../../../../contracts/index.ts';

export const profileSourceLabels: Record<ProfileValueSource, string> = {
  device: 'set on this device',
  model: 'from the model',
  device_type: 'from the device type',
  default: 'default',
};

export const highRiskReasonLabels: Record<HighRiskReason, string> = {
  LIFE_SUPPORT: 'Life support',
  FAILURE_SERIOUS_INJURY_DEATH: 'Failure may cause serious injury or death',
  OTHER: 'Other',
};

export const anchorLabels: Record<PlanAnchor, string> = {
  last_completion: 'From the last completion',
  fixed_calendar: 'Fixed calendar',
};

export const basisLabels: Record<PlanBasis, string> = {
  manufacturer: "Manufacturer's recommendation",
  aem: 'AEM assessment',
  regulation: 'Regulation or code',
  policy: 'Organization policy',
};

export const anchorSourceLabels: Record<string, string> = {
  plan_completion: 'last completed work on this plan',
  device_completion: 'last completed preventive work on the device',
  series_start: 'the series start',
  plan_start: 'the plan start date',
  in_service: 'the date the device went into service',
};

export const profileFieldLabels: Record<ProfileFieldKey, string> = {
  highRisk: 'High risk',
  highRiskReason: 'High-risk reason',
  highRiskNote: 'High-risk note',
  lifeSupport: 'Life support',
  strategy: 'Strategy',
  imagingRadiologic: 'Imaging or radiologic',
  medicalLaser: 'Medical laser',
  lawOrCop: 'Law or CoP',
};
