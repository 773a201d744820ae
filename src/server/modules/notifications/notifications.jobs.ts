import { z } from 'zod';
import { defineJob } from '../../platform/jobs/jobs.ts';
import type { NotificationsService } from './notifications.service.ts';

/** Sends the email for in-app notices when SMTP is configured (OPENHTM_SMTP_URL); a no-op otherwise. */
export const sendNotificationEmailJob = (notifications: NotificationsService, everyMinutes = 1) =>
  defineJob({
    name: 'notifications.send-email',
    payload: z.looseObject({}),
    everyMinutes,
    run: async () => notifications.sendPendingEmail(),
  });
