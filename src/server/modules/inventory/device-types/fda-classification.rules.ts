/**
 * Parser for FDA's product classification file (`foiclass.txt` inside `foiclass.zip`).
 *
 * Sources of the rules below:
 * - [FDA-DL] FDA, "Download Product Code Classification Files"
 *   (https://www.fda.gov/medical-devices/classify-your-medical-device/download-product-code-classification-files):
 *   18 data elements, '|'-delimited, no quoting; review panel and medical specialty are 2 characters; the
 *   product code is a 3-character unique identifier; implant and life-sustain flags are Y/N; summary
 *   malfunction reporting is Eligible/Ineligible.
 * - [openFDA] FDA/open.fda.gov `pages/device/classification/_fields.yaml`: device class 1, 2, 3, U
 *   (unclassified), N (not classified), F (HDE); GMP-exempt and third-party flags.
 *
 * Pure: bytes in, rows and errors out. Never throws on bad input; a row with any error is left out of `rows`.
 */

/** The header, exactly as FDA writes it (case included). [FDA-DL] */
export const FDA_CLASSIFICATION_COLUMNS = [
  'REVIEW_PANEL',
  'MEDICALSPECIALTY',
  'PRODUCTCODE',
  'DEVICENAME',
  'DEVICECLASS',
  'UNCLASSIFIED_REASON',
  'GMPEXEMPTFLAG',
  'THIRDPARTYFLAG',
  'REVIEWCODE',
  'REGULATIONNUMBER',
  'SUBMISSION_TYPE_ID',
  'DEFINITION',
  'PHYSICALSTATE',
  'TECHNICALMETHOD',
  'TARGETAREA',
  'Implant_Flag',
  'Life_Sustain_support_flag',
  'SummaryMalfunctionReporting',
] as const;
export type FdaClassificationColumn = (typeof FDA_CLASSIFICATION_COLUMNS)[number];

export const FDA_DEVICE_CLASSES = ['1', '2', '3', 'U', 'N', 'F'] as const;
/** 1, 2, 3; U unclassified; N not classified; F humanitarian device exemption (HDE). [openFDA] */
export type FdaDeviceClass = (typeof FDA_DEVICE_CLASSES)[number];

/** One FDA product code (a device type). Empty cells in the file become `null`. */
export interface FdaProductCode {
  productCode: string;
  deviceName: string;
  deviceClass: FdaDeviceClass;
  /** 21 CFR section, e.g. `868.5820`; null for most class 3, unclassified and HDE codes. */
  regulationNumber: string | null;
  /** 510(k) review panel (2 letters); null for radiation-emitting products (`R..` codes). */
  reviewPanel: string | null;
  /** Regulation medical specialty (2 letters), derived from the regulation part; null when no regulation. */
  medicalSpecialty: string | null;
  implant: boolean;
  lifeSustainSupport: boolean;
  gmpExempt: boolean;
  /** Third-party (Accredited Person) review eligibility: Y, N, or P (in the file, not documented by FDA). */
  thirdPartyReview: 'Y' | 'N' | 'P';
  /** "Third Party Review Code" [FDA-DL]; only `M` occurs. */
  thirdPartyReviewCode: string | null;
  /** Why a U/N code is unclassified (1 pre-amendment, 3 export only, 4 unknown, 6 enforcement discretion ...). */
  unclassifiedReason: string | null;
  /** 1 510(k), 2 PMA, 3 contact ODE, 4 510(k) exempt [openFDA]; 6, 7 and 8 occur but are undocumented. */
  submissionTypeId: string | null;
  definition: string | null;
  physicalState: string | null;
  technicalMethod: string | null;
  targetArea: string | null;
  summaryMalfunctionReporting: 'Eligible' | 'Ineligible';
}

export interface FdaClassificationError {
  /** 1-based physical line; the header is line 1. */
  line: number;
  column?: string;
  message: string;
}

export interface FdaClassificationParse {
  rows: FdaProductCode[];
  errors: FdaClassificationError[];
}

/**
 * WHATWG Encoding Standard, index-windows-1252, pointers 0-31 (bytes 0x80-0x9F). Node 20.18.3 and later
 * decode the `windows-1252` label as Latin-1 and leave these bytes as C1 controls (nodejs/node#56542,
 * #60888), e.g. 0x92 as U+0092 instead of U+2019. Mapping them after decoding is also correct on a fixed
 * runtime: there the only C1 characters left are the five bytes the index maps to themselves.
 */
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
].map((cp) => String.fromCharCode(cp));

export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252')
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function parseFdaClassification(bytes: Uint8Array): FdaClassificationParse {
  if (bytes.length === 0)
    return fatal({ line: 1, message: 'the file is empty: expected the FDA header line' });
  // A BOM means someone re-saved the file as UTF-8; decoding it as windows-1252 would garble every
  // non-ASCII character without a trace, so refuse it rather than guess.
  if (UTF8_BOM.every((b, i) => bytes[i] === b))
    return fatal({
      line: 1,
      column: FDA_CLASSIFICATION_COLUMNS[0],
      message:
        'the file starts with a UTF-8 byte order mark: it was re-saved as UTF-8, but FDA publishes ' +
        'windows-1252; use the original file',
    });

  // [FDA-DL] one record per line; CRLF in FDA's file, LF accepted too. The final terminator ends no record.
  const lines = decodeWindows1252(bytes).split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();

  const headerErrors = checkHeader(lines[0] ?? '');
  if (headerErrors.length > 0) return { rows: [], errors: headerErrors };

  const rows: FdaProductCode[] = [];
  const errors: FdaClassificationError[] = [];
  const firstLineOfCode = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const fields = (lines[i] ?? '').split('|');
    if (fields.length !== FDA_CLASSIFICATION_COLUMNS.length) {
      errors.push({
        line,
        message: `expected ${FDA_CLASSIFICATION_COLUMNS.length} fields separated by '|', found ${fields.length}`,
      });
      continue;
    }
    const before = errors.length;
    const row = parseRow(line, fields, errors);
    const earlier = firstLineOfCode.get(row.productCode);
    if (earlier !== undefined)
      errors.push({
        line,
        column: 'PRODUCTCODE',
        message: `product code ${row.productCode} is already defined on line ${earlier}`,
      });
    else firstLineOfCode.set(row.productCode, line);
    if (errors.length === before) rows.push(row);
  }
  return { rows, errors };
}

function fatal(error: FdaClassificationError): FdaClassificationParse {
  return { rows: [], errors: [error] };
}

function checkHeader(header: string): FdaClassificationError[] {
  const actual = header.split('|');
  const expected: readonly string[] = FDA_CLASSIFICATION_COLUMNS;
  if (actual.length === expected.length && actual.every((c, i) => c === expected[i])) return [];
  const errors: FdaClassificationError[] = [
    ...expected
      .filter((c) => !actual.includes(c))
      .map((c) => ({ line: 1, column: c, message: `missing column ${c}` })),
    ...actual
      .filter((c) => !expected.includes(c))
      .map((c) => ({ line: 1, column: c, message: `unexpected column ${show(c)}` })),
  ];
  if (errors.length === 0)
    errors.push({
      line: 1,
      message: `the columns are not in FDA's order (or repeat one): expected ${expected.join('|')}`,
    });
  return errors;
}

/** Returns the row as read; any problem is appended to `errors` (the caller then drops the row). */
function parseRow(line: number, fields: string[], errors: FdaClassificationError[]): FdaProductCode {
  const cell = (column: FdaClassificationColumn): string =>
    fields[FDA_CLASSIFICATION_COLUMNS.indexOf(column)] ?? '';
  const fail = (column: FdaClassificationColumn, message: string): void => {
    errors.push({ line, column, message: `${column} ${show(cell(column))} ${message}` });
  };
  const matching = (column: FdaClassificationColumn, pattern: RegExp, what: string): string | null => {
    const value = cell(column);
    if (value === '') return null;
    if (!pattern.test(value)) fail(column, `is not ${what}`);
    return value;
  };
  const oneOf = <T extends string>(column: FdaClassificationColumn, allowed: readonly [T, ...T[]]): T => {
    const value = cell(column);
    const found = allowed.find((a) => a === value);
    if (found === undefined) fail(column, `is not one of ${allowed.join(', ')}`);
    return found ?? allowed[0];
  };
  const yes = (column: FdaClassificationColumn): boolean => oneOf(column, ['Y', 'N'] as const) === 'Y';
  const text = (column: FdaClassificationColumn): string | null => cell(column) || null;

  const productCode = cell('PRODUCTCODE');
  if (!/^[A-Z]{3}$/.test(productCode)) fail('PRODUCTCODE', 'is not a product code (3 capital letters)');
  const deviceName = cell('DEVICENAME');
  if (deviceName.trim() === '') fail('DEVICENAME', 'is empty');

  return {
    productCode,
    // Kept as written, trailing spaces included (9 names in the 2019-07 copy end in spaces).
    deviceName,
    deviceClass: deviceClass(cell('DEVICECLASS'), fail),
    // [FDA-DL] the number of the 21 CFR classification regulation; every one in the file is `ddd.dddd`.
    regulationNumber: matching('REGULATIONNUMBER', /^\d{3}\.\d{4}$/, 'a 21 CFR section like 868.5820'),
    reviewPanel: matching('REVIEW_PANEL', /^[A-Z]{2}$/, 'a review panel (2 capital letters)'),
    medicalSpecialty: matching('MEDICALSPECIALTY', /^[A-Z]{2}$/, 'a medical specialty (2 capital letters)'),
    implant: yes('Implant_Flag'),
    lifeSustainSupport: yes('Life_Sustain_support_flag'),
    gmpExempt: yes('GMPEXEMPTFLAG'),
    thirdPartyReview: oneOf('THIRDPARTYFLAG', ['Y', 'N', 'P'] as const),
    thirdPartyReviewCode: matching('REVIEWCODE', /^[A-Z0-9]{1,3}$/, 'a short code'),
    unclassifiedReason: matching('UNCLASSIFIED_REASON', /^\d{1,2}$/, 'a numeric reason code'),
    submissionTypeId: matching('SUBMISSION_TYPE_ID', /^\d{1,2}$/, 'a numeric submission type'),
    definition: text('DEFINITION'),
    physicalState: text('PHYSICALSTATE'),
    technicalMethod: text('TECHNICALMETHOD'),
    targetArea: text('TARGETAREA'),
    summaryMalfunctionReporting: oneOf('SummaryMalfunctionReporting', ['Eligible', 'Ineligible'] as const),
  };
}

/**
 * [openFDA] documents F for HDE; FDA's own file writes it in lower case (`f`: 46 codes in the 2019-07 copy,
 * 45 of them with submission type 6). That single spelling is accepted as F; any other value is an error,
 * never guessed.
 */
const DEVICE_CLASS_SPELLINGS: Readonly<Record<string, FdaDeviceClass>> = {
  ...Object.fromEntries(FDA_DEVICE_CLASSES.map((c) => [c, c])),
  f: 'F',
};

function deviceClass(
  value: string,
  fail: (column: FdaClassificationColumn, message: string) => void,
): FdaDeviceClass {
  const found = Object.hasOwn(DEVICE_CLASS_SPELLINGS, value) ? DEVICE_CLASS_SPELLINGS[value] : undefined;
  if (found === undefined) fail('DEVICECLASS', `is not a device class (${FDA_DEVICE_CLASSES.join(', ')})`);
  return found ?? '1';
}

function show(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
