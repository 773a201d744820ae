import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DeviceImportRequest,
  deviceStatuses,
  ownerships,
  serviceProviders,
  type DeviceImportMapping,
} from '../../../../contracts/index.ts';
import { csvCells, exportColumns, xlsxCells, type ExportDevice } from './device-export.rules.ts';
import { parseCsv, parseXlsx, type Sheet } from './device-file.rules.ts';
import { excelSerialToIso } from './device-cells.rules.ts';
import { checkMapping, prepareRows, type Catalog, type PreparedDevice } from './device-import.rules.ts';
import { checkDuplicatesAndParents, parentsFirst } from './device-inventory.rules.ts';
import { suggestMapping, type CustomFieldDef } from './device-mapping.rules.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const SITE_A = '00000000-0000-4000-8000-00000000000a';
const SITE_B = '00000000-0000-4000-8000-00000000000b';
const SITE_OFF = '00000000-0000-4000-8000-00000000000c';
const GE = '00000000-0000-4000-8000-000000000001';
const BAXTER = '00000000-0000-4000-8000-000000000002';
const CARESCAPE = '00000000-0000-4000-8000-000000000011';
const SIGMA = '00000000-0000-4000-8000-000000000012';
const GTIN = '00208851107347';

const customFields: CustomFieldDef[] = [
  { key: 'risk_score', label: 'Risk score', type: 'number', options: [], required: false },
  { key: 'pm_group', label: 'PM group', type: 'choice', options: ['Annual', 'Semiannual'], required: false },
];

function catalog(): Catalog {
  const carescape = { id: CARESCAPE, modelNumber: 'B450', manufacturerName: 'GE HealthCare' };
  const sigma = { id: SIGMA, modelNumber: 'Spectrum IQ', manufacturerName: 'Baxter' };
  return {
    manufacturers: new Map([
      ['ge healthcare', { id: GE, name: 'GE HealthCare' }],
      ['ge medical systems', { id: GE, name: 'GE HealthCare' }],
      ['baxter', { id: BAXTER, name: 'Baxter' }],
    ]),
    models: new Map([
      [`${GE}|b450`, carescape],
      [`${BAXTER}|spectrumiq`, sigma],
    ]),
    modelsByDi: new Map([[GTIN, sigma]]),
    sites: new Map([
      ['main', { id: SITE_A, code: 'MAIN', active: true }],
      ['north', { id: SITE_B, code: 'NORTH', active: true }],
      ['old', { id: SITE_OFF, code: 'OLD', active: false }],
    ]),
    customFields: new Map(customFields.map((c) => [c.key, c])),
  };
}

const csv = (rows: string[][]) => Buffer.from(stringify(rows));
const request = (mapping: DeviceImportMapping, extra: Partial<DeviceImportRequest> = {}) =>
  DeviceImportRequest.parse({ mapping, ...extra });

function prepare(sheet: Sheet, extra: Partial<DeviceImportRequest> = {}) {
  const req = request(suggestMapping(sheet.columns, customFields), extra);
  expect(checkMapping(sheet, req, catalog())).toEqual([]);
  return prepareRows(sheet, req, catalog(), NOW);
}

const HEADER = [
  'Asset Tag',
  'Serial',
  'Manufacturer',
  'Model',
  'Site',
  'Status',
  'Ownership',
  'Purchase Date',
];

describe('suggested mapping', () => {
  it('maps the usual header names and synonyms, each field once', () => {
    const m = suggestMapping([
      'Tag #',
      'S/N',
      'Mfr',
      'Model Number',
      'Site',
      'Dept',
      'Room',
      'Ownership',
      'Status',
      'Purchase Date',
      'Cost',
      'Warranty Expiration',
      'Asset Tag',
      'Risk score',
      'Whatever',
    ]);
    expect(m).toEqual({
      'Tag #': null,
      'S/N': 'serialNumber',
      Mfr: 'manufacturer',
      'Model Number': 'modelNumber',
      Site: 'siteCode',
      Dept: 'department',
      Room: 'room',
      Ownership: 'ownership',
      Status: 'status',
      'Purchase Date': 'acquisitionDate',
      Cost: 'acquisitionCost',
      'Warranty Expiration': 'warrantyEnd',
      // The field's own name wins over a synonym that came first in the file.
      'Asset Tag': 'assetTag',
      'Risk score': null,
      Whatever: null,
    });
    expect(suggestMapping(['Asset Tag', 'Tag #'])).toEqual({ 'Asset Tag': 'assetTag', 'Tag #': null });
    expect(suggestMapping(['Serial', 'Risk score'], customFields)).toEqual({
      Serial: 'serialNumber',
      'Risk score': 'custom.risk_score',
    });
  });

  it('reports mapping problems on the header row and reads no rows', () => {
    const sheet = parseCsv(
      csv([
        ['Tag', 'Model'],
        ['A1', 'B450'],
      ]),
    );
    const problems = checkMapping(
      sheet,
      request({ Tag: 'assetTag', Model: 'modelNumber', Missing: 'serialNumber' }),
      catalog(),
    );
    expect(problems.map((p) => [p.row, p.column, p.field])).toEqual([
      [1, 'Missing', 'serialNumber'],
      [1, 'Model', 'manufacturer'],
      [1, null, 'siteCode'],
    ]);
    const twice = checkMapping(
      sheet,
      request({ Tag: 'assetTag', Model: 'assetTag' }, { defaults: { siteCode: 'NOPE' } }),
      catalog(),
    );
    expect(twice.map((p) => p.message)).toEqual([
      'assetTag is already mapped from column "Tag"',
      'map a Manufacturer and a Model number column (or a UDI column) to find each model',
      'the default site code "NOPE" is not one of your sites',
    ]);
  });
});

describe('reading CSV', () => {
  it('numbers rows as a spreadsheet does: header row 1, blank rows skipped but counted', () => {
    const sheet = parseCsv(
      Buffer.from('\uFEFFAsset Tag;Notes;Notes\r\nA1;"two\nlines";x\r\n;;\r\n\r\nA2;=1+1;y\r\n'),
    );
    expect(sheet.columns).toEqual(['Asset Tag', 'Notes', 'Notes (2)']);
    expect(sheet.rows.map((r) => [r.row, r.cells[0]])).toEqual([
      [2, 'A1'],
      [5, 'A2'],
    ]);
    expect(sheet.rows[0]?.cells[1]).toBe('two\nlines');
  });

  it('reads Windows-1252 text when the file is not UTF-8', () => {
    const sheet = parseCsv(Buffer.from([0x54, 0x61, 0x67, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x0a]));
    expect(sheet.rows[0]?.cells[0]).toBe('Café');
  });

  it('refuses binary and malformed files, naming the problem', () => {
    expect(() => parseCsv(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0]))).toThrow(/Excel 97-2003/);
    expect(() => parseCsv(Buffer.from('\uFEFFTag\nA1\n', 'utf16le'))).toThrow(/UTF-16/);
    expect(() => parseCsv(Buffer.from('Asset Tag,Serial\n\n'))).toThrow(/no devices/);
    expect(() => parseCsv(Buffer.from('a,b\n"open,1\n'))).toThrow(/not valid CSV/);
    expect(() => parseCsv(Buffer.from('\n\n'))).toThrow(/no header/);
  });
});

describe('reading rows', () => {
  it('reads a good row into device fields', () => {
    const sheet = parseCsv(
      csv([
        [...HEADER, 'Cost', 'Network connected', 'MAC', 'PM group', 'UDI'],
        [
          'A-1',
          '',
          'BAXTER, INC.',
          'spectrum-iq',
          'main',
          'In service',
          'Physician-owned',
          '2024-02-29',
          '12500.5',
          'yes',
          '00-1b-44-11-3a-b7',
          'annual',
          `(01)${GTIN}(21)SN-77`,
        ],
      ]),
    );
    const { devices, problems } = prepare(sheet);
    expect(problems).toEqual([]);
    expect(devices[0]).toMatchObject({
      row: 2,
      assetTag: 'A-1',
      serialNumber: 'SN-77',
      model: { kind: 'existing', id: SIGMA },
      siteId: SITE_A,
      status: 'in_service',
      ownership: 'physician_owned',
      serviceProvider: 'in_house',
      acquisitionDate: '2024-02-29',
      acquisitionCost: '12500.5',
      networkConnected: true,
      macAddress: '00:1B:44:11:3A:B7',
      udiDeviceIdentifier: GTIN,
      customFields: { pm_group: 'Annual' },
    });
  });

  it('lists every problem of every row with its column, and guesses nothing', () => {
    const sheet = parseCsv(
      csv([
        [...HEADER, 'Cost', 'UDI', 'Risk score'],
        ['A1', 'S1', 'GE Medical Systems', 'B-450', 'MAIN', 'broken', 'ours', '03/04/2024', '$100', '', 'x'],
        [
          'A2',
          'S2',
          'Acme',
          'Z1',
          'OLD',
          'retired',
          'leased',
          '2024-02-30',
          '1.234',
          `(01)${GTIN.slice(0, 13)}8`,
          '3',
        ],
        ['A3', 'S3', '', 'B450', 'SOUTH', '', '', '', '', '', ''],
      ]),
    );
    const { problems, devices } = prepare(sheet);
    expect(problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [2, 'Status', 'unknown status "broken"; use one of ' + deviceStatuses.join(', ')],
      [2, 'Ownership', 'unknown ownership "ours"; use one of ' + ownerships.join(', ')],
      [2, 'Purchase Date', '"03/04/2024" is ambiguous (day and month order); write dates as YYYY-MM-DD'],
      [2, 'Cost', '"$100" must be an amount such as 12500.00 (digits, no currency sign or separators)'],
      [2, 'Risk score', '"x" is not a number'],
      [
        3,
        'Manufacturer',
        'unknown manufacturer "Acme"; add it (or the name as an alias) to the catalog first',
      ],
      [3, 'Site', 'the site OLD is inactive'],
      [3, 'Purchase Date', '"2024-02-30" is not a date; write dates as YYYY-MM-DD'],
      [3, 'Cost', '"1.234" must be an amount such as 12500.00 (digits, no currency sign or separators)'],
      [3, 'UDI', `"(01)00208851107348": AI (01) GTIN 00208851107348: wrong check digit 8, expected 7`],
      [4, 'Manufacturer', 'is required with a model number'],
      [4, 'Site', 'unknown site code "SOUTH"'],
    ]);
    // The alias found GE's model (model numbers compare without punctuation).
    expect(devices[0]?.model).toEqual({ kind: 'existing', id: CARESCAPE });
    expect(serviceProviders).toContain(devices[0]?.serviceProvider);
  });

  it('plans unknown manufacturers and models only when asked to', () => {
    const sheet = parseCsv(
      csv([
        ['Manufacturer', 'Model', 'Model name', 'Site'],
        ['Acme Medical, Inc.', 'X-1', 'Acme X1 pump', 'MAIN'],
        ['ACME MEDICAL', 'x1', '', 'MAIN'],
        ['Baxter', 'New 2', '', 'MAIN'],
      ]),
    );
    const strict = prepare(sheet);
    expect(strict.problems.map((p) => p.row)).toEqual([2, 3, 4]);
    const lenient = prepare(sheet, { createMissingCatalog: true });
    expect(lenient.problems).toEqual([]);
    expect(lenient.newManufacturers).toEqual([{ key: 'acme medical', name: 'Acme Medical, Inc.' }]);
    expect(lenient.newModels.map((m) => [m.manufacturerName, m.modelNumber, m.name])).toEqual([
      ['Acme Medical, Inc.', 'X-1', 'Acme X1 pump'],
      ['Baxter', 'New 2', 'New 2'],
    ]);
    expect(lenient.devices[0]?.model).toEqual(lenient.devices[1]?.model);
  });

  it('finds the model from the UDI alone, and refuses a UDI of another model', () => {
    const byUdi = parseCsv(
      csv([
        ['UDI', 'Site'],
        [`(01)${GTIN}`, 'MAIN'],
      ]),
    );
    const r = prepareRows(byUdi, request({ UDI: 'udi', Site: 'siteCode' }), catalog(), NOW);
    expect(r.problems).toEqual([]);
    expect(r.devices[0]?.model).toEqual({ kind: 'existing', id: SIGMA });
    const mismatch = prepare(
      parseCsv(
        csv([
          ['Manufacturer', 'Model', 'UDI', 'Site'],
          ['GE HealthCare', 'B450', GTIN, 'MAIN'],
        ]),
      ),
    );
    expect(mismatch.problems.map((p) => [p.column, p.message])).toEqual([
      ['UDI', `the UDI's device identifier ${GTIN} belongs to Baxter Spectrum IQ, not to GE HealthCare B450`],
    ]);
  });
});

describe('duplicates and parents', () => {
  const device = (row: number, assetTag: string | null, extra: Partial<PreparedDevice> = {}) =>
    ({
      row,
      assetTag,
      serialNumber: null,
      model: { kind: 'existing', id: SIGMA },
      parentAssetTag: null,
      ...extra,
    }) as PreparedDevice;
  const noFacts = { existingTags: new Set<string>(), existingSerials: new Set<string>(), parents: new Map() };
  const column = (f: string) => f;

  it('catches a tag twice in the file (any case) and a tag already in the inventory', () => {
    const problems = checkDuplicatesAndParents(
      [device(2, 'A1'), device(3, 'a1'), device(4, 'B7')],
      { ...noFacts, existingTags: new Set(['b7']) },
      column,
    );
    expect(problems.map((p) => [p.row, p.field, p.message])).toEqual([
      [3, 'assetTag', 'asset tag "a1" is also on row 2'],
      [4, 'assetTag', 'asset tag "B7" is already in the inventory'],
    ]);
  });

  it('catches a serial twice within one model, not across models', () => {
    const problems = checkDuplicatesAndParents(
      [
        device(2, null, { serialNumber: 'S1' }),
        device(3, null, { serialNumber: 's1' }),
        device(4, null, { serialNumber: 'S1', model: { kind: 'existing', id: CARESCAPE } }),
        device(5, null, { serialNumber: 'S9' }),
      ],
      { ...noFacts, existingSerials: new Set([`${SIGMA}|s9`]) },
      column,
    );
    expect(problems.map((p) => [p.row, p.field])).toEqual([
      [3, 'serialNumber'],
      [5, 'serialNumber'],
    ]);
  });

  it('resolves parents in the file or the inventory and refuses cycles', () => {
    const problems = checkDuplicatesAndParents(
      [
        device(2, 'SYS', { parentAssetTag: 'RACK' }),
        device(3, 'MOD', { parentAssetTag: 'sys' }),
        device(4, 'X', { parentAssetTag: 'Y' }),
        device(5, 'Y', { parentAssetTag: 'X' }),
        device(6, 'Z', { parentAssetTag: 'NOWHERE' }),
      ],
      { ...noFacts, parents: new Map([['rack', 'id']]) },
      column,
    );
    expect(problems.map((p) => [p.row, p.message])).toEqual([
      [6, 'no device with asset tag "NOWHERE" in the inventory or the file'],
      [4, 'parent "Y" leads back to this device (a cycle)'],
      [5, 'parent "X" leads back to this device (a cycle)'],
    ]);
    const order = parentsFirst([
      { assetTag: 'C', parentAssetTag: 'B' },
      { assetTag: 'B', parentAssetTag: 'A' },
      { assetTag: 'A', parentAssetTag: null },
    ]);
    expect(order.map((d) => d.assetTag)).toEqual(['A', 'B', 'C']);
  });
});

describe('XLSX', () => {
  it('reads date cells, Excel serial dates, numbers and formulas; rows keep their sheet numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Inventory');
    ws.getRow(3).values = [
      'Asset Tag',
      'Manufacturer',
      'Model',
      'Site',
      'Purchase Date',
      'In service',
      'Cost',
      'Serial',
    ];
    ws.getRow(4).values = [
      'A1',
      'Baxter',
      'Spectrum IQ',
      'MAIN',
      new Date('2023-05-06T00:00:00Z'),
      45000,
      1999.99,
      123456,
    ];
    ws.getRow(6).values = [
      'A2',
      'Baxter',
      'Spectrum IQ',
      'MAIN',
      'not a date',
      45001.7,
      { formula: '1+1', result: 2 },
      { error: '#N/A' },
    ];
    const sheet = await parseXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheet.headerRow).toBe(3);
    const { devices, problems } = prepare(sheet);
    expect(devices[0]).toMatchObject({
      row: 4,
      acquisitionDate: '2023-05-06',
      inServiceDate: excelSerialToIso(45000),
      acquisitionCost: '1999.99',
      serialNumber: '123456',
    });
    expect(excelSerialToIso(45000)).toBe('2023-03-15');
    expect(problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [6, 'Purchase Date', '"not a date" is not a date; write dates as YYYY-MM-DD'],
      [6, 'Serial', 'holds the spreadsheet error #N/A'],
    ]);
    expect(devices[1]).toMatchObject({ inServiceDate: '2023-03-16', acquisitionCost: '2' });
  });
});

// --- Export, and the round trip back through the import -------------------------------------------------------

const printable = fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 30 }).map((s) => s.trim());
const optionalText = fc.option(
  printable.filter((s) => s.length > 0 && !s.includes('\u0000')),
  { nil: null },
);
const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const tagChars = fc.constantFrom(...'ABCXYZ0123456789-./_'.split(''));

const exportDevice: fc.Arbitrary<ExportDevice> = fc.record({
  id: fc.uuid(),
  assetTag: fc
    .tuple(fc.constantFrom('A', 'B', '7'), fc.string({ unit: tagChars, maxLength: 12 }))
    .map(([a, b]) => a + b),
  serialNumber: optionalText,
  manufacturer: fc.constant('Baxter'),
  modelNumber: fc.constant('Spectrum IQ'),
  modelName: fc.constant('Sigma Spectrum'),
  deviceType: fc.constant(null),
  udiRaw: fc.constant(null),
  siteCode: fc.constantFrom('MAIN', 'NORTH'),
  siteName: fc.constant('Main'),
  building: optionalText,
  floor: optionalText,
  room: optionalText,
  department: optionalText,
  ownership: fc.constantFrom(...ownerships),
  serviceProvider: fc.constantFrom(...serviceProviders),
  status: fc.constantFrom(...deviceStatuses),
  acquisitionDate: fc.option(isoDate, { nil: null }),
  acquisitionCost: fc.option(
    fc
      .tuple(fc.nat({ max: 9_999_999 }), fc.nat({ max: 99 }))
      .map(([a, c]) => `${a}.${String(c).padStart(2, '0')}`),
    { nil: null },
  ),
  purchaseOrder: optionalText,
  inServiceDate: fc.option(isoDate, { nil: null }),
  warrantyEnd: fc.option(isoDate, { nil: null }),
  softwareVersion: optionalText,
  firmwareVersion: optionalText,
  networkConnected: fc.boolean(),
  macAddress: fc.option(fc.constant('00:1B:44:11:3A:B7'), { nil: null }),
  ipAddress: fc.option(fc.ipV4(), { nil: null }),
  hostname: fc.constant(null),
  parentAssetTag: fc.constant(null),
  notes: optionalText,
  customFields: fc.record({ risk_score: fc.integer({ min: -50, max: 50 }) }),
  updatedAt: fc.constant('2026-11-21T12:00:00.000Z'),
});

/** A value that, read back, cannot be told from its neutralized form (export's one ambiguity). */
const ambiguous = (d: ExportDevice) =>
  Object.values(d).some((v) => typeof v === 'string' && /^'[=+\-@\t\r]/.test(v));

describe('export', () => {
  const columns = exportColumns(customFields.slice(0, 1));

  it('never writes a cell that a spreadsheet would run as a formula (CSV and XLSX)', () => {
    const formulaish = fc
      .constantFrom('=', '+', '-', '@', '\t', '\r')
      .chain((c) => printable.map((s) => c + s));
    fc.assert(
      fc.property(exportDevice, formulaish, formulaish, (d, a, b) => {
        const evil = { ...d, notes: a, department: b, serialNumber: a, customFields: { risk_score: -5 } };
        for (const cell of csvCells(columns, evil)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        for (const cell of xlsxCells(columns, evil))
          if (typeof cell === 'string') expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it('imports back what it exported, field by field (CSV)', () => {
    fc.assert(
      fc.property(fc.array(exportDevice, { minLength: 1, maxLength: 5 }), (list) => {
        fc.pre(!list.some(ambiguous));
        const file = Buffer.from(
          '\uFEFF' + stringify([columns.map((c) => c.header), ...list.map((d) => csvCells(columns, d))]),
        );
        const sheet = parseCsv(file);
        const { devices, problems } = prepare(sheet);
        expect(problems).toEqual([]);
        list.forEach((d, i) => {
          const got = devices[i];
          expect(got).toMatchObject({
            assetTag: d.assetTag,
            serialNumber: d.serialNumber,
            model: { kind: 'existing', id: SIGMA },
            siteId: d.siteCode === 'MAIN' ? SITE_A : SITE_B,
            building: d.building,
            floor: d.floor,
            room: d.room,
            department: d.department,
            ownership: d.ownership,
            serviceProvider: d.serviceProvider,
            status: d.status,
            acquisitionDate: d.acquisitionDate,
            acquisitionCost: d.acquisitionCost,
            purchaseOrder: d.purchaseOrder,
            inServiceDate: d.inServiceDate,
            warrantyEnd: d.warrantyEnd,
            softwareVersion: d.softwareVersion,
            firmwareVersion: d.firmwareVersion,
            networkConnected: d.networkConnected,
            macAddress: d.macAddress,
            ipAddress: d.ipAddress,
            notes: d.notes,
            customFields: d.customFields,
          });
        });
      }),
      { numRuns: 200 },
    );
  });
});
