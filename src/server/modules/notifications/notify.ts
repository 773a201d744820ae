import type { NotificationKind } from '../../../contracts/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { insertNotifications, type NotificationRow } from './notifications.queries.ts';

export interface NotifyInput {
  organizationId: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string | null;
  link?: string | null;
  workOrderId?: string | null;
  /** The same key in the organization is written once (recurring jobs, repeated assignment). */
  dedupeKey?: string | null;
}

/**
 * Writes in-app notices in the caller's transaction (they appear with the change that caused them, or not at all).
 * Email follows later through the `notifications.send-email` job when SMTP is configured.
 */
export async function notify(tx: DbOrTx, clock: Clock, items: NotifyInput[]): Promise<NotificationRow[]> {
  const now = clock.now();
  return insertNotifications(
    tx,
    items.map((i) => ({
      organizationId: i.organizationId,
      userId: i.userId,
      kind: i.kind,
      title: i.title,
      body: i.body ?? null,
      link: i.link ?? null,
      workOrderId: i.workOrderId ?? null,
      dedupeKey: i.dedupeKey ?? null,
      createdAt: now,
    })),
  );
}
