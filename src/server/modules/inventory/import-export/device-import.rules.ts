import {
  CreateDeviceRequest,
  CUSTOM_FIELD_PREFIX,
  deviceImportFieldLabels,
  deviceImportFields,
  deviceStatuses,
  deviceStatusLabels,
  Money,
  ownerships,
  serviceProviders,
  type DeviceImportMapping,
  type DeviceImportProblem,
  type DeviceImportRequest,
  type DeviceImportStandardField,
  type DeviceStatus,
  type Ownership,
  type ServiceProvider,
  type UdiParseResult,
} from '../../../../contracts/index.ts';
import {
  normalizeManufacturerName,
  normalizeMac,
  normalizeModelNumber,
  udiOnDevice,
} from '../devices/device.rules.ts';
import {
  CellError,
  cellText,
  restoreNeutralized,
  type Cell,
  type Sheet,
  type SheetRow,
} from './device-file.rules.ts';

/**
 * Device import rules: suggesting a mapping from header names, reading each mapped cell into a device field, and
 * finding every problem (by spreadsheet row, column and reason) before anything is written. Enumerations accept
 * their code or their label exactly (any case); anything else is a problem, never a guess. Dates are ISO
 * (YYYY-MM-DD) or, in XLSX, date cells and Excel serial numbers; "03/04/2024" is refused as ambiguous.
 */

export type Problem = DeviceImportProblem;

/** Problems stored and answered per import; all of them are counted. */
export const MAX_PROBLEMS_LISTED = 10_000;

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

// --- Suggested mapping ---------------------------------------------------------------------------------------

/** Header names compare without case, spaces or punctuation; "#" reads as "number" ("Tag #" = "Tag number"). */
export const normalizeHeader = (h: string): string =>
  h
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^a-z0-9]+/g, '');

/** What other systems and spreadsheets call each field. */
const SYNONYMS: Record<DeviceImportStandardField, readonly string[]> = {
  assetTag: [
    'asset tag',
    'tag',
    'tag #',
    'tag no',
    'asset',
    'asset #',
    'asset no',
    'asset number',
    'asset id',
    'equipment id',
    'equipment number',
    'equipment #',
    'equipment control number',
    'control number',
    'control no',
    'ecn',
    'property tag',
    'inventory number',
  ],
  serialNumber: ['serial', 'serial number', 'serial no', 'serial #', 's/n', 'sn', 'serial num'],
  manufacturer: ['manufacturer', 'manufacturer name', 'mfr', 'mfg', 'make', 'brand', 'maker'],
  modelNumber: ['model', 'model number', 'model no', 'model #', 'model num', 'catalog number', 'model id'],
  modelName: ['model name', 'model description', 'device name'],
  udi: ['udi', 'unique device identifier', 'udi di', 'gtin', 'barcode'],
  siteCode: ['site', 'site code', 'facility', 'facility code', 'campus'],
  building: ['building', 'bldg'],
  floor: ['floor', 'level'],
  room: ['room', 'room number', 'room no', 'room #'],
  department: ['department', 'dept', 'department name', 'dept name'],
  ownership: ['ownership', 'ownership type', 'owned leased', 'acquisition type'],
  serviceProvider: [
    'service provider',
    'serviced by',
    'service by',
    'service vendor',
    'maintenance provider',
  ],
  status: ['status', 'device status', 'equipment status', 'lifecycle status'],
  acquisitionDate: [
    'acquisition date',
    'acquired',
    'date acquired',
    'purchase date',
    'date purchased',
    'purchased',
  ],
  acquisitionCost: [
    'cost',
    'acquisition cost',
    'purchase cost',
    'purchase price',
    'price',
    'acquisition value',
  ],
  purchaseOrder: ['purchase order', 'po', 'po #', 'po number', 'po no'],
  inServiceDate: [
    'in service date',
    'in-service date',
    'date in service',
    'in service',
    'install date',
    'installation date',
    'installed',
  ],
  warrantyEnd: [
    'warranty end',
    'warranty end date',
    'warranty expiration',
    'warranty expires',
    'warranty exp',
    'warranty expiry',
  ],
  softwareVersion: ['software version', 'software', 'sw version', 'sw'],
  firmwareVersion: ['firmware version', 'firmware', 'fw version', 'fw'],
  networkConnected: ['network connected', 'networked', 'connected', 'on network'],
  macAddress: ['mac', 'mac address'],
  ipAddress: ['ip', 'ip address'],
  hostname: ['hostname', 'host name', 'host', 'network name'],
  parentAssetTag: ['parent', 'parent asset tag', 'parent tag', 'parent asset', 'system asset tag'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks'],
};

export interface CustomFieldDef {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'choice';
  options: readonly string[];
  required: boolean;
}

/**
 * A first mapping from header names: the field's own name or label first (so an export maps back exactly), then
 * the organization's custom fields by label or key, then common synonyms. Each field is suggested once.
 */
export function suggestMapping(
  columns: readonly string[],
  customFields: readonly CustomFieldDef[] = [],
): DeviceImportMapping {
  const mapping: DeviceImportMapping = {};
  const taken = new Set<string>();
  const own = new Map<string, string>();
  const custom = new Map<string, string>();
  const synonyms = new Map<string, string>();
  for (const f of deviceImportFields) {
    own.set(normalizeHeader(deviceImportFieldLabels[f]), f);
    own.set(normalizeHeader(f), f);
  }
  for (const f of deviceImportFields)
    for (const s of SYNONYMS[f]) if (!own.has(normalizeHeader(s))) synonyms.set(normalizeHeader(s), f);
  for (const c of customFields) {
    const target = `${CUSTOM_FIELD_PREFIX}${c.key}`;
    custom.set(normalizeHeader(c.label), target);
    custom.set(normalizeHeader(c.key), target);
  }
  for (const tier of [own, custom, synonyms]) {
    for (const column of columns) {
      if (column in mapping) continue;
      const field = tier.get(normalizeHeader(column));
      if (field && !taken.has(field)) {
        mapping[column] = field;
        taken.add(field);
      }
    }
  }
  for (const column of columns) if (!(column in mapping)) mapping[column] = null;
  return mapping;
}

// --- Reading cells -------------------------------------------------------------------------------------------

type Read<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(message: string): Read<T> => ({ ok: false, message });

const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 57)}...` : s}"`;

/** A cell as trimmed text, or null when blank. */
function readText(cell: Cell): Read<string | null> {
  if (cell instanceof CellError) return bad(`holds the spreadsheet error ${cell.code}`);
  const s = cellText(cell);
  if (s === null) return ok(null);
  const t = restoreNeutralized(s.trim());
  if (t.includes('\u0000')) return bad('must not contain NUL characters');
  return ok(t === '' ? null : t);
}

type TextField =
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
function readContractText(cell: Cell, field: TextField): Read<string | null> {
  const t = readText(cell);
  if (!t.ok || t.value === null) return t;
  const r = CreateDeviceRequest.shape[field].safeParse(t.value);
  if (!r.success) return bad(r.error.issues[0]?.message ?? 'is invalid');
  return ok(r.data ?? null);
}

const ASSET_TAG = CreateDeviceRequest.shape.assetTag;

function readAssetTag(cell: Cell): Read<string | null> {
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

const readOwnership = enumReader('ownership', ownerships, ownershipLabels);
const readServiceProvider = enumReader('service provider', serviceProviders, serviceProviderLabels);
const readStatus = enumReader('status', deviceStatuses, deviceStatusLabels);

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

function readDate(cell: Cell, format: Sheet['format']): Read<string | null> {
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

function readMoney(cell: Cell): Read<string | null> {
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

function readBoolean(cell: Cell): Read<boolean | null> {
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number' && (cell === 0 || cell === 1)) return ok(cell === 1);
  const t = readText(cell);
  if (!t.ok || t.value === null) return t as Read<boolean | null>;
  const w = t.value.toLowerCase();
  if (TRUE_WORDS.has(w)) return ok(true);
  if (FALSE_WORDS.has(w)) return ok(false);
  return bad(`${quote(t.value)} is not yes or no`);
}

function readCustom(
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

// --- The catalog and prepared rows ---------------------------------------------------------------------------

export interface CatalogModel {
  id: string;
  modelNumber: string;
  manufacturerName: string;
}

/** What the rows are checked against: the organization's catalog, sites the importer may use, custom fields. */
export interface Catalog {
  /** Normalized manufacturer name or alias -> manufacturer. */
  manufacturers: Map<string, { id: string; name: string }>;
  /** `${manufacturerId}|${normalizedModelNumber}` -> model. */
  models: Map<string, CatalogModel>;
  /** UDI device identifier -> model. */
  modelsByDi: Map<string, CatalogModel>;
  /** Lower-case site code -> a site the importer may see. */
  sites: Map<string, { id: string; code: string; active: boolean }>;
  /** Active custom fields by key. */
  customFields: Map<string, CustomFieldDef>;
}

export type ModelRef = { kind: 'existing'; id: string } | { kind: 'new'; key: string };

export interface PlannedManufacturer {
  key: string;
  name: string;
}
export interface PlannedModel {
  key: string;
  manufacturer: { kind: 'existing'; id: string } | { kind: 'new'; key: string };
  manufacturerName: string;
  modelNumber: string;
  normalizedModelNumber: string;
  name: string;
}

/** A row read into device fields. `model` and `siteId` are null only on a row that has problems. */
export interface PreparedDevice {
  row: number;
  /** Null: generated from the organization's pattern at apply. */
  assetTag: string | null;
  serialNumber: string | null;
  model: ModelRef | null;
  siteId: string | null;
  udiRaw: string | null;
  udiDeviceIdentifier: string | null;
  udi: UdiParseResult | null;
  building: string | null;
  floor: string | null;
  room: string | null;
  department: string | null;
  ownership: Ownership;
  serviceProvider: ServiceProvider;
  status: DeviceStatus;
  acquisitionDate: string | null;
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
  parentAssetTag: string | null;
  notes: string | null;
  customFields: Record<string, string | number | boolean | null>;
}

export interface Prepared {
  devices: PreparedDevice[];
  problems: Problem[];
  newManufacturers: PlannedManufacturer[];
  newModels: PlannedModel[];
}

type FieldKey = DeviceImportStandardField | `custom.${string}`;

/** Problems with the mapping itself (reported on the header row); rows are read only when there are none. */
export function checkMapping(sheet: Sheet, request: DeviceImportRequest, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const at = (column: string | null, field: string | null, message: string) =>
    problems.push({ row: sheet.headerRow, column, field, message });
  const columns = new Set(sheet.columns);
  const mappedFrom = new Map<string, string>();
  for (const [column, field] of Object.entries(request.mapping)) {
    if (!field) continue;
    if (!columns.has(column)) {
      at(column, field, `the file has no column "${column}"`);
      continue;
    }
    if (
      field.startsWith(CUSTOM_FIELD_PREFIX) &&
      !catalog.customFields.has(field.slice(CUSTOM_FIELD_PREFIX.length))
    )
      at(column, field, `there is no active custom field "${field.slice(CUSTOM_FIELD_PREFIX.length)}"`);
    const first = mappedFrom.get(field);
    if (first !== undefined) at(column, field, `${field} is already mapped from column "${first}"`);
    else mappedFrom.set(field, column);
  }
  const has = (f: FieldKey) => mappedFrom.has(f);
  if (!has('udi') && !(has('manufacturer') && has('modelNumber')))
    at(
      null,
      'modelNumber',
      'map a Manufacturer and a Model number column (or a UDI column) to find each model',
    );
  else if (has('manufacturer') !== has('modelNumber'))
    at(
      mappedFrom.get('manufacturer') ?? mappedFrom.get('modelNumber') ?? null,
      has('manufacturer') ? 'modelNumber' : 'manufacturer',
      'a model is found by manufacturer and model number together; map both',
    );
  const defaultSite = request.defaults.siteCode?.trim();
  if (!has('siteCode') && !defaultSite) at(null, 'siteCode', 'map a Site column or choose a default site');
  if (defaultSite && !catalog.sites.has(defaultSite.toLowerCase()))
    at(null, 'siteCode', `the default site code "${defaultSite}" is not one of your sites`);
  for (const def of catalog.customFields.values())
    if (def.required && !has(`${CUSTOM_FIELD_PREFIX}${def.key}`))
      at(
        null,
        `${CUSTOM_FIELD_PREFIX}${def.key}`,
        `the custom field "${def.label}" is required; map a column to it`,
      );
  return problems;
}

/**
 * Reads every row into device fields against the catalog, collecting every problem. With `createMissingCatalog`
 * an unknown manufacturer or model is planned for creation instead of being a problem.
 */
export function prepareRows(
  sheet: Sheet,
  request: DeviceImportRequest,
  catalog: Catalog,
  now: Date,
): Prepared {
  const problems: Problem[] = [];
  const indexOf = new Map<FieldKey, { index: number; column: string }>();
  for (const [column, field] of Object.entries(request.mapping)) {
    const index = sheet.columns.indexOf(column);
    if (field && index >= 0 && !indexOf.has(field as FieldKey))
      indexOf.set(field as FieldKey, { index, column });
  }
  const newManufacturers = new Map<string, PlannedManufacturer>();
  const newModels = new Map<string, PlannedModel>();
  const create = request.createMissingCatalog;
  const defaults = request.defaults;
  const customMapped = [...indexOf.keys()]
    .filter((k) => k.startsWith(CUSTOM_FIELD_PREFIX))
    .map((k) => ({ key: k.slice(CUSTOM_FIELD_PREFIX.length), field: k }));

  const devices = sheet.rows.map((sheetRow: SheetRow): PreparedDevice => {
    const row = sheetRow.row;
    const problem = (field: FieldKey, message: string) =>
      problems.push({ row, column: indexOf.get(field)?.column ?? null, field, message });
    const cell = (field: FieldKey): Cell => {
      const at = indexOf.get(field);
      return at === undefined ? null : (sheetRow.cells[at.index] ?? null);
    };
    function take<T>(field: FieldKey, r: Read<T>, fallback: T): T {
      if (r.ok) return r.value;
      problem(field, r.message);
      return fallback;
    }
    const text = (field: TextField) => take(field, readContractText(cell(field), field), null);
    const date = (field: 'acquisitionDate' | 'inServiceDate' | 'warrantyEnd') =>
      take(field, readDate(cell(field), sheet.format), null);

    const assetTag = take('assetTag', readAssetTag(cell('assetTag')), null);
    let serialNumber = text('serialNumber');

    // UDI: parsed and checked (a wrong check digit names the expected one); its serial fills a blank serial.
    const udiText = take('udi', readText(cell('udi')), null);
    let udiRaw: string | null = null;
    let udiDeviceIdentifier: string | null = null;
    let udi: UdiParseResult | null = null;
    if (udiText !== null) {
      if (udiText.length > 300) problem('udi', 'is longer than 300 characters');
      else {
        const parsed = udiOnDevice(udiText, now);
        if (!parsed.ok) problem('udi', `${quote(udiText)}: ${parsed.message}`);
        else {
          ({ udiRaw, udiDeviceIdentifier, udi } = parsed);
          const udiSerial = udi?.serial ?? null;
          if (udiSerial !== null) {
            if (serialNumber === null) serialNumber = udiSerial;
            else if (serialNumber.toLowerCase() !== udiSerial.toLowerCase())
              problem(
                'serialNumber',
                `${quote(serialNumber)} differs from the UDI's serial number ${quote(udiSerial)}`,
              );
          }
        }
      }
    }

    // Model: by manufacturer (name or alias) and model number, or by the UDI's device identifier.
    let model: ModelRef | null = null;
    const mfrText = take('manufacturer', readText(cell('manufacturer')), null);
    const modelNumber = take('modelNumber', readText(cell('modelNumber')), null);
    const modelName = take('modelName', readText(cell('modelName')), null);
    const byDi = udiDeviceIdentifier ? catalog.modelsByDi.get(udiDeviceIdentifier) : undefined;
    if (mfrText !== null || modelNumber !== null) {
      const mKey = mfrText === null ? '' : normalizeManufacturerName(mfrText);
      const nKey = modelNumber === null ? '' : normalizeModelNumber(modelNumber);
      if (mfrText === null) problem('manufacturer', 'is required with a model number');
      else if (mKey === '') problem('manufacturer', `${quote(mfrText)} is not a manufacturer name`);
      if (modelNumber === null) problem('modelNumber', 'is required with a manufacturer');
      else if (nKey === '') problem('modelNumber', `${quote(modelNumber)} is not a model number`);
      else if (modelNumber.length > 100) problem('modelNumber', 'is longer than 100 characters');
      if (
        mfrText !== null &&
        mKey !== '' &&
        modelNumber !== null &&
        nKey !== '' &&
        modelNumber.length <= 100
      ) {
        const mfr = catalog.manufacturers.get(mKey);
        const existing = mfr ? catalog.models.get(`${mfr.id}|${nKey}`) : undefined;
        if (existing) model = { kind: 'existing', id: existing.id };
        else if (create) {
          if (mfrText.length > 200) problem('manufacturer', 'is longer than 200 characters');
          else {
            if (!mfr && !newManufacturers.has(mKey)) newManufacturers.set(mKey, { key: mKey, name: mfrText });
            const key = `${mfr ? mfr.id : `new:${mKey}`}|${nKey}`;
            if (!newModels.has(key))
              newModels.set(key, {
                key,
                manufacturer: mfr ? { kind: 'existing', id: mfr.id } : { kind: 'new', key: mKey },
                manufacturerName: mfr?.name ?? newManufacturers.get(mKey)?.name ?? mfrText,
                modelNumber,
                normalizedModelNumber: nKey,
                name: (modelName ?? modelNumber).slice(0, 200),
              });
            model = { kind: 'new', key };
          }
        } else if (!mfr)
          problem(
            'manufacturer',
            `unknown manufacturer ${quote(mfrText)}; add it (or the name as an alias) to the catalog first`,
          );
        else
          problem(
            'modelNumber',
            `unknown model ${quote(modelNumber)} of ${mfr.name}; add it to the catalog first`,
          );
        if (existing && byDi && byDi.id !== existing.id)
          problem(
            'udi',
            `the UDI's device identifier ${udiDeviceIdentifier} belongs to ${byDi.manufacturerName} ${byDi.modelNumber}, not to ${mfrText} ${modelNumber}`,
          );
      }
    } else if (udiDeviceIdentifier !== null) {
      if (byDi) model = { kind: 'existing', id: byDi.id };
      else
        problem(
          'udi',
          `no model in the catalog has the device identifier ${udiDeviceIdentifier}; fill Manufacturer and Model number`,
        );
    } else if (udiText === null) {
      problem(
        indexOf.has('modelNumber') ? 'modelNumber' : 'udi',
        'a model is required (manufacturer and model number, or a UDI)',
      );
    }

    // Site by code (only sites the importer may see; an unknown and a hidden site read the same).
    let siteId: string | null = null;
    const siteText = take('siteCode', readText(cell('siteCode')), null) ?? defaults.siteCode?.trim() ?? null;
    if (siteText === null) problem('siteCode', 'is required');
    else {
      const site = catalog.sites.get(siteText.toLowerCase());
      if (!site) problem('siteCode', `unknown site code ${quote(siteText)}`);
      else if (!site.active) problem('siteCode', `the site ${site.code} is inactive`);
      else siteId = site.id;
    }

    const ownership =
      take('ownership', readOwnership(cell('ownership')), null) ?? defaults.ownership ?? 'owned';
    const serviceProvider =
      take('serviceProvider', readServiceProvider(cell('serviceProvider')), null) ??
      defaults.serviceProvider ??
      'in_house';
    const status =
      take('status', readStatus(cell('status')), null) ?? defaults.status ?? DEFAULT_IMPORT_STATUS;

    const mac = text('macAddress');
    const parentAssetTag = take('parentAssetTag', readText(cell('parentAssetTag')), null);
    if (
      parentAssetTag !== null &&
      assetTag !== null &&
      parentAssetTag.toLowerCase() === assetTag.toLowerCase()
    )
      problem('parentAssetTag', 'a device cannot be its own parent');

    const customFields: Record<string, string | number | boolean | null> = {};
    for (const { key, field } of customMapped) {
      const def = catalog.customFields.get(key);
      if (!def) continue;
      const v = take(field, readCustom(cell(field), def, sheet.format), null);
      if (v === null && def.required) problem(field, 'is required');
      if (v !== null) customFields[key] = v;
    }

    return {
      row,
      assetTag,
      serialNumber,
      model,
      siteId,
      udiRaw,
      udiDeviceIdentifier,
      udi,
      building: text('building'),
      floor: text('floor'),
      room: text('room'),
      department: text('department'),
      ownership,
      serviceProvider,
      status,
      acquisitionDate: date('acquisitionDate'),
      acquisitionCost: take('acquisitionCost', readMoney(cell('acquisitionCost')), null),
      purchaseOrder: text('purchaseOrder'),
      inServiceDate: date('inServiceDate'),
      warrantyEnd: date('warrantyEnd'),
      softwareVersion: text('softwareVersion'),
      firmwareVersion: text('firmwareVersion'),
      networkConnected: take('networkConnected', readBoolean(cell('networkConnected')), null) ?? false,
      macAddress: mac === null ? null : normalizeMac(mac),
      ipAddress: text('ipAddress'),
      hostname: text('hostname'),
      parentAssetTag,
      notes: text('notes'),
      customFields,
    };
  });
  return {
    devices,
    problems,
    newManufacturers: [...newManufacturers.values()],
    newModels: [...newModels.values()],
  };
}

// --- Duplicates and parents ----------------------------------------------------------------------------------

const serialKey = (model: ModelRef, serial: string) =>
  `${model.kind === 'existing' ? model.id : `new:${model.key}`}|${serial.toLowerCase()}`;

/** What the database must be asked about the rows: their tags, serials within existing models, parents. */
export function inventoryKeys(devices: readonly PreparedDevice[]) {
  const fileTags = new Set<string>();
  for (const d of devices) if (d.assetTag) fileTags.add(d.assetTag.toLowerCase());
  const serials: { modelId: string; serial: string }[] = [];
  const parentTags = new Set<string>();
  for (const d of devices) {
    if (d.serialNumber && d.model?.kind === 'existing')
      serials.push({ modelId: d.model.id, serial: d.serialNumber.toLowerCase() });
    const p = d.parentAssetTag?.toLowerCase();
    if (p && !fileTags.has(p)) parentTags.add(p);
  }
  return { tags: [...fileTags], serials, parentTags: [...parentTags] };
}

export interface InventoryFacts {
  /** Lower-case asset tags of the rows that the organization already uses. */
  existingTags: ReadonlySet<string>;
  /** `${modelId}|${lower serial}` already in the inventory. */
  existingSerials: ReadonlySet<string>;
  /** Lower-case tag -> id of devices (visible to the importer) that rows name as parent. */
  parents: ReadonlyMap<string, string>;
}

/**
 * Duplicates within the file and against the inventory (asset tag case-insensitively in the organization; serial
 * number case-insensitively within a model), and parents that exist and form no cycle.
 */
export function checkDuplicatesAndParents(
  devices: readonly PreparedDevice[],
  facts: InventoryFacts,
  columnOf: (field: FieldKey) => string | null,
): Problem[] {
  const problems: Problem[] = [];
  const at = (row: number, field: FieldKey, message: string) =>
    problems.push({ row, column: columnOf(field), field, message });
  const tagRow = new Map<string, number>();
  const serialRow = new Map<string, number>();
  for (const d of devices) {
    if (d.assetTag) {
      const k = d.assetTag.toLowerCase();
      const first = tagRow.get(k);
      if (first !== undefined)
        at(d.row, 'assetTag', `asset tag ${quote(d.assetTag)} is also on row ${first}`);
      else {
        tagRow.set(k, d.row);
        if (facts.existingTags.has(k))
          at(d.row, 'assetTag', `asset tag ${quote(d.assetTag)} is already in the inventory`);
      }
    }
    if (d.serialNumber && d.model) {
      const k = serialKey(d.model, d.serialNumber);
      const first = serialRow.get(k);
      if (first !== undefined)
        at(
          d.row,
          'serialNumber',
          `serial number ${quote(d.serialNumber)} of the same model is also on row ${first}`,
        );
      else {
        serialRow.set(k, d.row);
        if (facts.existingSerials.has(k))
          at(
            d.row,
            'serialNumber',
            `a device of this model with serial number ${quote(d.serialNumber)} is already in the inventory`,
          );
      }
    }
  }
  const parentInFile = new Map<string, string>();
  for (const d of devices) {
    if (!d.parentAssetTag) continue;
    const p = d.parentAssetTag.toLowerCase();
    if (tagRow.has(p)) {
      if (d.assetTag) parentInFile.set(d.assetTag.toLowerCase(), p);
    } else if (!facts.parents.has(p))
      at(
        d.row,
        'parentAssetTag',
        `no device with asset tag ${quote(d.parentAssetTag)} in the inventory or the file`,
      );
  }
  // Parent chains inside the file must end: a cycle would make every device in it its own ancestor.
  for (const d of devices) {
    if (!d.assetTag || !d.parentAssetTag) continue;
    const start = d.assetTag.toLowerCase();
    let cur = parentInFile.get(start);
    for (let steps = 0; cur !== undefined && steps <= parentInFile.size; steps++) {
      if (cur === start) {
        at(d.row, 'parentAssetTag', `parent ${quote(d.parentAssetTag)} leads back to this device (a cycle)`);
        break;
      }
      cur = parentInFile.get(cur);
    }
  }
  return problems;
}

/** Problems in reading order: by row, then by the column's position in the file (mapping problems first). */
export function sortProblems(problems: Problem[], columns: readonly string[]): Problem[] {
  const pos = new Map(columns.map((c, i) => [c, i]));
  return problems.sort(
    (a, b) =>
      a.row - b.row ||
      (a.column === null ? -1 : (pos.get(a.column) ?? 1e9)) -
        (b.column === null ? -1 : (pos.get(b.column) ?? 1e9)),
  );
}

/**
 * Devices in an order where a parent in the file is inserted before its children (a foreign key checked at the
 * end of each insert statement must find the parent already there).
 */
export function parentsFirst<T extends { assetTag: string; parentAssetTag: string | null }>(
  devices: T[],
): T[] {
  const byTag = new Map(devices.map((d) => [d.assetTag.toLowerCase(), d]));
  const depth = new Map<T, number>();
  const depthOf = (d: T): number => {
    let n = 0;
    let cur: T | undefined = d;
    const seen = new Set<T>();
    while (cur?.parentAssetTag) {
      const known = depth.get(cur);
      if (known !== undefined) return n + known;
      seen.add(cur);
      cur = byTag.get(cur.parentAssetTag.toLowerCase());
      if (!cur || seen.has(cur)) break;
      n++;
    }
    return n;
  };
  for (const d of devices) depth.set(d, depthOf(d));
  return [...devices].sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0));
}

/** A device's first lifecycle entry: "Imported from <file> row N (import <id>)", so its row can be traced. */
export const importReasonParts = (fileName: string, importId: string) => ({
  before: `Imported from ${fileName} row `,
  after: ` (import ${importId})`,
});

export const importReason = (fileName: string, row: number, importId: string) => {
  const p = importReasonParts(fileName, importId);
  return `${p.before}${row}${p.after}`;
};
