/**
 * Pieces shared by the GS1, HIBCC and ICCBBA readers: the draft result they fill in, and date handling.
 *
 * Sources:
 * - [GS1-GS] GS1 General Specifications §7.12 "Determination of century in dates": with YY the year's last
 *   two digits and CY those of the current year, YY − CY in 51..99 means the previous century, in −99..−50
 *   the next century, otherwise the current one (so the year lies within CY−49 .. CY+50).
 * - [GS1-SD] GS1 syntax dictionary, date components `yymmd0` (AIs 11, 12, 13, 15, 16, 17: DD "00" means the
 *   last day of the month) and `yymmdd` (no 00 day).
 * - [HIBC] HIBC Supplier Labeling Standard date formats MMYY, MMDDYY, YYMMDD, YYMMDDHH, YYJJJ, YYJJJHH and
 *   YYYYMMDD (supplemental 14D/16D). The standard does not define a century rule; the GS1 window is used.
 */
import type { UdiElement, UdiError, UdiErrorCode, UdiParseResult } from '../../../../contracts/udi.ts';

export type UdiFields = Pick<
  UdiParseResult,
  'deviceIdentifier' | 'lot' | 'serial' | 'expiryDate' | 'manufacturingDate'
>;
export type UdiField = keyof UdiFields;

/** What an agency reader fills in; `parseUdi` adds agency, form, raw and symbology. */
export interface UdiDraft {
  fields: UdiFields;
  elements: UdiElement[];
  errors: UdiError[];
}

export function newDraft(): UdiDraft {
  return {
    fields: { deviceIdentifier: null, lot: null, serial: null, expiryDate: null, manufacturingDate: null },
    elements: [],
    errors: [],
  };
}

export function addError(
  draft: UdiDraft,
  code: UdiErrorCode,
  message: string,
  position?: number,
  expected?: string,
): void {
  const error: UdiError = { code, message };
  if (position !== undefined) error.position = position;
  if (expected !== undefined) error.expected = expected;
  draft.errors.push(error);
}

const FIELD_LABEL: Record<UdiField, string> = {
  deviceIdentifier: 'device identifier',
  lot: 'lot',
  serial: 'serial number',
  expiryDate: 'expiry date',
  manufacturingDate: 'manufacturing date',
};

/**
 * Sets a result field once. A second, different value is a CONFLICTING_VALUES error and the first value is
 * kept (GS1 General Specifications: an AI must not appear twice with different values; HIBCC likewise).
 */
export function setField(draft: UdiDraft, field: UdiField, value: string, position: number): void {
  const current = draft.fields[field];
  if (current === null) {
    draft.fields[field] = value;
  } else if (current !== value) {
    addError(
      draft,
      'CONFLICTING_VALUES',
      `the ${FIELD_LABEL[field]} appears twice with different values ("${current}" and "${value}")`,
      position,
    );
  }
}

/** [GS1-GS] §7.12 sliding century window around `now`'s year (UTC). */
export function resolveYear(yy: number, now: Date): number {
  const current = now.getUTCFullYear();
  const century = current - (current % 100);
  const difference = yy - (current % 100);
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export const isoDate = (year: number, month: number, day: number): string =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/**
 * Date layouts, as the sequence of their parts. YY two-digit year (century per [GS1-GS]), YYYY four-digit
 * year, MM month, DD day, D0 day where 00 means the month's last day, JJJ day of the year, HH hour, MI minute.
 */
export const DATE_PATTERNS = {
  YYMMDD: ['YY', 'MM', 'DD'],
  YYMMD0: ['YY', 'MM', 'D0'],
  YYMMDDHHMI: ['YY', 'MM', 'DD', 'HH', 'MI'],
  MMYY: ['MM', 'YY'],
  MMDDYY: ['MM', 'DD', 'YY'],
  YYMMDDHH: ['YY', 'MM', 'DD', 'HH'],
  YYJJJ: ['YY', 'JJJ'],
  YYJJJHH: ['YY', 'JJJ', 'HH'],
  YYYYMMDD: ['YYYY', 'MM', 'DD'],
} as const;
export type DatePattern = keyof typeof DATE_PATTERNS;
type DatePart = (typeof DATE_PATTERNS)[DatePattern][number];

const PART_LENGTH: Record<DatePart, number> = { YY: 2, YYYY: 4, MM: 2, DD: 2, D0: 2, JJJ: 3, HH: 2, MI: 2 };

export const datePatternLength = (pattern: DatePattern): number =>
  DATE_PATTERNS[pattern].reduce((sum, part) => sum + PART_LENGTH[part], 0);

export type DateParse =
  { ok: true; date: string; normalized: string } | { ok: false; problem: string; offset: number };

/**
 * Reads `digits` laid out as `pattern`. A pattern without a day (MMYY) means the last day of the month, the
 * usual reading of a month-only expiry. Problems say which part is wrong and at what offset in `digits`.
 */
export function parseDate(digits: string, pattern: DatePattern, now: Date): DateParse {
  const expectedLength = datePatternLength(pattern);
  if (digits.length !== expectedLength || !/^\d+$/u.test(digits)) {
    return { ok: false, problem: `must be ${expectedLength} digits laid out as ${pattern}`, offset: 0 };
  }
  const value: Partial<Record<DatePart, { n: number; at: number }>> = {};
  let at = 0;
  for (const part of DATE_PATTERNS[pattern]) {
    value[part] = { n: Number(digits.slice(at, at + PART_LENGTH[part])), at };
    at += PART_LENGTH[part];
  }
  const year = value.YYYY ? value.YYYY.n : resolveYear(value.YY?.n ?? 0, now);
  let month: number;
  let day: number;
  if (value.JJJ) {
    const total = isLeapYear(year) ? 366 : 365;
    if (value.JJJ.n < 1 || value.JJJ.n > total) {
      return {
        ok: false,
        problem: `day of year ${value.JJJ.n} is not within 1-${total}`,
        offset: value.JJJ.at,
      };
    }
    let remaining = value.JJJ.n;
    month = 1;
    while (remaining > daysInMonth(year, month)) remaining -= daysInMonth(year, month++);
    day = remaining;
  } else {
    month = value.MM?.n ?? 0;
    if (month < 1 || month > 12) {
      return { ok: false, problem: `month ${pad(month)} is not within 01-12`, offset: value.MM?.at ?? 0 };
    }
    const last = daysInMonth(year, month);
    const dayPart = value.DD ?? value.D0;
    if (!dayPart || (value.D0 && dayPart.n === 0)) {
      day = last;
    } else if (dayPart.n < 1 || dayPart.n > last) {
      return {
        ok: false,
        problem: `day ${pad(dayPart.n)} does not exist in ${isoDate(year, month, 1).slice(0, 7)}`,
        offset: dayPart.at,
      };
    } else {
      day = dayPart.n;
    }
  }
  const date = isoDate(year, month, day);
  if (value.HH && value.HH.n > 23) {
    return { ok: false, problem: `hour ${pad(value.HH.n)} is not within 00-23`, offset: value.HH.at };
  }
  if (value.MI && value.MI.n > 59) {
    return { ok: false, problem: `minute ${pad(value.MI.n)} is not within 00-59`, offset: value.MI.at };
  }
  const normalized = value.HH ? `${date}T${pad(value.HH.n)}:${pad(value.MI?.n ?? 0)}` : date;
  return { ok: true, date, normalized };
}
