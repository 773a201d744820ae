/**
 * The capability areas of OpenHTM (see docs/product.md), and which of them exist in this build. The
 * navigation shows planned areas as disabled items and the home page says plainly what works today.
 */
export type CapabilityGroup = 'equipment' | 'safety' | 'planning';

export interface PlannedCapability {
  key: string;
  label: string;
  group: CapabilityGroup;
  summary: string;
}

export const capabilityGroupLabels: Record<CapabilityGroup, string> = {
  equipment: 'Equipment',
  safety: 'Safety & compliance',
  planning: 'Planning & performance',
};

export const plannedCapabilities: readonly PlannedCapability[] = [
  {
    key: 'procedures',
    label: 'Procedures & testing',
    group: 'equipment',
    summary: 'Checklists, test equipment and electrical safety',
  },
  {
    key: 'parts',
    label: 'Parts',
    group: 'equipment',
    summary: 'Catalogue, stock per location and reorder alerts',
  },
  {
    key: 'compliance',
    label: 'Compliance',
    group: 'safety',
    summary: 'Survey packs, completion rates and documentation gaps',
  },
  {
    key: 'recalls',
    label: 'Recalls & alerts',
    group: 'safety',
    summary: 'openFDA recalls matched to inventory, worked as campaigns',
  },
  {
    key: 'cybersecurity',
    label: 'Cybersecurity',
    group: 'safety',
    summary: 'MDS2, SBOMs and vulnerabilities ranked by patient risk',
  },
  {
    key: 'operator-checks',
    label: 'Operator checks',
    group: 'safety',
    summary: 'Daily checks and problem reports from a QR scan',
  },
  {
    key: 'analytics',
    label: 'KPIs & reliability',
    group: 'planning',
    summary: 'Cost of service, MTBF, uptime and forecasts',
  },
  {
    key: 'capital',
    label: 'Capital planning',
    group: 'planning',
    summary: 'Replacement scores and multi-year plans',
  },
  {
    key: 'vendors',
    label: 'Vendors & contracts',
    group: 'planning',
    summary: 'Service contracts, coverage and vendor reports',
  },
  {
    key: 'staff',
    label: 'Staff & training',
    group: 'planning',
    summary: 'Credentials, competencies and in-service training',
  },
];

export interface AvailableCapability {
  key: string;
  label: string;
  summary: string;
}

export const availableCapabilities: readonly AvailableCapability[] = [
  {
    key: 'identity',
    label: 'Identity & access',
    summary:
      'Users with roles and site access, passwords, multi-factor authentication, sessions and API tokens.',
  },
  {
    key: 'sites',
    label: 'Sites',
    summary: 'The hospitals, clinics and depots of your organization, each with its own time zone.',
  },
  {
    key: 'inventory',
    label: 'Inventory',
    summary:
      'Devices with UDI, location, ownership and lifecycle history; manufacturers, models and FDA device types; import, export and asset-tag labels.',
  },
  {
    key: 'work-orders',
    label: 'Work orders',
    summary:
      'My work for technicians (today, overdue, by location), repair requests from a device, work order records signed electronically, notifications.',
  },
  {
    key: 'maintenance',
    label: 'Maintenance program',
    summary:
      'Risk scores explained factor by factor, maintenance strategies and AEM with its exclusions, plans with due windows from the tolerance table, PM scheduling, a calendar with bulk assignment, workload forecasts and versioned reference data.',
  },
  {
    key: 'audit',
    label: 'Audit trail',
    summary: 'Every change with its actor, time and reason, in a hash-chained log that can be verified.',
  },
];
