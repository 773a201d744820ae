import type {
  AemAssessment,
  Device,
  DeviceMaintenanceProfile,
  DueWindow,
  Forecast,
  MaintenancePlan,
  MaintenanceProfile,
  ReferenceTable,
  ReferenceTableSummary,
  RiskEvaluation,
  RiskModel,
  ToleranceTableContent,
  WorkOrder,
} from '../../../../contracts/index.ts';
import { ids } from '../../../testing/fixtures.ts';
import { aWorkOrder as aSharedWorkOrder } from '../../../testing/work-order.fixtures.ts';

/** Ids of maintenance test data (valid UUIDs, so contract parsing accepts them). */
export const maintenanceIds = {
  tolerance: '11111111-1111-4111-8111-111111111111',
  toleranceOrg: '11111111-1111-4111-8111-111111111112',
  riskModel: '22222222-2222-4222-8222-222222222222',
  device: '33333333-3333-4333-8333-333333333333',
  model: '44444444-4444-4444-8444-444444444444',
  deviceType: '55555555-5555-4555-8555-555555555555',
  plan: '66666666-6666-4666-8666-666666666666',
  aem: '77777777-7777-4777-8777-777777777777',
  policy: '88888888-8888-4888-8888-888888888888',
  wo1: '99999999-9999-4999-8999-999999999991',
  wo2: '99999999-9999-4999-8999-999999999992',
  wo3: '99999999-9999-4999-8999-999999999993',
  org: ids.org,
};

export const toleranceContent: ToleranceTableContent = {
  rows: [
    {
      interval: 'P1Y',
      label: 'Annual',
      window: { kind: 'days', days: 30 },
      confidence: 'C',
      citation: 'CMS S&C 14-07',
    },
    {
      interval: 'P1M',
      label: 'Monthly',
      window: { kind: 'calendar', unit: 'month' },
      confidence: 'K',
      citation: 'Common practice',
    },
  ],
  fallback: 'nearest_shorter',
};

export function aReferenceTable(overrides: Partial<ReferenceTable> = {}): ReferenceTable {
  return {
    id: maintenanceIds.tolerance,
    kind: 'tolerance_table',
    key: 'due-date-tolerance',
    version: 1,
    name: 'Due-date tolerance by frequency',
    source: 'CMS S&C 14-07; TJC EC.02.04.01',
    edition: '2026-01',
    organizationId: null,
    sha256: 'b'.repeat(64),
    basedOnId: null,
    active: true,
    reason: null,
    createdBy: null,
    createdAt: '2026-01-05T08:00:00.000Z',
    content: toleranceContent,
    ...overrides,
  } satisfies ReferenceTable;
}

export function aReferenceSummary(overrides: Partial<ReferenceTableSummary> = {}): ReferenceTableSummary {
  const { content: _content, ...table } = aReferenceTable();
  return { ...table, versionCount: 1, ...overrides } satisfies ReferenceTableSummary;
}

export function aDevice(overrides: Partial<Device> = {}): Device {
  return {
    id: maintenanceIds.device,
    assetTag: 'INV-00042',
    serialNumber: 'SN123',
    model: {
      id: maintenanceIds.model,
      modelNumber: '8015',
      name: 'Alaris PC unit',
      manufacturer: { id: '12121212-1212-4121-8121-121212121212', name: 'BD' },
      deviceType: {
        id: maintenanceIds.deviceType,
        name: 'Pump, Infusion',
        productCode: 'FRN',
        deviceClass: '2',
      },
    },
    udiRaw: null,
    udiDeviceIdentifier: null,
    udi: null,
    site: { id: ids.siteMain, name: 'Main Campus', code: 'MAIN' },
    building: 'Tower A',
    floor: '3',
    room: '312',
    department: 'ICU',
    ownership: 'owned',
    serviceProvider: 'in_house',
    acquisitionDate: '2024-05-01',
    acquisitionCost: '4200.00',
    purchaseOrder: null,
    inServiceDate: '2024-05-20',
    warrantyEnd: null,
    softwareVersion: null,
    firmwareVersion: null,
    networkConnected: false,
    macAddress: null,
    ipAddress: null,
    hostname: null,
    parent: null,
    childCount: 0,
    customFields: {},
    notes: null,
    status: 'in_service',
    statusChangedAt: '2024-05-20T14:00:00.000Z',
    createdAt: '2024-05-01T09:00:00.000Z',
    updatedAt: '2024-05-20T14:00:00.000Z',
    version: 3,
    ...overrides,
  } satisfies Device;
}

/** A Fennigkoh–Smith-shaped model (domain reference §3.1), cut down to what the tests choose. */
export function aRiskModel(overrides: Partial<RiskModel> = {}): RiskModel {
  return {
    id: maintenanceIds.riskModel,
    key: 'fennigkoh-smith-1989',
    version: 1,
    name: 'Fennigkoh–Smith EM number',
    source: 'Fennigkoh L, Smith B. J Clin Eng 1989;14(4)',
    edition: '1989 (variant A)',
    organizationId: null,
    content: {
      aggregate: 'SUM',
      factors: [
        {
          key: 'function',
          label: 'Equipment function',
          options: [
            { value: 10, label: 'Therapeutic — life support' },
            { value: 2, label: 'Miscellaneous — patient-related and other' },
          ],
        },
        {
          key: 'physicalRisk',
          label: 'Physical risk',
          options: [
            { value: 5, label: 'Patient death' },
            { value: 1, label: 'No significant identified risk' },
          ],
        },
        {
          key: 'maintenance',
          label: 'Maintenance requirements',
          options: [
            { value: 5, label: 'Extensive', definition: 'Routine calibration and part replacement' },
            { value: 1, label: 'Minimal', definition: 'Visual inspection' },
          ],
        },
        {
          key: 'incidentHistory',
          label: 'Incident history',
          derivedFrom: 'INCIDENT_RATE',
          options: [
            { value: 2, label: 'Significant' },
            { value: 0, label: 'Average' },
            { value: -2, label: 'Insignificant' },
          ],
        },
      ],
      incidentPeriodMonths: 24,
      incidentHistoryBands: [
        { min: 2, value: 2, label: 'More than 1 failure every 6 months' },
        { min: 0.67, max: 2, value: 0, label: 'About 1 a year' },
        { min: 0, max: 0.67, value: -2, label: 'Fewer than 1 in 18 months' },
      ],
      bands: [
        {
          min: 18,
          label: 'EM 18 or more',
          suggestedInterval: 'P3M',
          suggestedStrategy: 'OEM_INTERVAL',
          includeInPm: true,
        },
        {
          min: 12,
          max: 18,
          label: 'EM 12–17',
          suggestedInterval: 'P1Y',
          suggestedStrategy: 'OEM_INTERVAL',
          includeInPm: true,
        },
        { max: 12, label: 'EM below 12', suggestedStrategy: 'CORRECTIVE_ONLY_NOT_ON_PM', includeInPm: false },
      ],
      caveats: ['High risk does not automatically mean frequent PM (TJC, G. Mills).'],
    },
    ...overrides,
  } satisfies RiskModel;
}

export function anEvaluation(overrides: Partial<RiskEvaluation> = {}): RiskEvaluation {
  return {
    score: 20,
    band: {
      min: 18,
      label: 'EM 18 or more',
      suggestedInterval: 'P3M',
      suggestedStrategy: 'OEM_INTERVAL',
      includeInPm: true,
    },
    suggestedStrategy: 'OEM_INTERVAL',
    suggestedInterval: 'P3M',
    includeInPm: true,
    aggregate: 'SUM',
    explanation: [
      {
        key: 'function',
        label: 'Equipment function',
        value: 10,
        optionLabel: 'Therapeutic — life support',
        source: 'chosen',
        note: null,
      },
      {
        key: 'physicalRisk',
        label: 'Physical risk',
        value: 5,
        optionLabel: 'Patient death',
        source: 'chosen',
        note: null,
      },
      {
        key: 'maintenance',
        label: 'Maintenance requirements',
        value: 5,
        optionLabel: 'Extensive',
        source: 'chosen',
        note: null,
      },
      {
        key: 'incidentHistory',
        label: 'Incident history',
        value: 0,
        optionLabel: 'Average',
        source: 'incident_rate',
        note: '1.2 failures per unit-year: band "About 1 a year"',
      },
    ],
    model: {
      id: maintenanceIds.riskModel,
      key: 'fennigkoh-smith-1989',
      version: 1,
      name: 'Fennigkoh–Smith EM number',
      edition: '1989 (variant A)',
    },
    caveats: ['High risk does not automatically mean frequent PM (TJC, G. Mills).'],
    ...overrides,
  } satisfies RiskEvaluation;
}

function aProfileLevel(overrides: Partial<MaintenanceProfile>): MaintenanceProfile {
  return {
    id: null,
    scope: 'device',
    targetId: maintenanceIds.device,
    targetName: 'INV-00042',
    version: 0,
    updatedAt: null,
    highRisk: null,
    highRiskReason: null,
    highRiskNote: null,
    lifeSupport: null,
    strategy: null,
    imagingRadiologic: null,
    medicalLaser: null,
    lawOrCop: null,
    ...overrides,
  } satisfies MaintenanceProfile;
}

export function aDeviceProfile(overrides: Partial<DeviceMaintenanceProfile> = {}): DeviceMaintenanceProfile {
  return {
    deviceId: maintenanceIds.device,
    effective: {
      highRisk: { value: true, source: 'device_type' },
      highRiskReason: { value: 'LIFE_SUPPORT', source: 'device_type' },
      highRiskNote: { value: null, source: 'default' },
      lifeSupport: { value: true, source: 'device_type' },
      strategy: { value: 'OEM_INTERVAL', source: 'model' },
      imagingRadiologic: { value: false, source: 'default' },
      medicalLaser: { value: false, source: 'default' },
      lawOrCop: { value: false, source: 'default' },
    },
    chain: [
      aProfileLevel({}),
      aProfileLevel({
        id: '13131313-1313-4131-8131-131313131313',
        scope: 'model',
        targetId: maintenanceIds.model,
        targetName: 'BD 8015',
        version: 2,
        strategy: 'OEM_INTERVAL',
        updatedAt: '2026-01-05T08:00:00.000Z',
      }),
      aProfileLevel({
        id: '14141414-1414-4141-8141-141414141414',
        scope: 'device_type',
        targetId: maintenanceIds.deviceType,
        targetName: 'Pump, Infusion',
        version: 1,
        highRisk: true,
        highRiskReason: 'LIFE_SUPPORT',
        lifeSupport: true,
        updatedAt: '2026-01-05T08:00:00.000Z',
      }),
    ],
    suggestions: [],
    riskAssessment: null,
    aemEligibility: {
      allowed: true,
      reasons: [],
      exclusionsReferenceId: maintenanceIds.aem,
      policyReferenceId: maintenanceIds.policy,
    },
    ...overrides,
  } satisfies DeviceMaintenanceProfile;
}

export function aPlan(overrides: Partial<MaintenancePlan> = {}): MaintenancePlan {
  return {
    id: maintenanceIds.plan,
    device: { id: maintenanceIds.device, assetTag: 'INV-00042', siteId: ids.siteMain, status: 'in_service' },
    templateId: null,
    name: 'Annual PM',
    tasks: [
      { key: 'task-1', text: 'Inspect housing and cord' },
      { key: 'task-2', text: 'Occlusion pressure test' },
    ],
    procedureReference: null,
    interval: 'P1Y',
    meterInterval: null,
    meterUnit: null,
    anchor: 'last_completion',
    startDate: null,
    basis: 'manufacturer',
    basisDocument: 'Alaris service manual',
    basisDocumentVersion: 'Rev. 7',
    aemAssessmentId: null,
    basisReference: null,
    estimatedHours: 1.5,
    shop: 'Biomed',
    defaultAssigneeId: null,
    toleranceReferenceId: maintenanceIds.tolerance,
    active: true,
    retiredAt: null,
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-01-05T08:00:00.000Z',
    version: 1,
    nextDue: {
      anchorDate: '2026-03-15',
      anchorSource: 'plan_completion',
      due: '2027-03-15',
      earliest: '2027-02-13',
      latest: '2027-04-14',
      overdue: false,
    },
    ...overrides,
  } satisfies MaintenancePlan;
}

export function aDueWindow(overrides: Partial<DueWindow> = {}): DueWindow {
  return {
    interval: 'P1Y',
    anchor: 'last_completion',
    anchorDate: '2026-03-15',
    due: '2027-03-15',
    earliest: '2027-02-13',
    latest: '2027-04-14',
    tolerance: {
      interval: 'P1Y',
      label: 'Annual',
      window: { kind: 'days', days: 30 },
      confidence: 'C',
      citation: 'CMS S&C 14-07',
    },
    fallback: false,
    referenceTable: { id: maintenanceIds.tolerance, version: 1, edition: '2026-01' },
    ...overrides,
  } satisfies DueWindow;
}

export function aWorkOrder(overrides: Partial<WorkOrder> = {}): WorkOrder {
  const base = aSharedWorkOrder();
  return aSharedWorkOrder({
    id: maintenanceIds.wo1,
    status: 'open',
    device: { ...base.device, id: maintenanceIds.device },
    assignedUserId: null,
    assignedUserName: null,
    planId: maintenanceIds.plan,
    dueDate: '2026-03-10',
    windowStart: '2026-02-08',
    windowEnd: '2026-04-09',
    toleranceReferenceId: maintenanceIds.tolerance,
    tasks: [],
    estimatedHours: 1.5,
    shop: 'Biomed',
    reportedAt: '2026-01-05T08:00:00.000Z',
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-01-05T08:00:00.000Z',
    version: 1,
    ...overrides,
  });
}

export function aForecast(overrides: Partial<Forecast> = {}): Forecast {
  return {
    from: '2026-03-01',
    to: '2026-05-31',
    groupBy: 'month',
    rows: [
      {
        key: '2026-03',
        label: 'March 2026',
        scheduledCount: 2,
        scheduledHours: 3,
        projectedCount: 0,
        projectedHours: 0,
        totalHours: 3,
      },
      {
        key: '2026-04',
        label: 'April 2026',
        scheduledCount: 1,
        scheduledHours: 1.5,
        projectedCount: 4,
        projectedHours: 6,
        totalHours: 7.5,
      },
    ],
    totals: { scheduledCount: 3, scheduledHours: 4.5, projectedCount: 4, projectedHours: 6 },
    ...overrides,
  } satisfies Forecast;
}

export function anAemAssessment(overrides: Partial<AemAssessment> = {}): AemAssessment {
  return {
    id: maintenanceIds.aem,
    deviceType: null,
    model: { id: maintenanceIds.model, name: 'Alaris PC unit', modelNumber: '8015' },
    oemTasks: ['Full performance verification', 'Battery replacement'],
    oemInterval: 'P6M',
    aemTasks: ['Full performance verification'],
    aemInterval: 'P1Y',
    rationale: 'No PM-preventable failures in 3 years across 40 units.',
    riskFactors: {
      use: 'General floor infusion',
      consequenceOfFailure: 'Therapy delayed; alarms alert staff',
      backupAvailable: 'Spare pumps in central supply',
      incidentHistory: '0 PM-preventable failures',
      maintenanceRequirements: 'Performance verification',
    },
    evidence: {
      failureDataPeriod: { from: '2023-01-01', to: '2025-12-31' },
      unitsObserved: 40,
      pmFindings: 3,
      pmPreventableFailures: 0,
    },
    status: 'draft',
    approvedBy: null,
    approvedAt: null,
    reviewDue: null,
    createdBy: { id: ids.admin, name: 'Ada Admin' },
    createdAt: '2026-01-05T08:00:00.000Z',
    version: 1,
    ...overrides,
  } satisfies AemAssessment;
}
