import {
  CreateDeviceRequest,
  deviceStatuses,
  deviceStatusLabels,
  Money,
  ownerships,
  serviceProviders,
  type DeviceStatus,
  type Ownership,
  type ServiceProvider,
} from '../../../../contracts/index.ts';
import { CellError, cellText, restoreNeutralized, type Cell, type Sheet } from './device-file.rules.ts';
import type { CustomFieldDef } from './device-mapping.rules.ts';

/**
 * Reading one cell into one device field. Enumerations accept their code or their label exactly (any case);
 * anything else is a problem, never a guess. Dates are ISO (YYYY-MM-DD) or, in XLSX, date cells and Excel serial
 * numbers; "03/04/2024" is refused as ambiguous. Texts keep the API's own limits (the contract's schemas).
 */

export const ownershipLabels: Record<Ownership, string> = {
  owned: 'Owned',
  leased: 'Leased',
  rented: 'Rented',
  loaner: 'Loaner',
  physician_owned: 'Physician-owned',
  vendor_owned: 'Vendor-owned',
  consigned: 'Consigned',
};

export const serviceProviderLabels: Record<ServiceProvider, string> = {
  in_house: 'In-house',
  oem: 'OEM',
  independent: 'Independent',
  depot: 'Depot',
};

/** An imported device without a status cell is taken as in service: imports move an existing inventory. */
export const DEFAULT_IMPORT_STATUS: DeviceStatus = 'in_service';

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(message: string): Read<T> => ({ ok: false, message });

/** "wrong check digit 8, expected 7 (expected 7)" says the expected value once. */
export const withoutRepeatedExpected = (m: string) =>
  m.replace(/(expected (\S+?)\b.*) \(expected \2\)$/, '$1');

export const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 57)}...` : s}"`;

/** A cell as trimmed text, or null when blank. */
export function readText(cell: Cell): Read<string | null> {
  if (cell instanceof CellError) return bad(`holds the spreadsheet error ${cell.code}`);
  const s = cellText(cell);
  if (s === null) return ok(null);
  const t = restoreNeutralized(s.trim());
  if (t.includes('\u0000')) return bad('must not contain NUL characters');
  return ok(t === '' ? null : t);
}

export type TextField =
  | 'serialNumber'
  | 'building'
  | 'floor'
  | 'room'
  | 'department'
  | 'purchaseOrder'
  | 'softwareVersion'
  | 'firmwareVersion'
  | 'notes'
  | 'macAddress'
  | 'ipAddress'
  | 'hostname';

/** The same limits and formats as a device created through the API (the contract's own schemas). */
export function readContractText(cell: Cell, field: TextField): Read<string | null> {
  const t = readText(cell);
  if (!t.ok || t.value === null) return t;
  const r = CreateDeviceRequest.shape[field].safeParse(t.value);
  if (!r.success) return bad(r.error.issues[0]?.message ?? 'is invalid');
  return ok(r.data ?? null);
}

const ASSET_TAG = CreateDeviceRequest.shape.assetTag;

export function readAssetTag(cell: Cell): Read<string | null> {
  const t = readText(cell);
  if (!t.ok || t.value === null) return t;
  const r = ASSET_TAG.safeParse(t.value);
  if (!r.success) return bad(`${quote(t.value)}: ${r.error.issues[0]?.message ?? 'is not an asset tag'}`);
  return ok(r.data ?? null);
}

function enumReader<T extends string>(what: string, codes: readonly T[], labels: Record<T, string>) {
  const byName = new Map<string, T>();
  for (const c of codes) {
    byName.set(c.toLowerCase(), c);
    byName.set(labels[c].toLowerCase(), c);
  }
  return (cell: Cell): Read<T | null> => {
    const t = readText(cell);
    if (!t.ok || t.value === null) return t as Read<T | null>;
    const v = byName.get(t.value.toLowerCase());
    if (v) return ok(v);
    return bad(`unknown ${what} ${quote(t.value)}; use one of ${codes.join(', ')}`);
  };
}

export const readOwnership = enumReader('ownership', ownerships, ownershipLabels);
export const readServiceProvider = enumReader('service provider', serviceProviders, serviceProviderLabels);
export const readStatus = enumReader('status', deviceStatuses, deviceStatusLabels);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Days from Excel's 1900 epoch (as Excel counts, with its phantom 1900-02-29) to 1970-01-01. */
const EXCEL_UNIX_EPOCH_DAYS = 25569;
const MS_PER_DAY = 86_400_000;

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

export function isValidIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return !Number.isNaN(d.getTime()) && isoOf(d) === s && Number(m[1]) >= 1900;
}

/** Excel serial day numbers (1900 date system); serials before 1900-03-01 fall in Excel's leap-year bug. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 61 || serial >= 2_958_466) return null;
  return isoOf(new Date((Math.floor(serial) - EXCEL_UNIX_EPOCH_DAYS) * MS_PER_DAY));
}

export function readDate(cell: Cell, format: Sheet['format']): Read<string | null> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return bad('is not a date');
    return ok(isoOf(cell));
  }
  if (typeof cell === 'number') {
    if (format !== 'xlsx') return bad(`${cell} is not a date; write dates as YYYY-MM-DD`);
    const iso = excelSerialToIso(cell);
    return iso ? ok(iso) : bad(`${cell} is not a date (as an Excel serial date it is out of range)`);
  }
  const t = readText(cell);
  if (!t.ok || t.value === null) return t;
  if (isValidIsoDate(t.value)) return ok(t.value);
  return bad(
    /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(t.value)
      ? `${quote(t.value)} is ambiguous (day and month order); write dates as YYYY-MM-DD`
      : `${quote(t.value)} is not a date; write dates as YYYY-MM-DD`,
  );
}

export function readMoney(cell: Cell): Read<string | null> {
  if (typeof cell === 'number') {
    if (cell < 0) return bad('must not be negative');
    const r = Money.safeParse(cell);
    if (r.success) return ok(r.data);
    const cents = Math.round(cell * 100);
    if (Math.abs(cell * 100 - cents) < 1e-6 && cents < 1e14) return ok((cents / 100).toFixed(2));
    return bad(`${cell} must be an amount with at most two decimals`);
  }
  const t = readText(cell);
  if (!t.ok || t.value === null) return t;
  const r = Money.safeParse(t.value);
  if (r.success) return ok(r.data);
  return bad(`${quote(t.value)} must be an amount such as 12500.00 (digits, no currency sign or separators)`);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

export function readBoolean(cell: Cell): Read<boolean | null> {
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number' && (cell === 0 || cell === 1)) return ok(cell === 1);
  const t = readText(cell);
  if (!t.ok || t.value === null) return t as Read<boolean | null>;
  const w = t.value.toLowerCase();
  if (TRUE_WORDS.has(w)) return ok(true);
  if (FALSE_WORDS.has(w)) return ok(false);
  return bad(`${quote(t.value)} is not yes or no`);
}

export function readCustom(
  cell: Cell,
  def: CustomFieldDef,
  format: Sheet['format'],
): Read<string | number | boolean | null> {
  switch (def.type) {
    case 'text': {
      const t = readText(cell);
      if (t.ok && t.value !== null && t.value.length > 1000) return bad('is longer than 1000 characters');
      return t;
    }
    case 'number': {
      if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : bad('is not a number');
      const t = readText(cell);
      if (!t.ok || t.value === null) return t;
      return /^-?\d+(\.\d+)?$/.test(t.value) ? ok(Number(t.value)) : bad(`${quote(t.value)} is not a number`);
    }
    case 'date':
      return readDate(cell, format);
    case 'boolean':
      return readBoolean(cell);
    case 'choice': {
      const t = readText(cell);
      if (!t.ok || t.value === null) return t;
      const v = t.value.toLowerCase();
      const option = def.options.find((o) => o.toLowerCase() === v);
      return option !== undefined
        ? ok(option)
        : bad(`unknown choice ${quote(t.value)}; use one of ${def.options.join(', ')}`);
    }
  }
}
