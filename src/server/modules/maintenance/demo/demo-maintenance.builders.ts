import { stringify } from 'csv-stringify/sync';
import { DateTime, Duration } from 'luxon';
import type {
  CreatePlanTemplateRequest,
  FailureCause,
  WorkOrderFinding,
  WorkOrderKind,
} from '../../../../contracts/index.ts';
import {
  createRandom,
  DEMO_MODELS,
  demoModelKey,
  type DemoDevice,
  type DemoHospital,
} from '../../inventory/index.ts';

/**
 * The demo hospital's maintenance program: plan templates per demo model, and five years of preventive and
 * corrective history for its devices. Pure and deterministic (same hospital, seed and `today`, same history): the
 * demo loader writes it and the anchoring acceptance test imports it as a legacy CSV file.
 *
 * What is illustrative, not fact: the intervals are typical manufacturer recommendations for the kind of device
 * (most annual; ventilators, defibrillators, infusion pumps and other high-risk equipment every 6 months; a few
 * quarterly, monthly or weekly; low-risk items every 36 months), task lists are generic, failure rates and repair
 * texts are plausible figures. The due-date tolerances are never here: they come from the tolerance table
 * (reference data) when plans are anchored.
 */

export const DEMO_HISTORY_YEARS = 5;

interface CategoryPlan {
  interval: string;
  hours: number;
  shop: string;
  /** Corrective work orders per device-year. */
  failuresPerYear: number;
  tasks: readonly string[];
}

const SAFETY = 'Electrical safety test (the organization’s test standard)';
const VISUAL = 'Visual inspection: housing, cords, mounts, labels';
const ALARMS = 'Alarm and indicator check';
const BATTERY = 'Battery capacity check; replace per manufacturer schedule';
const PERFORMANCE = 'Performance verification per the service manual';

const general = (interval: string, hours: number, failuresPerYear = 0.15, shop = 'Biomed'): CategoryPlan => ({
  interval,
  hours,
  shop,
  failuresPerYear,
  tasks: [VISUAL, SAFETY, PERFORMANCE],
});

/** By demo catalog category; categories not listed take `DEFAULT_PLAN`. */
const CATEGORY_PLANS: Readonly<Record<string, CategoryPlan>> = {
  ventilator: {
    ...general('P6M', 2.5, 0.35),
    tasks: [VISUAL, SAFETY, ALARMS, BATTERY, 'Flow, volume and pressure accuracy', 'Replace PM kit filters'],
  },
  defibrillator: {
    ...general('P6M', 1, 0.2),
    tasks: [VISUAL, SAFETY, BATTERY, 'Energy delivery test into a test load', 'Pacer output check'],
  },
  aed: { ...general('P6M', 0.5, 0.05), tasks: [VISUAL, BATTERY, 'Self-test log review', 'Pads expiry'] },
  infusion_pump: {
    ...general('P6M', 0.75, 0.45),
    tasks: [VISUAL, SAFETY, ALARMS, BATTERY, 'Flow rate accuracy', 'Occlusion pressure test'],
  },
  pca_pump: { ...general('P6M', 0.75, 0.35), tasks: [VISUAL, SAFETY, ALARMS, BATTERY, 'Flow rate accuracy'] },
  enteral_pump: general('P1Y', 0.5, 0.25),
  anesthesia: {
    ...general('P3M', 3, 0.3),
    tasks: [
      VISUAL,
      SAFETY,
      ALARMS,
      'Leak and compliance test',
      'Vaporizer output',
      'Gas monitor calibration',
    ],
  },
  neonatal: { ...general('P6M', 1.5, 0.2), tasks: [VISUAL, SAFETY, ALARMS, 'Temperature control accuracy'] },
  electrosurgical: { ...general('P6M', 1.5, 0.15), tasks: [VISUAL, SAFETY, 'Output power into test loads'] },
  sterilizer: {
    ...general('P1W', 0.25, 0.2, 'Sterile processing equipment'),
    tasks: ['Bowie-Dick / air removal test', 'Chamber and gasket inspection', 'Print record review'],
  },
  endoscope_reprocessor: {
    ...general('P1M', 0.5, 0.3, 'Sterile processing equipment'),
    tasks: ['Filter replacement', 'Cycle verification', 'Water quality check'],
  },
  scale: general('P36M', 0.25, 0.03),
  thermometer: general('P36M', 0.25, 0.03),
  stretcher: general('P36M', 0.5, 0.05, 'Facilities'),
  surgical_light: general('P36M', 0.75, 0.03),
};
const DEFAULT_PLAN: CategoryPlan = general('P1Y', 1, 0.15);

export const categoryPlan = (category: string): CategoryPlan => CATEGORY_PLANS[category] ?? DEFAULT_PLAN;

export interface DemoTemplate {
  /** DemoModel.key ("manufacturer/modelNumber"). */
  model: string;
  request: Omit<CreatePlanTemplateRequest, 'modelId' | 'deviceTypeId'>;
}

/** One manufacturer-basis template per demo model. */
export function buildDemoTemplates(): DemoTemplate[] {
  return DEMO_MODELS.map((spec) => {
    const plan = categoryPlan(spec.category);
    const interval = Duration.fromISO(plan.interval);
    const every = interval.years
      ? interval.years === 1
        ? 'annual'
        : `${interval.years}-year`
      : interval.months
        ? `${interval.months}-month`
        : interval.weeks
          ? 'weekly'
          : 'periodic';
    return {
      model: demoModelKey(spec),
      request: {
        name: `${spec.name}: ${every} preventive maintenance`,
        tasks: plan.tasks.map((text, i) => ({ key: `t${i + 1}`, text })),
        interval: plan.interval,
        basis: 'manufacturer',
        basisDocument: `${spec.name} service manual`,
        basisDocumentVersion: 'Rev. A (demo)',
        estimatedHours: plan.hours,
        shop: plan.shop,
      },
    };
  });
}

/** One past work order as a legacy system exports it (the columns of the history import). */
export interface DemoHistoryRecord {
  assetTag: string;
  legacyNumber: string;
  kind: WorkOrderKind;
  reported: string;
  started: string;
  completed: string;
  outcome: 'completed';
  finding: WorkOrderFinding;
  failureCause: FailureCause | null;
  technician: string;
  hours: number;
  description: string;
  resolution: string;
  vendor: string | null;
  cost: string | null;
}

export const DEMO_TECHNICIANS = [
  'Pat Lee',
  'Sam Ortiz',
  'Jordan Kim',
  'Alex Novak',
  'Morgan Patel',
  'Chris Adeyemi',
] as const;

const FAILURES: readonly { cause: FailureCause; problem: string; fix: string }[] = [
  {
    cause: 'battery',
    problem: 'Battery will not hold a charge',
    fix: 'Replaced battery pack; verified run time',
  },
  { cause: 'accessory', problem: 'Cable intermittent', fix: 'Replaced patient cable' },
  { cause: 'mechanical', problem: 'Door latch broken', fix: 'Replaced latch assembly' },
  { cause: 'component_failure', problem: 'Unit fails power-on self test', fix: 'Replaced main board' },
  { cause: 'software', problem: 'Screen freezes during use', fix: 'Reloaded software; tested' },
  { cause: 'abuse_or_damage', problem: 'Dropped; housing cracked', fix: 'Replaced housing; safety tested' },
  { cause: 'calibration_drift', problem: 'Readings off against reference', fix: 'Calibrated; verified' },
  { cause: 'user_error', problem: 'Alarm settings changed', fix: 'Restored defaults; in-service to staff' },
];
const VENDORS = ['OEM field service', 'Regional depot service'] as const;

const dayOf = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
/** YYYY-MM-DD of a UTC day (toISODate's formatter is slow across tens of thousands of dates). */
const iso = (d: DateTime) =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** The date a device left service for good (retired, disposed or missing), or null. */
function endOfService(d: DemoDevice): string | null {
  for (const change of d.history)
    if (change.to === 'retired' || change.to === 'disposed' || change.to === 'missing')
      return change.at.toISOString().slice(0, 10);
  return null;
}

/**
 * Five years of history before `today` for every device of the hospital: preventive work on the model's interval
 * anchored on each completion (done within a few days of due), and corrective repairs at the category's rate.
 * Weekly and monthly checks are generated for the last year only (they would otherwise dwarf the rest).
 * Ordered by completion date; legacy numbers are unique ("LEG-000001").
 */
export function buildDemoHistory(
  hospital: Pick<DemoHospital, 'devices' | 'today' | 'seed'>,
  opts: { years?: number; assetTags?: ReadonlySet<string> } = {},
): DemoHistoryRecord[] {
  const rng = createRandom(hospital.seed + 4);
  const today = dayOf(hospital.today);
  const lastDay = today.minus({ days: 1 });
  const years = opts.years ?? DEMO_HISTORY_YEARS;
  const category = new Map(DEMO_MODELS.map((m) => [demoModelKey(m), m.category]));
  const out: Omit<DemoHistoryRecord, 'legacyNumber'>[] = [];
  for (const d of hospital.devices) {
    if (opts.assetTags && !opts.assetTags.has(d.assetTag)) continue;
    const plan = categoryPlan(category.get(d.model) ?? '');
    const interval = Duration.fromISO(plan.interval);
    const short = interval.as('days') < 60;
    const from = today.minus(short ? { years: 1 } : { years });
    const inService = d.inServiceDate ? dayOf(d.inServiceDate) : null;
    if (!inService) continue;
    const start = inService > from ? inService : from;
    const endIso = endOfService(d);
    const end = endIso && dayOf(endIso) < lastDay ? dayOf(endIso) : lastDay;
    if (end <= start) continue;
    const technician = rng.pick(DEMO_TECHNICIANS);
    // Small drift around the due date: a few days early or late (a week for long intervals).
    const drift = Math.min(7, Math.max(0, Math.floor(interval.as('days') / 30)));
    let anchor = start;
    for (;;) {
      const done = anchor.plus(interval).plus({ days: rng.int(-drift, drift) });
      if (done > end) break;
      const finding = rng.weighted<WorkOrderFinding>({
        no_problem: 90,
        pm_preventable_degradation: 5,
        hidden_failure: 3,
        user_evident_failure: 2,
      });
      const doneIso = iso(done);
      out.push({
        assetTag: d.assetTag,
        kind: 'preventive',
        reported: doneIso,
        started: doneIso,
        completed: doneIso,
        outcome: 'completed',
        finding,
        failureCause: finding === 'no_problem' ? null : 'wear_and_tear',
        technician: rng.chance(0.8) ? technician : rng.pick(DEMO_TECHNICIANS),
        hours: Math.round(plan.hours * (0.8 + rng.next() * 0.4) * 4) / 4 || 0.25,
        description: 'Scheduled preventive maintenance',
        resolution: finding === 'no_problem' ? 'Passed all checks' : 'Adjusted and retested; passed',
        vendor: null,
        cost: null,
      });
      anchor = done;
    }
    const spanDays = Math.floor(end.diff(start, 'days').days);
    const repairs = Math.floor(plan.failuresPerYear * (spanDays / 365) + rng.next());
    for (let i = 0; i < repairs; i++) {
      const reported = start.plus({ days: rng.int(0, spanDays) });
      const completed = DateTime.min(reported.plus({ days: rng.int(0, 10) }), end);
      const failure = rng.pick(FAILURES);
      const vendor = rng.chance(0.15) ? rng.pick(VENDORS) : null;
      out.push({
        assetTag: d.assetTag,
        kind: 'corrective',
        reported: iso(reported),
        started: iso(reported.plus({ days: completed > reported ? 1 : 0 })),
        completed: iso(completed),
        outcome: 'completed',
        finding: failure.cause === 'user_error' ? 'no_problem' : 'user_evident_failure',
        failureCause: failure.cause,
        technician: rng.pick(DEMO_TECHNICIANS),
        hours: rng.int(1, 12) / 2,
        description: failure.problem,
        resolution: failure.fix,
        vendor,
        cost: vendor ? `${rng.int(150, 2500)}.00` : null,
      });
    }
  }
  out.sort((a, b) => (a.completed < b.completed ? -1 : a.completed > b.completed ? 1 : 0));
  return out.map((r, i) => ({ ...r, legacyNumber: `LEG-${String(i + 1).padStart(6, '0')}` }));
}

/** The history as a legacy system's CSV export, with header names the import suggests a mapping from. */
export const DEMO_HISTORY_HEADER = [
  'Asset tag',
  'Legacy work order number',
  'Work order kind',
  'Reported date',
  'Started date',
  'Completed date',
  'Outcome',
  'Finding',
  'Failure cause',
  'Technician',
  'Hours',
  'Description',
  'Resolution',
  'Vendor',
  'Vendor cost',
] as const;

export function demoHistoryCsv(records: readonly DemoHistoryRecord[]): Buffer {
  return Buffer.from(
    stringify([
      [...DEMO_HISTORY_HEADER],
      ...records.map((r) => [
        r.assetTag,
        r.legacyNumber,
        r.kind,
        r.reported,
        r.started,
        r.completed,
        r.outcome,
        r.finding,
        r.failureCause ?? '',
        r.technician,
        r.hours,
        r.description,
        r.resolution,
        r.vendor ?? '',
        r.cost ?? '',
      ]),
    ]),
  );
}
