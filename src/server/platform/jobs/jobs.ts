import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/database.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';

export interface JobContext {
  jobId: string;
  attempt: number;
  organizationId: string | null;
  reportProgress(fraction: number): Promise<void>;
}

/** A job owned by a module, named `<module>.<verb-phrase>`; handlers must be idempotent (they may run again). */
export interface JobDefinition<P = unknown> {
  name: string;
  payload: z.ZodType<P>;
  maxAttempts?: number;
  /** Enqueued once per period by whichever node gets there first (deduplicated in the database). */
  everyMinutes?: number;
  run(ctx: JobContext, payload: P): Promise<unknown>;
}

export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

type ClaimedJob = {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  organization_id: string | null;
};

export interface EnqueueOptions {
  runAt?: Date;
  dedupeKey?: string;
  organizationId?: string | null;
  maxAttempts?: number;
  /** Enqueue inside the caller's transaction, so the job exists only if the change that asked for it commits. */
  tx?: DbOrTx;
}

/**
 * A queue in the `jobs` table. Workers claim with FOR UPDATE SKIP LOCKED, so several worker processes on one
 * PostgreSQL never take the same job; on PGlite the same code runs in-process. Failures retry with exponential
 * back-off and end in the dead-letter state `dead` after max attempts.
 */
export class JobQueue {
  private readonly defs = new Map<string, JobDefinition<never>>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly workerId = `${hostname()}:${process.pid}`;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    definitions: JobDefinition<never>[],
    private readonly pollMs = 2000,
  ) {
    for (const d of definitions) this.defs.set(d.name, d);
  }

  async enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string | null> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`Unknown job ${name}`);
    const parsed: unknown = def.payload.parse(payload);
    const r = await (opts.tx ?? this.db).execute<{ id: string }>(sql`
      INSERT INTO jobs (name, payload, run_at, dedupe_key, organization_id, max_attempts)
      VALUES (${name}, ${JSON.stringify(parsed)}::jsonb, ${(opts.runAt ?? this.clock.now()).toISOString()},
        ${opts.dedupeKey ?? null}, ${opts.organizationId ?? null}, ${opts.maxAttempts ?? def.maxAttempts ?? 5})
      ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text`);
    this.kick();
    return r.rows[0]?.id ?? null;
  }

  /** Claims and runs due jobs until none is left; returns how many ran. */
  async drain(limit = 100): Promise<number> {
    let ran = 0;
    while (ran < limit && (await this.runOne())) ran++;
    return ran;
  }

  async enqueueRecurring(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const def of this.defs.values()) {
      if (!def.everyMinutes) continue;
      const slot = Math.floor(now / (def.everyMinutes * 60_000));
      await this.enqueue(def.name, {}, { dedupeKey: `${def.name}@${slot}` });
    }
  }

  /** Jobs left `running` by a process that died are released for another attempt. */
  async releaseStale(olderThanMinutes = 15): Promise<void> {
    await this.db.execute(sql`
      UPDATE jobs SET status = 'failed', locked_at = NULL, locked_by = NULL,
        last_error = 'the worker running it stopped'
      WHERE status = 'running' AND locked_at < ${new Date(this.clock.now().getTime() - olderThanMinutes * 60_000).toISOString()}`);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.releaseStale().catch((err: unknown) => this.log.error({ err }, 'releasing stale jobs failed'));
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private kick(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = (async () => {
        try {
          await this.enqueueRecurring();
          await this.drain();
        } catch (err) {
          this.log.error({ err }, 'job polling failed');
        } finally {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.pollMs);
        }
      })();
    }, ms);
    this.timer.unref();
  }

  private async runOne(): Promise<boolean> {
    const names = [...this.defs.keys()];
    const claimed = await this.db.execute<ClaimedJob>(sql`
      UPDATE jobs SET status = 'running', locked_at = ${this.clock.now().toISOString()}, locked_by = ${this.workerId},
        attempts = attempts + 1
      WHERE id = (
        SELECT id FROM jobs
        WHERE status IN ('queued', 'failed') AND run_at <= ${this.clock.now().toISOString()}
          AND name IN (${sql.join(
            names.map((n) => sql`${n}`),
            sql`, `,
          )})
        ORDER BY run_at, id
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
      RETURNING id::text, name, payload, attempts, max_attempts, organization_id::text`);
    const job = claimed.rows[0];
    if (!job) return false;
    const def = this.defs.get(job.name);
    if (!def) return true;
    const ctx: JobContext = {
      jobId: job.id,
      attempt: job.attempts,
      organizationId: job.organization_id,
      reportProgress: async (fraction) => {
        await this.db.execute(
          sql`UPDATE jobs SET progress = ${Math.max(0, Math.min(1, fraction))} WHERE id = ${job.id}`,
        );
      },
    };
    try {
      const result = await def.run(ctx, def.payload.parse(job.payload));
      await this.db.execute(sql`
        UPDATE jobs SET status = 'succeeded', finished_at = ${this.clock.now().toISOString()}, progress = 1,
          result = ${JSON.stringify(result ?? null)}::jsonb, locked_at = NULL, locked_by = NULL, last_error = NULL
        WHERE id = ${job.id}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const dead = job.attempts >= job.max_attempts;
      const retryAt = new Date(this.clock.now().getTime() + 10_000 * 2 ** Math.min(job.attempts, 10));
      this.log.warn({ job: job.name, id: job.id, attempt: job.attempts, err: message }, 'job failed');
      await this.db.execute(sql`
        UPDATE jobs SET status = ${dead ? 'dead' : 'failed'}, last_error = ${message.slice(0, 2000)},
          run_at = ${retryAt.toISOString()}, locked_at = NULL, locked_by = NULL,
          finished_at = ${dead ? this.clock.now().toISOString() : null}
        WHERE id = ${job.id}`);
    }
    return true;
  }
}
