import type { Config } from './platform/config.ts';
import type { Clock } from './platform/clock.ts';
import type { Database, Db } from './platform/db/database.ts';
import { JobQueue, type JobDefinition } from './platform/jobs/jobs.ts';
import type { Logger } from './platform/logger.ts';
import {
  createAuthService,
  createTokensService,
  createUsersService,
  endExpiredSessionsJob,
} from './modules/identity/index.ts';
import {
  createInventoryService,
  fdaSourceFingerprint,
  syncFdaDeviceTypes,
} from './modules/inventory/index.ts';
import { createDocumentsService, createFileStore } from './modules/inventory/documents/index.ts';
import {
  createDeviceExportService,
  createDeviceImportService,
  importDevicesJob,
} from './modules/inventory/import-export/index.ts';
import { createLabelsService } from './modules/inventory/labels/index.ts';
import { createBackupJob, createOperationsService } from './modules/operations/index.ts';
import {
  createReferenceService,
  shippedReferenceFingerprint,
  syncShippedReferenceTables,
} from './modules/reference/index.ts';
import { createSitesService } from './modules/sites/index.ts';
import {
  assertAemAllowed,
  createAemService,
  createProfileService,
  createRiskService,
  createPlansService,
  createSchedulingService,
  scheduleWorkJob,
} from './modules/maintenance/index.ts';
import {
  allocateWorkOrderNumbers,
  createDueNoticesService,
  createHistoryImportService,
  createWorkOrdersService,
  importHistoryJob,
  notifyDueWorkJob,
} from './modules/work-orders/index.ts';
import { createNotificationsService, sendNotificationEmailJob } from './modules/notifications/index.ts';

/**
 * Reference data the schema needs, loaded right after the migrations (openDatabase's `afterMigrate`): cheap
 * when the database already holds the edition on disk.
 */
export async function loadReferenceData(db: Db): Promise<void> {
  await syncFdaDeviceTypes(db);
  await syncShippedReferenceTables(db);
}

/** Names the reference data on disk (test databases built once are keyed on it, like on the migrations). */
export const referenceDataKey = (): string => `${fdaSourceFingerprint()}:${shippedReferenceFingerprint()}`;

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
  const inventory = createInventoryService({ db, clock });
  const reference = createReferenceService({ db, clock });
  const labels = createLabelsService({ db, clock });
  const documents = createDocumentsService({
    db,
    clock,
    files: createFileStore(config.files.dir),
    maxUploadBytes: config.files.maxUploadBytes,
  });
  const operations = createOperationsService({ database, clock, backup: config.backup });
  // The import service queues its apply job on the queue built below from its job definition (called later).
  const imports = createDeviceImportService({
    db,
    clock,
    maxUploadBytes: config.files.maxUploadBytes,
    enqueue: (name, payload, opts) => queue.enqueue(name, payload, opts),
  });
  const historyImports = createHistoryImportService({
    db,
    clock,
    maxUploadBytes: config.files.maxUploadBytes,
    allocateNumbers: allocateWorkOrderNumbers,
    enqueue: (name, payload, opts) => queue.enqueue(name, payload, opts),
  });
  const exports = createDeviceExportService({
    db,
    clock,
    listDevices: (actor, query) => inventory.deviceSearch.listDevices(actor, query),
  });
  const workOrders = createWorkOrdersService({
    db,
    clock,
    signatureFailuresPerAccount: config.rateLimits.failuresPerAccount,
  });
  const notifications = createNotificationsService({
    db,
    clock,
    mail: { ...config.mail, publicUrl: config.publicUrl },
    log,
  });
  const dueNotices = createDueNoticesService({ db, clock });
  const plans = createPlansService({
    db,
    clock,
    // CMS S&C 14-07 / TJC EC.02.04.01 EP5: a plan with an AEM basis on excluded equipment is refused.
    checkAemEligibility: (tx, organizationId, target) =>
      assertAemAllowed(tx, organizationId, target, clock.now()),
  });
  const risk = createRiskService({ db, clock });
  const profiles = createProfileService({ db, clock });
  const aem = createAemService({ db, clock });
  const scheduling = createSchedulingService({ db, clock });
  const jobDefinitions = [
    endExpiredSessionsJob(auth),
    // Scheduled backups matter most in embedded mode (no fsync); on a server, use PostgreSQL's own backups too.
    createBackupJob(operations, database.mode === 'embedded' ? config.backup.intervalHours : 0),
    // PGlite is one session: a progress write from outside the import's transaction would wait for it to end.
    importDevicesJob(imports, { progressDuringTransaction: database.mode === 'postgres' }),
    importHistoryJob(historyImports, { progressDuringTransaction: database.mode === 'postgres' }),
    scheduleWorkJob(scheduling),
    notifyDueWorkJob(dueNotices),
    sendNotificationEmailJob(notifications),
  ] as JobDefinition<never>[];
  const queue = new JobQueue(db, clock, log, jobDefinitions);
  return {
    database,
    config,
    clock,
    sites,
    auth,
    users,
    tokens,
    operations,
    queue,
    inventory,
    reference,
    labels,
    documents,
    imports,
    historyImports,
    exports,
    plans,
    risk,
    profiles,
    aem,
    scheduling,
    workOrders,
    notifications,
    dueNotices,
  };
}

export type Services = ReturnType<typeof createServices>;
