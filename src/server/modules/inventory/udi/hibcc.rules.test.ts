import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HIBCC_CHARSET } from './hibcc.rules.ts';
import { daysInMonth, isoDate } from './udi-common.rules.ts';
import { hibccCheckCharacter, parseUdi } from './udi.rules.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const parse = (code: string) => parseUdi(code, NOW);
const withCheck = (data: string): string => data + hibccCheckCharacter(data);
const codes = (code: string) => parse(code).errors.map((e) => e.code);

describe('HIBCC mod-43 check character', () => {
  it('matches the reference example +H123ABC01234561 → X and published codes', () => {
    expect(hibccCheckCharacter('+H123ABC01234561')).toBe('X');
    expect(hibccCheckCharacter('+H123ABC01234561/$$3261231LOT42A')).toBe('1'); // domain reference §7.2
    expect(hibccCheckCharacter('+A99912345/$$52001510X3/16D20111212/S77DE1G45')).toBe('-'); // python "hibc" README
    expect(hibccCheckCharacter('+BLUEUNICORN7')).toBe('N'); // ptw-udi README
  });

  it('refuses data it cannot check', () => {
    expect(() => hibccCheckCharacter('H123ABC01234561')).toThrow(RangeError);
    expect(() => hibccCheckCharacter('+h123')).toThrow(RangeError);
  });
});

describe('HIBCC examples', () => {
  it('reads the reference primary +H123ABC01234561X', () => {
    const result = parse('+H123ABC01234561X');
    expect(result).toMatchObject({
      issuingAgency: 'HIBCC',
      form: 'HIBCC_PRIMARY',
      deviceIdentifier: 'H123ABC01234561',
      errors: [],
    });
    expect(result.elements.map((e) => [e.code, e.value, e.position])).toEqual([
      ['LIC', 'H123', 1],
      ['PCN', 'ABC0123456', 5],
      ['UOM', '1', 15],
      ['CHECK', 'X', 16],
    ]);
  });

  it('reports a wrong check character with the expected one', () => {
    expect(parse('+H123ABC01234561Y').errors).toEqual([
      {
        code: 'HIBCC_CHECK_CHARACTER',
        message: 'wrong check character "Y", expected "X"',
        position: 16,
        expected: 'X',
      },
    ]);
  });

  it('reads the reference concatenated example', () => {
    expect(parse('+H123ABC01234561/$$3261231LOT42A1')).toMatchObject({
      form: 'HIBCC_CONCATENATED',
      deviceIdentifier: 'H123ABC01234561',
      expiryDate: '2026-12-31',
      lot: 'LOT42A',
      errors: [],
    });
  });

  it('reads supplemental serial and manufacturing date', () => {
    expect(parse('+A99912345/$$52001510X3/16D20111212/S77DE1G45-')).toMatchObject({
      deviceIdentifier: 'A99912345',
      expiryDate: '2020-01-15',
      lot: '10X3',
      serial: '77DE1G45',
      manufacturingDate: '2011-12-12',
      errors: [],
    });
  });

  it('finds the wrong check character in the FHIR Device example-udi3 carrier', () => {
    const result = parse(
      '+H123PARTNO1234567890120/$$420020216LOT123456789012345/SXYZ456789012345678/16D20130202C',
    );
    expect(result).toMatchObject({
      deviceIdentifier: 'H123PARTNO1234567890120', // FHIR's "DI =H123PARTNO1234567890120"
      lot: 'LOT123456789012345',
      serial: 'XYZ456789012345678',
      expiryDate: '2020-02-02',
      manufacturingDate: '2013-02-02',
    });
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'HIBCC_CHECK_CHARACTER', expected: 'H' }),
    ]);
  });

  const primary = '+A99912345';
  it.each([
    ['MMYY (0/1 is the month)', '$$1226LOT1', '2026-12-31', undefined],
    ['MMDDYY', '$$2123126LOT1', '2026-12-31', undefined],
    ['YYMMDD', '$$3261231LOT1', '2026-12-31', undefined],
    ['YYMMDDHH', '$$426123114LOT1', '2026-12-31', '2026-12-31T14:00'],
    ['YYJJJ', '$$526365LOT1', '2026-12-31', undefined],
    ['YYJJJHH', '$$62606014LOT1', '2026-03-01', '2026-03-01T14:00'],
    ['no date (7)', '$$7LOT1', null, undefined],
    ['quantity 8 + YYMMDD', '$$8053261231LOT1', '2026-12-31', undefined],
    ['quantity 9 + MMYY', '$$9001000227LOT1', '2027-02-28', undefined],
    ['quantity 8 without a date', '$$805LOT1', null, undefined],
    ['lot only ($)', '$LOT1', null, undefined],
    ['Julian date first (YYJJJ + lot)', '26365LOT1', '2026-12-31', undefined],
    ['14D expiry (YYYYMMDD)', '$LOT1/14D20261231', '2026-12-31', undefined],
  ])('reads the secondary %s', (_name, secondary, expiry, normalized) => {
    const result = parse(withCheck(`${primary}/${secondary}`));
    expect(result).toMatchObject({
      deviceIdentifier: 'A99912345',
      lot: 'LOT1',
      expiryDate: expiry,
      errors: [],
    });
    if (normalized) expect(result.elements.find((e) => e.code === 'EXP')?.normalized).toBe(normalized);
    if (secondary.startsWith('$$8') || secondary.startsWith('$$9')) {
      expect(result.elements.find((e) => e.code === 'QTY')?.value).toBe(
        secondary.slice(3, secondary[2] === '8' ? 5 : 8),
      );
    }
  });

  it.each([
    ['$+SN1', null],
    ['$$+3261231SN1', '2026-12-31'],
    ['$$+7SN1', null],
    ['$LOT1/SSN1', null],
  ])('reads the serial form %s', (secondary, expiry) => {
    expect(parse(withCheck(`${primary}/${secondary}`))).toMatchObject({
      serial: 'SN1',
      expiryDate: expiry,
      errors: [],
    });
  });

  it('links a standalone secondary to its primary by the link character', () => {
    const first = withCheck(primary);
    const link = first.slice(-1);
    const second = parse(withCheck(`+$$3261231LOT1${link}`));
    expect(second).toMatchObject({
      form: 'HIBCC_SECONDARY',
      deviceIdentifier: null,
      lot: 'LOT1',
      errors: [],
    });
    expect(second.elements.find((e) => e.code === 'LINK')?.value).toBe(link);
  });

  it('keeps a space that is the check character, and reports one that is not', () => {
    let pcn = 0;
    while (hibccCheckCharacter(`+A999${pcn}1`) !== ' ') pcn++;
    const spaced = `+A999${pcn}1 `;
    expect(parse(spaced)).toMatchObject({ deviceIdentifier: `A999${pcn}1`, errors: [] });
    expect(parse(`${spaced}\r\n`).errors).toEqual([]);
    expect(parse('+H123ABC01234561X  \r\n')).toMatchObject({
      deviceIdentifier: 'H123ABC01234561',
      errors: [expect.objectContaining({ code: 'UNEXPECTED_TEXT', position: 17 })],
    });
  });

  it('accepts the Code 39 human-readable asterisks', () => {
    expect(parse('*+H123ABC01234561X*')).toMatchObject({ deviceIdentifier: 'H123ABC01234561', errors: [] });
  });

  it('reports structural problems where they are', () => {
    expect(codes('+h123abc01234561x')).toContain('INVALID_CHARACTER');
    expect(codes('+/ABC1234')).toEqual(['UNSUPPORTED_FORMAT']);
    expect(codes(withCheck('+A991'))).toEqual(['INVALID_STRUCTURE']);
    expect(codes(withCheck('+1A99123'))).toEqual(['INVALID_STRUCTURE']);
    expect(codes(withCheck(`${primary}/$$3261331LOT1`))).toEqual(['INVALID_DATE']);
    expect(parse(withCheck(`${primary}/$$3260229LOT1`)).errors).toEqual([
      {
        code: 'INVALID_DATE',
        message: 'Expiry date 260229 (YYMMDD): day 29 does not exist in 2026-02',
        position: 18,
      },
    ]);
    expect(codes(withCheck(`${primary}/$$ALOT1`))).toEqual(['INVALID_STRUCTURE']);
    expect(codes(withCheck(`${primary}/$$3261231LOT-1`))).toEqual(['INVALID_CHARACTER']);
    expect(codes(withCheck(`${primary}/$L${'1'.repeat(18)}`))).toEqual(['INVALID_LENGTH']);
    expect(codes(withCheck(`${primary}/$LOT1/Q5`))).toEqual(['UNKNOWN_FIELD']);
    expect(codes(withCheck(`${primary}/$LOT1/14D20261231/14D20271231`))).toEqual(['CONFLICTING_VALUES']);
    expect(codes(withCheck('+A999ABCDEFGHIJKLMNOPQRS1'))).toEqual(['INVALID_LENGTH']);
  });
});

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const alnum = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...Array.from(ALNUM)), minLength: min, maxLength: max });
const two = (n: number): string => String(n).padStart(2, '0');

const moment = fc
  .record({
    year: fc.integer({ min: 1977, max: 2076 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
  })
  .map((m) => ({ ...m, day: Math.min(m.day, daysInMonth(m.year, m.month)) }));
type Moment = typeof moment extends fc.Arbitrary<infer T> ? T : never;

/** [flag, rendering, expected ISO date] for each HIBCC expiry date format. */
function renderDate(format: string, m: Moment): [string, string] {
  const yy = two(m.year % 100);
  let julian = m.day;
  for (let month = 1; month < m.month; month++) julian += daysInMonth(m.year, month);
  const jjj = String(julian).padStart(3, '0');
  const iso = isoDate(m.year, m.month, m.day);
  switch (format) {
    case 'MMYY':
      return [`${two(m.month)}${yy}`, isoDate(m.year, m.month, daysInMonth(m.year, m.month))];
    case 'MMDDYY':
      return [`2${two(m.month)}${two(m.day)}${yy}`, iso];
    case 'YYMMDD':
      return [`3${yy}${two(m.month)}${two(m.day)}`, iso];
    case 'YYMMDDHH':
      return [`4${yy}${two(m.month)}${two(m.day)}${two(m.hour)}`, iso];
    case 'YYJJJ':
      return [`5${yy}${jjj}`, iso];
    default:
      return [`6${yy}${jjj}${two(m.hour)}`, iso];
  }
}

const hibccSet = fc.record({
  lic: fc.tuple(fc.constantFrom(...Array.from(ALNUM.slice(10))), alnum(3, 3)).map(([a, b]) => a + b),
  pcn: alnum(1, 18),
  uom: fc.constantFrom(...Array.from('0123456789')),
  kind: fc.constantFrom('lot' as const, 'serial' as const),
  value: alnum(1, 18),
  date: fc.option(
    fc.tuple(fc.constantFrom('MMYY', 'MMDDYY', 'YYMMDD', 'YYMMDDHH', 'YYJJJ', 'YYJJJHH'), moment),
    {
      nil: undefined,
    },
  ),
  quantity: fc.option(fc.constantFrom('8', '9'), { nil: undefined }),
  quantityDigits: fc.string({
    unit: fc.constantFrom(...Array.from('0123456789')),
    minLength: 5,
    maxLength: 5,
  }),
  extraSerial: fc.option(alnum(1, 18), { nil: undefined }),
  made: fc.option(moment, { nil: undefined }),
});

describe('HIBCC properties', () => {
  it('round-trips primary + secondary, concatenated and as a linked pair', () => {
    fc.assert(
      fc.property(hibccSet, (s) => {
        const [dateText, expiry] = s.date ? renderDate(s.date[0], s.date[1]) : ['', null];
        const quantity = s.quantity ? s.quantity + s.quantityDigits.slice(0, s.quantity === '8' ? 2 : 5) : '';
        const flag = s.kind === 'lot' ? '$$' : '$$+';
        const main =
          dateText === '' && quantity === ''
            ? `${s.kind === 'lot' ? '$' : '$+'}${s.value}`
            : `${flag}${quantity}${dateText === '' ? '7' : dateText}${s.value}`;
        const extraSerial = s.kind === 'lot' && s.extraSerial ? `/S${s.extraSerial}` : '';
        const made = s.made ? `/16D${s.made.year}${two(s.made.month)}${two(s.made.day)}` : '';
        const secondary = main + extraSerial + made;
        const di = s.lic + s.pcn + s.uom;
        const production = {
          lot: s.kind === 'lot' ? s.value : null,
          serial: s.kind === 'serial' ? s.value : s.extraSerial && extraSerial ? s.extraSerial : null,
          expiryDate: expiry,
          manufacturingDate: s.made ? isoDate(s.made.year, s.made.month, s.made.day) : null,
        };

        const concatenated = withCheck(`+${di}/${secondary}`);
        expect(parse(concatenated)).toMatchObject({ deviceIdentifier: di, ...production, errors: [] });

        const first = withCheck(`+${di}`);
        expect(parse(first)).toMatchObject({ deviceIdentifier: di, lot: null, errors: [] });
        const second = parse(withCheck(`+${secondary}${first.slice(-1)}`));
        expect(second).toMatchObject({
          form: 'HIBCC_SECONDARY',
          deviceIdentifier: null,
          ...production,
          errors: [],
        });
        expect(second.elements.find((e) => e.code === 'LINK')?.value).toBe(first.slice(-1));
      }),
      { numRuns: 500 },
    );
  });

  it('detects any single changed character with the right expected check character', () => {
    fc.assert(
      fc.property(hibccSet, fc.nat(), fc.integer({ min: 1, max: 42 }), (s, at, shift) => {
        const code = withCheck(`+${s.lic}${s.pcn}${s.uom}`);
        const k = 1 + (at % (code.length - 2));
        const changed = HIBCC_CHARSET[(HIBCC_CHARSET.indexOf(code[k] ?? '') + shift) % 43] ?? '';
        const mutated = code.slice(0, k) + changed + code.slice(k + 1);
        fc.pre(!mutated.startsWith('+/')); // that is HIBC PAS data, not a UDI
        const errors = parseUdi(mutated, NOW).errors;
        expect(errors.length).toBeGreaterThan(0);
        // With a space check character the damaged code may instead check without it: then that is reported.
        if (!errors.some((e) => e.code === 'UNEXPECTED_TEXT')) {
          const expected = hibccCheckCharacter(mutated.slice(0, -1));
          expect(errors).toContainEqual(expect.objectContaining({ code: 'HIBCC_CHECK_CHARACTER', expected }));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
