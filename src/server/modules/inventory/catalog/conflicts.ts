import { getTableName, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { AppError } from '../../../platform/errors.ts';

/** 409 ALREADY_EXISTS naming the field the client should change. */
export const alreadyExists = (field: string, message: string): AppError =>
  new AppError('ALREADY_EXISTS', message, [{ field, message: 'is already used' }]);

/** 400 VALIDATION_FAILED naming one field. */
export const invalidField = (field: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', 'The request has invalid fields', [{ field, message }]);

/**
 * The unique index a write collided with, when it did. The services check uniqueness first and say which
 * value is taken; this catches the race where two requests pass that check together.
 */
export function uniqueViolation(err: unknown): string | undefined {
  for (let e: unknown = err; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505') return typeof constraint === 'string' ? constraint : '';
  }
  return undefined;
}

/** Runs a write, turning a collision on one of `fields` (unique index name -> field) into ALREADY_EXISTS. */
export async function mapUniqueViolations<T>(
  fields: Record<string, string>,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const constraint = uniqueViolation(err);
    const field = constraint === undefined ? undefined : fields[constraint];
    if (field) throw alreadyExists(field, `Another record already has this ${field}`);
    throw err;
  }
}

/**
 * A column named with its table. Drizzle leaves columns unqualified in single-table queries, so inside a
 * correlated subquery `${table.id}` would bind to the subquery's own `id`.
 */
export const qualified = (column: AnyPgColumn): SQL =>
  sql.raw(`"${getTableName(column.table)}"."${column.name}"`);
