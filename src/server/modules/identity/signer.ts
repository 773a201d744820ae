import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { verifyPassword } from './identity.crypto.ts';
import { users } from './identity.schema.ts';

export interface Signer {
  userId: string;
  /** The printed name shown with the signature (the user's display name at the moment of signing). */
  printedName: string;
  qualified: boolean;
}

/** Failed signatures are counted over the same sliding window as failed sign-ins. */
const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/**
 * Electronic signature: the signer re-enters their password at the moment of signing (21 CFR 11.200(a)(1)-style:
 * the signed-in user plus the password). A wrong password answers 403 SIGNATURE_REJECTED and is recorded as an
 * audit event (`signature.rejected`, 11.300(d)-style: attempted misuse is noticed); after `maxFailures` of them in
 * 15 minutes further attempts answer 429 until the window slides (a slow-down, as for sign-ins). Only a signed-in,
 * active user can sign (not the system, not a read-only token). Call it before the writing transaction: the check
 * costs an argon2 verification, and the rejection's audit event must survive the request's failure.
 */
export async function verifySigner(
  db: DbOrTx,
  clock: Clock,
  actor: Actor,
  password: string,
  maxFailures: number,
): Promise<Signer> {
  if (actor.kind !== 'user' || !actor.userId || actor.readOnly)
    throw new AppError('SIGNATURE_REJECTED', 'Only a signed-in user can sign', [
      { field: 'password', message: 'cannot sign as this caller' },
    ]);
  const since = new Date(clock.now().getTime() - FAILURE_WINDOW_MS).toISOString();
  const failures = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM audit_events
    WHERE organization_id = ${actor.organizationId} AND entity_type = 'user' AND entity_id = ${actor.userId}
      AND action = 'signature.rejected' AND occurred_at > ${since}`);
  if ((failures.rows[0]?.n ?? 0) >= maxFailures)
    throw new AppError(
      'RATE_LIMITED',
      'Too many failed signatures for this account; wait 15 minutes and try again',
    );
  const [user] = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      passwordHash: users.passwordHash,
      active: users.active,
      qualified: users.qualified,
    })
    .from(users)
    .where(and(eq(users.organizationId, actor.organizationId), eq(users.id, actor.userId)));
  const ok = await verifyPassword(user?.active ? user.passwordHash : undefined, password);
  if (!user || !user.active || !ok) {
    await recordAudit(db, actor, clock, {
      action: 'signature.rejected',
      entityType: 'user',
      entityId: actor.userId,
      after: { ip: actor.ip ?? null },
    });
    throw new AppError('SIGNATURE_REJECTED', 'The password does not match; nothing was signed', [
      { field: 'password', message: 'is wrong' },
    ]);
  }
  return { userId: user.id, printedName: user.displayName, qualified: user.qualified };
}
