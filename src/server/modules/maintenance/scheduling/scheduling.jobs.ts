import { z } from 'zod';
import { defineJob } from '../../../platform/jobs/jobs.ts';
import type { SchedulingService } from './schedule.service.ts';

/**
 * Daily schedule run for every organization: generates preventive work through the policy's horizon. Idempotent
 * (a second run creates nothing), so a retried or duplicated job is harmless.
 */
export const scheduleWorkJob = (scheduling: SchedulingService) =>
  defineJob({
    name: 'maintenance.schedule-work',
    payload: z.looseObject({}),
    maxAttempts: 3,
    everyMinutes: 24 * 60,
    run: () => scheduling.runForAllOrganizations(),
  });
