import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Notification,
  NotificationListQuery,
  NotificationListResponse,
  ReadAllResponse,
} from '../../../contracts/index.ts';
import { actorOf, EmptyBody, errorResponses, IdParams } from '../../platform/http/routing.ts';
import type { NotificationsService } from './notifications.service.ts';

const tags = ['Notifications'];
const own = { anyUser: true } as const;

export const notificationsRoutes =
  (notifications: NotificationsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/notifications',
      {
        config: own,
        schema: {
          tags,
          summary: 'My notifications, newest first, with the unread count',
          querystring: NotificationListQuery,
          response: { 200: NotificationListResponse, ...errorResponses },
        },
      },
      (req) => notifications.list(actorOf(req), req.query),
    );
    app.post(
      '/notifications/:id/read',
      {
        config: own,
        schema: {
          tags,
          summary: 'Mark one of my notifications read',
          params: IdParams,
          body: EmptyBody,
          response: { 200: Notification, ...errorResponses },
        },
      },
      (req) => notifications.markRead(actorOf(req), req.params.id),
    );
    app.post(
      '/notifications/read-all',
      {
        config: own,
        schema: {
          tags,
          summary: 'Mark all my notifications read',
          body: EmptyBody,
          response: { 200: ReadAllResponse, ...errorResponses },
        },
      },
      (req) => notifications.markAllRead(actorOf(req)),
    );
  };
