/**
 * Search benchmark: how long does the search box take to find one device among 50,000?
 *
 *   npm run bench:search [-- --devices 50000 --samples 300]
 *
 * 1. Starts the real server in embedded mode (PGlite in its worker thread, on its Unix socket) on a fresh data
 *    directory, and loads the demo hospital with the given number of devices through the demo loader.
 * 2. Signs in over HTTP as the first administrator, like the browser.
 * 3. Times `GET /api/v1/devices?q=...` for an asset tag, a serial number and a scanned GS1 UDI (AIM prefix, GS
 *    separators) of devices drawn at random, one request at a time, and checks the device is the first hit.
 * 4. Times the same lookups as bare SQL through a plain `pg` client on the same socket, in the same run: the
 *    floor that HTTP, authentication, parsing and the response add to.
 *
 * Figures only: no assertions, exit code 0 (docs/architecture.md §6: tests never assert on wall-clock time).
 * The issue's target is under 200 ms through the API at 50,000 devices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { UdiParseResult } from '../src/contracts/index.ts';
import { createRandom, loadDemoHospital } from '../src/server/modules/inventory/index.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { startServer } from '../src/server/server.ts';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '50000' },
    samples: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
  },
});
const DEVICES = Number(values.devices);
const SAMPLES = Number(values.samples);
const ADMIN_EMAIL = 'bench@openhtm.example';
const ADMIN_PASSWORD = 'benchmark password 1';

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1).padStart(7) : '      -');
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

interface Stats {
  p50: number;
  p95: number;
  max: number;
}
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] ?? NaN };
};

interface Sample {
  id: string;
  assetTag: string;
  serial: string;
  udi: UdiParseResult;
}

/** What a 2D scanner sends for the device's label: AIM prefix, element string, GS after variable-length fields. */
function scanned(udi: UdiParseResult): string {
  const fixed = new Set(['01', '11', '17']);
  return (
    ']d2' +
    udi.elements
      .map(
        (e, i) => `${e.code}${e.value}${fixed.has(e.code) || i === udi.elements.length - 1 ? '' : '\u001d'}`,
      )
      .join('')
  );
}

const dataDir = mkdtempSync(join(tmpdir(), 'openhtm-bench-search-'));
try {
  const config = loadConfig({
    OPENHTM_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    OPENHTM_ADMIN_EMAIL: ADMIN_EMAIL,
    OPENHTM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    OPENHTM_DEMO_DATA: 'false',
    OPENHTM_COOKIE_SECURE: 'false',
    OPENHTM_API_RATE_PER_MINUTE: '1000000',
    OPENHTM_LOGIN_RATE_PER_MINUTE: '10000',
    OPENHTM_STATEMENT_TIMEOUT_MS: '0',
    OPENHTM_WORKER: 'off',
    LOG_LEVEL: 'silent',
  });
  const t0 = performance.now();
  const server = await startServer(config, { logger: false, print: () => undefined });
  console.log(
    `Server (embedded, PGlite in a worker thread) ready at ${server.url} in ${ms(performance.now() - t0)} ms`,
  );
  const { db, connection } = server.services.database;
  const floor = new pg.Client(connection);
  try {
    const [org] = (await db.execute(sql`SELECT id FROM organizations ORDER BY created_at LIMIT 1`)).rows as {
      id: string;
    }[];
    if (!org) throw new Error('no organization after the first start');
    const load = await loadDemoHospital(
      { db, clock: server.services.clock },
      { organizationId: org.id, devices: DEVICES },
    );
    console.log(
      `Demo hospital: ${load.devices} devices, ${load.statusChanges} status changes, ${load.models} models at ` +
        `${load.sites} sites; built in ${load.buildMs} ms, inserted in ${load.insertMs} ms (one transaction)`,
    );

    // Draw tags among the loaded ones and read those devices back in small batches: results of a few hundred
    // kilobytes and more stall the embedded socket server at the time of writing (reported with this benchmark).
    const rng = createRandom(Number(values.seed));
    const [{ prefix, digits } = { prefix: 'A', digits: 6 }] = (
      await db.execute(sql`SELECT prefix, digits FROM asset_tag_sequences WHERE organization_id = ${org.id}`)
    ).rows as { prefix: string; digits: number }[];
    const drawn = [
      ...new Set(
        Array.from(
          { length: SAMPLES * 3 },
          () => `${prefix}${String(rng.int(1, load.devices)).padStart(digits, '0')}`,
        ),
      ),
    ];
    const candidates: Sample[] = [];
    for (let i = 0; i < drawn.length && candidates.length < SAMPLES; i += 50) {
      const batch = drawn.slice(i, i + 50);
      const found = (
        await db.execute(sql`
          SELECT id, asset_tag AS "assetTag", serial_number AS serial, udi FROM devices
          WHERE organization_id = ${org.id} AND udi IS NOT NULL AND serial_number IS NOT NULL
            AND asset_tag IN (${sql.join(
              batch.map((t) => sql`${t}`),
              sql`, `,
            )})`)
      ).rows as unknown as Sample[];
      const byTag = new Map(found.map((f) => [f.assetTag, f]));
      for (const t of batch) {
        const f = byTag.get(t);
        if (f && candidates.length < SAMPLES) candidates.push(f);
      }
    }
    const samples = candidates;
    console.log(`Samples: ${samples.length} devices with a UDI, drawn at random (seed ${values.seed})`);

    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';

    await floor.connect();
    const kinds = [
      {
        name: 'asset tag',
        q: (s: Sample) => s.assetTag,
        sql: (s: Sample) => ({
          text: 'SELECT * FROM devices WHERE organization_id = $1 AND lower(asset_tag) = lower($2)',
          values: [org.id, s.assetTag],
        }),
      },
      {
        name: 'serial number',
        q: (s: Sample) => s.serial,
        sql: (s: Sample) => ({
          text: 'SELECT * FROM devices WHERE organization_id = $1 AND lower(serial_number) = lower($2)',
          values: [org.id, s.serial],
        }),
      },
      {
        name: 'scanned GS1 UDI',
        q: (s: Sample) => scanned(s.udi),
        sql: (s: Sample) => ({
          text:
            'SELECT * FROM devices WHERE organization_id = $1 AND udi_device_identifier = $2 ' +
            'AND lower(serial_number) = lower($3)',
          values: [org.id, s.udi.deviceIdentifier, s.udi.serial],
        }),
      },
    ];

    const rows: { name: string; api: Stats; floor: Stats; found: number; matches: string }[] = [];
    for (const kind of kinds) {
      // Warm up both paths (plans, caches, the connection pool) before timing.
      for (const s of samples.slice(0, 10)) {
        await fetch(`${server.url}/api/v1/devices?${new URLSearchParams({ q: kind.q(s), limit: '20' })}`, {
          headers: { cookie },
        }).then((r) => r.arrayBuffer());
        await floor.query(kind.sql(s));
      }
      const api: number[] = [];
      const bare: number[] = [];
      let found = 0;
      const matches = new Map<string, number>();
      for (const s of samples) {
        const url = `${server.url}/api/v1/devices?${new URLSearchParams({ q: kind.q(s), limit: '20' })}`;
        const a0 = performance.now();
        const res = await fetch(url, { headers: { cookie } });
        const body = (await res.json()) as { items?: { id: string }[]; match?: string };
        api.push(performance.now() - a0);
        if (res.status === 200 && body.items?.[0]?.id === s.id) found++;
        const m = res.status === 200 ? (body.match ?? '?') : `HTTP ${res.status}`;
        matches.set(m, (matches.get(m) ?? 0) + 1);
        const b0 = performance.now();
        await floor.query(kind.sql(s));
        bare.push(performance.now() - b0);
      }
      rows.push({
        name: kind.name,
        api: stats(api),
        floor: stats(bare),
        found,
        matches: [...matches].map(([k, v]) => `${k} ${v}`).join(', '),
      });
    }

    console.log(
      `\nGET /api/v1/devices?q=... at ${load.devices} devices, ${samples.length} sequential requests per row (ms)\n`,
    );
    console.log(
      'lookup            |  API p50 |  API p95 |  API max ||  SQL p50 |  SQL p95 |  SQL max | first hit | match',
    );
    console.log(
      '------------------+----------+----------+----------++----------+----------+----------+-----------+------',
    );
    for (const r of rows)
      console.log(
        `${r.name.padEnd(17)} | ${ms(r.api.p50)}  | ${ms(r.api.p95)}  | ${ms(r.api.max)}  || ` +
          `${ms(r.floor.p50)}  | ${ms(r.floor.p95)}  | ${ms(r.floor.max)}  | ` +
          `${`${r.found}/${samples.length}`.padStart(9)} | ${r.matches}`,
      );
    console.log(
      '\nSQL = the same lookup as one indexed statement through a bare pg client on the same socket (the floor).',
    );
  } finally {
    await floor.end().catch(() => undefined);
    await server.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
