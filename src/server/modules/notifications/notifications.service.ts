import type { Transporter } from 'nodemailer';
import { createTransport } from 'nodemailer';
import type {
  Notification,
  NotificationListQuery,
  NotificationListResponse,
} from '../../../contracts/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { decodeCursorKeys, encodeCursor } from '../../platform/pagination.ts';
import * as q from './notifications.queries.ts';

export interface MailSettings {
  /** smtp://user:pass@host:port or smtps://…; undefined: no email, in-app only. */
  smtpUrl: string | undefined;
  from: string;
  /** Absolute base for links in emails (OPENHTM_PUBLIC_URL), if known. */
  publicUrl: string | undefined;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const toNotification = (r: q.NotificationRow): Notification => ({
  id: r.id,
  kind: r.kind as Notification['kind'],
  title: r.title,
  body: r.body,
  link: r.link,
  workOrderId: r.workOrderId,
  createdAt: r.createdAt.toISOString(),
  readAt: iso(r.readAt),
});

/** Notices belong to a person: every signed-in user reads and marks only their own. */
function userOf(actor: Actor): string {
  if (!actor.userId) throw new AppError('FORBIDDEN', 'Notifications belong to signed-in users');
  return actor.userId;
}

export function createNotificationsService(deps: { db: Db; clock: Clock; mail: MailSettings; log: Logger }) {
  const { db, clock, mail, log } = deps;
  let transport: Transporter | undefined;

  async function list(actor: Actor, query: NotificationListQuery): Promise<NotificationListResponse> {
    const userId = userOf(actor);
    const keys = decodeCursorKeys(query.cursor);
    const after = keys && keys.length === 2 ? { createdAt: keys[0] ?? '', id: keys[1] ?? '' } : undefined;
    if (keys && (!after || Number.isNaN(Date.parse(after.createdAt))))
      throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [
        { field: 'cursor', message: 'is not a cursor from this list' },
      ]);
    const rows = await q.listForUser(db, actor.organizationId, userId, {
      unread: query.unread,
      after,
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toNotification),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
      unreadCount: await q.unreadCount(db, actor.organizationId, userId),
    };
  }

  async function markRead(actor: Actor, id: string): Promise<Notification> {
    const userId = userOf(actor);
    return db.transaction(async (tx) => {
      const before = await q.findForUser(tx, actor.organizationId, userId, id);
      if (!before) throw notFound('Notification');
      const row = await q.markRead(tx, actor.organizationId, userId, id, clock.now());
      if (!row) throw notFound('Notification');
      const after = toNotification(row);
      await recordAudit(tx, actor, clock, {
        action: 'notification.read',
        entityType: 'notification',
        entityId: id,
        before: toNotification(before),
        after,
      });
      return after;
    });
  }

  async function markAllRead(actor: Actor): Promise<{ marked: number }> {
    const userId = userOf(actor);
    return db.transaction(async (tx) => {
      const marked = await q.markAllRead(tx, actor.organizationId, userId, clock.now());
      await recordAudit(tx, actor, clock, {
        action: 'notifications.read_all',
        entityType: 'user',
        entityId: userId,
        after: { marked },
      });
      return { marked };
    });
  }

  /**
   * Emails notices not yet sent (job `notifications.send-email`), each marked sent after the server took it; a
   * failure leaves it for the next run. No transaction is held while talking to the mail server (PGlite is one
   * session). Without SMTP configured nothing is sent.
   */
  async function sendPendingEmail(limit = 100): Promise<{ sent: number; failed: number }> {
    if (!mail.smtpUrl) return { sent: 0, failed: 0 };
    transport ??= createTransport(mail.smtpUrl);
    const t = transport;
    let sent = 0;
    let failed = 0;
    for (const r of await q.listUnsent(db, limit)) {
      if (r.active) {
        const link = r.link ? (mail.publicUrl ? new URL(r.link, mail.publicUrl).toString() : r.link) : null;
        try {
          await t.sendMail({
            from: mail.from,
            to: r.email,
            subject: r.title,
            text: [r.body ?? '', link ?? ''].filter(Boolean).join('\n\n') || r.title,
          });
          sent++;
        } catch (err) {
          failed++;
          log.warn({ err: (err as Error).message, notification: r.id }, 'notification email failed');
          continue;
        }
      }
      // Inactive users get no email; their notice is marked so it is not looked at again.
      await q.markEmailed(db, r.id, clock.now());
    }
    return { sent, failed };
  }

  return { list, markRead, markAllRead, sendPendingEmail };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
