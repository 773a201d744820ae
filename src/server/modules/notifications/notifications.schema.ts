import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { notificationKinds } from '../../../contracts/notifications.ts';
import { users } from '../identity/index.ts';
import { organizations } from '../sites/index.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/**
 * In-app notifications for a user (and the email sent for them when SMTP is configured). `dedupe_key` makes a
 * recurring job's notice appear once (e.g. `overdue:<work order>:<user>`). Marking read sets read_at.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    link: text('link'),
    /** No FK: notifications sit below work orders in the module graph. */
    workOrderId: uuid('work_order_id'),
    dedupeKey: text('dedupe_key'),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
    emailedAt: ts('emailed_at'),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_key_uq').on(t.organizationId, t.dedupeKey),
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unsent_idx')
      .on(t.createdAt)
      .where(sql`${t.emailedAt} IS NULL`),
    check('notifications_kind_check', sql`${t.kind} in (${inList(notificationKinds)})`),
  ],
);
