import { and, asc, eq, gt, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { containsPattern } from '../../platform/pagination.ts';
import { apiTokens, sessions, users, userSites } from './identity.schema.ts';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function findUser(db: DbOrTx, organizationId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.id, id)));
  return row;
}

export async function siteIdsOf(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .select({ siteId: userSites.siteId })
    .from(userSites)
    .where(eq(userSites.userId, userId));
  return rows.map((r) => r.siteId).sort();
}

/** Site ids for a page of users in one query (no N+1). */
export async function siteIdsOfMany(db: DbOrTx, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await db
    .select({ userId: userSites.userId, siteId: userSites.siteId })
    .from(userSites)
    .where(sql`${userSites.userId} IN ${userIds}`);
  for (const r of rows) map.get(r.userId)?.push(r.siteId);
  for (const ids of map.values()) ids.sort();
  return map;
}

export async function replaceUserSites(
  db: DbOrTx,
  organizationId: string,
  userId: string,
  siteIds: readonly string[],
) {
  await db.delete(userSites).where(eq(userSites.userId, userId));
  const unique = [...new Set(siteIds)];
  if (unique.length)
    await db.insert(userSites).values(unique.map((siteId) => ({ organizationId, userId, siteId })));
}

export interface UserFilter {
  organizationId: string;
  q?: string | undefined;
  role?: string | undefined;
  active?: boolean | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export async function listUsers(db: DbOrTx, f: UserFilter): Promise<UserRow[]> {
  const where: SQL[] = [eq(users.organizationId, f.organizationId)];
  if (f.role) where.push(eq(users.role, f.role));
  if (f.active !== undefined) where.push(eq(users.active, f.active));
  if (f.q) {
    const like = containsPattern(f.q);
    const m = or(ilike(users.displayName, like), ilike(users.email, like));
    if (m) where.push(m);
  }
  if (f.after) {
    const k = or(
      gt(users.displayName, f.after.name),
      and(eq(users.displayName, f.after.name), gt(users.id, f.after.id)),
    );
    if (k) where.push(k);
  }
  return db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(f.limit);
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateUser(
  db: DbOrTx,
  organizationId: string,
  id: string,
  version: number,
  patch: Partial<typeof users.$inferInsert>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...patch, version: sql`${users.version} + 1` })
    .where(and(eq(users.organizationId, organizationId), eq(users.id, id), eq(users.version, version)))
    .returning();
  return row;
}

export async function countActiveAdministrators(db: DbOrTx, organizationId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(eq(users.organizationId, organizationId), eq(users.role, 'administrator'), eq(users.active, true)),
    );
  return r?.n ?? 0;
}

export async function insertSession(db: DbOrTx, values: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findSessionByTokenHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash));
  return row;
}

export async function touchSession(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function endSession(db: DbOrTx, id: string, at: Date, reason: string): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: at, endReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.endedAt)));
}

export async function endUserSessions(
  db: DbOrTx,
  userId: string,
  at: Date,
  reason: string,
  exceptId?: string,
) {
  const where = [eq(sessions.userId, userId), isNull(sessions.endedAt)];
  if (exceptId) where.push(sql`${sessions.id} <> ${exceptId}`);
  const rows = await db
    .update(sessions)
    .set({ endedAt: at, endReason: reason })
    .where(and(...where))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function listOpenSessions(db: DbOrTx, userId: string): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt), eq(sessions.mfaPending, false)))
    .orderBy(sql`${sessions.lastSeenAt} desc`)
    .limit(100);
}

export async function incrementMfaAttempts(db: DbOrTx, id: string): Promise<number> {
  const [r] = await db
    .update(sessions)
    .set({ mfaAttempts: sql`${sessions.mfaAttempts} + 1` })
    .where(eq(sessions.id, id))
    .returning({ n: sessions.mfaAttempts });
  return r?.n ?? 0;
}

/** Marks sessions past their idle or absolute limit as ended (housekeeping; the check at use is authoritative). */
export async function endExpiredSessions(
  db: DbOrTx,
  now: Date,
  idleMinutes: number,
): Promise<{ id: string; organizationId: string; userId: string }[]> {
  const idleSince = new Date(now.getTime() - idleMinutes * 60_000);
  return db
    .update(sessions)
    .set({ endedAt: now, endReason: 'expired' })
    .where(
      and(
        isNull(sessions.endedAt),
        or(
          sql`${sessions.absoluteExpiresAt} <= ${now.toISOString()}`,
          sql`${sessions.lastSeenAt} <= ${idleSince.toISOString()}`,
        ),
      ),
    )
    .returning({ id: sessions.id, organizationId: sessions.organizationId, userId: sessions.userId });
}

export async function insertApiToken(
  db: DbOrTx,
  values: typeof apiTokens.$inferInsert,
): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findApiTokenByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash));
  return row;
}

export async function listApiTokens(db: DbOrTx, organizationId: string, userId: string | undefined) {
  const where = [eq(apiTokens.organizationId, organizationId)];
  if (userId) where.push(eq(apiTokens.userId, userId));
  return db
    .select({ token: apiTokens, email: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(...where))
    .orderBy(sql`${apiTokens.createdAt} desc`)
    .limit(500);
}

export async function findApiToken(db: DbOrTx, organizationId: string, id: string) {
  const [row] = await db
    .select({ token: apiTokens, email: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.organizationId, organizationId), eq(apiTokens.id, id)));
  return row;
}

export async function revokeApiToken(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
}

export async function touchApiToken(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}

export const usersTable = users;
export const sessionsTable = sessions;
export const userIdIs = (id: string) => eq(users.id, id);
export const sessionIdIs = (id: string) => eq(sessions.id, id);

/** Failed sign-ins of one user since a time, counted from the audit trail (the record of every attempt). */
export async function countFailedLogins(
  db: DbOrTx,
  organizationId: string,
  userId: string,
  since: Date,
): Promise<number> {
  const r = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM audit_events
    WHERE organization_id = ${organizationId} AND entity_type = 'user' AND entity_id = ${userId}
      AND action = 'auth.login-failed' AND occurred_at > ${since.toISOString()}`);
  return r.rows[0]?.n ?? 0;
}
