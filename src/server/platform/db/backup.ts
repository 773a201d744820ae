import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { loadMigrations, migrate } from './migrate.ts';

/**
 * Logical backups: gzip'd lines, one JSON row per line, grouped by table, read in one REPEATABLE READ snapshot
 * so a backup taken during writes is consistent. The format is engine-neutral, so a backup of the embedded
 * database (PostgreSQL 18 in WebAssembly) restores onto a PostgreSQL 15 server and back. Row JSON is passed
 * through as text and never parsed in JavaScript, so bigint and numeric values keep every digit.
 */
const FORMAT = 'openhtm-backup';
const BATCH = 2000;

export interface BackupHeader {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  migrations: number[];
  tables: string[];
}

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
}

export class BackupError extends Error {}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables in foreign-key order (parents first), so a restore inserts each row after what it references. */
async function tablesInDependencyOrder(client: pg.ClientBase): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations' ORDER BY c.relname`,
  );
  const { rows: edges } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND c.oid <> p.oid`,
  );
  const pending = new Set(tables.map((t) => t.name));
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((t) => !edges.some((e) => e.child === t && pending.has(e.parent)));
    if (ready.length === 0) throw new BackupError('Foreign keys form a cycle; cannot order tables');
    for (const t of ready) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order;
}

export async function writeBackup(pool: pg.Pool, file: string): Promise<BackupSummary> {
  const client = await pool.connect();
  const tmp = `${file}.partial`;
  let rows = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesInDependencyOrder(client);
    const { rows: applied } = await client.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    const header: BackupHeader = {
      format: FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      migrations: applied.map((r) => r.version),
      tables,
    };
    async function* lines(): AsyncGenerator<string> {
      yield `#${FORMAT} ${JSON.stringify(header)}\n`;
      for (const table of tables) {
        yield `#table ${table}\n`;
        await client.query(
          `DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${ident(table)} t`,
        );
        for (;;) {
          const { rows: batch } = await client.query<{ j: string }>(`FETCH ${BATCH} FROM backup_rows`);
          if (batch.length === 0) break;
          rows += batch.length;
          yield batch.map((r) => r.j).join('\n') + '\n';
        }
        await client.query('CLOSE backup_rows');
      }
      yield '#end\n';
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(tmp));
    await client.query('COMMIT');
    renameSync(tmp, file);
    return { file, tables: tables.length, rows, bytes: statSync(file).size };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Restores into an empty database: migrations first, then every row, then sequences, all in one transaction
 * (a failed restore leaves the target as it was). Refuses a target that already holds data.
 */
export async function restoreBackup(pool: pg.Pool, file: string): Promise<{ tables: number; rows: number }> {
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = input[Symbol.asyncIterator]();
  const first = await it.next();
  const headerLine = first.done ? '' : first.value;
  if (!headerLine.startsWith(`#${FORMAT} `)) throw new BackupError(`${file} is not an OpenHTM backup`);
  const header = JSON.parse(headerLine.slice(FORMAT.length + 2)) as BackupHeader;
  const known = new Set(loadMigrations().map((m) => m.version));
  const unknown = header.migrations.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new BackupError(
      `The backup comes from a newer OpenHTM (migrations ${unknown.join(', ')}); restore it with that version`,
    );
  }
  await migrate(
    pool,
    loadMigrations().filter((m) => header.migrations.includes(m.version)),
  );
  const client = await pool.connect();
  let rows = 0;
  try {
    await client.query('BEGIN');
    for (const table of header.tables) {
      const { rows: r } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${ident(table)} LIMIT 1) x`,
      );
      if ((r[0]?.n ?? 0) > 0)
        throw new BackupError(
          `The target database is not empty (table ${table} has rows); restore into a new database`,
        );
    }
    await client.query(`SELECT set_config('openhtm.restoring', 'on', true)`);
    let table: string | undefined;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      await client.query(
        `INSERT INTO ${ident(table)} SELECT * FROM json_populate_recordset(NULL::${ident(table)}, $1::json)`,
        [`[${batch.join(',')}]`],
      );
      rows += batch.length;
      batch = [];
    };
    let ended = false;
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const line = next.value;
      if (line.startsWith('#table ')) {
        await flush();
        table = line.slice(7);
        if (!header.tables.includes(table)) throw new BackupError(`Unexpected table ${table} in the backup`);
      } else if (line === '#end') {
        await flush();
        ended = true;
      } else if (line.startsWith('{')) {
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      }
    }
    if (!ended) throw new BackupError(`${file} is truncated (no end marker); use another backup`);
    const { rows: seqs } = await client.query<{ seq: string; tbl: string; col: string }>(
      `SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col FROM pg_class s
       JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
       JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
       JOIN pg_namespace n ON n.oid = s.relnamespace WHERE s.relkind = 'S' AND n.nspname = 'public'`,
    );
    for (const s of seqs) {
      await client.query(
        `SELECT setval('${ident(s.seq)}', coalesce((SELECT max(${ident(s.col)}) FROM ${ident(s.tbl)}), 1), (SELECT count(*) > 0 FROM ${ident(s.tbl)}))`,
      );
    }
    await client.query('COMMIT');
    return { tables: header.tables.length, rows };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
    input.close();
  }
}
