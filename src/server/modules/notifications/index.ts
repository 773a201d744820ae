export { notifications } from './notifications.schema.ts';
export { notify, type NotifyInput } from './notify.ts';
export {
  createNotificationsService,
  type NotificationsService,
  type MailSettings,
} from './notifications.service.ts';
export { notificationsRoutes } from './notifications.routes.ts';
export { sendNotificationEmailJob } from './notifications.jobs.ts';
