import type { LoginResponse, Me } from '../../../contracts/index.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { findOrganization } from '../sites/index.ts';
import {
  checkTotp,
  hashPassword,
  isCommonPassword,
  newTotpSecret,
  randomToken,
  sha256,
  totpUri,
  verifyPassword,
} from './identity.crypto.ts';
import { actorForUser, toSession, toUser } from './identity.mappers.ts';
import { sessionExpired, type SessionLimits } from './identity.policy.ts';
import * as q from './identity.queries.ts';

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface Authenticated {
  actor: Actor;
  mfaPending: boolean;
  csrfToken: string | null;
}

const MAX_MFA_ATTEMPTS = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;
const TOUCH_EVERY_MS = 60_000;

export const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'The email or password is wrong');

export function createAuthService(deps: {
  db: Db;
  clock: Clock;
  limits: SessionLimits;
  log: Logger;
  /** Failed sign-ins allowed per account in FAILURE_WINDOW_MS before it is slowed down (ASVS 6.3.1). */
  failuresPerAccount: number;
}) {
  const { db, clock, limits, log } = deps;

  async function openSession(
    tx: Parameters<Parameters<Db['transaction']>[0]>[0],
    user: q.UserRow,
    info: RequestInfo,
    mfaPending: boolean,
  ) {
    const token = randomToken();
    const now = clock.now();
    const session = await q.insertSession(tx, {
      tokenHash: sha256(token),
      organizationId: user.organizationId,
      userId: user.id,
      csrfToken: randomToken(),
      mfaPending,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: new Date(now.getTime() + limits.absoluteHours * 3_600_000),
      ip: info.ip,
      userAgent: info.userAgent?.slice(0, 300) ?? null,
    });
    return { token, session };
  }

  async function me(user: q.UserRow, session: q.SessionRow): Promise<Me> {
    const siteIds = await q.siteIdsOf(db, user.id);
    const org = await findOrganization(db, user.organizationId);
    if (!org) throw notFound('Organization');
    const actor = actorForUser(user, siteIds);
    const idle = new Date(session.lastSeenAt.getTime() + limits.idleMinutes * 60_000);
    return {
      user: toUser(user, siteIds),
      organization: { id: org.id, name: org.name },
      permissions: [...actor.permissions],
      csrfToken: session.csrfToken,
      session: {
        idleExpiresAt: (idle < session.absoluteExpiresAt ? idle : session.absoluteExpiresAt).toISOString(),
        absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
      },
    };
  }

  /** Step one: email and password. A new session token every time (ASVS 7.2.4: no fixation). */
  async function login(
    email: string,
    password: string,
    info: RequestInfo,
  ): Promise<{ token: string; response: LoginResponse }> {
    const user = await q.findUserByEmail(db, email);
    // Per-account back-off on top of the per-address rate limit: a slow-down, not a lockout an attacker could
    // impose on a colleague (ASVS 6.1.1, 6.3.1). The window slides, so waiting always helps.
    if (user) {
      const since = new Date(clock.now().getTime() - FAILURE_WINDOW_MS);
      if ((await q.countFailedLogins(db, user.organizationId, user.id, since)) >= deps.failuresPerAccount) {
        throw new AppError(
          'RATE_LIMITED',
          'Too many failed sign-ins for this account; wait 15 minutes and try again',
        );
      }
    }
    const ok = await verifyPassword(user?.active ? user.passwordHash : undefined, password);
    if (!user || !user.active || !ok) {
      if (user) {
        const actor = actorForUser(user, [], info);
        await recordAudit(db, actor, clock, {
          action: 'auth.login-failed',
          entityType: 'user',
          entityId: user.id,
          after: { ip: info.ip },
        });
      } else {
        log.warn({ ip: info.ip }, 'sign-in failed for an unknown email');
      }
      throw invalidCredentials();
    }
    const { token, session } = await db.transaction(async (tx) => {
      const opened = await openSession(tx, user, info, user.mfaEnabled);
      const actor = actorForUser(user, [], { ...info, sessionId: opened.session.id });
      await recordAudit(tx, actor, clock, {
        action: user.mfaEnabled ? 'auth.password-verified' : 'auth.login',
        entityType: 'session',
        entityId: opened.session.id,
        after: { userId: user.id, ip: info.ip, mfa: user.mfaEnabled },
      });
      return opened;
    });
    if (user.mfaEnabled)
      return { token, response: { status: 'mfa_required' as const, csrfToken: session.csrfToken } };
    return { token, response: { status: 'ok' as const, me: await me(user, session) } };
  }

  /** Step two: the TOTP code. The pending session ends and a fresh one is issued. */
  async function verifyMfa(pendingToken: string | undefined, code: string, info: RequestInfo) {
    const found = pendingToken ? await q.findSessionByTokenHash(db, sha256(pendingToken)) : undefined;
    const now = clock.now();
    if (!found || !found.session.mfaPending || sessionExpired(found.session, now, limits)) {
      throw new AppError('UNAUTHENTICATED', 'Sign in with your email and password first');
    }
    const { session, user } = found;
    if (!user.mfaSecret || !user.active)
      throw new AppError('UNAUTHENTICATED', 'Sign in with your email and password first');
    const step = checkTotp(user.mfaSecret, code, now, user.mfaLastStep);
    if (step === null) {
      await db.transaction(async (tx) => {
        const attempts = await q.incrementMfaAttempts(tx, session.id);
        if (attempts >= MAX_MFA_ATTEMPTS) await q.endSession(tx, session.id, now, 'too many MFA attempts');
        await recordAudit(tx, actorForUser(user, [], { ...info, sessionId: session.id }), clock, {
          action: 'auth.mfa-failed',
          entityType: 'session',
          entityId: session.id,
          after: { attempts },
        });
      });
      throw new AppError('INVALID_MFA_CODE', 'The authentication code is wrong or was already used', [
        { field: 'code', message: 'is wrong or was already used' },
      ]);
    }
    const { token, session: fresh } = await db.transaction(async (tx) => {
      await q.endSession(tx, session.id, now, 'MFA completed');
      await tx.update(q.usersTable).set({ mfaLastStep: step }).where(q.userIdIs(user.id));
      const opened = await openSession(tx, user, info, false);
      await recordAudit(tx, actorForUser(user, [], { ...info, sessionId: opened.session.id }), clock, {
        action: 'auth.login',
        entityType: 'session',
        entityId: opened.session.id,
        after: { userId: user.id, ip: info.ip, mfa: true },
      });
      return opened;
    });
    return { token, response: { status: 'ok' as const, me: await me(user, fresh) } };
  }

  /** Resolves a session cookie to an actor, enforcing idle and absolute timeouts. */
  async function authenticateSession(token: string, info: RequestInfo): Promise<Authenticated | null> {
    const found = await q.findSessionByTokenHash(db, sha256(token));
    if (!found) return null;
    const { session, user } = found;
    const now = clock.now();
    if (!user.active || sessionExpired(session, now, limits)) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
      await q.touchSession(db, session.id, now);
    const siteIds = await q.siteIdsOf(db, user.id);
    return {
      actor: actorForUser(user, siteIds, { ...info, sessionId: session.id }),
      mfaPending: session.mfaPending,
      csrfToken: session.csrfToken,
    };
  }

  async function authenticateToken(token: string, info: RequestInfo): Promise<Authenticated | null> {
    const found = await q.findApiTokenByHash(db, sha256(token));
    if (!found) return null;
    const { token: t, user } = found;
    const now = clock.now();
    if (t.revokedAt || t.expiresAt <= now || !user.active) return null;
    if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > TOUCH_EVERY_MS)
      await q.touchApiToken(db, t.id, now);
    const siteIds = await q.siteIdsOf(db, user.id);
    const actor = actorForUser(user, siteIds, {
      ...info,
      tokenId: t.id,
      readOnly: !t.scopes.includes('write'),
    });
    actor.label = `${actor.label} via token ${t.prefix}`;
    return { actor, mfaPending: false, csrfToken: null };
  }

  async function currentUser(actor: Actor) {
    if (!actor.userId || !actor.sessionId) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const user = await q.findUser(db, actor.organizationId, actor.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const [session] = await db.select().from(q.sessionsTable).where(q.sessionIdIs(actor.sessionId));
    if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    return me(user, session);
  }

  async function logout(actor: Actor): Promise<void> {
    if (!actor.sessionId) return;
    const sessionId = actor.sessionId;
    await db.transaction(async (tx) => {
      await q.endSession(tx, sessionId, clock.now(), 'signed out');
      await recordAudit(tx, actor, clock, {
        action: 'auth.logout',
        entityType: 'session',
        entityId: sessionId,
      });
    });
  }

  async function listMySessions(actor: Actor) {
    if (!actor.userId) return { items: [] };
    const rows = await q.listOpenSessions(db, actor.userId);
    const now = clock.now();
    return {
      items: rows.filter((r) => !sessionExpired(r, now, limits)).map((r) => toSession(r, actor.sessionId)),
    };
  }

  async function endMySession(actor: Actor, sessionId: string): Promise<void> {
    const rows = actor.userId ? await q.listOpenSessions(db, actor.userId) : [];
    const target = rows.find((r) => r.id === sessionId);
    if (!target) throw notFound('Session');
    await db.transaction(async (tx) => {
      await q.endSession(tx, sessionId, clock.now(), 'ended by the user');
      await recordAudit(tx, actor, clock, {
        action: 'auth.session-ended',
        entityType: 'session',
        entityId: sessionId,
      });
    });
  }

  async function requireUser(actor: Actor): Promise<q.UserRow> {
    const user = actor.userId ? await q.findUser(db, actor.organizationId, actor.userId) : undefined;
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    return user;
  }

  /** Changing the password ends every other session (ASVS 7.4.3). */
  async function changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await requireUser(actor);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new AppError('VALIDATION_FAILED', 'The current password is wrong', [
        { field: 'currentPassword', message: 'is wrong' },
      ]);
    }
    assertAcceptablePassword(newPassword, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    await db.transaction(async (tx) => {
      const now = clock.now();
      await tx
        .update(q.usersTable)
        .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
        .where(q.userIdIs(user.id));
      const ended = await q.endUserSessions(tx, user.id, now, 'password changed', actor.sessionId);
      await recordAudit(tx, actor, clock, {
        action: 'user.password-changed',
        entityType: 'user',
        entityId: user.id,
        after: { otherSessionsEnded: ended },
      });
    });
  }

  async function setupMfa(actor: Actor) {
    const user = await requireUser(actor);
    const secret = newTotpSecret();
    await db.transaction(async (tx) => {
      await tx.update(q.usersTable).set({ mfaPendingSecret: secret }).where(q.userIdIs(user.id));
      await recordAudit(tx, actor, clock, {
        action: 'user.mfa-setup-started',
        entityType: 'user',
        entityId: user.id,
      });
    });
    return { secret, otpauthUrl: totpUri(secret, user.email) };
  }

  async function enableMfa(actor: Actor, code: string): Promise<void> {
    const user = await requireUser(actor);
    if (!user.mfaPendingSecret) throw new AppError('INVALID_STATE', 'Start the authenticator setup first');
    const step = checkTotp(user.mfaPendingSecret, code, clock.now(), null);
    if (step === null)
      throw new AppError('INVALID_MFA_CODE', 'The authentication code is wrong', [
        { field: 'code', message: 'is wrong' },
      ]);
    await db.transaction(async (tx) => {
      await tx
        .update(q.usersTable)
        .set({
          mfaSecret: user.mfaPendingSecret,
          mfaPendingSecret: null,
          mfaEnabled: true,
          mfaLastStep: step,
          updatedAt: clock.now(),
        })
        .where(q.userIdIs(user.id));
      await recordAudit(tx, actor, clock, {
        action: 'user.mfa-enabled',
        entityType: 'user',
        entityId: user.id,
        before: { mfaEnabled: user.mfaEnabled },
        after: { mfaEnabled: true },
      });
    });
  }

  async function disableMfa(actor: Actor, password: string): Promise<void> {
    const user = await requireUser(actor);
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new AppError('VALIDATION_FAILED', 'The password is wrong', [
        { field: 'password', message: 'is wrong' },
      ]);
    }
    await db.transaction(async (tx) => {
      await tx
        .update(q.usersTable)
        .set({ mfaSecret: null, mfaPendingSecret: null, mfaEnabled: false, updatedAt: clock.now() })
        .where(q.userIdIs(user.id));
      await recordAudit(tx, actor, clock, {
        action: 'user.mfa-disabled',
        entityType: 'user',
        entityId: user.id,
        before: { mfaEnabled: user.mfaEnabled },
        after: { mfaEnabled: false },
      });
    });
  }

  /** Housekeeping is a write like any other: one audit event per organization whose sessions it ended. */
  async function endExpiredSessions(): Promise<number> {
    return db.transaction(async (tx) => {
      const ended = await q.endExpiredSessions(tx, clock.now(), limits.idleMinutes);
      const byOrg = new Map<string, typeof ended>();
      for (const s of ended) byOrg.set(s.organizationId, [...(byOrg.get(s.organizationId) ?? []), s]);
      for (const [organizationId, rows] of byOrg) {
        await recordAudit(tx, systemActor(organizationId, 'system (session expiry)'), clock, {
          action: 'auth.sessions-expired',
          entityType: 'session',
          entityId: null,
          after: { sessions: rows.map((r) => ({ id: r.id, userId: r.userId })) },
        });
      }
      return ended.length;
    });
  }

  return {
    login,
    verifyMfa,
    authenticateSession,
    authenticateToken,
    currentUser,
    logout,
    listMySessions,
    endMySession,
    changePassword,
    setupMfa,
    enableMfa,
    disableMfa,
    endExpiredSessions,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

export function assertAcceptablePassword(password: string, field: string): void {
  if (isCommonPassword(password)) {
    throw new AppError('VALIDATION_FAILED', 'That password is too common', [
      { field, message: 'is too common; choose another' },
    ]);
  }
}
