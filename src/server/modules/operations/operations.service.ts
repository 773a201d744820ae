import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Job } from '../../../contracts/index.ts';
import { requirePermission, type Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { writeBackup, type BackupSummary } from '../../platform/db/backup.ts';
import type { Database } from '../../platform/db/database.ts';
import { jobs } from '../../platform/jobs/jobs.schema.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { decodeNumericCursor, toPage } from '../../platform/pagination.ts';

export const backupFileName = (at: Date) =>
  `openhtm-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.jsonl.gz`;

export function createOperationsService(deps: {
  database: Database;
  clock: Clock;
  backup: { dir: string; keep: number };
}) {
  const { database, clock } = deps;
  const db = database.db;

  /** Writes a backup into the backup folder and keeps the newest `keep` of them. */
  async function createScheduledBackup(): Promise<BackupSummary & { pruned: number }> {
    mkdirSync(deps.backup.dir, { recursive: true });
    const summary = await writeBackup(database.pool, join(deps.backup.dir, backupFileName(clock.now())));
    const old = readdirSync(deps.backup.dir)
      .filter((f) => /^openhtm-\d{8}T\d{6}Z\.jsonl\.gz$/.test(f))
      .sort()
      .reverse()
      .slice(deps.backup.keep);
    for (const f of old) rmSync(join(deps.backup.dir, f));
    return { ...summary, pruned: old.length };
  }

  async function listJobs(
    actor: Actor,
    input: { limit: number; cursor?: string | undefined; status?: Job['status'] | undefined },
  ) {
    requirePermission(actor, 'jobs.read');
    const where: SQL[] = [
      sql`(${jobs.organizationId} = ${actor.organizationId} OR ${jobs.organizationId} IS NULL)`,
    ];
    if (input.status) where.push(eq(jobs.status, input.status));
    const cursor = decodeNumericCursor(input.cursor);
    if (cursor) where.push(lt(jobs.id, BigInt(cursor)));
    const rows = await db
      .select()
      .from(jobs)
      .where(and(...where))
      .orderBy(desc(jobs.id))
      .limit(input.limit + 1);
    return toPage(
      rows,
      input.limit,
      (r): Job => ({
        id: r.id.toString(),
        name: r.name,
        status: r.status as Job['status'],
        attempts: r.attempts,
        maxAttempts: r.maxAttempts,
        runAt: r.runAt.toISOString(),
        createdAt: r.createdAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        lastError: r.lastError,
        progress: r.progress,
      }),
      (r) => [r.id.toString()],
    );
  }

  /** Queues a backup now (administrators), recorded in the audit trail. */
  async function requestBackup(actor: Actor, queue: JobQueue) {
    requirePermission(actor, 'jobs.manage');
    return db.transaction(async (tx) => {
      const id = await queue.enqueue('operations.create-backup', {}, { tx });
      await recordAudit(tx, actor, clock, {
        action: 'backup.requested',
        entityType: 'job',
        entityId: id,
        after: { job: 'operations.create-backup' },
      });
      return { jobId: id ?? '' };
    });
  }

  return { createScheduledBackup, listJobs, requestBackup };
}

export type OperationsService = ReturnType<typeof createOperationsService>;
