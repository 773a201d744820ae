import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { engines, openTestDatabase, type TestDatabase } from '../../../../test/support/engines.ts';
import { TestClock } from '../../../../test/support/app.ts';
import { silentLogger } from '../logger.ts';
import { defineJob, JobQueue, type JobDefinition } from './jobs.ts';

describe.each(engines())('job queue (%s)', (engine) => {
  let t: TestDatabase;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(async () => t?.cleanup());

  const status = async (id: string | null) =>
    (
      await t.database.pool.query<{ status: string; attempts: number; last_error: string | null }>(
        'SELECT status, attempts, last_error FROM jobs WHERE id = $1',
        [id],
      )
    ).rows[0];

  it('retries a failing job with back-off and ends it in the dead-letter state', async () => {
    let calls = 0;
    const flaky = defineJob({
      name: 'test.always-fails',
      payload: z.object({ n: z.number() }),
      maxAttempts: 3,
      run: async () => {
        calls++;
        throw new Error('device feed unreachable');
      },
    });
    const q = new JobQueue(t.database.db, clock, silentLogger, [flaky] as JobDefinition<never>[]);
    const id = await q.enqueue('test.always-fails', { n: 1 });
    await q.drain();
    expect(await status(id)).toMatchObject({ status: 'failed', attempts: 1 });
    await q.drain();
    expect(calls).toBe(1); // not due yet: back-off
    for (let i = 0; i < 3; i++) {
      clock.advance(3_600_000);
      await q.drain();
    }
    expect(calls).toBe(3);
    expect(await status(id)).toMatchObject({
      status: 'dead',
      attempts: 3,
      last_error: 'device feed unreachable',
    });
    await expect(q.enqueue('test.always-fails', { n: 'x' })).rejects.toThrow();
  });

  it('enqueues a recurring job once per period, however many nodes try', async () => {
    const ticks: number[] = [];
    const tick = defineJob({
      name: 'test.tick',
      payload: z.looseObject({}),
      everyMinutes: 60,
      run: async () => void ticks.push(1),
    });
    const a = new JobQueue(t.database.db, clock, silentLogger, [tick] as JobDefinition<never>[]);
    const b = new JobQueue(t.database.db, clock, silentLogger, [tick] as JobDefinition<never>[]);
    await Promise.all([a.enqueueRecurring(), b.enqueueRecurring(), a.enqueueRecurring()]);
    await Promise.all([a.drain(), b.drain()]);
    expect(ticks).toHaveLength(1);
    clock.advance(3_600_000);
    await b.enqueueRecurring();
    await a.drain();
    expect(ticks).toHaveLength(2);
  });

  it('never runs one job twice when several workers claim at once', async () => {
    const runs = new Map<number, number>();
    const work = defineJob({
      name: 'test.work',
      payload: z.object({ i: z.number() }),
      run: async (_ctx, { i }) => {
        runs.set(i, (runs.get(i) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
      },
    });
    const workers = [0, 1, 2].map(
      () => new JobQueue(t.database.db, clock, silentLogger, [work] as JobDefinition<never>[]),
    );
    for (let i = 0; i < 40; i++) await workers[0]?.enqueue('test.work', { i });
    await Promise.all(workers.map((w) => w.drain()));
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });
});
