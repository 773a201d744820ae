import type {
  DeviceStatus,
  Ownership,
  ServiceProvider,
  UdiParseResult,
} from '../../../../contracts/index.ts';
import { formatAssetTag, mayTransition, udiOnDevice } from '../devices/device.rules.ts';
import { gtinCheckDigit } from '../udi/udi.rules.ts';
import {
  DEFAULT_OWNERSHIP,
  DEFAULT_SERVICE,
  DEMO_CATEGORY_PROFILES,
  DEMO_MANUFACTURERS,
  DEMO_MODELS,
  DEMO_SITES,
  modelKey,
  type DemoDepartment,
  type DemoDepartmentLocation,
  type DemoManufacturerSpec,
  type DemoModelSpec,
  type DemoSiteSpec,
} from './demo-catalog.data.ts';
import { createRandom, type Random } from './demo-random.ts';

/**
 * Builders of the demo hospital and of test data: pure and deterministic (same seed and same `today`, same
 * hospital), with no database in sight. The loader writes what they build; test factories reuse them.
 */

export const DEMO_SEED = 20_261_121;
export const DEMO_DEVICE_COUNT = 5000;

export interface DemoModel {
  key: string;
  manufacturer: string;
  modelNumber: string;
  name: string;
  productCode: string | null;
  ownType: string | null;
  endOfSale: string | null;
  endOfSupport: string | null;
  /** GS1 GTIN-14s, oldest hardware revision first. */
  deviceIdentifiers: string[];
}

export interface DemoStatusChange {
  from: DeviceStatus | null;
  to: DeviceStatus;
  reason: string;
  actor: string;
  at: Date;
}

export interface DemoDevice {
  assetTag: string;
  serialNumber: string;
  /** DemoModel.key */
  model: string;
  /** Asset tag of the system this device is a component of. */
  parentTag: string | null;
  /** DemoSiteSpec.code */
  site: string;
  building: string;
  floor: string;
  room: string;
  department: DemoDepartment;
  ownership: Ownership;
  serviceProvider: ServiceProvider;
  acquisitionDate: string;
  acquisitionCost: string | null;
  purchaseOrder: string | null;
  inServiceDate: string | null;
  warrantyEnd: string | null;
  softwareVersion: string | null;
  firmwareVersion: string | null;
  networkConnected: boolean;
  macAddress: string | null;
  ipAddress: string | null;
  hostname: string | null;
  udiRaw: string | null;
  udiDeviceIdentifier: string | null;
  udi: UdiParseResult | null;
  notes: string | null;
  status: DeviceStatus;
  statusChangedAt: Date;
  /** Oldest first; the first change has `from: null`, the last one's `to` is `status`. */
  history: DemoStatusChange[];
}

export interface DemoHospital {
  seed: number;
  today: string;
  sites: readonly DemoSiteSpec[];
  manufacturers: readonly DemoManufacturerSpec[];
  models: DemoModel[];
  /** The organization's own device types (equipment FDA does not classify). */
  ownDeviceTypes: string[];
  /** Parents before their components. */
  devices: DemoDevice[];
  assetTags: { prefix: string; digits: number; nextNumber: number };
}

export interface DemoOptions {
  /** The day the demo is built for (YYYY-MM-DD): every date and status change lies before it. */
  today: string;
  seed?: number;
  devices?: number;
  tagPrefix?: string;
  tagDigits?: number;
}

// --- Dates: whole UTC days ------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const dayOf = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const yymmdd = (day: number): string => isoOf(day).slice(2).replaceAll('-', '');
const addYears = (iso: string, years: number): string =>
  `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`.replace(/-02-29$/, '-02-28');

// --- Catalog -----------------------------------------------------------------------------------------------

const manufacturerByKey = new Map(DEMO_MANUFACTURERS.map((m) => [m.key, m]));
const specByKey = new Map(DEMO_MODELS.map((m) => [modelKey(m), m]));

/** GTIN-14 in GS1's restricted-circulation range: indicator 0, GTIN-12 "2" + company + item, check digit. */
export function demoGtin(gtinCompany: string, item: number): string {
  const body = `002${gtinCompany}${String(item).padStart(6, '0')}`;
  return body + gtinCheckDigit(body);
}

export function buildDemoModels(): DemoModel[] {
  return DEMO_MODELS.map((spec, index) => {
    const manufacturer = manufacturerByKey.get(spec.manufacturer);
    if (!manufacturer)
      throw new Error(`demo model ${spec.modelNumber}: unknown manufacturer ${spec.manufacturer}`);
    const count = spec.identifiers ?? 1;
    return {
      key: modelKey(spec),
      manufacturer: spec.manufacturer,
      modelNumber: spec.modelNumber,
      name: spec.name,
      productCode: spec.productCode,
      ownType: spec.ownType ?? null,
      endOfSale: spec.endOfSale ?? null,
      endOfSupport: spec.endOfSupport ?? null,
      deviceIdentifiers: Array.from({ length: count }, (_, i) =>
        demoGtin(manufacturer.gtinCompany, index * 10 + i + 1),
      ),
    };
  });
}

// --- Values ----------------------------------------------------------------------------------------------------

function fromPattern(rng: Random, pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '#') out += String(rng.int(0, 9));
    else if (ch === '@') out += String.fromCharCode(65 + rng.int(0, 25));
    else out += ch;
  }
  return out;
}

/** Later versions are likelier: fleets get upgraded. */
const laterLikelier = (rng: Random, versions: readonly string[] | undefined): string | null =>
  versions && versions.length > 0
    ? (versions[Math.min(versions.length - 1, Math.floor(Math.sqrt(rng.next()) * versions.length))] ?? null)
    : null;

const money = (n: number): string => n.toFixed(2);

const ACTOR = {
  receiving: 'Materials management',
  technician: 'Biomed technician',
  manager: 'Clinical engineering manager',
  unit: 'Unit nurse manager',
} as const;

const REPAIR_FAULTS = [
  'Failed preventive maintenance: occlusion alarm test out of tolerance',
  'Cracked housing after a drop',
  'Battery no longer holds a charge',
  'Display intermittently blank',
  'Error code on power-up',
  'Fluid ingress reported by nursing',
  'Failed electrical safety test: enclosure leakage current',
  'Keypad unresponsive',
  'Power supply failure',
  'Alarm speaker inaudible',
] as const;
const REPAIR_FIXES = [
  'Repaired and verified; performance checks passed',
  'Battery replaced; passed preventive maintenance',
  'Returned from depot repair; performance verification passed',
  'Main board replaced by OEM field service; verified',
  'Keypad replaced; electrical safety test passed',
  'Cleaned, dried and verified after fluid ingress',
] as const;
const OPEN_FAULTS = [
  'Awaiting parts from the manufacturer',
  'Sent for depot repair',
  'Failed preventive maintenance; awaiting OEM field service',
  'Tagged out by nursing: alarm fault',
  'Awaiting software update from the manufacturer',
] as const;
const MISSING = [
  'Not found during the annual inventory',
  'Not located during the preventive maintenance round',
  'Not returned after patient transport',
] as const;
const FOUND = [
  'Found in a clean utility room on another unit',
  'Located in equipment storage',
  'Returned by another unit',
];
const STORED = [
  'Stored as a surge spare',
  'Moved to equipment storage after a unit closure',
  'Awaiting redeployment',
];
const REDEPLOYED = ['Redeployed after inspection', 'Returned to service for census surge'];

function disposalReason(rng: Random, ownership: Ownership): string {
  switch (ownership) {
    case 'leased':
      return 'Returned to the lessor at the end of the lease';
    case 'rented':
      return 'Returned to the rental vendor';
    case 'loaner':
      return 'Loaner returned to the manufacturer';
    case 'vendor_owned':
      return 'Removed by the vendor at contract end';
    case 'physician_owned':
      return 'Removed by the owning physician group';
    case 'consigned':
      return 'Returned to the consignor';
    default:
      return rng.pick([
        'Recycled as e-waste; certificate of destruction on file',
        'Sold to an equipment reseller',
        'Traded in toward the replacement',
        'Data wiped and recycled',
      ]);
  }
}

// --- Placement -------------------------------------------------------------------------------------------------

interface Placement {
  site: DemoSiteSpec;
  location: DemoDepartmentLocation;
}

function place(rng: Random, spec: DemoModelSpec): Placement {
  const profile = DEMO_CATEGORY_PROFILES[spec.category];
  const department = rng.weighted(profile.departments);
  const candidates = DEMO_SITES.flatMap((site) =>
    site.departments.filter((d) => d.department === department).map((location) => ({ site, location })),
  );
  if (candidates.length === 0) throw new Error(`no demo site has the department ${department}`);
  const weights: Record<string, number> = {};
  candidates.forEach((c, i) => (weights[String(i)] = c.site.size));
  return candidates[Number(rng.weighted(weights))] as Placement;
}

function roomIn(rng: Random, location: DemoDepartmentLocation): { floor: string; room: string } {
  const floor = rng.pick(location.floors);
  if (typeof location.rooms !== 'number') return { floor, room: rng.pick(location.rooms) };
  const n = rng.int(1, location.rooms);
  return { floor, room: `${location.roomPrefix ?? ''}${floor}${String(n).padStart(2, '0')}` };
}

// --- Lifecycle ---------------------------------------------------------------------------------------------------

type FinalStatus = DeviceStatus;

function finalStatus(rng: Random, spec: DemoModelSpec, horizon: number): FinalStatus {
  const unsupported = spec.endOfSupport !== undefined && dayOf(spec.endOfSupport) < horizon;
  const onSale = spec.endOfSale === undefined || dayOf(spec.endOfSale) > horizon;
  if (unsupported)
    return rng.weighted({ in_service: 40, out_of_service: 5, inactive: 8, retired: 25, disposed: 22 });
  return rng.weighted({
    in_service: 86,
    out_of_service: 4,
    missing: 1.2,
    inactive: 2.8,
    retired: 3,
    disposed: 2,
    received: onSale ? 1 : 0,
  });
}

/** Picks `n` distinct days in [from, to] (fewer when the span is short), ascending. */
function distinctDays(rng: Random, from: number, to: number, n: number): number[] {
  const span = to - from + 1;
  const count = Math.max(0, Math.min(n, span));
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(from + rng.int(0, span - 1));
  return [...chosen].sort((a, b) => a - b);
}

/** A time on a working day: 07:00-17:59 UTC, minute resolution. */
const at = (rng: Random, day: number): Date =>
  new Date(day * DAY_MS + (rng.int(7, 17) * 60 + rng.int(0, 59)) * 60_000);

function buildTrail(
  rng: Random,
  spec: DemoModelSpec,
  status: FinalStatus,
  acquisition: number,
  inService: number | null,
  horizon: number,
  ownership: Ownership,
  purchaseOrder: string | null,
): DemoStatusChange[] {
  const trail: DemoStatusChange[] = [];
  const push = (to: DeviceStatus, day: number, reason: string, actor: string) => {
    const from = trail.length > 0 ? (trail[trail.length - 1] as DemoStatusChange).to : null;
    if (from !== null && !mayTransition(from, to))
      throw new Error(`demo trail: ${from} -> ${to} is not allowed`);
    const when = at(rng, day);
    const previous = trail[trail.length - 1]?.at.getTime() ?? 0;
    // Two steps on one day keep their order (a found device is checked, then returned to service).
    trail.push({
      from,
      to,
      reason,
      actor,
      at: when.getTime() > previous ? when : new Date(previous + 60_000),
    });
  };
  const receivedReason =
    ownership === 'loaner'
      ? 'Loaner received from the manufacturer; awaiting incoming inspection'
      : ownership === 'rented'
        ? 'Rental unit received; awaiting incoming inspection'
        : purchaseOrder
          ? `Delivered on ${purchaseOrder}; awaiting incoming inspection`
          : 'Delivered; awaiting incoming inspection';
  push('received', acquisition, receivedReason, ACTOR.receiving);
  if (inService === null) return trail;
  push(
    'in_service',
    inService,
    rng.pick(['Incoming inspection passed', 'Acceptance test and electrical safety test passed']),
    ACTOR.technician,
  );

  // The tail: where the device is now, and when it got there.
  let tailStart = horizon;
  const tail: { to: DeviceStatus; day: number; reason: string; actor: string }[] = [];
  const unsupportedFrom = spec.endOfSupport ? dayOf(spec.endOfSupport) : null;
  if (status === 'retired' || status === 'disposed') {
    const earliest = Math.max(
      inService + 180,
      unsupportedFrom !== null ? unsupportedFrom - 365 : horizon - 3 * 365,
    );
    const retiredDay = Math.min(
      horizon - (status === 'disposed' ? 30 : 1),
      Math.max(inService + 2, earliest) + rng.int(0, 400),
    );
    const viaRepair = rng.chance(0.35) && retiredDay - inService > 10;
    if (viaRepair)
      tail.push({
        to: 'out_of_service',
        day: retiredDay - rng.int(3, 9),
        reason: rng.pick(REPAIR_FAULTS),
        actor: ACTOR.technician,
      });
    tail.push({
      to: 'retired',
      day: retiredDay,
      reason: viaRepair
        ? 'Beyond economical repair'
        : unsupportedFrom !== null && retiredDay >= unsupportedFrom - 365
          ? `Manufacturer end of support (${spec.endOfSupport ?? ''})`
          : rng.pick([
              'Replaced in the capital equipment plan',
              'Fleet standardization',
              'Beyond economical repair',
            ]),
      actor: ACTOR.manager,
    });
    if (status === 'disposed')
      tail.push({
        to: 'disposed',
        day: Math.min(horizon, retiredDay + rng.int(14, 180)),
        reason: disposalReason(rng, ownership),
        actor: ACTOR.receiving,
      });
  } else if (status === 'out_of_service') {
    tail.push({
      to: 'out_of_service',
      day: horizon - rng.int(1, 60),
      reason: rng.pick(OPEN_FAULTS),
      actor: ACTOR.technician,
    });
  } else if (status === 'missing') {
    tail.push({
      to: 'missing',
      day: horizon - rng.int(1, 120),
      reason: rng.pick(MISSING),
      actor: ACTOR.unit,
    });
  } else if (status === 'inactive') {
    tail.push({
      to: 'inactive',
      day: horizon - rng.int(1, 400),
      reason: rng.pick(STORED),
      actor: ACTOR.technician,
    });
  }
  for (const t of tail) tailStart = Math.min(tailStart, t.day);

  // The middle: repairs, a few disappearances and spells in storage, all back in service before the tail.
  const years = (tailStart - inService) / 365;
  const episodes = rng.int(0, Math.min(3, Math.floor(years / 2)));
  const days = distinctDays(rng, inService + 1, tailStart - 1, episodes * 2);
  for (let i = 0; i + 1 < days.length; i += 2) {
    const kind = rng.weighted({ repair: 85, missing: 8, stored: 7 });
    const [down, up] = [days[i] as number, days[i + 1] as number];
    if (kind === 'repair') {
      push('out_of_service', down, rng.pick(REPAIR_FAULTS), ACTOR.technician);
      push('in_service', up, rng.pick(REPAIR_FIXES), ACTOR.technician);
    } else if (kind === 'missing') {
      push('missing', down, rng.pick(MISSING), ACTOR.unit);
      // Domain reference §1.5: a found device gets a check before it returns to service.
      push(
        'out_of_service',
        up,
        `${rng.pick(FOUND)}; held for a check before return to service`,
        ACTOR.technician,
      );
      push('in_service', up, 'Passed the check after being found', ACTOR.technician);
    } else {
      push('inactive', down, rng.pick(STORED), ACTOR.technician);
      push('in_service', up, rng.pick(REDEPLOYED), ACTOR.technician);
    }
  }
  let last = trail[trail.length - 1]?.at.getTime() ?? 0;
  for (const t of tail) {
    const day = Math.max(t.day, Math.floor(last / DAY_MS) + 1);
    push(t.to, Math.min(day, horizon), t.reason, t.actor);
    last = trail[trail.length - 1]?.at.getTime() ?? last;
  }
  return trail;
}

// --- The hospital ------------------------------------------------------------------------------------------------

interface PurchaseBatch {
  acquisition: number;
  purchaseOrder: string | null;
  remaining: number;
}

interface Unit {
  devices: Omit<DemoDevice, 'assetTag' | 'parentTag'>[];
  acquisition: number;
  order: number;
}

export function buildDemoHospital(options: DemoOptions): DemoHospital {
  const seed = options.seed ?? DEMO_SEED;
  const target = options.devices ?? DEMO_DEVICE_COUNT;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new RangeError('today must be YYYY-MM-DD');
  const rng = createRandom(seed);
  // Nothing happens on the day itself, so no status change is ever later than the moment of loading.
  const horizon = dayOf(options.today) - 1;
  const todayDate = new Date(dayOf(options.today) * DAY_MS);
  const models = buildDemoModels();
  const modelByKey = new Map(models.map((m) => [m.key, m]));

  const serialsByModel = new Map<string, Set<string>>();
  const batches = new Map<string, PurchaseBatch>();
  const networkCounters = new Map<string, number>();
  let macCounter = 0;
  let poCounter = 0;

  const uniqueSerial = (spec: DemoModelSpec): string => {
    const key = modelKey(spec);
    let taken = serialsByModel.get(key);
    if (!taken) serialsByModel.set(key, (taken = new Set()));
    for (;;) {
      const s = fromPattern(rng, spec.serial);
      if (!taken.has(s)) {
        taken.add(s);
        return s;
      }
    }
  };

  const batchFor = (
    spec: DemoModelSpec,
    site: DemoSiteSpec,
    recent: boolean,
    ownership: Ownership,
  ): PurchaseBatch => {
    const key = `${modelKey(spec)}|${site.code}|${recent ? 'new' : 'old'}|${ownership}`;
    const open = batches.get(key);
    if (open && open.remaining > 0) {
      open.remaining--;
      return open;
    }
    const intro = dayOf(`${spec.introduced}-03-01`);
    const lastSale = spec.endOfSale ? Math.min(dayOf(spec.endOfSale), horizon - 45) : horizon - 45;
    // Fifteen years back at most, or further for models long off sale (those fleets are the old ones).
    const first = Math.max(intro, Math.min(horizon - 15 * 365, lastSale - 3 * 365));
    const acquisition = recent ? horizon - rng.int(1, 30) : first + rng.int(0, Math.max(0, lastSale - first));
    const purchaseOrder =
      ownership === 'loaner' ||
      ownership === 'vendor_owned' ||
      ownership === 'physician_owned' ||
      ownership === 'consigned'
        ? null
        : `${ownership === 'rented' ? 'RNT' : 'PO'}-${isoOf(acquisition).slice(0, 4)}-${String(++poCounter * 7 + rng.int(0, 6)).padStart(5, '0')}`;
    const size = spec.per1000 >= 10 ? rng.int(4, 40) : spec.per1000 >= 2 ? rng.int(1, 6) : 1;
    const batch = { acquisition, purchaseOrder, remaining: size - 1 };
    batches.set(key, batch);
    return batch;
  };

  const network = (spec: DemoModelSpec, site: DemoSiteSpec) => {
    const vlan = DEMO_CATEGORY_PROFILES[spec.category].vlan ?? 7;
    const key = `${site.code}|${vlan}`;
    const n = networkCounters.get(key) ?? 0;
    networkCounters.set(key, n + 1);
    const m = ++macCounter;
    return {
      ipAddress: `10.${site.network + vlan}.${Math.floor(n / 250)}.${(n % 250) + 4}`,
      macAddress: ['02', '4F', '48', (m >> 16) & 0xff, (m >> 8) & 0xff, m & 0xff]
        .map((b) => (typeof b === 'string' ? b : b.toString(16).toUpperCase().padStart(2, '0')))
        .join(':'),
      hostname: `${site.code}-${spec.network?.host ?? 'dev'}-${String(n + 1).padStart(4, '0')}`.toLowerCase(),
    };
  };

  const udiFor = (spec: DemoModelSpec, serial: string, acquisition: number) => {
    const model = modelByKey.get(modelKey(spec));
    if (!model) throw new Error(`unknown model ${modelKey(spec)}`);
    const labelled = spec.introduced >= 2014 || acquisition >= dayOf('2016-01-01') ? 0.85 : 0.1;
    if (!rng.chance(labelled)) return { udiRaw: null, udiDeviceIdentifier: null, udi: null };
    const dis = model.deviceIdentifiers;
    const gtin = dis[acquisition >= dayOf('2019-01-01') ? dis.length - 1 : 0] as string;
    const made = acquisition - rng.int(20, 200);
    let raw: string;
    if (spec.udiLabel === 'lot-expiry') {
      const lot = `${yymmdd(made).slice(0, 4)}${fromPattern(rng, '###')}`;
      raw = `(01)${gtin}(17)${yymmdd(dayOf(addYears(isoOf(made), 5)))}(10)${lot}(21)${serial}`;
    } else if (rng.chance(0.8)) {
      raw = `(01)${gtin}(11)${yymmdd(made)}(21)${serial}`;
    } else {
      raw = `(01)${gtin}(21)${serial}`;
    }
    const parsed = udiOnDevice(raw, todayDate);
    if (!parsed.ok) throw new Error(`demo UDI ${raw} does not parse: ${parsed.message}`);
    return { udiRaw: parsed.udiRaw, udiDeviceIdentifier: parsed.udiDeviceIdentifier, udi: parsed.udi };
  };

  const makeDevice = (
    spec: DemoModelSpec,
    shared: {
      placement: Placement;
      floor: string;
      room: string;
      ownership: Ownership;
      serviceProvider: ServiceProvider;
      batch: PurchaseBatch;
      inService: number | null;
      status: FinalStatus;
      history: DemoStatusChange[];
    },
  ): Omit<DemoDevice, 'assetTag' | 'parentTag'> => {
    const { placement, ownership, batch } = shared;
    const profile = DEMO_CATEGORY_PROFILES[spec.category];
    const serialNumber = uniqueSerial(spec);
    const assetOfHospital = ownership === 'owned' || ownership === 'leased';
    const connected = spec.network !== undefined && rng.chance(spec.network.share);
    const net = connected ? network(spec, placement.site) : null;
    const acquisitionIso = isoOf(batch.acquisition);
    const last = shared.history[shared.history.length - 1] as DemoStatusChange;
    return {
      serialNumber,
      model: modelKey(spec),
      site: placement.site.code,
      building: placement.location.building,
      floor: shared.floor,
      room: shared.room,
      department: placement.location.department,
      ownership,
      serviceProvider: shared.serviceProvider,
      acquisitionDate: acquisitionIso,
      acquisitionCost: assetOfHospital
        ? money(Math.round(spec.cost * (0.85 + rng.next() * 0.25) * 100) / 100)
        : null,
      purchaseOrder: batch.purchaseOrder,
      inServiceDate: shared.inService === null ? null : isoOf(shared.inService),
      warrantyEnd: assetOfHospital ? addYears(acquisitionIso, rng.pick(profile.warrantyYears)) : null,
      softwareVersion: laterLikelier(rng, spec.software),
      firmwareVersion: laterLikelier(rng, spec.firmware),
      networkConnected: connected,
      macAddress: net?.macAddress ?? null,
      ipAddress: net?.ipAddress ?? null,
      hostname: net?.hostname ?? null,
      ...udiFor(spec, serialNumber, batch.acquisition),
      notes:
        ownership === 'loaner'
          ? `Loaner from ${manufacturerByKey.get(spec.manufacturer)?.name ?? 'the manufacturer'}`
          : ownership === 'physician_owned'
            ? 'Owned by the physician group; serviced under their OEM contract'
            : ownership === 'vendor_owned'
              ? 'Placed by the vendor under a consumables agreement'
              : null,
      status: shared.status,
      statusChangedAt: last.at,
      history: shared.history,
    };
  };

  const buildUnit = (spec: DemoModelSpec, capacity: number, order: number): Unit => {
    const profile = DEMO_CATEGORY_PROFILES[spec.category];
    const placement = place(rng, spec);
    const { floor, room: roomName } = roomIn(rng, placement.location);
    const ownership = rng.weighted(profile.ownership ?? DEFAULT_OWNERSHIP);
    const serviceProvider = rng.weighted(profile.serviceProvider ?? DEFAULT_SERVICE);
    const status = finalStatus(rng, spec, horizon);
    const batch = batchFor(spec, placement.site, status === 'received', ownership);
    const inService =
      status === 'received' ? null : Math.min(horizon - 1, batch.acquisition + rng.int(3, 21));
    const history = buildTrail(
      rng,
      spec,
      status,
      batch.acquisition,
      inService,
      horizon,
      ownership,
      batch.purchaseOrder,
    );
    const shared = {
      placement,
      floor,
      room: roomName,
      ownership,
      serviceProvider,
      batch,
      inService,
      status,
      history,
    };
    const devices = [makeDevice(spec, shared)];
    for (const c of spec.components ?? []) {
      const componentSpec = specByKey.get(c.model);
      if (!componentSpec) throw new Error(`demo model ${modelKey(spec)}: unknown component ${c.model}`);
      const n = rng.int(c.min, c.max);
      for (let i = 0; i < n && devices.length < capacity; i++)
        devices.push(makeDevice(componentSpec, shared));
    }
    return { devices, acquisition: batch.acquisition, order };
  };

  // Quotas keep the rare big-ticket systems (CT, MRI) in proportion, rarest first so that reaching the target
  // trims a large fleet instead; weighted picks fill any remainder.
  const mains = DEMO_MODELS.filter((m) => m.per1000 > 0);
  const perMain = (m: DemoModelSpec) => 1 + (m.components ?? []).reduce((s, c) => s + (c.min + c.max) / 2, 0);
  const scale = target / mains.reduce((s, m) => s + m.per1000 * perMain(m), 0);
  const quota = [...mains]
    .sort((a, b) => a.per1000 - b.per1000)
    .flatMap((m) => Array.from({ length: Math.round(m.per1000 * scale) }, () => m));
  const weights: Record<string, number> = {};
  for (const m of mains) weights[modelKey(m)] = m.per1000;

  const units: Unit[] = [];
  let count = 0;
  let q = 0;
  while (count < target) {
    const spec =
      q < quota.length
        ? (quota[q++] as DemoModelSpec)
        : (specByKey.get(rng.weighted(weights)) as DemoModelSpec);
    const unit = buildUnit(spec, target - count, units.length);
    units.push(unit);
    count += unit.devices.length;
  }

  // Tags in order of arrival, as a receiving dock hands them out; components right after their system.
  units.sort((a, b) => a.acquisition - b.acquisition || a.order - b.order);
  const prefix = options.tagPrefix ?? 'A';
  const digits = options.tagDigits ?? 6;
  let tagNumber = 0;
  const devices: DemoDevice[] = [];
  for (const unit of units) {
    let parentTag: string | null = null;
    for (const d of unit.devices) {
      const assetTag = formatAssetTag(prefix, digits, ++tagNumber);
      devices.push({ assetTag, parentTag, ...d });
      parentTag ??= assetTag;
    }
  }

  const ownDeviceTypes = [...new Set(DEMO_MODELS.flatMap((m) => (m.ownType ? [m.ownType] : [])))];
  return {
    seed,
    today: options.today,
    sites: DEMO_SITES,
    manufacturers: DEMO_MANUFACTURERS,
    models,
    ownDeviceTypes,
    devices,
    assetTags: { prefix, digits, nextNumber: tagNumber + 1 },
  };
}
