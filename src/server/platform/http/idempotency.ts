import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import type { Clock } from '../clock.ts';
import type { Db, Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { idempotencyKeys } from './idempotency.schema.ts';

/** An `Idempotency-Key` header value: printable ASCII, 1–200 characters (a UUID is typical). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface IdempotentRequest {
  /** The header's value, or undefined when the request carried none (then nothing is remembered). */
  key: string | undefined;
  /** The operation (e.g. `POST /work-orders`): one key used on two operations is a reuse. */
  operation: string;
  /** The request as the service received it (after validation); hashed as canonical JSON. */
  body: unknown;
}

export interface IdempotentResult<T> {
  statusCode: number;
  body: T;
  /** True when the answer is the one remembered for an earlier request with the same key. */
  replayed: boolean;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
    .join(',')}}`;
}

export const requestHash = (operation: string, body: unknown): string =>
  createHash('sha256')
    .update(`${operation}\n${canonical(body)}`)
    .digest('hex');

/**
 * Runs a write once per `Idempotency-Key` (scoped to the organization and user). The key row is inserted in the
 * write's own transaction: a concurrent request with the same key waits on the key's unique index until the first
 * commits (or rolls back, and then it runs itself), so two racing creates make one record. The same key with a
 * different body (or operation) is refused with 422 IDEMPOTENCY_KEY_REUSED. A failed write leaves no key behind:
 * the retry runs again. `run` must use only `tx`.
 */
export async function withIdempotency<T>(
  db: Db,
  actor: Actor,
  clock: Clock,
  req: IdempotentRequest,
  run: (tx: Tx) => Promise<{ statusCode: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const { key } = req;
  if (key === undefined) {
    const out = await db.transaction(run);
    return { ...out, replayed: false };
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(key))
    throw new AppError('VALIDATION_FAILED', 'Invalid Idempotency-Key', [
      { field: 'Idempotency-Key', message: 'must be 1 to 200 printable ASCII characters' },
    ]);
  const userId = actor.userId ?? '00000000-0000-0000-0000-000000000000';
  const hash = requestHash(req.operation, req.body);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({
        organizationId: actor.organizationId,
        userId,
        key,
        operation: req.operation,
        requestSha256: hash,
        createdAt: clock.now(),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      const [row] = await tx
        .select()
        .from(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.organizationId, actor.organizationId),
            eq(idempotencyKeys.userId, userId),
            eq(idempotencyKeys.key, key),
          ),
        );
      if (!row || row.statusCode === null)
        throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being answered; retry');
      if (row.requestSha256 !== hash)
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for a different request',
          [{ field: 'Idempotency-Key', message: 'was already used with another body or operation' }],
        );
      return { statusCode: row.statusCode, body: row.responseBody as T, replayed: true };
    }
    const out = await run(tx);
    await tx
      .update(idempotencyKeys)
      .set({ statusCode: out.statusCode, responseBody: sql`${JSON.stringify(out.body)}::jsonb` })
      .where(
        and(
          eq(idempotencyKeys.organizationId, actor.organizationId),
          eq(idempotencyKeys.userId, userId),
          eq(idempotencyKeys.key, key),
        ),
      );
    return { ...out, replayed: false };
  });
}
