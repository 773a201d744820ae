import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.ts';
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

/**
 * Electronic signature: the signer re-enters their password at the moment of signing (21 CFR 11.200(a)(1)-style:
 * two components at the first signing of a session, the user being signed in and the password). A wrong password
 * answers 403 SIGNATURE_REJECTED; only a signed-in, active user can sign (not the system, not an API token's
 * read-only scope). Call it before the writing transaction: the check costs an argon2 verification.
 */
export async function verifySigner(db: DbOrTx, actor: Actor, password: string): Promise<Signer> {
  if (actor.kind !== 'user' || !actor.userId || actor.readOnly)
    throw new AppError('SIGNATURE_REJECTED', 'Only a signed-in user can sign', [
      { field: 'password', message: 'cannot sign as this caller' },
    ]);
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
  if (!user || !user.active || !ok)
    throw new AppError('SIGNATURE_REJECTED', 'The password does not match; nothing was signed', [
      { field: 'password', message: 'is wrong' },
    ]);
  return { userId: user.id, printedName: user.displayName, qualified: user.qualified };
}
