/**
 * GS1 UDI carriers: the human-readable form "(01)…(17)…", raw element strings as a scanner sends them, and
 * a bare GTIN from an EAN/UPC symbol.
 *
 * Sources:
 * - [GS1-GS] GS1 General Specifications: AIs of predefined length need no FNC1; every other AI is ended by
 *   FNC1 (transmitted as ASCII GS 0x1D) or by the end of the data; the standard mod-10 check digit (weights
 *   3,1,3,1… from the rightmost data digit) of GTIN, SSCC, GLN and the other keys; an AI must not repeat
 *   with a different value.
 * - [ISO-15424] AIM symbology identifiers "]" + code + modifier: ]C1 GS1-128, ]d2 GS1 DataMatrix,
 *   ]Q3 GS1 QR Code, ]e0 GS1 DataBar, ]J1 GS1 DotCode, ]E0/]E4 EAN/UPC.
 */
import type { UdiElement } from '../../../../contracts/udi.ts';
import {
  CHARSET_NAME,
  CHARSET_PATTERN,
  GS1_AIS,
  lookupAi,
  PREDEFINED_LENGTH,
  type Gs1Ai,
} from './gs1-ai.rules.ts';
import { addError, parseDate, setField, type UdiDraft } from './udi-common.rules.ts';

export const GS = '\u001d';

/**
 * Text a scanner, keyboard wedge or person uses for FNC1/GS, accepted case-insensitively. Except `<GS>` and
 * `<FNC1>`, each contains a character outside GS1 character set 82 (\ ^ [ ] { } ␝), so it can never be
 * mistaken for data; `<GS>` is the most common written stand-in and is accepted although "<GS>" is,
 * strictly, valid CSET 82 data.
 */
export const GS_STAND_INS: readonly string[] = [
  '<GS>',
  '[GS]',
  '{GS}',
  '<FNC1>',
  '[FNC1]',
  '{FNC1}',
  '\\x1d',
  '\\u001d',
  '^]',
  '\u241d', // ␝ SYMBOL FOR GROUP SEPARATOR, shown by some terminals
];

export interface MappedText {
  text: string;
  /** `at[i]` is the position in the raw input of `text[i]`; `at[text.length]` is the end. */
  at: number[];
}

/** Replaces every separator stand-in with GS, remembering where each character came from. */
export function normalizeSeparators(raw: string, start: number, end: number): MappedText {
  let text = '';
  const at: number[] = [];
  let i = start;
  outer: while (i < end) {
    for (const standIn of GS_STAND_INS) {
      if (raw.slice(i, i + standIn.length).toUpperCase() === standIn.toUpperCase()) {
        text += GS;
        at.push(i);
        i += standIn.length;
        continue outer;
      }
    }
    text += raw.charAt(i);
    at.push(i);
    i += 1;
  }
  at.push(end);
  return { text, at };
}

/** GS1 mod-10 check digit of the data digits (any length); null when they are not all digits. */
export function gs1CheckDigitOf(data: string): string | null {
  if (!/^\d+$/u.test(data)) return null;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    sum += Number(data[data.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  return String((10 - (sum % 10)) % 10);
}

const GTIN_LENGTHS = [8, 12, 13, 14];

/** Checks an AI's value and files it: element, field, date, check digit. */
function applyElement(
  draft: UdiDraft,
  ai: Gs1Ai,
  value: string,
  mapped: MappedText,
  aiStart: number,
  valueStart: number,
  now: Date,
): void {
  const position = (offset: number): number =>
    mapped.at[valueStart + offset] ?? mapped.at[mapped.at.length - 1] ?? 0;
  const element: UdiElement = {
    code: ai.ai,
    name: ai.title,
    value,
    position: mapped.at[aiStart] ?? 0,
  };
  draft.elements.push(element);
  const errorsBefore = draft.errors.length;

  if (value.length < ai.minLength || value.length > ai.maxLength) {
    const wanted = ai.fixedLength
      ? `exactly ${ai.maxLength}`
      : `${ai.minLength === ai.maxLength ? '' : `${ai.minLength} to `}${ai.maxLength}`;
    const hint =
      ai.ai === '01' && GTIN_LENGTHS.includes(value.length)
        ? `; write a GTIN-${value.length} in (01) with leading zeros`
        : !ai.fixedLength && value.length > ai.maxLength
          ? '; a group separator (FNC1) may be missing'
          : '';
    addError(
      draft,
      'INVALID_LENGTH',
      `AI (${ai.ai}) ${ai.title} must have ${wanted} characters, found ${value.length}${hint}`,
      position(0),
    );
  }
  let offset = 0;
  for (const component of ai.components) {
    const take =
      component.min === component.max ? component.max : Math.min(component.max, value.length - offset);
    for (let k = offset; k < Math.min(offset + take, value.length); k++) {
      if (!CHARSET_PATTERN[component.charset].test(value[k] ?? '')) {
        addError(
          draft,
          'INVALID_CHARACTER',
          `AI (${ai.ai}) ${ai.title}: ${JSON.stringify(value[k])} is not ${CHARSET_NAME[component.charset]}`,
          position(k),
        );
        break;
      }
    }
    offset += take;
  }

  if (ai.check) {
    // A GTIN-8/12/13 wrongly put in (01) still has a checkable check digit: leading zeros do not change it.
    const length = ai.ai === '01' && GTIN_LENGTHS.includes(value.length) ? value.length : ai.check.length;
    const digits = value.slice(0, length);
    const expected = digits.length === length ? gs1CheckDigitOf(digits.slice(0, -1)) : null;
    if (expected !== null && expected !== digits.slice(-1)) {
      addError(
        draft,
        ai.check.code,
        `AI (${ai.ai}) ${ai.title} ${digits}: wrong check digit ${digits.slice(-1)}, expected ${expected}`,
        position(length - 1),
        expected,
      );
    }
  }

  let fieldValue = value;
  if (ai.date) {
    const parsed = draft.errors.length === errorsBefore ? parseDate(value, ai.date, now) : null;
    if (parsed?.ok) {
      element.normalized = parsed.normalized;
      fieldValue = parsed.date;
    } else {
      if (parsed) {
        const message = `AI (${ai.ai}) ${ai.title} ${value}: ${parsed.problem}`;
        addError(draft, 'INVALID_DATE', message, position(parsed.offset));
      }
      return; // a date that cannot be read supplies no field
    }
  }
  if (ai.ai === '01' && value.length === 14) element.normalized = value;
  if (ai.field) setField(draft, ai.field, fieldValue, element.position);
  // AI 7003 (expiry date and time) supplies the expiry date too; with AI 17 the two must agree.
  if (ai.ai === '7003') setField(draft, 'expiryDate', fieldValue, element.position);
}

const isPadding = (c: string): boolean => c === GS || /\s/u.test(c);

export function withoutLeadingSeparators(text: string): string {
  let i = 0;
  while (text[i] === GS) i++;
  return text.slice(i);
}

/** Reads "(AI)value(AI)value…". Whitespace and separators around values are ignored. */
export function parseGs1HumanReadable(mapped: MappedText, draft: UdiDraft, now: Date): void {
  const { text } = mapped;
  const matches = [...text.matchAll(/\((\d{2,4})\)/gu)];
  const first = matches[0];
  const leading = text.slice(0, first?.index ?? text.length);
  if (leading.trim() !== '') {
    addError(
      draft,
      'UNEXPECTED_TEXT',
      `text before the first "(AI)": ${JSON.stringify(leading)}`,
      mapped.at[0],
    );
  }
  matches.forEach((match, n) => {
    const aiStart = match.index;
    let valueStart = aiStart + match[0].length;
    let valueEnd = matches[n + 1]?.index ?? text.length;
    while (valueStart < valueEnd && isPadding(text.charAt(valueStart))) valueStart++;
    while (valueEnd > valueStart && isPadding(text.charAt(valueEnd - 1))) valueEnd--;
    const code = match[1] ?? '';
    const ai = GS1_AIS.get(code);
    const value = text.slice(valueStart, valueEnd);
    if (!ai) {
      draft.elements.push({ code, name: 'unknown AI', value, position: mapped.at[aiStart] ?? 0 });
      addError(
        draft,
        'UNKNOWN_AI',
        `(${code}) is not a GS1 application identifier this parser knows`,
        mapped.at[aiStart],
      );
      return;
    }
    applyElement(draft, ai, value, mapped, aiStart, valueStart, now);
  });
}

/** Reads a raw element string: AI, data, FNC1 (GS) where the AI is not of predefined length, and so on. */
export function parseGs1ElementString(mapped: MappedText, draft: UdiDraft, now: Date): void {
  const { text } = mapped;
  const nextGs = (from: number): number => {
    const found = text.indexOf(GS, from);
    return found === -1 ? text.length : found;
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] === GS) {
      i++; // leading, doubled or trailing separators carry nothing
      continue;
    }
    const ai = lookupAi(text, i);
    if (!ai) {
      const prefix = text.slice(i, i + 2);
      const predefined = /^\d\d$/u.test(prefix) ? PREDEFINED_LENGTH.get(prefix) : undefined;
      const end = predefined
        ? Math.min(i + predefined.aiLength + predefined.dataLength, nextGs(i))
        : nextGs(i);
      const what = /^\d/u.test(text[i] ?? '')
        ? `no GS1 application identifier starts with ${JSON.stringify(text.slice(i, i + 4))}`
        : `expected a GS1 application identifier (digits), found ${JSON.stringify(text[i])}`;
      draft.elements.push({
        code: '',
        name: 'unknown AI',
        value: text.slice(i, end),
        position: mapped.at[i] ?? 0,
      });
      addError(draft, 'UNKNOWN_AI', what, mapped.at[i]);
      i = end;
      continue;
    }
    const valueStart = i + ai.ai.length;
    const stop = nextGs(valueStart);
    const valueEnd = ai.fixedLength ? Math.min(valueStart + ai.maxLength, stop) : stop;
    applyElement(draft, ai, text.slice(valueStart, valueEnd), mapped, i, valueStart, now);
    i = valueEnd;
    if (i < text.length && text[i] !== GS && !ai.predefinedLength) {
      addError(
        draft,
        'MISSING_SEPARATOR',
        `AI (${ai.ai}) is not of predefined length, so a group separator (FNC1) must follow its data`,
        mapped.at[i],
      );
    }
  }
}

/** A GTIN alone, as an EAN-8, UPC-A, EAN-13 or ITF-14 symbol carries it (no AI). */
export function parseBareGtin(mapped: MappedText, draft: UdiDraft): void {
  const value = mapped.text;
  const at = mapped.at[0] ?? 0;
  const normalized = value.padStart(14, '0');
  draft.elements.push({ code: '01', name: `GTIN-${value.length}`, value, normalized, position: at });
  const expected = gs1CheckDigitOf(value.slice(0, -1));
  if (expected !== null && expected !== value.slice(-1)) {
    addError(
      draft,
      'GTIN_CHECK_DIGIT',
      `GTIN ${value}: wrong check digit ${value.slice(-1)}, expected ${expected}`,
      mapped.at[value.length - 1],
      expected,
    );
  }
  setField(draft, 'deviceIdentifier', normalized, at);
}

export const isBareGtin = (text: string): boolean =>
  /^\d+$/u.test(text) && GTIN_LENGTHS.includes(text.length);
