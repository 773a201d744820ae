/**
 * UDI parser entry point: recognises the issuing agency of a scanned or typed UDI carrier and hands it to the
 * GS1, HIBCC or ICCBBA reader. Pure and total: every string in, a `UdiParseResult` out, never an exception.
 *
 * Recognition, after leading whitespace and an AIM symbology identifier [ISO-15424] are set aside:
 * - "+" (or "*+", the Code 39 human-readable form with its asterisks): HIBCC.
 * - "=" or "&" followed by an ISBT 128 data identifier: ICCBBA.
 * - "(" + a known GS1 AI + ")": GS1 human-readable form.
 * - 8, 12, 13 or 14 digits alone: a bare GTIN (EAN-8, UPC-A, EAN-13, ITF-14) when an EAN/UPC AIM prefix
 *   says so, its check digit is right, or it has 14 digits (an all-digit element string of those lengths
 *   would lack a GTIN, so it would not be a UDI anyway).
 * - a GS1 AIM prefix, or a known GS1 AI at the start when that reading is unambiguous (see
 *   `plausibleElementString`): GS1 element string. Another AIM prefix does not make data GS1.
 * Anything else is UNRECOGNIZED_FORMAT, so callers can fall back to, say, an asset-tag lookup.
 */
import type { UdiForm, UdiIssuingAgency, UdiParseResult, UdiSymbology } from '../../../../contracts/udi.ts';
import {
  gs1CheckDigitOf,
  GS,
  isBareGtin,
  normalizeSeparators,
  parseBareGtin,
  parseGs1ElementString,
  parseGs1HumanReadable,
  withoutLeadingSeparators,
} from './gs1.rules.ts';
import { lookupAi } from './gs1-ai.rules.ts';
import { mod43CheckOf, parseHibcc } from './hibcc.rules.ts';
import { looksLikeIccbba, parseIccbba } from './iccbba.rules.ts';
import { addError, newDraft, type UdiDraft } from './udi-common.rules.ts';

type SymbologyKind = 'gs1' | 'gtin' | 'other';

/** [ISO-15424] AIM symbology identifiers, with whether the symbol marks GS1 data. */
const AIM_SYMBOLOGIES: Record<string, { name: string; kind: SymbologyKind }> = {
  ']C1': { name: 'GS1-128', kind: 'gs1' },
  ']d2': { name: 'GS1 DataMatrix', kind: 'gs1' },
  ']Q3': { name: 'GS1 QR Code', kind: 'gs1' },
  ']e0': { name: 'GS1 DataBar', kind: 'gs1' },
  ']J1': { name: 'GS1 DotCode', kind: 'gs1' },
  ']E0': { name: 'EAN-13 / UPC-A', kind: 'gtin' },
  ']E4': { name: 'EAN-8', kind: 'gtin' },
  ']I1': { name: 'ITF (Interleaved 2 of 5) with check digit', kind: 'gtin' },
  ']C0': { name: 'Code 128', kind: 'other' },
  ']A0': { name: 'Code 39', kind: 'other' },
  ']d1': { name: 'Data Matrix', kind: 'other' },
  ']Q1': { name: 'QR Code', kind: 'other' },
  ']L0': { name: 'PDF417', kind: 'other' },
  ']z0': { name: 'Aztec Code', kind: 'other' },
};

interface Outcome {
  issuingAgency: UdiIssuingAgency | null;
  form: UdiForm | null;
}

function recognise(
  raw: string,
  draft: UdiDraft,
  now: Date,
  symbology: { set: UdiSymbology | null },
): Outcome {
  const none: Outcome = { issuingAgency: null, form: null };
  const lead = /^\s*/u.exec(raw)?.[0].length ?? 0;
  const end = raw.trimEnd().length;
  if (lead >= end) {
    addError(draft, 'EMPTY_INPUT', 'the code is empty', 0);
    return none;
  }
  let start = lead;
  let kind: SymbologyKind | null = null;
  const aim = /^\][A-Za-z][0-9A-Za-z]/u.exec(raw.slice(start))?.[0];
  if (aim) {
    const known = AIM_SYMBOLOGIES[aim];
    symbology.set = { identifier: aim, name: known?.name ?? 'unknown symbology' };
    kind = known?.kind ?? 'other';
    start += aim.length;
    if (start >= end) {
      addError(draft, 'EMPTY_INPUT', `no data after the symbology identifier ${aim}`, start);
      return none;
    }
  }
  const mismatch = (what: string): void =>
    addError(
      draft,
      'SYMBOLOGY_MISMATCH',
      `symbology identifier ${aim ?? ''} (${symbology.set?.name ?? ''}) does not carry ${what}`,
      lead,
    );

  const head = raw.slice(start, end);
  if (head.startsWith('+') || head.startsWith('*+')) {
    if (kind === 'gs1' || kind === 'gtin') mismatch('HIBCC data');
    // HIBCC keeps trailing spaces (a space can be its check character) but not line breaks or tabs.
    let text = raw.slice(start, raw.replace(/[^\S ]+$/u, '').length);
    let base = start;
    if (text.startsWith('*')) {
      text = text.slice(1).replace(/\* *$/u, '');
      base += 1;
    }
    return { issuingAgency: 'HIBCC', form: parseHibcc(text, base, draft, now) };
  }
  if (looksLikeIccbba(head)) {
    if (kind === 'gs1' || kind === 'gtin') mismatch('ISBT 128 data');
    parseIccbba(head, start, draft);
    return { issuingAgency: 'ICCBBA', form: 'ICCBBA' };
  }
  if (/^https?:\/\//iu.test(head)) {
    addError(
      draft,
      'UNSUPPORTED_FORMAT',
      'GS1 Digital Link URIs are not read yet; scan the GS1 element string instead',
      start,
    );
    return none;
  }
  const mapped = normalizeSeparators(raw, start, end);
  const body = withoutLeadingSeparators(mapped.text);
  const firstAi = /^\((\d{2,4})\)/u.exec(body)?.[1];
  if (firstAi !== undefined && lookupAi(firstAi, 0)?.ai === firstAi) {
    if (kind === 'other' || kind === 'gtin') mismatch('a GS1 element string');
    parseGs1HumanReadable(mapped, draft, now);
    return { issuingAgency: 'GS1', form: 'GS1_HUMAN_READABLE' };
  }
  const checks = gs1CheckDigitOf(mapped.text.slice(0, -1)) === mapped.text.slice(-1);
  if (kind !== 'gs1' && isBareGtin(mapped.text) && (kind === 'gtin' || checks || mapped.text.length === 14)) {
    parseBareGtin(mapped, draft);
    return { issuingAgency: 'GS1', form: 'GS1_GTIN' };
  }
  if (kind === 'gs1' || plausibleElementString(mapped.text, now)) {
    if (kind === 'other' || kind === 'gtin') {
      mismatch('a GS1 element string (its first character is not FNC1)');
    }
    parseGs1ElementString(mapped, draft, now);
    return { issuingAgency: 'GS1', form: 'GS1_ELEMENT_STRING' };
  }
  addError(
    draft,
    'UNRECOGNIZED_FORMAT',
    'not a GS1, HIBCC or ICCBBA UDI: expected "(01)…", a GS1 element string, "+…" (HIBCC) or "=…" (ISBT 128)',
    start,
  );
  return none;
}

/**
 * Without a symbology identifier, digits are taken for a GS1 element string only when that reading is
 * unambiguous: it starts with the GTIN (as a UDI does), uses group separators, or reads without a single
 * error. So a hospital asset tag such as "12345" is not mistaken for AI (12) with a short date.
 */
function plausibleElementString(text: string, now: Date): boolean {
  const body = withoutLeadingSeparators(text);
  if (!/^\d/u.test(body) || !lookupAi(body, 0)) return false;
  if (body.startsWith('01') || body.includes(GS)) return true;
  const trial = newDraft();
  parseGs1ElementString({ text, at: Array.from({ length: text.length + 1 }, (_, i) => i) }, trial, now);
  return trial.errors.length === 0;
}

/**
 * Parses a UDI carrier. `now` fixes the GS1 century window for two-digit years (pass the clock's time).
 * Positions in errors and elements index `input` as given.
 */
export function parseUdi(input: string, now: Date = new Date()): UdiParseResult {
  const raw = typeof input === 'string' ? input : '';
  const clock = now instanceof Date && !Number.isNaN(now.getTime()) ? now : new Date();
  const draft = newDraft();
  const symbology: { set: UdiSymbology | null } = { set: null };
  let outcome: Outcome;
  try {
    outcome = recognise(raw, draft, clock, symbology);
  } catch (error) {
    // Defensive: a reader bug must not take the scan screen down; report it like any other problem.
    const detail = error instanceof Error ? error.message : String(error);
    const failed = newDraft();
    addError(failed, 'INTERNAL_ERROR', `the parser failed on this input: ${detail}`);
    return { ...emptyResult(raw), errors: failed.errors };
  }
  return {
    issuingAgency: outcome.issuingAgency,
    form: outcome.form,
    raw,
    symbology: symbology.set,
    ...draft.fields,
    elements: draft.elements,
    errors: draft.errors,
  };
}

function emptyResult(raw: string): UdiParseResult {
  return {
    issuingAgency: null,
    form: null,
    raw,
    symbology: null,
    deviceIdentifier: null,
    lot: null,
    serial: null,
    expiryDate: null,
    manufacturingDate: null,
    elements: [],
    errors: [],
  };
}

/**
 * GS1 mod-10 check digit for the data digits of a GS1 key: the GTIN-8/12/13/14 without its check digit
 * (7, 11, 12 or 13 digits; leading zeros do not change it), a GLN's 12 or an SSCC's 17.
 * @throws RangeError unless given 1 to 17 digits
 */
export function gtinCheckDigit(digits: string): string {
  const check = /^\d{1,17}$/u.test(digits) ? gs1CheckDigitOf(digits) : null;
  if (check === null) throw new RangeError(`expected 1 to 17 digits, got ${JSON.stringify(digits)}`);
  return check;
}

/**
 * HIBCC mod-43 check character of `data`, which includes the leading "+" (and, for a concatenated code,
 * everything up to the check character).
 * @throws RangeError unless `data` starts with "+" and uses only the HIBCC character set
 */
export function hibccCheckCharacter(data: string): string {
  const check = data.startsWith('+') ? mod43CheckOf(data) : null;
  if (check === null) {
    throw new RangeError(
      `expected "+" then characters from 0-9 A-Z - . space $ / + %, got ${JSON.stringify(data)}`,
    );
  }
  return check;
}
