import { describe, expect, it, vi } from 'vitest';
import { UdiParseResult } from '../../../../contracts/udi.ts';
import { parseUdi } from './udi.rules.ts';

vi.mock('./hibcc.rules.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./hibcc.rules.ts')>()),
  parseHibcc: () => {
    throw new TypeError('simulated reader bug');
  },
}));

describe('parseUdi when a reader fails', () => {
  it('answers an INTERNAL_ERROR result instead of throwing', () => {
    const result = parseUdi('+H123ABC01234561X', new Date('2026-06-15T12:00:00Z'));
    expect(UdiParseResult.parse(result)).toEqual({
      issuingAgency: null,
      form: null,
      raw: '+H123ABC01234561X',
      symbology: null,
      deviceIdentifier: null,
      lot: null,
      serial: null,
      expiryDate: null,
      manufacturingDate: null,
      elements: [],
      errors: [{ code: 'INTERNAL_ERROR', message: 'the parser failed on this input: simulated reader bug' }],
    });
  });
});
