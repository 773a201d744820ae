import type { Config } from './platform/config.ts';
import type { Clock } from './platform/clock.ts';
import type { Database } from './platform/db/database.ts';
import { JobQueue, type JobDefinition } from './platform/jobs/jobs.ts';
import type { Logger } from './platform/logger.ts';
import {
  createAuthService,
  createTokensService,
  createUsersService,
  endExpiredSessionsJob,
} from './modules/identity/index.ts';
import { createDocumentsService, createFileStore } from './modules/inventory/documents/index.ts';
import { createLabelsService } from './modules/inventory/labels/index.ts';
import { createBackupJob, createOperationsService } from './modules/operations/index.ts';
import { createSitesService } from './modules/sites/index.ts';

/** The composition root: the one place that wires modules together. */
export function createServices(deps: { database: Database; config: Config; clock: Clock; log: Logger }) {
  const { database, config, clock, log } = deps;
  const db = database.db;
  const sites = createSitesService({ db, clock });
  const auth = createAuthService({
    db,
    clock,
    limits: config.session,
    log,
    failuresPerAccount: config.rateLimits.failuresPerAccount,
  });
  const users = createUsersService({ db, clock, sites });
  const tokens = createTokensService({ db, clock });
  const labels = createLabelsService({ db, clock });
  const documents = createDocumentsService({
    db,
    clock,
    files: createFileStore(config.files.dir),
    maxUploadBytes: config.files.maxUploadBytes,
  });
  const operations = createOperationsService({ database, clock, backup: config.backup });
  const jobDefinitions = [
    endExpiredSessionsJob(auth),
    // Scheduled backups matter most in embedded mode (no fsync); on a server, use PostgreSQL's own backups too.
    createBackupJob(operations, database.mode === 'embedded' ? config.backup.intervalHours : 0),
  ] as JobDefinition<never>[];
  const queue = new JobQueue(db, clock, log, jobDefinitions);
  return { database, config, clock, sites, auth, users, tokens, operations, queue, labels, documents };
}

export type Services = ReturnType<typeof createServices>;
