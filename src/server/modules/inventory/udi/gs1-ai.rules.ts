/**
 * GS1 application identifiers (AIs) as data: what the element-string reader needs to split and check them.
 *
 * Sources:
 * - [GS1-AI] GS1 General Specifications section 3 and the GS1 AI list (https://ref.gs1.org/ai/), as generated into
 *   python-stdnum `stdnum/gs1_ai.dat`: formats "N14", "X..20", "N3+X..9" (N digits, X GS1 AI encodable
 *   character set 82, Y character set 39; "..n" up to n characters).
 * - [GS1-GS] GS1 General Specifications, table "element strings with predefined length using GS1 AIs": AIs
 *   starting 00-04, 11-20, 31-36 and 41 never need an FNC1 separator; every other AI, even one of fixed
 *   length such as 422 or 7003, must be followed by FNC1 unless it ends the data.
 * - [GS1-SD] GS1 syntax dictionary: date components (`yymmd0` for 11-17) and check-digit components.
 */
import type { UdiErrorCode } from '../../../../contracts/udi.ts';
import type { DatePattern, UdiField } from './udi-common.rules.ts';

export type Gs1Charset = 'N' | 'X' | 'Y';

export interface Gs1Component {
  charset: Gs1Charset;
  min: number;
  max: number;
}

export interface Gs1AiDefinition {
  ai: string;
  /** GS1 data title. */
  title: string;
  /** GS1 format notation, e.g. "N14", "X..20", "N3+X..9". */
  format: string;
  /** The UDI field this AI supplies. */
  field?: UdiField;
  date?: DatePattern;
  /** The first `length` digits end with a GS1 mod-10 check digit. */
  check?: { length: number; code: Extract<UdiErrorCode, 'GTIN_CHECK_DIGIT' | 'CHECK_DIGIT'> };
}

export interface Gs1Ai extends Gs1AiDefinition {
  components: Gs1Component[];
  minLength: number;
  maxLength: number;
  fixedLength: boolean;
  /** [GS1-GS] predefined length: needs no FNC1 after it. */
  predefinedLength: boolean;
}

const GTIN = { length: 14, code: 'GTIN_CHECK_DIGIT' } as const;
const key = (length: number) => ({ length, code: 'CHECK_DIGIT' }) as const;

/** [GS1-AI] The AIs seen on medical devices and their logistic units; others are reported as unknown. */
const DEFINITIONS: Gs1AiDefinition[] = [
  { ai: '00', title: 'SSCC', format: 'N18', check: key(18) },
  { ai: '01', title: 'GTIN', format: 'N14', check: GTIN, field: 'deviceIdentifier' },
  { ai: '02', title: 'CONTENT (GTIN of contained trade items)', format: 'N14', check: GTIN },
  { ai: '03', title: 'MTO GTIN (made-to-order)', format: 'N14', check: GTIN },
  { ai: '10', title: 'BATCH/LOT', format: 'X..20', field: 'lot' },
  {
    ai: '11',
    title: 'PROD DATE (production date)',
    format: 'N6',
    date: 'YYMMD0',
    field: 'manufacturingDate',
  },
  { ai: '12', title: 'DUE DATE', format: 'N6', date: 'YYMMD0' },
  { ai: '13', title: 'PACK DATE (packaging date)', format: 'N6', date: 'YYMMD0' },
  { ai: '15', title: 'BEST BEFORE', format: 'N6', date: 'YYMMD0' },
  { ai: '16', title: 'SELL BY', format: 'N6', date: 'YYMMD0' },
  { ai: '17', title: 'USE BY OR EXPIRY', format: 'N6', date: 'YYMMD0', field: 'expiryDate' },
  { ai: '20', title: 'VARIANT', format: 'N2' },
  { ai: '21', title: 'SERIAL', format: 'X..20', field: 'serial' },
  // Consumer product variant since GenSpecs 17.1; once "secondary data for health industry products".
  { ai: '22', title: 'CPV (consumer product variant)', format: 'X..20' },
  { ai: '235', title: 'TPX (third-party serialised extension of GTIN)', format: 'X..28' },
  { ai: '240', title: 'ADDITIONAL ID', format: 'X..30' },
  { ai: '241', title: 'CUST. PART No.', format: 'X..30' },
  { ai: '242', title: 'MTO VARIANT', format: 'N..6' },
  { ai: '243', title: 'PCN (packaging component number)', format: 'X..20' },
  { ai: '250', title: 'SECONDARY SERIAL', format: 'X..30' },
  { ai: '251', title: 'REF. TO SOURCE', format: 'X..30' },
  { ai: '253', title: 'GDTI', format: 'N13+X..17', check: key(13) },
  { ai: '254', title: 'GLN EXTENSION COMPONENT', format: 'X..20' },
  { ai: '30', title: 'VAR. COUNT', format: 'N..8' },
  { ai: '37', title: 'COUNT', format: 'N..8' },
  { ai: '400', title: 'ORDER NUMBER', format: 'X..30' },
  { ai: '401', title: 'GINC', format: 'X..30' },
  { ai: '402', title: 'GSIN', format: 'N17', check: key(17) },
  { ai: '403', title: 'ROUTE', format: 'X..30' },
  { ai: '410', title: 'SHIP TO LOC', format: 'N13', check: key(13) },
  { ai: '411', title: 'BILL TO', format: 'N13', check: key(13) },
  { ai: '412', title: 'PURCHASE FROM', format: 'N13', check: key(13) },
  { ai: '413', title: 'SHIP FOR LOC', format: 'N13', check: key(13) },
  { ai: '414', title: 'LOC No', format: 'N13', check: key(13) },
  { ai: '415', title: 'PAY TO', format: 'N13', check: key(13) },
  { ai: '416', title: 'PROD/SERV LOC', format: 'N13', check: key(13) },
  { ai: '417', title: 'PARTY', format: 'N13', check: key(13) },
  { ai: '420', title: 'SHIP TO POST', format: 'X..20' },
  { ai: '421', title: 'SHIP TO POST (with ISO country code)', format: 'N3+X..9' },
  { ai: '422', title: 'ORIGIN', format: 'N3' },
  { ai: '423', title: 'COUNTRY - INITIAL PROCESS.', format: 'N3+N..12' },
  { ai: '424', title: 'COUNTRY - PROCESS.', format: 'N3' },
  { ai: '425', title: 'COUNTRY - DISASSEMBLY', format: 'N3+N..12' },
  { ai: '426', title: 'COUNTRY - FULL PROCESS', format: 'N3' },
  { ai: '427', title: 'ORIGIN SUBDIVISION', format: 'X..3' },
  { ai: '7001', title: 'NSN', format: 'N13' },
  { ai: '7003', title: 'EXPIRY TIME', format: 'N10', date: 'YYMMDDHHMI' },
  { ai: '7004', title: 'ACTIVE POTENCY', format: 'N..4' },
  { ai: '7006', title: 'FIRST FREEZE DATE', format: 'N6', date: 'YYMMDD' },
  { ai: '7020', title: 'REFURB LOT', format: 'X..20' },
  { ai: '7021', title: 'FUNC STAT', format: 'X..20' },
  { ai: '7022', title: 'REV STAT', format: 'X..20' },
  { ai: '7023', title: 'GIAI - ASSEMBLY', format: 'X..30' },
  { ai: '7240', title: 'PROTOCOL', format: 'X..20' },
  { ai: '8001', title: 'DIMENSIONS', format: 'N14' },
  { ai: '8003', title: 'GRAI', format: 'N14+X..16', check: key(14) },
  { ai: '8004', title: 'GIAI', format: 'X..30' },
  { ai: '8005', title: 'PRICE PER UNIT', format: 'N6' },
  { ai: '8006', title: 'ITIP', format: 'N14+N2+N2', check: GTIN },
  { ai: '8008', title: 'PROD TIME', format: 'N8+N..4' },
  { ai: '8010', title: 'CPID', format: 'Y..30' },
  { ai: '8011', title: 'CPID SERIAL', format: 'N..12' },
  { ai: '8012', title: 'VERSION', format: 'X..20' },
  { ai: '8013', title: 'GMN (Global Model Number; BUDI-DI for medical devices)', format: 'X..25' },
  { ai: '8017', title: 'GSRN - PROVIDER', format: 'N18', check: key(18) },
  { ai: '8018', title: 'GSRN - RECIPIENT', format: 'N18', check: key(18) },
  { ai: '8019', title: 'SRIN', format: 'N..10' },
  { ai: '8020', title: 'REF No', format: 'X..25' },
  { ai: '8026', title: 'ITIP CONTENT', format: 'N14+N2+N2', check: GTIN },
  { ai: '8200', title: 'PRODUCT URL', format: 'X..70' },
  { ai: '90', title: 'INTERNAL', format: 'X..30' },
  ...['91', '92', '93', '94', '95', '96', '97', '98', '99'].map((ai) => ({
    ai,
    title: 'INTERNAL (company internal information)',
    format: 'X..90',
  })),
  // Measures 31nn-36nn: the fourth digit is the decimal point position.
  ...measure('310', 'NET WEIGHT (kg)'),
  ...measure('311', 'LENGTH (m)'),
  ...measure('312', 'WIDTH (m)'),
  ...measure('313', 'HEIGHT (m)'),
  ...measure('314', 'AREA (m2)'),
  ...measure('315', 'NET VOLUME (l)'),
  ...measure('316', 'NET VOLUME (m3)'),
  ...measure('320', 'NET WEIGHT (lb)'),
  ...measure('330', 'GROSS WEIGHT (kg)'),
  ...measure('335', 'VOLUME (l), log'),
  ...measure('340', 'GROSS WEIGHT (lb)'),
  ...measure('356', 'NET WEIGHT (t oz)'),
  ...measure('357', 'NET VOLUME (oz)'),
];

function measure(prefix: string, title: string): Gs1AiDefinition[] {
  return ['0', '1', '2', '3', '4', '5'].map((d) => ({ ai: prefix + d, title, format: 'N6' }));
}

/** [GS1-GS] predefined-length table: the first two digits of AIs that never need a separator, with their data length. */
export const PREDEFINED_LENGTH: ReadonlyMap<string, { aiLength: number; dataLength: number }> = new Map([
  ['00', { aiLength: 2, dataLength: 18 }],
  ['01', { aiLength: 2, dataLength: 14 }],
  ['02', { aiLength: 2, dataLength: 14 }],
  ['03', { aiLength: 2, dataLength: 14 }],
  ['04', { aiLength: 2, dataLength: 16 }],
  ...['11', '12', '13', '14', '15', '16', '17', '18', '19'].map(
    (p) => [p, { aiLength: 2, dataLength: 6 }] as const,
  ),
  ['20', { aiLength: 2, dataLength: 2 }],
  ...['31', '32', '33', '34', '35', '36'].map((p) => [p, { aiLength: 4, dataLength: 6 }] as const),
  ['41', { aiLength: 3, dataLength: 13 }],
]);

/** Parses GS1 format notation; a variable component after the first may be empty (e.g. 8008 "N8+N..4"). */
export function parseGs1Format(format: string): Gs1Component[] {
  return format.split('+').map((part, index) => {
    const match = /^([NXY])(\d*)(?:\.\.(\d+))?$/u.exec(part);
    if (!match) throw new Error(`bad GS1 format ${format}`);
    const charset = match[1] as Gs1Charset;
    if (match[3] === undefined) return { charset, min: Number(match[2]), max: Number(match[2]) };
    const min = match[2] ? Number(match[2]) : index === 0 ? 1 : 0;
    return { charset, min, max: Number(match[3]) };
  });
}

export const GS1_AIS: ReadonlyMap<string, Gs1Ai> = new Map(
  DEFINITIONS.map((d) => {
    const components = parseGs1Format(d.format);
    const minLength = components.reduce((s, c) => s + c.min, 0);
    const maxLength = components.reduce((s, c) => s + c.max, 0);
    const ai: Gs1Ai = {
      ...d,
      components,
      minLength,
      maxLength,
      fixedLength: minLength === maxLength,
      predefinedLength: PREDEFINED_LENGTH.has(d.ai.slice(0, 2)),
    };
    return [d.ai, ai];
  }),
);

/** GS1 AIs are prefix-free, so at most one of the 2-, 3- and 4-digit prefixes names an AI. */
export function lookupAi(text: string, at: number): Gs1Ai | undefined {
  for (const length of [2, 3, 4]) {
    const found = GS1_AIS.get(text.slice(at, at + length));
    if (found) return found;
  }
  return undefined;
}

/** [GS1-GS] GS1 AI encodable character sets 82 (X) and 39 (Y). */
export const CHARSET_PATTERN: Record<Gs1Charset, RegExp> = {
  N: /^[0-9]$/u,
  X: /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]$/u,
  Y: /^[#\-/0-9A-Z]$/u,
};

export const CHARSET_NAME: Record<Gs1Charset, string> = {
  N: 'a digit',
  X: 'a GS1 character set 82 character',
  Y: 'a GS1 character set 39 character (#, -, /, 0-9, A-Z)',
};
