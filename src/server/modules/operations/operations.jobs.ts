import { z } from 'zod';
import { defineJob } from '../../platform/jobs/jobs.ts';
import type { OperationsService } from './operations.service.ts';

/**
 * Scheduled backups. Embedded mode runs PGlite without fsync, so a power loss can lose recent writes: the
 * backup interval is the recovery point for that case (see docs/operations.md).
 */
export const createBackupJob = (ops: OperationsService, everyHours: number) =>
  defineJob({
    name: 'operations.create-backup',
    payload: z.looseObject({}),
    maxAttempts: 3,
    ...(everyHours > 0 ? { everyMinutes: everyHours * 60 } : {}),
    run: () => ops.createScheduledBackup(),
  });
