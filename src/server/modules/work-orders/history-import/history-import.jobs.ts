import { z } from 'zod';
import { uuid, type Permission } from '../../../../contracts/index.ts';
import type { Actor } from '../../../platform/actor.ts';
import { defineJob, type JobContext } from '../../../platform/jobs/jobs.ts';
import {
  IMPORT_WORK_ORDERS_JOB,
  type HistoryImportService,
  type HistoryProgress,
} from './history-import.service.ts';

const Payload = z.object({
  importId: uuid,
  requester: z.object({
    userId: uuid.nullable(),
    label: z.string(),
    allSites: z.boolean(),
    siteIds: z.array(uuid),
  }),
});

/** Progress is written at most this often (it is a row update of its own). */
const PROGRESS_EVERY_MS = 1000;

/**
 * Applies a maintenance history import queued from the web (the CLI applies in its own process through the same
 * service call), acting for the person who asked with their name and site scope. During the one writing
 * transaction progress is written only where another connection may write (PostgreSQL server), as for devices.
 */
export const importHistoryJob = (
  imports: HistoryImportService,
  opts: { progressDuringTransaction: boolean },
) =>
  defineJob({
    name: IMPORT_WORK_ORDERS_JOB,
    payload: Payload,
    maxAttempts: 3,
    run: async (ctx: JobContext, p) => {
      if (!ctx.organizationId) throw new Error('an import job needs its organization');
      const actor: Actor = {
        kind: p.requester.userId ? 'user' : 'system',
        organizationId: ctx.organizationId,
        userId: p.requester.userId,
        label: p.requester.label,
        role: null,
        permissions: new Set<Permission>(['work-orders.import']),
        allSites: p.requester.allSites,
        siteIds: p.requester.siteIds,
      };
      let last = 0;
      const report = async (progress: HistoryProgress) => {
        if (progress.inTransaction && !opts.progressDuringTransaction) return;
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && progress.fraction < 1) return;
        last = now;
        await ctx.reportProgress(progress.fraction);
      };
      const outcome = await imports.runImport(actor, p.importId, null, report);
      return {
        applied: outcome.applied,
        workOrderCount: outcome.applied ? outcome.summary.workOrderCount : 0,
        problemCount: outcome.problemCount,
      };
    },
  });
