import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeWindows1252,
  FDA_CLASSIFICATION_COLUMNS,
  FDA_DEVICE_CLASSES,
  parseFdaClassification,
  type FdaClassificationColumn,
  type FdaProductCode,
} from './fda-classification.rules.ts';

const HEADER = FDA_CLASSIFICATION_COLUMNS.join('|');
const BRW = 'AN|AN|BRW|Protector, Dental|1||N|N||868.5820|4|||||N|N|Eligible';
const CBK = 'AN|AN|CBK|Ventilator, Continuous, Facility Use|2||N|N||868.5895|1|||||N|Y|Eligible';

/** Every character windows-1252 can encode, mapped back to its byte (the test's own encoder). */
const BYTE_OF = new Map(
  Array.from({ length: 256 }, (_, b) => [decodeWindows1252(Uint8Array.of(b)), b] as const),
);

function encodeWindows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const b = BYTE_OF.get(c);
    if (b === undefined) throw new Error(`windows-1252 cannot encode ${JSON.stringify(c)}`);
    return b;
  });
}

const file = (...lines: string[]): Uint8Array => encodeWindows1252(lines.map((l) => `${l}\r\n`).join(''));

function render(row: FdaProductCode): string {
  const flag = (b: boolean): string => (b ? 'Y' : 'N');
  const cells: Record<FdaClassificationColumn, string | null> = {
    REVIEW_PANEL: row.reviewPanel,
    MEDICALSPECIALTY: row.medicalSpecialty,
    PRODUCTCODE: row.productCode,
    DEVICENAME: row.deviceName,
    DEVICECLASS: row.deviceClass,
    UNCLASSIFIED_REASON: row.unclassifiedReason,
    GMPEXEMPTFLAG: flag(row.gmpExempt),
    THIRDPARTYFLAG: row.thirdPartyReview,
    REVIEWCODE: row.thirdPartyReviewCode,
    REGULATIONNUMBER: row.regulationNumber,
    SUBMISSION_TYPE_ID: row.submissionTypeId,
    DEFINITION: row.definition,
    PHYSICALSTATE: row.physicalState,
    TECHNICALMETHOD: row.technicalMethod,
    TARGETAREA: row.targetArea,
    Implant_Flag: flag(row.implant),
    Life_Sustain_support_flag: flag(row.lifeSustainSupport),
    SummaryMalfunctionReporting: row.summaryMalfunctionReporting,
  };
  return FDA_CLASSIFICATION_COLUMNS.map((c) => cells[c] ?? '').join('|');
}

describe('decodeWindows1252', () => {
  it('maps 0x80-0x9F as the WHATWG windows-1252 index does, not as Latin-1', () => {
    // Node 20.18.3+ TextDecoder('windows-1252') alone gives U+0080, U+0092 ... (nodejs/node#56542).
    const decoded = decodeWindows1252(Uint8Array.of(0x80, 0x8a, 0x92, 0x93, 0x94, 0x96, 0x99, 0x9f));
    expect(decoded).toBe('€Š’“”–™Ÿ');
    expect(decodeWindows1252(Uint8Array.of(0x81, 0x8d, 0x8f, 0x90, 0x9d))).toBe('\x81\x8d\x8f\x90\x9d');
    expect(decodeWindows1252(Uint8Array.of(0x41, 0xa0, 0xb5, 0xdf, 0xe9, 0xfc, 0xff))).toBe('A\xa0µßéüÿ');
    expect(BYTE_OF.size).toBe(256);
  });
});

describe('parseFdaClassification', () => {
  it('reads a row into typed fields, empty cells as null', () => {
    const { rows, errors } = parseFdaClassification(file(HEADER, BRW, CBK));
    expect(errors).toEqual([]);
    expect(rows[0]).toEqual<FdaProductCode>({
      productCode: 'BRW',
      deviceName: 'Protector, Dental',
      deviceClass: '1',
      regulationNumber: '868.5820',
      reviewPanel: 'AN',
      medicalSpecialty: 'AN',
      implant: false,
      lifeSustainSupport: false,
      gmpExempt: false,
      thirdPartyReview: 'N',
      thirdPartyReviewCode: null,
      unclassifiedReason: null,
      submissionTypeId: '4',
      definition: null,
      physicalState: null,
      technicalMethod: null,
      targetArea: null,
      summaryMalfunctionReporting: 'Eligible',
    });
    expect(rows[1]?.lifeSustainSupport).toBe(true);
  });

  it('accepts LF line endings, a missing final line ending, and a header with no rows', () => {
    const lf = encodeWindows1252([HEADER, BRW, CBK].join('\n'));
    expect(parseFdaClassification(lf).rows.map((r) => r.productCode)).toEqual(['BRW', 'CBK']);
    expect(parseFdaClassification(file(HEADER))).toEqual({ rows: [], errors: [] });
  });

  it("reads FDA's lower-case HDE class f as F", () => {
    const hde = 'AN||OAZ|One-Way Air-Leak Valve|f||N|N|||6|To restrict air flow.||||Y|N|Eligible';
    expect(parseFdaClassification(file(HEADER, hde)).rows[0]?.deviceClass).toBe('F');
  });

  it('names missing and unexpected header columns', () => {
    const header = HEADER.replace('DEVICECLASS', 'DEVICE_CLASS') + '|EXTRA';
    const result = parseFdaClassification(file(header, BRW));
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      { line: 1, column: 'DEVICECLASS', message: 'missing column DEVICECLASS' },
      { line: 1, column: 'DEVICE_CLASS', message: 'unexpected column "DEVICE_CLASS"' },
      { line: 1, column: 'EXTRA', message: 'unexpected column "EXTRA"' },
    ]);
    const swapped = HEADER.replace('REVIEW_PANEL|MEDICALSPECIALTY', 'MEDICALSPECIALTY|REVIEW_PANEL');
    expect(parseFdaClassification(file(swapped, BRW)).errors).toEqual([
      { line: 1, message: expect.stringContaining("not in FDA's order") as string },
    ]);
  });

  it('reports a short row by line and keeps the others', () => {
    const short = BRW.replace('|Eligible', '');
    const result = parseFdaClassification(file(HEADER, CBK, short));
    expect(result.errors).toEqual([{ line: 3, message: "expected 18 fields separated by '|', found 17" }]);
    expect(result.rows.map((r) => r.productCode)).toEqual(['CBK']);
  });

  it('reports an unknown device class by line and column and drops the row', () => {
    const result = parseFdaClassification(file(HEADER, BRW.replace('|1|', '|7|'), CBK));
    expect(result.errors).toEqual([
      { line: 2, column: 'DEVICECLASS', message: 'DEVICECLASS "7" is not a device class (1, 2, 3, U, N, F)' },
    ]);
    expect(result.rows.map((r) => r.productCode)).toEqual(['CBK']);
  });

  it('reports every bad cell of a row', () => {
    const bad = 'an|AN|brw||X||N|Q||868.58|4|||||maybe|N|Sometimes';
    const columns = parseFdaClassification(file(HEADER, bad)).errors.map((e) => [e.line, e.column]);
    expect(columns).toEqual([
      [2, 'PRODUCTCODE'],
      [2, 'DEVICENAME'],
      [2, 'DEVICECLASS'],
      [2, 'REGULATIONNUMBER'],
      [2, 'REVIEW_PANEL'],
      [2, 'Implant_Flag'],
      [2, 'THIRDPARTYFLAG'],
      [2, 'SummaryMalfunctionReporting'],
    ]);
  });

  it('reports a duplicate product code on the later line', () => {
    const result = parseFdaClassification(file(HEADER, BRW, CBK, BRW.replace('Protector', 'Guard')));
    expect(result.errors).toEqual([
      { line: 4, column: 'PRODUCTCODE', message: 'product code BRW is already defined on line 2' },
    ]);
    expect(result.rows.map((r) => r.deviceName)).toEqual([
      'Protector, Dental',
      'Ventilator, Continuous, Facility Use',
    ]);
  });

  it('reports an empty file and a UTF-8 byte order mark on line 1', () => {
    expect(parseFdaClassification(new Uint8Array())).toEqual({
      rows: [],
      errors: [{ line: 1, message: 'the file is empty: expected the FDA header line' }],
    });
    const utf8 = new TextEncoder().encode(`\uFEFF${HEADER}\r\n${BRW}\r\n`);
    const { rows, errors } = parseFdaClassification(utf8);
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      {
        line: 1,
        column: 'REVIEW_PANEL',
        message: expect.stringContaining('UTF-8 byte order mark') as string,
      },
    ]);
  });

  it('never throws, whatever the bytes', () => {
    const junkLine = fc.string({
      unit: fc.constantFrom('|', 'a', 'Y', 'N', '1', ' ', '\r', '\n', 'é'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(junkLine, { maxLength: 5 }), (bytes, lines) => {
        expect(() => parseFdaClassification(bytes)).not.toThrow();
        const withHeader = file(HEADER, ...lines);
        const result = parseFdaClassification(withHeader);
        for (const e of result.errors) expect(e.line).toBeGreaterThanOrEqual(2);
      }),
    );
  });
});

describe('round trip', () => {
  const chars = [...BYTE_OF.keys()].filter((c) => c !== '|' && c !== '\r' && c !== '\n');
  const text = fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 40 });
  const optionalText = fc.option(text, { nil: null });
  const CAPITALS = Array.from({ length: 26 }, (_, i) => String.fromCharCode(0x41 + i));
  const letters = (n: number): fc.Arbitrary<string> =>
    fc.string({ unit: fc.constantFrom(...CAPITALS), minLength: n, maxLength: n });
  const smallNumber = fc.option(
    fc.integer({ min: 0, max: 99 }).map((n) => String(n)),
    { nil: null },
  );
  const row: fc.Arbitrary<FdaProductCode> = fc.record({
    productCode: letters(3),
    deviceName: text.filter((s) => s.trim() !== ''),
    deviceClass: fc.constantFrom(...FDA_DEVICE_CLASSES),
    regulationNumber: fc.option(
      fc
        .tuple(fc.integer({ min: 100, max: 999 }), fc.integer({ min: 0, max: 9999 }))
        .map(([part, section]) => `${part}.${String(section).padStart(4, '0')}`),
      { nil: null },
    ),
    reviewPanel: fc.option(letters(2), { nil: null }),
    medicalSpecialty: fc.option(letters(2), { nil: null }),
    implant: fc.boolean(),
    lifeSustainSupport: fc.boolean(),
    gmpExempt: fc.boolean(),
    thirdPartyReview: fc.constantFrom('Y', 'N', 'P'),
    thirdPartyReviewCode: fc.option(letters(1), { nil: null }),
    unclassifiedReason: smallNumber,
    submissionTypeId: smallNumber,
    definition: optionalText,
    physicalState: optionalText,
    technicalMethod: optionalText,
    targetArea: optionalText,
    summaryMalfunctionReporting: fc.constantFrom('Eligible', 'Ineligible'),
  });

  it('parses windows-1252 rows rendered in the FDA format back to the same rows', () => {
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => r.productCode, maxLength: 20 }), (rows) => {
        const parsed = parseFdaClassification(file(HEADER, ...rows.map(render)));
        expect(parsed).toEqual({ rows, errors: [] });
      }),
    );
  });
});
