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

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells whether there is a next page, whose cursor
 * is the key of the last row shown.
 */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, keyOf: (row: R) => string[]) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(...keyOf(last)) : null,
  };
}

/** A LIKE pattern matching `text` anywhere, with its own %, _ and \ taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
