import { AppError } from './errors.ts';

/** Opaque keyset cursors: base64url of the last key seen. */
export const encodeCursor = (...keys: string[]): string =>
  Buffer.from(JSON.stringify(keys)).toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  return decodeCursorKeys(cursor)?.[0];
}

export function decodeCursorKeys(cursor: string | undefined): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.length < 200))
      return v as string[];
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [
    { field: 'cursor', message: 'is not a cursor from this list' },
  ]);
}

export function decodeNumericCursor(cursor: string | undefined): string | undefined {
  const key = decodeCursor(cursor);
  if (key !== undefined && !/^\d{1,19}$/.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [
      { field: 'cursor', message: 'is not a cursor from this list' },
    ]);
  }
  return key;
}
