import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { decodeCursorKeys, decodeNumericCursor, encodeCursor } from './pagination.ts';

describe('keyset cursors', () => {
  it('round-trip any keys', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 50 }), { minLength: 1, maxLength: 3 }), (keys) => {
        expect(decodeCursorKeys(encodeCursor(...keys))).toEqual(keys);
      }),
    );
  });

  it('reject anything else with a validation error naming the cursor, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (junk) => {
        try {
          decodeCursorKeys(junk);
          decodeNumericCursor(junk);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).details[0]?.field).toBe('cursor');
        }
      }),
    );
  });

  it('accept only digits for numeric cursors', () => {
    expect(decodeNumericCursor(encodeCursor('123'))).toBe('123');
    expect(() => decodeNumericCursor(encodeCursor('1; DROP TABLE x'))).toThrow(AppError);
  });
});
