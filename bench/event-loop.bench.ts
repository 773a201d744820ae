/**
 * Event-loop benchmark: does a long query in the embedded database freeze HTTP handling?
 *
 *   node --import tsx bench/event-loop.bench.ts
 *
 * 1. Starts the server in-process in embedded mode (PGlite in its worker thread, served on a Unix socket).
 * 2. Calibrates a CPU-bound query to take about one second in that database.
 * 3. Runs it through the server's own pool while `perf_hooks.monitorEventLoopDelay` samples the main thread and
 *    `GET /api/health` is issued every 10 ms; prints the query's duration, the loop's max and p99 delay and the
 *    health latencies.
 * 4. For comparison, runs the same query on PGlite on the main thread (in-memory) with the same probes: that is
 *    the freeze the worker design avoids.
 *
 * Figures only: no assertions, exit code 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../src/server/platform/config.ts';
import { startServer } from '../src/server/server.ts';

const TARGET_MS = 1000;
const PROBE_EVERY_MS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const ms = (n: number) => n.toFixed(1);

/** CPU-bound and cheap on memory: count(*) over a cross join of two series. */
const querySql = (outer: number) =>
  `SELECT count(*) AS n FROM generate_series(1, ${outer}) a CROSS JOIN generate_series(1, 1000) b`;

/**
 * The health prober runs in its own worker thread, like an outside client: it sends `GET /api/health` every
 * PROBE_EVERY_MS on its own event loop, so when the server's main thread freezes, the requests keep going out and
 * their latency shows the freeze (a prober on the server's own loop would simply stop sending).
 */
const proberSource = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = [];
let failures = 0;
const inFlight = new Set();
const timer = setInterval(() => {
  const t0 = performance.now();
  const p = fetch(workerData.url + '/api/health')
    .then(async (res) => {
      await res.arrayBuffer();
      if (res.status === 200) latencies.push(performance.now() - t0);
      else failures++;
    })
    .catch(() => { failures++; })
    .finally(() => inFlight.delete(p));
  inFlight.add(p);
}, workerData.everyMs);
parentPort.postMessage({ type: 'started' });
parentPort.on('message', async () => {
  clearInterval(timer);
  await Promise.all(inFlight);
  parentPort.postMessage({ type: 'done', latencies, failures });
});
`;

interface ProbeResult {
  latencies: number[];
  failures: number;
}

async function probeHealth(url: string): Promise<{ stop(): Promise<ProbeResult> }> {
  const worker = new Worker(proberSource, { eval: true, workerData: { url, everyMs: PROBE_EVERY_MS } });
  const messages: ((m: { type: string } & Partial<ProbeResult>) => void)[] = [];
  worker.on('message', (m: { type: string } & Partial<ProbeResult>) => messages.shift()?.(m));
  const next = () =>
    new Promise<{ type: string } & Partial<ProbeResult>>((resolve) => messages.push(resolve));
  await next(); // started
  return {
    async stop() {
      const done = next();
      worker.postMessage('stop');
      const m = await done;
      await worker.terminate();
      return { latencies: m.latencies ?? [], failures: m.failures ?? 0 };
    },
  };
}

interface Measured {
  queryMs: number;
  loopMaxMs: number;
  loopP99Ms: number;
  health: { count: number; failures: number; maxMs: number; p99Ms: number };
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/** Runs `query` while sampling the event loop and probing /api/health. */
async function measure(url: string, query: () => Promise<unknown>): Promise<Measured> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const probe = await probeHealth(url);
  histogram.enable();
  await sleep(50); // let the probes settle
  const t0 = performance.now();
  await query();
  const queryMs = performance.now() - t0;
  await sleep(50);
  histogram.disable();
  const probed = await probe.stop();
  return {
    queryMs,
    loopMaxMs: histogram.max / 1e6,
    loopP99Ms: histogram.percentile(99) / 1e6,
    health: {
      count: probed.latencies.length,
      failures: probed.failures,
      maxMs: probed.latencies.length ? Math.max(...probed.latencies) : NaN,
      p99Ms: percentile(probed.latencies, 99),
    },
  };
}

function report(label: string, m: Measured): void {
  console.log(`\n${label}`);
  console.log(`  query duration            ${ms(m.queryMs)} ms`);
  console.log(`  event-loop delay max      ${ms(m.loopMaxMs)} ms`);
  console.log(`  event-loop delay p99      ${ms(m.loopP99Ms)} ms`);
  console.log(
    `  GET /api/health latency   max ${ms(m.health.maxMs)} ms, p99 ${ms(m.health.p99Ms)} ms ` +
      `(${m.health.count} answered, ${m.health.failures} failed; sent every ${PROBE_EVERY_MS} ms from a worker thread)`,
  );
}

const dataDir = mkdtempSync(join(tmpdir(), 'openhtm-bench-event-loop-'));
try {
  const config = loadConfig({
    OPENHTM_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    OPENHTM_COOKIE_SECURE: 'false',
    OPENHTM_API_RATE_PER_MINUTE: '1000000',
    OPENHTM_STATEMENT_TIMEOUT_MS: '0',
    OPENHTM_WORKER: 'off',
    LOG_LEVEL: 'silent',
  });
  const t0 = performance.now();
  const server = await startServer(config, { logger: false, print: () => undefined });
  console.log(
    `Server (embedded, PGlite in a worker thread) ready at ${server.url} in ${ms(performance.now() - t0)} ms`,
  );
  const pool = server.services.database.pool;
  try {
    // Calibrate: time a small run, scale to the target, check once more.
    let outer = 1000;
    for (let i = 0; i < 3; i++) {
      const c0 = performance.now();
      await pool.query(querySql(outer));
      const took = performance.now() - c0;
      outer = Math.max(100, Math.round((outer * TARGET_MS) / Math.max(took, 1)));
    }
    console.log(`Query: ${querySql(outer)}  (${outer * 1000} rows, calibrated to about ${TARGET_MS} ms)`);

    const inWorker = await measure(server.url, () => pool.query(querySql(outer)));
    report('Embedded server: query in the PGlite worker thread, HTTP on the main thread', inWorker);

    const idle = await measure(server.url, () => sleep(inWorker.queryMs));
    report('Baseline: the same time with no query running', idle);

    // The limit the worker design avoids: PGlite on the main thread blocks the event loop for the whole query.
    const mainThreadDb = await PGlite.create();
    try {
      await mainThreadDb.query(querySql(100)); // warm up
      const onMain = await measure(server.url, () => mainThreadDb.query(querySql(outer)));
      report('Comparison: the same query on PGlite on the main thread (in-memory)', onMain);
    } finally {
      await mainThreadDb.close();
    }
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
