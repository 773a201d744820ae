import { z } from 'zod';
import { permissions as allPermissions, uuid, type Permission } from '../../../../contracts/index.ts';
import type { Actor } from '../../../platform/actor.ts';
import { defineJob, type JobContext } from '../../../platform/jobs/jobs.ts';
import {
  IMPORT_DEVICES_JOB,
  type DeviceImportService,
  type ImportProgress,
} from './device-import.service.ts';

const Payload = z.object({
  importId: uuid,
  requester: z.object({
    userId: uuid.nullable(),
    label: z.string(),
    allSites: z.boolean(),
    siteIds: z.array(uuid),
    permissions: z.array(z.enum(allPermissions)),
  }),
});

/** Progress is written at most this often (it is a row update of its own). */
const PROGRESS_EVERY_MS = 1000;

/**
 * Applies a device import queued from the web (the CLI applies in its own process through the same service call).
 * The import acts for the person who asked, with their name and site scope. Progress is written to the job while
 * the file is checked; during the one writing transaction only where another connection may write (PostgreSQL
 * server): PGlite is one session, so a progress write from outside the transaction would wait for it to end.
 */
export const importDevicesJob = (
  imports: DeviceImportService,
  opts: { progressDuringTransaction: boolean },
) =>
  defineJob({
    name: IMPORT_DEVICES_JOB,
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
        permissions: new Set<Permission>(p.requester.permissions),
        allSites: p.requester.allSites,
        siteIds: p.requester.siteIds,
      };
      let last = 0;
      const report = async (progress: ImportProgress) => {
        if (progress.inTransaction && !opts.progressDuringTransaction) return;
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && progress.fraction < 1) return;
        last = now;
        await ctx.reportProgress(progress.fraction);
      };
      const outcome = await imports.runImport(actor, p.importId, null, report);
      return {
        applied: outcome.applied,
        deviceCount: outcome.applied ? outcome.summary.deviceCount : 0,
        problemCount: outcome.problemCount,
      };
    },
  });
