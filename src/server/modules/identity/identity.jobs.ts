import { z } from 'zod';
import { defineJob } from '../../platform/jobs/jobs.ts';
import type { AuthService } from './auth.service.ts';

/** Marks sessions past their idle or absolute limit as ended, so session lists stay honest. */
export const endExpiredSessionsJob = (auth: AuthService) =>
  defineJob({
    name: 'identity.end-expired-sessions',
    payload: z.looseObject({}),
    everyMinutes: 15,
    run: async () => ({ ended: await auth.endExpiredSessions() }),
  });
