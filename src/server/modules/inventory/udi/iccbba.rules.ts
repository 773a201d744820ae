/**
 * ICCBBA (ISBT 128) UDI carriers for medical products of human origin and blood containers: recognised,
 * kept raw, split at data identifiers; only the device identifier and the serial number are read.
 *
 * Sources:
 * - [REF] OpenHTM domain reference §7.2, from the AccessGUDID example
 *   `=/08717648200274=,000025=A99971312345600=>014032=}013032&,1000000000000XYZ123`: "=/" processor product
 *   identification code (the DI), "=," serial number, "=" + letter or digit donation identification number,
 *   "=>" expiry date, "=}" production date, "&,1" MPHO lot number. The meanings beyond DI and serial are not
 *   verified against ISBT 128 ST-001, so those parts are listed but not interpreted (the reference advises
 *   AccessGUDID's parse_udi for them).
 * - HL7 v2.9 PRT-10 example: "=)" container manufacturer and catalog number (the DI of a blood container)
 *   and "&)" container lot number.
 * ISBT 128 data identifiers are "=" or "&" followed by one character ("&,1" has two). The structures read
 * here carry letters and digits only, so the next "=" or "&" is taken to start the next data structure.
 */
import { addError, setField, type UdiDraft } from './udi-common.rules.ts';

interface DataIdentifier {
  code: string;
  name: string;
  field?: 'deviceIdentifier' | 'serial';
}

/** Longest identifiers first, so "&,1" wins over a bare "&,". */
const DATA_IDENTIFIERS: DataIdentifier[] = [
  { code: '&,1', name: 'MPHO lot number (not parsed)' },
  { code: '=/', name: 'Processor product identification code', field: 'deviceIdentifier' },
  { code: '=)', name: 'Container manufacturer and catalog number', field: 'deviceIdentifier' },
  { code: '=,', name: 'Serial number', field: 'serial' },
  { code: '=>', name: 'Expiration date (not parsed)' },
  { code: '=}', name: 'Production date (not parsed)' },
  { code: '&)', name: 'Container lot number (not parsed)' },
];

/** A donation identification number starts "=" + a letter or digit (ISBT 128 data structure 001). */
const isDinAt = (text: string, i: number): boolean =>
  text[i] === '=' && /^[A-Z0-9]$/u.test(text.charAt(i + 1));

/** Data that looks like ISBT 128: a known data identifier, or "=" + letter/digit, at the start. */
export const looksLikeIccbba = (text: string): boolean =>
  DATA_IDENTIFIERS.some((d) => text.startsWith(d.code)) || isDinAt(text, 0);

export function parseIccbba(text: string, base: number, draft: UdiDraft): void {
  let i = 0;
  while (i < text.length) {
    const known = DATA_IDENTIFIERS.find((d) => text.startsWith(d.code, i));
    const code = known?.code ?? (isDinAt(text, i) ? '=' : text.slice(i, i + 2));
    const name =
      known?.name ??
      (code === '=' ? 'Donation identification number (not parsed)' : 'ISBT 128 data structure (not parsed)');
    const valueStart = i + code.length;
    const nextIdentifier = /[=&]/gu;
    nextIdentifier.lastIndex = valueStart;
    const valueEnd = nextIdentifier.exec(text)?.index ?? text.length;
    const value = text.slice(valueStart, valueEnd);
    draft.elements.push({ code, name, value, position: base + i });
    if (known?.field) {
      if (value === '') {
        addError(draft, 'INVALID_LENGTH', `data identifier ${code} carries no data`, base + i);
      } else {
        setField(draft, known.field, value, base + i);
      }
    }
    i = valueEnd;
  }
}
