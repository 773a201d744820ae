import type { CreateUserRequest, Role, UpdateUserRequest, User } from '../../../contracts/index.ts';
import { requirePermission, systemActor, type Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.ts';
import { decodeCursorKeys, toPage } from '../../platform/pagination.ts';
import { countOrganizations, insertOrganization, type SitesService } from '../sites/index.ts';
import { assertAcceptablePassword } from './auth.service.ts';
import { generatePassword, hashPassword } from './identity.crypto.ts';
import { actorForUser, toUser } from './identity.mappers.ts';
import { mayAssignRole } from './identity.policy.ts';
import * as q from './identity.queries.ts';

export interface UserListInput {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  role?: Role | undefined;
  active?: 'true' | 'false' | undefined;
}

export function createUsersService(deps: { db: Db; clock: Clock; sites: SitesService }) {
  const { db, clock, sites } = deps;

  async function getUser(actor: Actor, id: string): Promise<User> {
    requirePermission(actor, 'users.read');
    const row = await q.findUser(db, actor.organizationId, id);
    if (!row) throw notFound('User');
    return toUser(row, await q.siteIdsOf(db, id));
  }

  async function listUsers(actor: Actor, input: UserListInput) {
    requirePermission(actor, 'users.read');
    const keys = decodeCursorKeys(input.cursor);
    const rows = await q.listUsers(db, {
      organizationId: actor.organizationId,
      q: input.q,
      role: input.role,
      active: input.active === undefined ? undefined : input.active === 'true',
      after: keys && keys.length === 2 ? { name: keys[0] ?? '', id: keys[1] ?? '' } : undefined,
      limit: input.limit + 1,
    });
    const siteMap = await q.siteIdsOfMany(
      db,
      rows.slice(0, input.limit).map((r) => r.id),
    );
    return toPage(
      rows,
      input.limit,
      (r) => toUser(r, siteMap.get(r.id) ?? []),
      (r) => [r.displayName, r.id],
    );
  }

  function assertMayAssign(actor: Actor, role: Role) {
    if (!mayAssignRole(actor.role, role)) throw forbidden(`You may not give the role "${role}"`);
  }

  async function createUser(actor: Actor, input: CreateUserRequest): Promise<User> {
    requirePermission(actor, 'users.manage');
    assertMayAssign(actor, input.role);
    assertAcceptablePassword(input.password, 'password');
    const passwordHash = await hashPassword(input.password);
    return db.transaction(async (tx) => {
      if (!input.allSites) await sites.assertSitesExist(tx, actor.organizationId, input.siteIds);
      if (await q.findUserByEmail(tx, input.email)) {
        throw new AppError('ALREADY_EXISTS', 'A user with this email already exists', [
          { field: 'email', message: 'is already used' },
        ]);
      }
      const row = await q.insertUser(tx, {
        organizationId: actor.organizationId,
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        allSites: input.allSites,
        qualified: input.qualified,
        passwordHash,
      });
      const siteIds = input.allSites ? [] : [...new Set(input.siteIds)].sort();
      await q.replaceUserSites(tx, actor.organizationId, row.id, siteIds);
      const user = toUser(row, siteIds);
      await recordAudit(tx, actor, clock, {
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        after: user,
      });
      return user;
    });
  }

  async function updateUser(actor: Actor, id: string, input: UpdateUserRequest): Promise<User> {
    requirePermission(actor, 'users.manage');
    const { version, reason, siteIds, ...patch } = input;
    return db.transaction(async (tx) => {
      const before = await q.findUser(tx, actor.organizationId, id);
      if (!before) throw notFound('User');
      if (before.version !== version) throw versionConflict('The user');
      // Nobody edits a user more powerful than themselves, nor hands out more power than they hold.
      assertMayAssign(actor, before.role as Role);
      if (patch.role) assertMayAssign(actor, patch.role);
      const demotesAdmin =
        before.role === 'administrator' &&
        ((patch.role && patch.role !== 'administrator') || patch.active === false);
      if (
        demotesAdmin &&
        before.active &&
        (await q.countActiveAdministrators(tx, actor.organizationId)) <= 1
      ) {
        throw new AppError('INVALID_STATE', 'The organization needs at least one active administrator', [
          {
            field: patch.active === false ? 'active' : 'role',
            message: 'would leave no active administrator',
          },
        ]);
      }
      const allSites = patch.allSites ?? before.allSites;
      if (siteIds && !allSites) await sites.assertSitesExist(tx, actor.organizationId, siteIds);
      const beforeSites = await q.siteIdsOf(tx, id);
      const row = await q.updateUser(tx, actor.organizationId, id, version, {
        ...patch,
        updatedAt: clock.now(),
      });
      if (!row) throw versionConflict('The user');
      let afterSites = beforeSites;
      if (siteIds || patch.allSites === true) {
        afterSites = allSites ? [] : [...new Set(siteIds ?? beforeSites)].sort();
        await q.replaceUserSites(tx, actor.organizationId, id, afterSites);
      }
      if (patch.active === false || (patch.role && patch.role !== before.role)) {
        await q.endUserSessions(
          tx,
          id,
          clock.now(),
          patch.active === false ? 'user deactivated' : 'role changed',
        );
      }
      const user = toUser(row, afterSites);
      await recordAudit(tx, actor, clock, {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        before: toUser(before, beforeSites),
        after: user,
        reason: reason ?? null,
      });
      return user;
    });
  }

  async function resetPassword(
    actor: Actor,
    id: string,
    newPassword: string,
    reason?: string,
  ): Promise<void> {
    requirePermission(actor, 'users.manage');
    assertAcceptablePassword(newPassword, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    await db.transaction(async (tx) => {
      const user = await q.findUser(tx, actor.organizationId, id);
      if (!user) throw notFound('User');
      assertMayAssign(actor, user.role as Role);
      const now = clock.now();
      await tx
        .update(q.usersTable)
        .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
        .where(q.userIdIs(id));
      const ended = await q.endUserSessions(tx, id, now, 'password reset');
      await recordAudit(tx, actor, clock, {
        action: 'user.password-reset',
        entityType: 'user',
        entityId: id,
        after: { sessionsEnded: ended },
        reason: reason ?? null,
      });
    });
  }

  async function endSessions(actor: Actor, id: string): Promise<void> {
    requirePermission(actor, 'users.manage');
    await db.transaction(async (tx) => {
      const user = await q.findUser(tx, actor.organizationId, id);
      if (!user) throw notFound('User');
      const ended = await q.endUserSessions(tx, id, clock.now(), 'ended by an administrator');
      await recordAudit(tx, actor, clock, {
        action: 'user.sessions-ended',
        entityType: 'user',
        entityId: id,
        after: { sessionsEnded: ended },
      });
    });
  }

  /** CLI and first run: find a user by email across the installation (system use only). */
  async function findByEmail(email: string) {
    return q.findUserByEmail(db, email);
  }

  async function actorFor(email: string): Promise<Actor> {
    const user = await q.findUserByEmail(db, email);
    if (!user) throw new AppError('NOT_FOUND', `No user with the email ${email}`);
    return actorForUser(user, await q.siteIdsOf(db, user.id));
  }

  /**
   * First run on an empty database: the organization and its first administrator. Returns the generated password
   * when none was configured, so the caller can print it once.
   */
  async function bootstrap(opts: {
    organizationName: string;
    email: string | undefined;
    password: string | undefined;
  }) {
    if ((await countOrganizations(db)) > 0) return undefined;
    const email = (opts.email ?? 'admin@openhtm.local').toLowerCase();
    const password = opts.password ?? generatePassword();
    const passwordHash = await hashPassword(password);
    return db.transaction(async (tx) => {
      if ((await countOrganizations(tx)) > 0) return undefined;
      const org = await insertOrganization(tx, { name: opts.organizationName, kind: 'hospital' });
      const actor = systemActor(org.id, 'system (first run)');
      await recordAudit(tx, actor, clock, {
        action: 'organization.created',
        entityType: 'organization',
        entityId: org.id,
        after: { name: org.name },
      });
      const row = await q.insertUser(tx, {
        organizationId: org.id,
        email,
        displayName: 'Administrator',
        role: 'administrator',
        allSites: true,
        passwordHash,
      });
      await recordAudit(tx, actor, clock, {
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        after: toUser(row, []),
      });
      return { organizationId: org.id, email, generatedPassword: opts.password ? undefined : password };
    });
  }

  return {
    getUser,
    listUsers,
    createUser,
    updateUser,
    resetPassword,
    endSessions,
    findByEmail,
    actorFor,
    bootstrap,
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
