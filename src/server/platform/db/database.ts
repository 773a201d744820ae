import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Config } from '../config.ts';
import { startEmbedded, type EmbeddedDatabase } from './embedded.ts';
import { migrate } from './migrate.ts';

// timestamptz -> Date (default), bigint/int8 stays a string unless a column says otherwise; numeric stays a string.

export type Db = NodePgDatabase;
/** A transaction handle; services pass it to queries so a use case commits or rolls back as one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  mode: 'embedded' | 'postgres';
  db: Db;
  pool: pg.Pool;
  /** Connection settings a child process (backup, CLI) can use to reach the same database. */
  connection: pg.PoolConfig;
  migrations: number;
  close(): Promise<void>;
}

export interface OpenOptions {
  migrate?: boolean;
  poolSize?: number;
  /** CLI use: connect to an embedded database a running server already serves, instead of opening it. */
  attachTo?: string;
  /**
   * Runs after the migrations, before the database is handed out: loads reference data the schema needs
   * (the composition root passes the modules' loaders; the platform knows none of them).
   */
  afterMigrate?: (db: Db) => Promise<void>;
}

function makePool(connection: pg.PoolConfig, statementTimeoutMs: number, max: number): pg.Pool {
  const pool = new pg.Pool({
    ...connection,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 15_000,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let connection: pg.PoolConfig;
  if (config.databaseUrl) {
    connection = { connectionString: config.databaseUrl };
  } else if (options.attachTo) {
    connection = { host: options.attachTo, port: 5432, user: 'postgres', database: 'postgres' };
  } else {
    embedded = await startEmbedded(config.dataDir, { traceFile: config.db.traceFile });
    connection = { host: embedded.socketDir, port: 5432, user: 'postgres', database: 'postgres' };
  }
  const pool = makePool(connection, config.db.statementTimeoutMs, options.poolSize ?? config.db.poolSize);
  try {
    let migrations = 0;
    if (options.migrate !== false) migrations = (await migrate(pool)).total;
    const db = drizzle({ client: pool });
    if (options.migrate !== false) await options.afterMigrate?.(db);
    let closed = false;
    return {
      mode: config.databaseUrl ? 'postgres' : 'embedded',
      db,
      pool,
      connection,
      migrations,
      async close() {
        if (closed) return;
        closed = true;
        await pool.end();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
}
