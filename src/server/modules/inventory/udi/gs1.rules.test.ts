import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GS1_AIS, PREDEFINED_LENGTH } from './gs1-ai.rules.ts';
import { GS, GS_STAND_INS } from './gs1.rules.ts';
import { daysInMonth, isoDate } from './udi-common.rules.ts';
import { gtinCheckDigit, parseUdi } from './udi.rules.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const parse = (code: string) => parseUdi(code, NOW);
const codes = (code: string) => parse(code).errors.map((e) => e.code);

describe('GS1 examples', () => {
  // OpenHTM domain reference §7.2, check digit computed independently.
  const hri = '(01)00884838012349(17)261231(10)LOT7788(21)SN0001';
  const expected = {
    issuingAgency: 'GS1',
    deviceIdentifier: '00884838012349',
    lot: 'LOT7788',
    serial: 'SN0001',
    expiryDate: '2026-12-31',
    manufacturingDate: null,
    errors: [],
  };

  it('reads the reference human-readable example', () => {
    expect(parse(hri)).toMatchObject({ ...expected, form: 'GS1_HUMAN_READABLE', symbology: null });
  });

  it('reads the reference DataMatrix payload with its AIM prefix and GS separator', () => {
    const raw = `]d201008848380123491726123110LOT7788${GS}21SN0001`;
    const result = parse(raw);
    expect(result).toMatchObject({ ...expected, form: 'GS1_ELEMENT_STRING', raw });
    expect(result.symbology).toEqual({ identifier: ']d2', name: 'GS1 DataMatrix' });
    expect(result.elements.map((e) => [e.code, e.position])).toEqual([
      ['01', 3],
      ['17', 19],
      ['10', 27],
      ['21', 37],
    ]);
  });

  it.each([']C1', ']Q3', ']e0', ']J1'])('strips and records the GS1 AIM prefix %s', (aim) => {
    const result = parse(`${aim}010088483801234910LOT1${GS}17261231`);
    expect(result).toMatchObject({
      deviceIdentifier: '00884838012349',
      lot: 'LOT1',
      expiryDate: '2026-12-31',
      errors: [],
    });
    expect(result.symbology?.identifier).toBe(aim);
  });

  it('reports the AccessGUDID sample (01)00208851107345 as a wrong check digit, expecting 7', () => {
    const result = parse('(01)00208851107345(17)150331');
    expect(result.errors).toEqual([
      {
        code: 'GTIN_CHECK_DIGIT',
        message: 'AI (01) GTIN 00208851107345: wrong check digit 5, expected 7',
        position: 17,
        expected: '7',
      },
    ]);
    expect(result.deviceIdentifier).toBe('00208851107345');
    expect(result.expiryDate).toBe('2015-03-31');
  });

  it.each(GS_STAND_INS.map((s) => [s]))('accepts %j as a group separator', (separator) => {
    const raw = `010088483801234910A-1${separator}21S/2${separator.toLowerCase()}17260700`;
    expect(parse(raw)).toMatchObject({ lot: 'A-1', serial: 'S/2', expiryDate: '2026-07-31', errors: [] });
  });

  it('needs no separator after predefined-length AIs, in any order', () => {
    expect(parse('11260101172612000100884838012349')).toMatchObject({
      deviceIdentifier: '00884838012349',
      manufacturingDate: '2026-01-01',
      expiryDate: '2026-12-31',
      errors: [],
    });
    expect(parse('0100884838012349310200150010ABC')).toMatchObject({ lot: 'ABC', errors: [] });
  });

  it('reads a fixed-length AI outside the predefined table but reports the missing separator', () => {
    const result = parse('01008848380123497003261231235910LOT');
    expect(result.expiryDate).toBe('2026-12-31');
    expect(result.elements.find((e) => e.code === '7003')?.normalized).toBe('2026-12-31T23:59');
    expect(result.lot).toBe('LOT');
    expect(result.errors).toEqual([expect.objectContaining({ code: 'MISSING_SEPARATOR', position: 30 })]);
    expect(parse(`010088483801234970032612312359${GS}10LOT`).errors).toEqual([]);
  });

  it('reads DD 00 as the last day of the month and applies the century window to now', () => {
    expect(parse('(01)00884838012349(17)280200').expiryDate).toBe('2028-02-29');
    expect(parse('(01)00884838012349(17)760100').expiryDate).toBe('2076-01-31');
    expect(parse('(01)00884838012349(17)770100').expiryDate).toBe('1977-01-31');
    expect(parseUdi('(01)00884838012349(17)300100', new Date('2080-01-01T00:00:00Z')).expiryDate).toBe(
      '2130-01-31',
    );
  });

  it('reports an impossible date without throwing, and leaves the field empty', () => {
    const result = parse('(01)00884838012349(17)261301(11)250230');
    expect(result.expiryDate).toBeNull();
    expect(result.manufacturingDate).toBeNull();
    expect(result.errors).toEqual([
      {
        code: 'INVALID_DATE',
        message: 'AI (17) USE BY OR EXPIRY 261301: month 13 is not within 01-12',
        position: 24,
      },
      {
        code: 'INVALID_DATE',
        message: 'AI (11) PROD DATE (production date) 250230: day 30 does not exist in 2025-02',
        position: 36,
      },
    ]);
  });

  it('reports lengths, characters and unknown AIs where they occur', () => {
    expect(parse('(01)0884838012349(10)LOT').errors).toEqual([
      {
        code: 'INVALID_LENGTH',
        message:
          'AI (01) GTIN must have exactly 14 characters, found 13; write a GTIN-13 in (01) with leading zeros',
        position: 4,
      },
    ]);
    expect(codes(']C11126010111260100172612000100884838012349')).toEqual(['CONFLICTING_VALUES']);
    expect(parse(`010088483801234910${'L'.repeat(21)}`).errors).toEqual([
      expect.objectContaining({
        code: 'INVALID_LENGTH',
        message: expect.stringContaining('separator') as unknown,
      }),
    ]);
    expect(parse('(01)00884838012349(10)LOT 1').errors).toEqual([
      expect.objectContaining({ code: 'INVALID_CHARACTER', position: 25 }),
    ]);
    expect(codes('(01)00884838012349(99)X(28)Y')).toEqual(['UNKNOWN_AI']);
    expect(codes(`0100884838012349${GS}2812${GS}10A`)).toEqual(['UNKNOWN_AI']);
    expect(codes('(01)00884838012349(17)261231(17)270101')).toEqual(['CONFLICTING_VALUES']);
  });

  it('checks the other GS1 keys that end in a check digit', () => {
    const sscc = '00614141123456789';
    const check = gtinCheckDigit(sscc);
    expect(parse(`00${sscc}${check}`).errors).toEqual([]);
    expect(parse(`]C100${sscc}${(Number(check) + 1) % 10}`).errors).toEqual([
      expect.objectContaining({ code: 'CHECK_DIGIT', expected: check, position: 22 }),
    ]);
    expect(parse('(01)00884838012349(414)0614141000418')).toMatchObject({ errors: [] });
  });

  it('takes digits without a symbology identifier for GS1 only when the reading is unambiguous', () => {
    expect(parse('1726123110LOT')).toMatchObject({
      form: 'GS1_ELEMENT_STRING',
      expiryDate: '2026-12-31',
      lot: 'LOT',
    });
    expect(parse('12345')).toMatchObject({
      issuingAgency: null,
      errors: [expect.objectContaining({ code: 'UNRECOGNIZED_FORMAT' })],
    });
    expect(parse(']C112345')).toMatchObject({
      issuingAgency: 'GS1',
      errors: [expect.objectContaining({ code: 'INVALID_LENGTH' })],
    });
    expect(parse('12345678').issuingAgency).toBeNull(); // an asset tag, not an EAN-8 (its check digit would be 0)
    expect(parse(']E412345678').errors).toEqual([
      expect.objectContaining({ code: 'GTIN_CHECK_DIGIT', expected: '0' }),
    ]);
  });

  it('reads a bare GTIN from an EAN/UPC symbol and pads it to 14 digits', () => {
    expect(parse('0884838012349')).toMatchObject({
      form: 'GS1_GTIN',
      deviceIdentifier: '00884838012349',
      errors: [],
    });
    expect(parse(']E00884838012349')).toMatchObject({ form: 'GS1_GTIN', symbology: { identifier: ']E0' } });
    expect(parse('96385074')).toMatchObject({ deviceIdentifier: '00000096385074', errors: [] });
    expect(parse('00884838012348').errors).toEqual([
      expect.objectContaining({ code: 'GTIN_CHECK_DIGIT', expected: '9' }),
    ]);
  });
});

describe('GS1 application identifier table', () => {
  it('gives every predefined-length AI its fixed length and nothing else a predefined one', () => {
    for (const ai of GS1_AIS.values()) {
      const predefined = PREDEFINED_LENGTH.get(ai.ai.slice(0, 2));
      expect(ai.predefinedLength, ai.ai).toBe(predefined !== undefined);
      if (predefined) {
        expect([ai.ai, ai.fixedLength, ai.maxLength, ai.ai.length]).toEqual([
          ai.ai,
          true,
          predefined.dataLength,
          predefined.aiLength,
        ]);
      }
    }
  });

  it('is prefix-free, so an element string splits one way only', () => {
    const all = [...GS1_AIS.keys()];
    for (const a of all)
      expect(
        all.filter((b) => b !== a && b.startsWith(a)),
        a,
      ).toEqual([]);
  });
});

const digit = fc.constantFrom(...Array.from('0123456789'));
const gtin14 = fc.string({ unit: digit, minLength: 13, maxLength: 13 }).map((d) => d + gtinCheckDigit(d));
const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
/** Data that happens to spell the "<GS>" or "<FNC1>" stand-in would be read as a separator (documented). */
const an20 = fc
  .string({ unit: fc.constantFrom(...Array.from(CSET82)), minLength: 1, maxLength: 20 })
  .filter((s) => !/<gs>|<fnc1>/iu.test(s));
const yymmd0 = fc
  .record({
    year: fc.integer({ min: 1977, max: 2076 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.nat(31),
  })
  .map(({ year, month, day }) => {
    const d = day % (daysInMonth(year, month) + 1);
    const two = (n: number): string => String(n).padStart(2, '0');
    return {
      digits: `${two(year % 100)}${two(month)}${two(d)}`,
      iso: isoDate(year, month, d === 0 ? daysInMonth(year, month) : d),
    };
  });

const elementSet = fc.record({
  gtin: gtin14,
  lot: fc.option(an20, { nil: undefined }),
  serial: fc.option(an20, { nil: undefined }),
  expiry: fc.option(yymmd0, { nil: undefined }),
  production: fc.option(yymmd0, { nil: undefined }),
});
type ElementSet = typeof elementSet extends fc.Arbitrary<infer T> ? T : never;

/** Elements after the GTIN, in an order fast-check picks; variable-length ones need a separator after them. */
const withOrder = elementSet.chain((set) => {
  const rest: [string, string, boolean][] = [];
  if (set.lot !== undefined) rest.push(['10', set.lot, true]);
  if (set.serial !== undefined) rest.push(['21', set.serial, true]);
  if (set.expiry) rest.push(['17', set.expiry.digits, false]);
  if (set.production) rest.push(['11', set.production.digits, false]);
  return fc.shuffledSubarray(rest, { minLength: rest.length }).map((order) => ({ set, order }));
});

const expectedFor = (set: ElementSet) => ({
  issuingAgency: 'GS1',
  deviceIdentifier: set.gtin,
  lot: set.lot ?? null,
  serial: set.serial ?? null,
  expiryDate: set.expiry?.iso ?? null,
  manufacturingDate: set.production?.iso ?? null,
  errors: [],
});

describe('GS1 properties', () => {
  it('round-trips element sets through raw element strings, with any separator and AIM prefix', () => {
    fc.assert(
      fc.property(
        withOrder,
        fc.constantFrom(GS, ...GS_STAND_INS),
        fc.constantFrom('', ']C1', ']d2', ']Q3', ']e0'),
        ({ set, order }, separator, aim) => {
          const elements: [string, string, boolean][] = [['01', set.gtin, false], ...order];
          const raw =
            aim +
            elements
              .map(
                ([ai, value, variable], i) =>
                  ai + value + (variable && i < elements.length - 1 ? separator : ''),
              )
              .join('');
          expect(parseUdi(raw, NOW)).toMatchObject({ ...expectedFor(set), form: 'GS1_ELEMENT_STRING' });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips element sets through the human-readable form', () => {
    fc.assert(
      fc.property(
        withOrder.filter(({ order }) => order.every(([, value]) => !/\(\d{2,4}\)/u.test(value))),
        ({ set, order }) => {
          const pairs = [['01', set.gtin], ...order.map(([ai, value]) => [ai, value])];
          const hri = pairs.map(([ai = '', value = '']) => `(${ai})${value}`).join('');
          expect(parseUdi(hri, NOW)).toMatchObject({ ...expectedFor(set), form: 'GS1_HUMAN_READABLE' });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('detects every single-digit change to a GTIN and names the right check digit', () => {
    fc.assert(
      fc.property(gtin14, fc.nat(13), fc.integer({ min: 1, max: 9 }), fc.boolean(), (gtin, k, delta, raw) => {
        const mutated = gtin.slice(0, k) + String((Number(gtin[k]) + delta) % 10) + gtin.slice(k + 1);
        const expected = gtinCheckDigit(mutated.slice(0, 13));
        expect(expected).not.toBe(mutated[13]);
        const result = parseUdi(raw ? `]d201${mutated}` : `(01)${mutated}`, NOW);
        expect(result.errors).toEqual([
          expect.objectContaining({ code: 'GTIN_CHECK_DIGIT', expected, position: raw ? 18 : 17 }),
        ]);
        if (k === 13) expect(expected).toBe(gtin[13]);
      }),
      { numRuns: 500 },
    );
  });
});
