/**
 * Scheduling benchmark: how long does one schedule run take to generate a year of preventive work for 50,000
 * devices, on PGlite (embedded) and on PostgreSQL?
 *
 *   npm run bench:schedule [-- --devices 50000 --days 365]
 *
 * For each engine:
 * 1. Starts the real server on a fresh database (embedded data directory; for PostgreSQL, OPENHTM_TEST_DATABASE_URL
 *    or a private cluster from Debian's binaries, else the engine is skipped with a notice), loads the demo
 *    hospital with the given number of devices, gives each demo model a plan template (intervals of 1 year,
 *    6 months, 3 months and 1 month in turn) and applies the defaults: one plan per device.
 * 2. Times `runSchedule` through today + days: the set-based generation (occurrences, windows from the tolerance
 *    table, numbers, work orders and their first status history rows, one audit event) in one transaction.
 * 3. The floor, in the same run: the rows it created, read back, inserted again by a bare `pg` client into copies
 *    of work_orders and work_order_status_history (same columns, defaults and indexes) with multi-row
 *    INSERT ... VALUES statements in one transaction. What the database alone costs for the same rows.
 *
 * Figures only: no assertions, exit code 0 (docs/architecture.md §6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import pg from 'pg';
import { permissions } from '../src/contracts/index.ts';
import { loadDemoHospital } from '../src/server/modules/inventory/index.ts';
import { systemActor } from '../src/server/platform/actor.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { startServer } from '../src/server/server.ts';
import { findPostgresBin, startCluster, type Cluster } from '../test/support/postgres.ts';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '50000' },
    days: { type: 'string', default: '365' },
    engine: { type: 'string', default: 'both' },
  },
});
const DEVICES = Number(values.devices);
const DAYS = Number(values.days);
const INTERVALS = ['P1Y', 'P6M', 'P3M', 'P1M'] as const;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Figures {
  engine: string;
  plans: number;
  created: number;
  runMs: number;
  floorMs: number;
}

async function bench(engine: 'pglite' | 'postgres', databaseUrl?: string): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), `openhtm-bench-schedule-${engine}-`));
  const config = loadConfig({
    OPENHTM_DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PORT: '0',
    HOST: '127.0.0.1',
    OPENHTM_ADMIN_EMAIL: 'bench@openhtm.example',
    OPENHTM_ADMIN_PASSWORD: 'benchmark password 1',
    OPENHTM_DEMO_DATA: 'false',
    OPENHTM_COOKIE_SECURE: 'false',
    OPENHTM_STATEMENT_TIMEOUT_MS: '0',
    OPENHTM_WORKER: 'off',
    OPENHTM_BACKUP_INTERVAL_HOURS: '0',
    LOG_LEVEL: 'silent',
  });
  const server = await startServer(config, { logger: false, print: () => undefined });
  const { db, connection } = server.services.database;
  const floor = new pg.Client(connection);
  try {
    const [org] = (await db.execute(sql`SELECT id FROM organizations ORDER BY created_at LIMIT 1`)).rows as {
      id: string;
    }[];
    if (!org) throw new Error('no organization after the first start');
    const actor = systemActor(org.id, 'bench', permissions);
    const load = await loadDemoHospital(
      { db, clock: server.services.clock },
      { organizationId: org.id, devices: DEVICES },
    );
    const models = (
      await db.execute(sql`SELECT id FROM models WHERE organization_id = ${org.id} ORDER BY model_number, id`)
    ).rows as { id: string }[];
    let i = 0;
    for (const m of models)
      await server.services.plans.createTemplate(actor, {
        modelId: m.id,
        name: `PM ${INTERVALS[i % INTERVALS.length]}`,
        interval: INTERVALS[i++ % INTERVALS.length],
        basis: 'policy',
        basisReference: 'Benchmark policy',
        tasks: [
          { key: 'visual', text: 'Visual inspection' },
          { key: 'esa', text: 'Electrical safety test' },
        ],
        estimatedHours: 1,
        shop: 'Biomed',
      });
    const t0 = performance.now();
    const applied = await server.services.plans.applyDefaults(actor, {});
    console.log(
      `[${engine}] ${load.devices} devices, ${models.length} models: ${applied.plansCreated} plans from templates ` +
        `in ${seconds(performance.now() - t0)} (${applied.devicesConsidered} devices considered)`,
    );
    const through = DateTime.utc().plus({ days: DAYS }).toISODate() ?? '';
    const t1 = performance.now();
    const run = await server.services.scheduling.runSchedule(actor, { through });
    const runMs = performance.now() - t1;
    console.log(
      `[${engine}] schedule run through ${through}: ${run.created} work orders for ${run.plansConsidered} plans, ` +
        `${run.cancelled} cancelled, ${run.held} held in ${seconds(runMs)}`,
    );
    const byInterval = (
      await db.execute(sql`SELECT p.interval, count(*)::int AS n, min(w.due_date)::text AS first, max(w.due_date)::text AS last
        FROM work_orders w JOIN maintenance_plans p ON p.id = w.plan_id GROUP BY 1 ORDER BY 1`)
    ).rows as { interval: string; n: number; first: string; last: string }[];
    console.log(
      `[${engine}] by interval: ${byInterval.map((r) => `${r.interval} ${r.n} (${r.first}..${r.last})`).join(', ')}`,
    );
    const t2 = performance.now();
    const again = await server.services.scheduling.runSchedule(actor, { through });
    console.log(`[${engine}] second run: ${again.created} created in ${seconds(performance.now() - t2)}`);

    // The floor: the same rows through a bare pg client, read back in pages (large results stall the socket).
    await floor.connect();
    await floor.query('CREATE TABLE floor_wo (LIKE work_orders INCLUDING DEFAULTS INCLUDING INDEXES)');
    await floor.query(
      'CREATE TABLE floor_hist (LIKE work_order_status_history INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING IDENTITY)',
    );
    const cols = [
      'organization_id',
      'number',
      'kind',
      'priority',
      'status',
      'device_id',
      'site_id',
      'title',
      'plan_id',
      'due_date',
      'window_start',
      'window_end',
      'tolerance_reference_id',
      'tasks',
      'estimated_hours',
      'shop',
      'reported_at',
      'source',
      'created_by',
    ];
    const rows: unknown[][] = [];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await floor.query<Record<string, unknown> & { id: string }>(
        `SELECT id, ${cols.join(', ')} FROM work_orders WHERE source = 'scheduled' AND id > $1 ORDER BY id LIMIT 2000`,
        [after],
      );
      for (const r of page.rows) rows.push(cols.map((c) => (c === 'tasks' ? JSON.stringify(r[c]) : r[c])));
      const last = page.rows.at(-1);
      if (!last) break;
      after = last.id;
    }
    const t3 = performance.now();
    await floor.query('BEGIN');
    const batch = 500;
    for (let b = 0; b < rows.length; b += batch) {
      const chunk = rows.slice(b, b + batch);
      const params: unknown[] = [];
      const tuples = chunk.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(', ')})`);
      const ids = await floor.query<{ id: string; status: string }>(
        `INSERT INTO floor_wo (${cols.join(', ')}) VALUES ${tuples.join(', ')} RETURNING id, status`,
        params,
      );
      const hp: unknown[] = [];
      const ht = ids.rows.map(
        (r) =>
          `($${hp.push(org.id)}, $${hp.push(r.id)}, NULL, $${hp.push(r.status)}, 'Generated', NULL, 'bench', now())`,
      );
      await floor.query(
        `INSERT INTO floor_hist (organization_id, work_order_id, from_status, to_status, reason, actor_id, actor_label, occurred_at) VALUES ${ht.join(', ')}`,
        hp,
      );
    }
    await floor.query('COMMIT');
    const floorMs = performance.now() - t3;
    console.log(
      `[${engine}] floor (bare pg, multi-row INSERT of the same ${rows.length} rows): ${seconds(floorMs)}`,
    );
    return { engine, plans: run.plansConsidered, created: run.created, runMs, floorMs };
  } finally {
    await floor.end().catch(() => undefined);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Figures[] = [];
if (values.engine !== 'postgres') results.push(await bench('pglite'));
if (values.engine !== 'pglite') {
  let cluster: Cluster | undefined;
  let url = process.env.OPENHTM_TEST_DATABASE_URL;
  const bin = url ? undefined : findPostgresBin();
  if (!url && bin) {
    cluster = await startCluster(bin);
    url = cluster.url;
  }
  if (!url)
    console.log(
      '[postgres] SKIPPED: OPENHTM_TEST_DATABASE_URL is unset and no PostgreSQL binaries in /usr/lib/postgresql',
    );
  else
    try {
      results.push(await bench('postgres', url));
    } finally {
      await cluster?.stop();
    }
}
console.log('\nengine    plans  work orders  schedule run  bare-pg floor  ratio');
for (const r of results)
  console.log(
    `${r.engine.padEnd(8)} ${String(r.plans).padStart(6)} ${String(r.created).padStart(12)} ${seconds(r.runMs).padStart(13)} ${seconds(r.floorMs).padStart(14)} ${(r.runMs / r.floorMs).toFixed(2).padStart(6)}`,
  );
