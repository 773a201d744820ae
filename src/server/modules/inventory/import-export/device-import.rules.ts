import {
  CUSTOM_FIELD_PREFIX,
  type DeviceImportProblem,
  type DeviceImportRequest,
  type DeviceImportStandardField,
  type DeviceImportSummary,
  type UdiParseResult,
} from '../../../../contracts/index.ts';
import {
  normalizeManufacturerName,
  normalizeMac,
  normalizeModelNumber,
  udiOnDevice,
} from '../devices/device.rules.ts';
import {
  DEFAULT_IMPORT_STATUS,
  quote,
  readAssetTag,
  readBoolean,
  readContractText,
  readCustom,
  readDate,
  readMoney,
  readOwnership,
  readServiceProvider,
  readStatus,
  readText,
  withoutRepeatedExpected,
  type Read,
  type TextField,
} from './device-cells.rules.ts';
import type { Cell, Sheet, SheetRow } from './device-file.rules.ts';
import type { CustomFieldDef, DeviceFileFacts } from './device-mapping.rules.ts';

/**
 * Device import rules: reading every row of a file under a mapping into device fields and finding every problem
 * (by spreadsheet row, column and reason) before anything is written, then the checks against the inventory
 * (duplicates and parents) once the database has answered what it holds.
 */

export type Problem = DeviceImportProblem;

/** Problems stored and answered per import; all of them are counted. */
export const MAX_PROBLEMS_LISTED = 10_000;

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
export interface PreparedDevice extends DeviceFileFacts {
  row: number;
  /** Null: generated from the organization's pattern at apply. */
  assetTag: string | null;
  serialNumber: string | null;
  model: ModelRef | null;
  siteId: string | null;
  udiRaw: string | null;
  udiDeviceIdentifier: string | null;
  udi: UdiParseResult | null;
  customFields: Record<string, string | number | boolean | null>;
}

export interface Prepared {
  devices: PreparedDevice[];
  problems: Problem[];
  newManufacturers: PlannedManufacturer[];
  newModels: PlannedModel[];
}

export type FieldKey = DeviceImportStandardField | `custom.${string}`;

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
  if (has('manufacturer') !== has('modelNumber'))
    at(
      mappedFrom.get('manufacturer') ?? mappedFrom.get('modelNumber') ?? null,
      has('manufacturer') ? 'modelNumber' : 'manufacturer',
      'a model is found by manufacturer and model number together; map both',
    );
  else if (!has('udi') && !has('manufacturer'))
    at(
      null,
      'modelNumber',
      'map a Manufacturer and a Model number column (or a UDI column) to find each model',
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
        if (!parsed.ok) problem('udi', `${quote(udiText)}: ${withoutRepeatedExpected(parsed.message)}`);
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
    problems: sortProblems(problems, sheet.columns),
    newManufacturers: [...newManufacturers.values()],
    newModels: [...newModels.values()],
  };
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

/** What an import creates (or would): devices, generated tags, catalog entries. */
export function summarizePrepared(prepared: Prepared): DeviceImportSummary {
  return {
    deviceCount: prepared.devices.length,
    generatedAssetTags: prepared.devices.filter((d) => d.assetTag === null).length,
    newManufacturers: prepared.newManufacturers.map((m) => m.name),
    newModels: prepared.newModels.map((m) => `${m.manufacturerName} ${m.modelNumber}`),
  };
}
