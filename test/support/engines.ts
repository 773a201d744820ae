import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/server/platform/config.ts';
import { openDatabase, type Database } from '../../src/server/platform/db/database.ts';
import { loadMigrations } from '../../src/server/platform/db/migrate.ts';
import { loadReferenceData, referenceDataKey } from '../../src/server/services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresSkipReason: string | null;
  }
}

export type Engine = 'pglite' | 'postgres';

/** The engines this run covers: PGlite always; PostgreSQL when the global setup found or started one. */
export function engines(): Engine[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  config: Config;
  database: Database;
  cleanup(): Promise<void>;
}

let counter = 0;

/** A migrated PGlite data directory made once per process and copied for each test (copying beats initdb). */
async function pgliteTemplate(): Promise<string> {
  const key =
    loadMigrations()
      .map((m) => m.checksum.slice(0, 8))
      .join('') + createHash('sha256').update(referenceDataKey()).digest('hex').slice(0, 8);
  const dir = join(tmpdir(), `openhtm-pglite-template-${key}`);
  if (existsSync(join(dir, 'pgdata.initialized'))) return dir;
  const building = mkdtempSync(join(tmpdir(), 'openhtm-pglite-build-'));
  const db = await openDatabase(loadConfig({ OPENHTM_DATA_DIR: building }), {
    afterMigrate: loadReferenceData,
  });
  await db.close();
  rmSync(join(building, 'run'), { recursive: true, force: true });
  try {
    cpSync(building, dir, { recursive: true, errorOnExist: false });
  } catch {
    // another worker made it first
  }
  rmSync(building, { recursive: true, force: true });
  return dir;
}

export async function openTestDatabase(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'openhtm-test-'));
    cpSync(await pgliteTemplate(), dir, { recursive: true });
    const config = loadConfig({
      OPENHTM_DATA_DIR: dir,
      OPENHTM_COOKIE_SECURE: 'false',
      LOG_LEVEL: 'silent',
      // Tests make their own data; a test about the demo hospital loads it (or sets this) itself.
      OPENHTM_DEMO_DATA: 'false',
      ...env,
    });
    const database = await openDatabase(config, { afterMigrate: loadReferenceData });
    return {
      config,
      database,
      async cleanup() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = inject('postgresUrl');
  if (!base) throw new Error('no PostgreSQL server for this run');
  const name = `openhtm_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const config = loadConfig({
    DATABASE_URL: url.toString(),
    OPENHTM_COOKIE_SECURE: 'false',
    LOG_LEVEL: 'silent',
    OPENHTM_DEMO_DATA: 'false',
    ...env,
  });
  const database = await openDatabase(config, { afterMigrate: loadReferenceData });
  return {
    config,
    database,
    async cleanup() {
      await database.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
