import { z } from 'zod';
import { isoDateTime } from './common.ts';

export const Health = z.object({ status: z.literal('ok'), version: z.string() });
export const Ready = z.object({
  ready: z.boolean(),
  database: z.enum(['embedded', 'postgres']),
  migrations: z.number().int(),
});

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'dead'] as const;
export const Job = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(jobStatuses),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: isoDateTime,
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  lastError: z.string().nullable(),
  progress: z.number().min(0).max(1).nullable(),
});
export type Job = z.infer<typeof Job>;
export const JobListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  status: z.enum(jobStatuses).optional(),
});
