import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UdiParseRequest, UdiParseResult } from '../../../../contracts/udi.ts';
import { gtinCheckDigit, hibccCheckCharacter, parseUdi } from './udi.rules.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const parse = (code: string) => parseUdi(code, NOW);

const SAMPLES = fileURLToPath(new URL('../../../../../../shared/data/samples/', import.meta.url));
const HL7 = `${SAMPLES}hl7-us-core/`;
const GUDID_XML = `${SAMPLES}openfda-gudid-test/test.xml`;
const hl7Present = existsSync(HL7);
const gudidPresent = existsSync(GUDID_XML);
if (!hl7Present) console.warn(`[udi] HL7 US Core samples not found at ${HL7}: those cases are skipped`);
if (!gudidPresent) console.warn(`[udi] GUDID test file not found at ${GUDID_XML}: those cases are skipped`);

interface FhirDevice {
  udiCarrier?: { deviceIdentifier?: string; carrierHRF?: string }[];
  lotNumber?: string;
  serialNumber?: string;
  expirationDate?: string;
  manufactureDate?: string;
}

/** What is wrong in the published samples (checked by hand: GS1 mod-10 over the printed digits). */
const SAMPLE_PROBLEMS: Record<string, { code: string; expected?: string }[]> = {
  // (01)99863313444316: check digit 6, the data gives 2.
  'Device-defib.json': [{ code: 'GTIN_CHECK_DIGIT', expected: '2' }],
  // (01)987979879879: 12 digits (a GTIN-12 unpadded) whose own check digit should be 8.
  'Device-knee.json': [{ code: 'INVALID_LENGTH' }, { code: 'GTIN_CHECK_DIGIT', expected: '8' }],
};

describe.skipIf(!hl7Present)('HL7 US Core Device samples', () => {
  const files = hl7Present ? readdirSync(HL7).filter((f) => /^Device-.*\.json$/u.test(f)) : [];

  it('has samples to read', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f]))('%s: the carrier agrees with the resource', (file) => {
    const device = JSON.parse(readFileSync(`${HL7}${file}`, 'utf8')) as FhirDevice;
    const carriers = (device.udiCarrier ?? []).filter((c) => c.carrierHRF !== undefined);
    if (carriers.length === 0) return; // e.g. the walker: a device recorded without a UDI
    for (const carrier of carriers) {
      const result = parse(carrier.carrierHRF ?? '');
      expect(result).toMatchObject({
        issuingAgency: 'GS1',
        deviceIdentifier: carrier.deviceIdentifier ?? null,
        lot: device.lotNumber ?? null,
        serial: device.serialNumber ?? null,
        expiryDate: device.expirationDate ?? null,
        manufacturingDate: device.manufactureDate ?? null,
      });
      expect(
        result.errors.map((e) => ({ code: e.code, ...(e.expected ? { expected: e.expected } : {}) })),
      ).toEqual(SAMPLE_PROBLEMS[file] ?? []);
    }
  });
});

describe.skipIf(!gudidPresent)('GUDID test file device identifiers', () => {
  it('reads every GS1 DI, bare and as (01), without errors', () => {
    const xml = gudidPresent ? readFileSync(GUDID_XML, 'utf8') : '';
    const dis = [...xml.matchAll(/<(?:deviceId|containsDINumber)>(\d+)</gu)].map((m) => m[1] ?? '');
    expect(dis.length).toBeGreaterThan(0);
    for (const di of dis) {
      expect(parse(di)).toMatchObject({ form: 'GS1_GTIN', deviceIdentifier: di, errors: [] });
      expect(parse(`(01)${di}`)).toMatchObject({ deviceIdentifier: di, errors: [] });
    }
  });
});

describe('ICCBBA (ISBT 128)', () => {
  it('recognises the AccessGUDID example and reads only the DI and serial', () => {
    const code = '=/08717648200274=,000025=A99971312345600=>014032=}013032&,1000000000000XYZ123';
    const result = parse(code);
    expect(result).toMatchObject({
      issuingAgency: 'ICCBBA',
      form: 'ICCBBA',
      deviceIdentifier: '08717648200274',
      serial: '000025',
      lot: null,
      expiryDate: null,
      errors: [],
    });
    expect(result.elements.map((e) => [e.code, e.value, e.position])).toEqual([
      ['=/', '08717648200274', 0],
      ['=,', '000025', 16],
      ['=', 'A99971312345600', 24],
      ['=>', '014032', 40],
      ['=}', '013032', 48],
      ['&,1', '000000000000XYZ123', 56],
    ]);
    expect(result.elements.filter((e) => e.name.includes('not parsed')).map((e) => e.code)).toEqual([
      '=',
      '=>',
      '=}',
      '&,1',
    ]);
  });

  it('reads a blood container DI (HL7 v2 PRT-10 example, with "\\T\\" unescaped to "&")', () => {
    expect(parse('=)1TE123456A&)RZ12345678')).toMatchObject({ deviceIdentifier: '1TE123456A', errors: [] });
    expect(parse('=A99971312345600')).toMatchObject({
      issuingAgency: 'ICCBBA',
      deviceIdentifier: null,
      errors: [],
    });
  });

  it('reports an identifier with no data', () => {
    expect(parse('=/=,000025').errors).toEqual([
      expect.objectContaining({ code: 'INVALID_LENGTH', position: 0 }),
    ]);
  });
});

describe('recognition', () => {
  it.each([
    ['', 'EMPTY_INPUT'],
    ['   \r\n', 'EMPTY_INPUT'],
    [']d2', 'EMPTY_INPUT'],
    ['hello world', 'UNRECOGNIZED_FORMAT'],
    ['(555) 123-4567', 'UNRECOGNIZED_FORMAT'],
    ['12345', 'UNRECOGNIZED_FORMAT'],
    ['https://id.gs1.org/01/00884838012349/10/LOT1', 'UNSUPPORTED_FORMAT'],
  ])('answers %j with %s and no agency', (code, error) => {
    expect(parse(code)).toMatchObject({
      issuingAgency: null,
      form: null,
      errors: [expect.objectContaining({ code: error })],
    });
  });

  it('keeps raw as given and indexes positions into it', () => {
    const code = '  ]d20100208851107345\r\n';
    const result = parse(code);
    expect(result.raw).toBe(code);
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'GTIN_CHECK_DIGIT', position: 20, expected: '7' }),
    ]);
    expect(code[20]).toBe('5');
  });

  it('flags data that does not match its symbology identifier', () => {
    expect(parse(']d2+H123ABC01234561X').errors).toEqual([
      expect.objectContaining({ code: 'SYMBOLOGY_MISMATCH' }),
    ]);
    expect(parse(']C00100884838012349').errors).toEqual([
      expect.objectContaining({ code: 'SYMBOLOGY_MISMATCH' }),
    ]);
    expect(parse(']A0+H123ABC01234561X')).toMatchObject({ symbology: { name: 'Code 39' }, errors: [] });
    expect(parse(']C100884838012349').form).toBe('GS1_ELEMENT_STRING');
    expect(parse(']A0ABC123')).toMatchObject({ issuingAgency: null, symbology: { name: 'Code 39' } });
    expect(parse(']C0123456').issuingAgency).toBeNull(); // a numeric asset tag in Code 128
  });

  it('falls back to the current time when the clock given is invalid', () => {
    expect(parseUdi('(01)00884838012349(17)261231', new Date(Number.NaN)).expiryDate).toBe('2026-12-31');
  });
});

describe('exported check helpers', () => {
  it('computes GTIN check digits of any GS1 key length and refuses non-digits', () => {
    expect(gtinCheckDigit('0020885110734')).toBe('7');
    expect(gtinCheckDigit('9638507')).toBe('4');
    expect(() => gtinCheckDigit('12a')).toThrow(RangeError);
    expect(() => gtinCheckDigit('')).toThrow(RangeError);
    expect(hibccCheckCharacter('+H123ABC01234561')).toBe('X');
  });
});

describe('contract', () => {
  it('trims the request but keeps a trailing space (a HIBCC check character may be one)', () => {
    expect(UdiParseRequest.parse({ code: ' \t]d20100884838012349\r\n' })).toEqual({
      code: ']d20100884838012349',
    });
    expect(UdiParseRequest.parse({ code: '+A9991 \r\n' })).toEqual({ code: '+A9991 ' });
    expect(UdiParseRequest.safeParse({ code: 'a\u0000b' }).success).toBe(false);
    expect(UdiParseRequest.safeParse({ code: 'x'.repeat(501) }).success).toBe(false);
  });
});

const fragments = fc.constantFrom(
  '(',
  ')',
  '(01)',
  '(17)',
  '(10)',
  '(21)',
  '01',
  '17',
  '10',
  '21',
  '11',
  '7003',
  '00884838012349',
  '261200',
  '\u001d',
  '<GS>',
  '^]',
  '\\x1d',
  '\u241d',
  ']d2',
  ']C1',
  ']E0',
  '+',
  '*',
  '$',
  '$$',
  '$$+',
  '$+',
  '/',
  '/S',
  '/16D',
  '/14D',
  'H123',
  '=',
  '=/',
  '=,',
  '=>',
  '&,1',
  '&',
  ' ',
  '\r\n',
  '0',
  '9',
  'A',
  'z',
  '-',
  '%',
  '\u{1F600}',
);
const validCodes = [
  '(01)00884838012349(17)261231(10)LOT7788(21)SN0001',
  ']d2010088483801234917261231' + '10LOT7788\u001d21SN0001',
  '+H123ABC01234561/$$3261231LOT42A1',
  '+A99912345/$$52001510X3/16D20111212/S77DE1G45-',
  '=/08717648200274=,000025=A99971312345600=>014032=}013032&,1000000000000XYZ123',
];
const anyInput = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc
    .array(fc.oneof(fragments, fc.string({ maxLength: 3 })), { maxLength: 30 })
    .map((parts) => parts.join('')),
  fc
    .tuple(fc.constantFrom(...validCodes), fc.nat(), fc.nat(3), fc.array(fragments, { maxLength: 3 }))
    .map(([code, at, cut, insert]) => {
      const k = at % (code.length + 1);
      return code.slice(0, k) + insert.join('') + code.slice(k + cut);
    }),
);

describe('any input', () => {
  it('never throws and always answers a result the contract accepts', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = parseUdi(input, NOW);
        expect(UdiParseResult.safeParse(result).error).toBeUndefined();
        expect(result.raw).toBe(input);
        expect(result.errors.filter((e) => e.code === 'INTERNAL_ERROR')).toEqual([]);
        for (const e of [...result.errors, ...result.elements]) {
          expect(e.position ?? 0).toBeLessThanOrEqual(input.length);
        }
        if (result.issuingAgency === null) expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });
});
