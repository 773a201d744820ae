import {
  deviceStatusTransitions,
  type DeviceStatus,
  type UdiParseResult,
} from '../../../../contracts/index.ts';
import { parseUdi } from '../udi/udi.rules.ts';

/**
 * Lifecycle of a device. `received` means on site awaiting incoming (acceptance) inspection; `disposed` is final.
 * A retired device may come back (e.g. retirement reversed before disposal) only through `inactive`, so it is
 * inspected again before use. The table lives in the contracts so the web offers only the steps allowed here.
 */
export const allowedTransitions: Record<DeviceStatus, readonly DeviceStatus[]> = deviceStatusTransitions;

export const mayTransition = (from: DeviceStatus, to: DeviceStatus): boolean =>
  allowedTransitions[from].includes(to);

/** Statuses that count as "on the active inventory" (scheduled work, compliance denominators). */
export const activeStatuses: readonly DeviceStatus[] = [
  'received',
  'in_service',
  'out_of_service',
  'inactive',
];

/**
 * Manufacturer names as recall and vulnerability feeds write them differ in case, punctuation and legal
 * suffixes ("GE HealthCare", "GE HEALTHCARE INC.", "Ge Healthcare, Inc"); the normalized form makes them meet.
 */
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'spa',
  'bv',
  'nv',
  'plc',
  'kg',
  'kgaa',
  'kk',
  'oy',
  'ab',
  'as',
  'pty',
  'lp',
  'llp',
]);

export function normalizeManufacturerName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  // "AG & Co. KG": the "and" joining two legal forms goes with them.
  let popped = false;
  while (words.length > 1) {
    const last = words[words.length - 1] ?? '';
    if (!LEGAL_SUFFIXES.has(last) && !(popped && last === 'and')) break;
    words.pop();
    popped = true;
  }
  return words.join(' ');
}

/** Model numbers compare without case, spaces, dashes, dots or slashes ("MX-450" = "mx 450" = "MX450"). */
export const normalizeModelNumber = (modelNumber: string): string =>
  modelNumber
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-./_]+/g, '');

/** What the search index holds for a device: its own identifying words, lower-cased. */
export function deviceSearchText(d: {
  assetTag: string;
  serialNumber?: string | null | undefined;
  udiDeviceIdentifier?: string | null | undefined;
  building?: string | null | undefined;
  floor?: string | null | undefined;
  room?: string | null | undefined;
  department?: string | null | undefined;
  hostname?: string | null | undefined;
  purchaseOrder?: string | null | undefined;
}): string {
  return [
    d.assetTag,
    d.serialNumber,
    d.udiDeviceIdentifier,
    d.building,
    d.floor,
    d.room,
    d.department,
    d.hostname,
    d.purchaseOrder,
  ]
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .join(' ')
    .toLowerCase();
}

/** What the search index holds for a model: manufacturer, model number (as written and normalized) and name. */
export const modelSearchText = (m: { manufacturerName: string; modelNumber: string; name: string }): string =>
  [m.manufacturerName, m.modelNumber, normalizeModelNumber(m.modelNumber), m.name].join(' ').toLowerCase();

export type UdiOnDevice =
  | { ok: true; udiRaw: string | null; udiDeviceIdentifier: string | null; udi: UdiParseResult | null }
  | { ok: false; message: string };

/**
 * A device's UDI as entered: parsed, and refused when the parser found a problem (a wrong check digit names the
 * expected one). An empty value clears it.
 */
export function udiOnDevice(raw: string | null | undefined, now: Date): UdiOnDevice {
  const value = raw?.replace(/^\s+/u, '').replace(/[\r\n\t]+$/u, '') ?? '';
  if (value === '') return { ok: true, udiRaw: null, udiDeviceIdentifier: null, udi: null };
  const udi = parseUdi(value, now);
  const first = udi.errors[0];
  if (first) {
    return {
      ok: false,
      message: first.expected ? `${first.message} (expected ${first.expected})` : first.message,
    };
  }
  return { ok: true, udiRaw: value, udiDeviceIdentifier: udi.deviceIdentifier, udi };
}

/** Asset tags generated from the organization's pattern: prefix and a zero-padded number. */
export const formatAssetTag = (prefix: string, digits: number, n: number): string =>
  `${prefix}${String(n).padStart(digits, '0')}`;

/** Normalizes a MAC address to the colon-separated upper-case form. */
export const normalizeMac = (mac: string): string =>
  (mac.replace(/[^0-9A-Fa-f]/g, '').match(/.{2}/g) ?? []).join(':').toUpperCase();

/**
 * CSV/XLSX cells that begin with `=`, `+`, `-`, `@` (or a tab / carriage return) are formulas to a spreadsheet;
 * they are prefixed with an apostrophe on export (OWASP CSV injection).
 */
export const neutralizeCell = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
