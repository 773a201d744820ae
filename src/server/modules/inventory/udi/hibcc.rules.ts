/**
 * HIBCC UDI carriers (HIBC Supplier Labeling Standard, ANSI/HIBC 2.x): primary, standalone secondary and
 * concatenated primary/secondary data structures.
 *
 * Sources:
 * - [REF] OpenHTM domain reference §7.2: "+" flag; LIC 4 characters, the first alphabetic; PCN 1-18
 *   alphanumeric; unit of measure 1 digit; mod-43 check character over every character including "+", with
 *   values 0-9 → 0-9, A-Z → 10-35, "-" 36, "." 37, space 38, "$" 39, "/" 40, "+" 41, "%" 42; a standalone
 *   secondary ends with a link character (the primary's check character) and its own check character;
 *   concatenated = primary without its check character + "/" + secondary + one check character.
 * - [HIBC-SLS] secondary data, as summarised by BWIPP "HIBC Data Structures" and TEC-IT's barcode reference:
 *   it starts with a 5-digit Julian date YYJJJ followed by a lot of up to 13 characters (the original form),
 *   "$" + lot, "$+" + serial, or "$$" (lot) / "$$+" (serial) + a format digit: 0 or 1 is the first digit of
 *   an MMYY date; 2, 3, 4, 5, 6 precede MMDDYY, YYMMDD, YYMMDDHH, YYJJJ, YYJJJHH; 7 means no date; 8 and 9
 *   precede a 2- or 5-digit quantity, then optionally one of the date formats. Lot and serial: up to 18
 *   alphanumeric characters. Supplemental fields after "/": "S" serial, "16D" manufacturing date and "14D"
 *   expiry date, both YYYYMMDD.
 */
import type { UdiForm } from '../../../../contracts/udi.ts';
import {
  addError,
  datePatternLength,
  parseDate,
  setField,
  type DatePattern,
  type UdiDraft,
  type UdiField,
} from './udi-common.rules.ts';

/** [REF] The mod-43 character set in value order. */
export const HIBCC_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%';

/** Mod-43 check character of `data` (which starts with "+"); null if a character is outside the set. */
export function mod43CheckOf(data: string): string | null {
  let sum = 0;
  for (const c of data) {
    const value = HIBCC_CHARSET.indexOf(c);
    if (value === -1) return null;
    sum += value;
  }
  return HIBCC_CHARSET[sum % 43] ?? null;
}

const DATE_FLAGS: Record<string, DatePattern> = {
  '2': 'MMDDYY',
  '3': 'YYMMDD',
  '4': 'YYMMDDHH',
  '5': 'YYJJJ',
  '6': 'YYJJJHH',
};

interface Ctx {
  draft: UdiDraft;
  now: Date;
}

function element(
  ctx: Ctx,
  code: string,
  name: string,
  value: string,
  position: number,
  normalized?: string,
): void {
  ctx.draft.elements.push(
    normalized === undefined ? { code, name, value, position } : { code, name, value, position, normalized },
  );
}

function addDate(
  ctx: Ctx,
  field: UdiField,
  pattern: DatePattern,
  digits: string,
  position: number,
  code: string,
): void {
  const label = field === 'expiryDate' ? 'Expiry date' : 'Manufacturing date';
  const parsed = parseDate(digits, pattern, ctx.now);
  element(ctx, code, `${label} (${pattern})`, digits, position, parsed.ok ? parsed.normalized : undefined);
  if (parsed.ok) {
    setField(ctx.draft, field, parsed.date, position);
  } else {
    const message = `${label} ${digits} (${pattern}): ${parsed.problem}`;
    addError(ctx.draft, 'INVALID_DATE', message, position + parsed.offset);
  }
}

/** Lot and serial numbers: [HIBC-SLS] alphanumeric, up to 18 characters (13 after a leading YYJJJ date). */
function addLotOrSerial(ctx: Ctx, field: 'lot' | 'serial', value: string, position: number, max = 18): void {
  const label = field === 'lot' ? 'Lot/batch number' : 'Serial number';
  element(ctx, field === 'lot' ? 'LOT' : 'SERIAL', label, value, position);
  const bad = /[^A-Z0-9]/u.exec(value);
  if (bad) {
    addError(
      ctx.draft,
      'INVALID_CHARACTER',
      `${label}: ${JSON.stringify(bad[0])} is not an upper-case letter or digit`,
      position + bad.index,
    );
  }
  if (value.length > max) {
    addError(
      ctx.draft,
      'INVALID_LENGTH',
      `${label} has ${value.length} characters, at most ${max} are allowed`,
      position,
    );
  }
  setField(ctx.draft, field, value, position);
}

function parsePrimary(ctx: Ctx, primary: string, at: number): void {
  if (primary.length < 6) {
    addError(
      ctx.draft,
      'INVALID_STRUCTURE',
      `the primary data needs a 4-character labeler code, a 1-18 character product number and a unit-of-measure digit; found only ${primary.length} characters`,
      at,
    );
    return;
  }
  const lic = primary.slice(0, 4);
  const pcn = primary.slice(4, -1);
  const uom = primary.slice(-1);
  element(ctx, 'LIC', 'Labeler identification code', lic, at);
  element(ctx, 'PCN', 'Product or catalog number', pcn, at + 4);
  element(
    ctx,
    'UOM',
    'Unit of measure (0 unit of use, 1-8 packaging levels, 9 variable quantity)',
    uom,
    at + primary.length - 1,
  );
  if (!/^[A-Z][A-Z0-9]{3}$/u.test(lic)) {
    addError(
      ctx.draft,
      'INVALID_CHARACTER',
      `labeler identification code ${JSON.stringify(lic)} must be a letter and 3 letters or digits`,
      at,
    );
  }
  const bad = /[^A-Z0-9]/u.exec(pcn);
  if (bad) {
    addError(
      ctx.draft,
      'INVALID_CHARACTER',
      `product number: ${JSON.stringify(bad[0])} is not an upper-case letter or digit`,
      at + 4 + bad.index,
    );
  }
  if (pcn.length > 18) {
    addError(
      ctx.draft,
      'INVALID_LENGTH',
      `product number has ${pcn.length} characters, at most 18 are allowed`,
      at + 4,
    );
  }
  if (!/^\d$/u.test(uom)) {
    addError(
      ctx.draft,
      'INVALID_CHARACTER',
      `unit of measure ${JSON.stringify(uom)} must be a digit`,
      at + primary.length - 1,
    );
  }
  setField(ctx.draft, 'deviceIdentifier', primary, at);
}

/** The first field of the secondary data: flag, optional quantity and date, then the lot or serial. */
function parseSecondaryMain(ctx: Ctx, data: string, at: number): void {
  let i: number;
  let field: 'lot' | 'serial';
  let dated = false;
  let max = 18;
  if (data.startsWith('$$+')) [i, field, dated] = [3, 'serial', true];
  else if (data.startsWith('$$')) [i, field, dated] = [2, 'lot', true];
  else if (data.startsWith('$+')) [i, field] = [2, 'serial'];
  else if (data.startsWith('$')) [i, field] = [1, 'lot'];
  else if (/^\d{5}/u.test(data)) {
    addDate(ctx, 'expiryDate', 'YYJJJ', data.slice(0, 5), at, 'EXP');
    [i, field, max] = [5, 'lot', 13];
  } else {
    addError(
      ctx.draft,
      'INVALID_STRUCTURE',
      'the secondary data must start with "$", "$$", "$+", "$$+" or a 5-digit Julian date',
      at,
    );
    return;
  }
  if (dated) {
    let quantity = false;
    const q = data[i];
    if (q === '8' || q === '9') {
      const length = q === '8' ? 2 : 5;
      const digits = data.slice(i + 1, i + 1 + length);
      element(ctx, 'QTY', 'Quantity', digits, at + i);
      if (!new RegExp(`^\\d{${length}}$`, 'u').test(digits)) {
        addError(
          ctx.draft,
          'INVALID_STRUCTURE',
          `quantity flag ${q} must be followed by ${length} digits`,
          at + i,
        );
        return;
      }
      i += 1 + length;
      quantity = true;
    }
    const flag = data[i] ?? '';
    let pattern: DatePattern | undefined;
    let start = i;
    if (flag === '0' || flag === '1') pattern = 'MMYY';
    else if (DATE_FLAGS[flag]) [pattern, start] = [DATE_FLAGS[flag], i + 1];
    else if (flag === '7') i += 1;
    else if (!quantity) {
      addError(
        ctx.draft,
        'INVALID_STRUCTURE',
        `"$$" must be followed by a date format digit 0-9, found ${JSON.stringify(flag)}`,
        at + i,
      );
      return;
    }
    if (pattern) {
      const length = datePatternLength(pattern);
      addDate(ctx, 'expiryDate', pattern, data.slice(start, start + length), at + start, 'EXP');
      i = start + length;
    }
  }
  const rest = data.slice(i);
  if (rest === '' && !dated) {
    addError(
      ctx.draft,
      'INVALID_STRUCTURE',
      `no ${field === 'lot' ? 'lot number' : 'serial number'} after the flag`,
      at + i,
    );
    return;
  }
  if (rest !== '') addLotOrSerial(ctx, field, rest, at + i, max);
}

/** [HIBC-SLS] supplemental data fields after "/": S serial, 16D manufacturing date, 14D expiry date. */
function parseSupplemental(ctx: Ctx, data: string, at: number): void {
  if (data.startsWith('16D')) addDate(ctx, 'manufacturingDate', 'YYYYMMDD', data.slice(3), at, '16D');
  else if (data.startsWith('14D')) addDate(ctx, 'expiryDate', 'YYYYMMDD', data.slice(3), at, '14D');
  else if (data.startsWith('S')) addLotOrSerial(ctx, 'serial', data.slice(1), at + 1);
  else {
    element(ctx, '', 'unknown supplemental field', data, at);
    addError(
      ctx.draft,
      'UNKNOWN_FIELD',
      `supplemental data field ${JSON.stringify(data)} must start with S, 16D or 14D`,
      at,
    );
  }
}

function parseSecondary(ctx: Ctx, data: string, at: number): void {
  let offset = 0;
  data.split('/').forEach((part, n) => {
    if (n === 0) parseSecondaryMain(ctx, part, at);
    else parseSupplemental(ctx, part, at + offset);
    offset += part.length + 1;
  });
}

/**
 * Reads `raw` (starting with "+") found at `base` in the input. A space is a valid check character (value
 * 38), so trailing spaces are data; only when the code fails with them and checks without them are they
 * set aside, and still reported, so a damaged code is never silently accepted.
 */
export function parseHibcc(raw: string, base: number, draft: UdiDraft, now: Date): UdiForm | null {
  const ctx: Ctx = { draft, now };
  const trimmed = raw.replace(/ +$/u, '');
  let text = raw;
  if (
    trimmed !== raw &&
    mod43CheckOf(raw.slice(0, -1)) !== raw.slice(-1) &&
    mod43CheckOf(trimmed.slice(0, -1)) === trimmed.slice(-1)
  ) {
    text = trimmed;
    addError(
      draft,
      'UNEXPECTED_TEXT',
      'space after the check character (the code checks without it)',
      base + trimmed.length,
    );
  }
  if (text[1] === '/') {
    addError(
      draft,
      'UNSUPPORTED_FORMAT',
      'HIBC Provider Applications Standard data ("+/") identifies hospital items, not a UDI',
      base,
    );
    return null;
  }
  if (text.length < 3) {
    addError(draft, 'INVALID_STRUCTURE', 'a HIBCC code needs data and a check character after "+"', base);
    return null;
  }
  for (let k = 0; k < text.length; k++) {
    if (!HIBCC_CHARSET.includes(text[k] ?? '')) {
      const hint = /[a-z]/u.test(text[k] ?? '') ? ' (HIBCC uses upper-case letters only)' : '';
      addError(
        draft,
        'INVALID_CHARACTER',
        `${JSON.stringify(text[k])} is not in the HIBCC character set${hint}`,
        base + k,
      );
      break;
    }
  }
  const form = parseStructure(ctx, text.slice(1, -1), base + 1);
  const given = text.slice(-1);
  const checkAt = base + text.length - 1;
  element(ctx, 'CHECK', 'Check character (mod 43)', given, checkAt);
  const expected = mod43CheckOf(text.slice(0, -1));
  if (expected !== null && expected !== given) {
    addError(
      draft,
      'HIBCC_CHECK_CHARACTER',
      `wrong check character ${JSON.stringify(given)}, expected ${JSON.stringify(expected)}`,
      checkAt,
      expected,
    );
  }
  return form;
}

/** `body` is everything between the "+" flag and the check character. */
function parseStructure(ctx: Ctx, body: string, at: number): UdiForm | null {
  if (/^[A-Za-z]/u.test(body)) {
    const slash = body.indexOf('/');
    parsePrimary(ctx, slash === -1 ? body : body.slice(0, slash), at);
    if (slash === -1) return 'HIBCC_PRIMARY';
    parseSecondary(ctx, body.slice(slash + 1), at + slash + 1);
    return 'HIBCC_CONCATENATED';
  }
  if (/^[$\d]/u.test(body) && body.length >= 2) {
    parseSecondary(ctx, body.slice(0, -1), at);
    element(
      ctx,
      'LINK',
      "Link character (the primary's check character)",
      body.slice(-1),
      at + body.length - 1,
    );
    return 'HIBCC_SECONDARY';
  }
  addError(
    ctx.draft,
    'INVALID_STRUCTURE',
    'after "+" must come a labeler code (starting with a letter) or secondary data ("$" or a Julian date)',
    at,
  );
  return null;
}
