import { z } from 'zod';

/**
 * UDI (Unique Device Identification, 21 CFR 801 Subpart B / 21 CFR 830) parsing: the request a scanner or a
 * person sends, and what the parser answers. The parser never fails on bad input: every problem is an entry
 * in `errors`, with the 0-based `position` in `raw` where it was found.
 */

/** FDA-accredited issuing agencies whose carriers the parser reads. */
export const udiIssuingAgencies = ['GS1', 'HIBCC', 'ICCBBA'] as const;
export const UdiIssuingAgency = z.enum(udiIssuingAgencies);
export type UdiIssuingAgency = z.infer<typeof UdiIssuingAgency>;

/** How the carrier was written; a HIBCC standalone secondary carries no device identifier by design. */
export const udiForms = [
  'GS1_ELEMENT_STRING',
  'GS1_HUMAN_READABLE',
  'GS1_GTIN',
  'HIBCC_PRIMARY',
  'HIBCC_SECONDARY',
  'HIBCC_CONCATENATED',
  'ICCBBA',
] as const;
export const UdiForm = z.enum(udiForms);
export type UdiForm = z.infer<typeof UdiForm>;

export const udiErrorCodes = [
  'EMPTY_INPUT',
  'UNRECOGNIZED_FORMAT',
  'UNSUPPORTED_FORMAT',
  'SYMBOLOGY_MISMATCH',
  'UNEXPECTED_TEXT',
  'UNKNOWN_AI',
  'UNKNOWN_FIELD',
  'INVALID_STRUCTURE',
  'INVALID_LENGTH',
  'INVALID_CHARACTER',
  'MISSING_SEPARATOR',
  'GTIN_CHECK_DIGIT',
  'CHECK_DIGIT',
  'HIBCC_CHECK_CHARACTER',
  'INVALID_DATE',
  'CONFLICTING_VALUES',
  'INTERNAL_ERROR',
] as const;
export const UdiErrorCode = z.enum(udiErrorCodes);
export type UdiErrorCode = z.infer<typeof UdiErrorCode>;

export const UdiError = z.object({
  code: UdiErrorCode,
  message: z.string(),
  /** 0-based index into `raw` where the problem starts. */
  position: z.number().int().nonnegative().optional(),
  /** What the data should have been, e.g. the correct GTIN check digit or HIBCC check character. */
  expected: z.string().optional(),
});
export type UdiError = z.infer<typeof UdiError>;

export const UdiElement = z.object({
  /** GS1 application identifier ("01", "17"...), HIBCC field ("LIC", "LOT"...) or ICCBBA data identifier. */
  code: z.string(),
  name: z.string(),
  /** The data exactly as carried. */
  value: z.string(),
  /** The value interpreted: an ISO date (YYYY-MM-DD), date-time (YYYY-MM-DDTHH:MM) or a zero-padded GTIN-14. */
  normalized: z.string().optional(),
  /** 0-based index into `raw` of the element's first character (its identifier, where it has one). */
  position: z.number().int().nonnegative(),
});
export type UdiElement = z.infer<typeof UdiElement>;

/** AIM symbology identifier (ISO/IEC 15424) a scanner put in front of the data, e.g. "]d2". */
export const UdiSymbology = z.object({ identifier: z.string(), name: z.string() });
export type UdiSymbology = z.infer<typeof UdiSymbology>;

const isoDate = z.iso.date();

export const UdiParseResult = z.object({
  issuingAgency: UdiIssuingAgency.nullable(),
  form: UdiForm.nullable(),
  /** The input exactly as received; every `position` indexes this string. */
  raw: z.string(),
  symbology: UdiSymbology.nullable(),
  deviceIdentifier: z.string().nullable(),
  lot: z.string().nullable(),
  serial: z.string().nullable(),
  expiryDate: isoDate.nullable(),
  manufacturingDate: isoDate.nullable(),
  elements: z.array(UdiElement),
  errors: z.array(UdiError),
});
export type UdiParseResult = z.infer<typeof UdiParseResult>;

/**
 * Leading whitespace and trailing line breaks and tabs (a scanner's Enter/Tab suffix) are removed, but not
 * trailing spaces: a space is a valid HIBCC check character (mod-43 value 38), so the parser decides.
 */
export const UdiParseRequest = z.object({
  code: z
    .string()
    .max(500)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' })
    .transform((s) => s.replace(/^\s+/u, '').replace(/[\r\n\t]+$/u, '')),
});
export type UdiParseRequest = z.infer<typeof UdiParseRequest>;
