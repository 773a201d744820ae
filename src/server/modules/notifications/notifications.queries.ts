import { and, count, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { users } from '../identity/index.ts';
import { notifications } from './notifications.schema.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = Omit<typeof notifications.$inferInsert, 'id' | 'readAt' | 'emailedAt'>;

/** Inserts notices; one with a dedupe key already used in the organization is skipped. Returns those written. */
export async function insertNotifications(db: DbOrTx, rows: NewNotification[]): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  return db.insert(notifications).values(rows).onConflictDoNothing().returning();
}

export async function listForUser(
  db: DbOrTx,
  organizationId: string,
  userId: string,
  opts: {
    unread?: boolean | undefined;
    after?: { createdAt: string; id: string } | undefined;
    limit: number;
  },
): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.organizationId, organizationId),
        eq(notifications.userId, userId),
        opts.unread ? isNull(notifications.readAt) : undefined,
        opts.after
          ? or(
              lt(notifications.createdAt, new Date(opts.after.createdAt)),
              and(
                eq(notifications.createdAt, new Date(opts.after.createdAt)),
                lt(notifications.id, opts.after.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit + 1);
}

export async function unreadCount(db: DbOrTx, organizationId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(
      and(
        eq(notifications.organizationId, organizationId),
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
      ),
    );
  return row?.n ?? 0;
}

export async function findForUser(
  db: DbOrTx,
  organizationId: string,
  userId: string,
  id: string,
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.organizationId, organizationId),
        eq(notifications.userId, userId),
        eq(notifications.id, id),
      ),
    );
  return row;
}

export async function markRead(
  db: DbOrTx,
  organizationId: string,
  userId: string,
  id: string,
  now: Date,
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(
      and(
        eq(notifications.organizationId, organizationId),
        eq(notifications.userId, userId),
        eq(notifications.id, id),
      ),
    )
    .returning();
  return row;
}

export async function markAllRead(
  db: DbOrTx,
  organizationId: string,
  userId: string,
  now: Date,
): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.organizationId, organizationId),
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

/** Notices not yet emailed, with the recipient's address, oldest first. */
export async function listUnsent(db: DbOrTx, limit: number) {
  return db
    .select({
      id: notifications.id,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      email: users.email,
      active: users.active,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(isNull(notifications.emailedAt))
    .orderBy(notifications.createdAt)
    .limit(limit);
}

export async function markEmailed(db: DbOrTx, id: string, now: Date): Promise<void> {
  await db.update(notifications).set({ emailedAt: now }).where(eq(notifications.id, id));
}
