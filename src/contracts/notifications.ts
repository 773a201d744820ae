import { z } from 'zod';
import { isoDateTime, uuid } from './common.ts';

export const notificationKinds = ['assigned', 'due_soon', 'overdue', 'missing', 'found'] as const;
export const NotificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  id: uuid,
  kind: NotificationKind,
  title: z.string(),
  body: z.string().nullable(),
  /** A path inside the app (e.g. /work-orders/{id}). */
  link: z.string().nullable(),
  workOrderId: uuid.nullable(),
  createdAt: isoDateTime,
  readAt: isoDateTime.nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const NotificationListResponse = z.object({
  items: z.array(Notification),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});
export type NotificationListResponse = z.infer<typeof NotificationListResponse>;

export const ReadAllResponse = z.object({ marked: z.number().int() });
