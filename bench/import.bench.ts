/**
 * Import benchmark: how long does `openhtm import devices` take for a 50,000-row CSV in embedded mode?
 *
 *   npm run bench:import [-- --devices 50000 --seed 7]
 *
 * 1. Prepares a fresh embedded data directory as a first start would (organization, first administrator), with
 *    the demo hospital's sites, manufacturers and models but no devices, and copies it for step 4.
 * 2. Writes a realistic CSV from the demo hospital's builders (seeded): the column names a legacy CMMS export
 *    uses ("Tag #", "S/N", "Mfr", "Model", "Site", dates, cost, UDI, parent tag...), systems before components.
 * 3. Runs `openhtm import devices FILE` as a separate process, as a user would (process start, opening the
 *    embedded database, reading, checking, and writing in one transaction), and times it end to end.
 * 4. The floor, in the same run: the same rows, already resolved to model and site ids, inserted by a bare `pg`
 *    client on the copied data directory with plain multi-row INSERT ... VALUES statements (devices and their
 *    first history entries) in one transaction. No checks, no audit, no parsing: what the database alone costs.
 *
 * Figures only: no assertions, exit code 0 (docs/architecture.md §6). The issue aims for under 60 s.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import {
  buildDemoHospital,
  loadDemoHospital,
  type DemoHospital,
} from '../src/server/modules/inventory/index.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { openDatabase } from '../src/server/platform/db/database.ts';
import { startServer } from '../src/server/server.ts';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '7' },
  },
});
const DEVICES = Number(values.devices);
const SEED = Number(values.seed);
const TODAY = new Date().toISOString().slice(0, 10);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (rows: number, ms: number) =>
  `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;

const env = (dataDir: string) => ({
  OPENHTM_DATA_DIR: dataDir,
  OPENHTM_DEMO_DATA: 'false',
  OPENHTM_ADMIN_EMAIL: 'bench@openhtm.example',
  OPENHTM_ADMIN_PASSWORD: 'benchmark password 1',
  OPENHTM_COOKIE_SECURE: 'false',
  OPENHTM_STATEMENT_TIMEOUT_MS: '0',
  OPENHTM_WORKER: 'off',
  OPENHTM_BACKUP_INTERVAL_HOURS: '0',
  LOG_LEVEL: 'silent',
  PORT: '0',
});

/** A first start, then the demo catalog (sites, manufacturers, models) without devices; the server stops. */
async function prepare(dataDir: string): Promise<void> {
  const server = await startServer(loadConfig(env(dataDir)), { logger: false, print: () => undefined });
  try {
    const { db } = server.services.database;
    const [org] = (await db.execute(sql`SELECT id FROM organizations LIMIT 1`)).rows as { id: string }[];
    if (!org) throw new Error('no organization after the first start');
    await loadDemoHospital({ db, clock: server.services.clock }, { organizationId: org.id, devices: 0 });
  } finally {
    await server.stop();
  }
}

const HEADER = [
  'Tag #',
  'S/N',
  'Mfr',
  'Model',
  'Site',
  'Building',
  'Floor',
  'Room',
  'Dept',
  'Ownership',
  'Service provider',
  'Status',
  'Purchase Date',
  'Cost',
  'PO #',
  'In service date',
  'Warranty Expiration',
  'Software version',
  'Firmware version',
  'Networked',
  'MAC',
  'IP',
  'Hostname',
  'UDI',
  'Parent tag',
  'Notes',
];

/** The demo's models by key, with their manufacturer's name as a file would write it. */
function modelsOf(h: DemoHospital) {
  const makers = new Map(h.manufacturers.map((m) => [m.key, m.name]));
  return new Map(
    h.models.map((m) => [
      m.key,
      { manufacturer: makers.get(m.manufacturer) ?? m.manufacturer, modelNumber: m.modelNumber },
    ]),
  );
}

function csvOf(h: DemoHospital): string {
  const models = modelsOf(h);
  const rows = h.devices.map((d) => {
    const m = models.get(d.model);
    if (!m) throw new Error(`no demo model ${d.model}`);
    return [
      d.assetTag,
      d.serialNumber,
      m.manufacturer,
      m.modelNumber,
      d.site,
      d.building,
      d.floor,
      d.room,
      d.department,
      d.ownership,
      d.serviceProvider,
      d.status,
      d.acquisitionDate,
      d.acquisitionCost ?? '',
      d.purchaseOrder ?? '',
      d.inServiceDate ?? '',
      d.warrantyEnd ?? '',
      d.softwareVersion ?? '',
      d.firmwareVersion ?? '',
      d.networkConnected ? 'yes' : 'no',
      d.macAddress ?? '',
      d.ipAddress ?? '',
      d.hostname ?? '',
      d.udiRaw ?? '',
      d.parentTag ?? '',
      d.notes ?? '',
    ];
  });
  return stringify([HEADER, ...rows]);
}

/** `openhtm import devices FILE` in its own process, its progress passed through. */
function runCli(dataDir: string, file: string): Promise<{ ms: number; code: number | null; out: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/openhtm.mjs', 'import', 'devices', file], {
      env: { ...process.env, ...env(dataDir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => process.stdout.write(`    ${b.toString().trim()}\n`));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, out }));
  });
}

const DEVICE_COLUMNS = [
  'id',
  'organization_id',
  'asset_tag',
  'serial_number',
  'model_id',
  'udi_raw',
  'udi_device_identifier',
  'udi',
  'site_id',
  'building',
  'floor',
  'room',
  'department',
  'ownership',
  'service_provider',
  'acquisition_date',
  'acquisition_cost',
  'purchase_order',
  'in_service_date',
  'warranty_end',
  'software_version',
  'firmware_version',
  'network_connected',
  'mac_address',
  'ip_address',
  'hostname',
  'parent_id',
  'notes',
  'status',
  'search_text',
] as const;

/** Plain `INSERT ... VALUES (...), (...)` with one placeholder per value. */
function valuesSql(
  table: string,
  columns: readonly string[],
  rows: unknown[][],
): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples = rows.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(',')})`);
  return { text: `INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, params };
}

/** The same devices through a bare client: ids resolved up front, multi-row inserts, one transaction. */
async function floor(dataDir: string, h: DemoHospital): Promise<{ ms: number; rows: number }> {
  const database = await openDatabase(loadConfig(env(dataDir)), { poolSize: 1 });
  const client = new pg.Client(database.connection);
  await client.connect();
  try {
    const org = (await client.query<{ id: string }>('SELECT id FROM organizations LIMIT 1')).rows[0]?.id;
    const modelIds = new Map(
      (
        await client.query<{ k: string; id: string }>(
          `SELECT mf.name || '|' || m.model_number AS k, m.id FROM models m JOIN manufacturers mf ON mf.id = m.manufacturer_id`,
        )
      ).rows.map((r) => [r.k, r.id]),
    );
    const siteIds = new Map(
      (await client.query<{ code: string; id: string }>('SELECT code, id FROM sites')).rows.map((r) => [
        r.code,
        r.id,
      ]),
    );
    const models = modelsOf(h);
    const ids = new Map(h.devices.map((d) => [d.assetTag, randomUUID()]));
    const deviceRows = h.devices.map((d) => {
      const m = models.get(d.model);
      return [
        ids.get(d.assetTag),
        org,
        d.assetTag,
        d.serialNumber,
        modelIds.get(`${m?.manufacturer}|${m?.modelNumber}`),
        d.udiRaw,
        d.udiDeviceIdentifier,
        d.udi ? JSON.stringify(d.udi) : null,
        siteIds.get(d.site),
        d.building,
        d.floor,
        d.room,
        d.department,
        d.ownership,
        d.serviceProvider,
        d.acquisitionDate,
        d.acquisitionCost,
        d.purchaseOrder,
        d.inServiceDate,
        d.warrantyEnd,
        d.softwareVersion,
        d.firmwareVersion,
        d.networkConnected,
        d.macAddress,
        d.ipAddress,
        d.hostname,
        d.parentTag ? ids.get(d.parentTag) : null,
        d.notes,
        d.status,
        `${d.assetTag} ${d.serialNumber}`.toLowerCase(),
      ];
    });
    const started = performance.now();
    await client.query('BEGIN');
    const chunk = Math.floor(60_000 / DEVICE_COLUMNS.length);
    for (let i = 0; i < deviceRows.length; i += chunk) {
      const q = valuesSql('devices', DEVICE_COLUMNS, deviceRows.slice(i, i + chunk));
      await client.query(q.text, q.params);
    }
    const historyRows = h.devices.map((d, i) => [
      org,
      ids.get(d.assetTag),
      d.status,
      `Imported from bench.csv row ${i + 2}`,
      'bench',
      new Date().toISOString(),
    ]);
    for (let i = 0; i < historyRows.length; i += 10_000) {
      const q = valuesSql(
        'device_status_history',
        ['organization_id', 'device_id', 'to_status', 'reason', 'actor_label', 'occurred_at'],
        historyRows.slice(i, i + 10_000),
      );
      await client.query(q.text, q.params);
    }
    await client.query('COMMIT');
    return { ms: performance.now() - started, rows: deviceRows.length };
  } finally {
    await client.end();
    await database.close();
  }
}

const root = mkdtempSync(join(tmpdir(), 'openhtm-bench-import-'));
const cliDir = join(root, 'cli');
const floorDir = join(root, 'floor');
try {
  let t = performance.now();
  await prepare(cliDir);
  rmSync(join(cliDir, 'run'), { recursive: true, force: true });
  cpSync(cliDir, floorDir, { recursive: true });
  console.log(
    `Prepared an embedded data directory (organization, demo catalog, no devices) in ${seconds(performance.now() - t)}`,
  );

  t = performance.now();
  const hospital = buildDemoHospital({ today: TODAY, seed: SEED, devices: DEVICES, tagPrefix: 'IMP-' });
  const file = join(root, 'devices.csv');
  writeFileSync(file, csvOf(hospital));
  console.log(
    `Wrote ${hospital.devices.length.toLocaleString('en-US')} rows (${(statSync(file).size / 1e6).toFixed(1)} MB, seed ${SEED}) in ${seconds(performance.now() - t)}`,
  );

  console.log('openhtm import devices (a separate process, embedded database, no server running):');
  const cli = await runCli(cliDir, file);
  const imported = /Imported (\d+) devices/.exec(cli.out)?.[1];
  if (cli.code !== 0 || !imported) console.log(cli.out.split('\n').slice(0, 40).join('\n'));
  console.log(
    `  ${imported ?? 0} devices imported, exit code ${cli.code}: ${seconds(cli.ms)} end to end, ${perSecond(Number(imported ?? 0), cli.ms)}`,
  );

  const raw = await floor(floorDir, hospital);
  console.log(
    `Floor, same rows by a bare pg client (multi-row INSERT ... VALUES, one transaction, no checks): ${seconds(raw.ms)}, ${perSecond(raw.rows, raw.ms)}`,
  );
  console.log(
    `The CLI takes ${(cli.ms / raw.ms).toFixed(1)}x the floor; it also starts a process, opens the database, reads and checks every row, and writes the audit event. Target: under 60 s.`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
