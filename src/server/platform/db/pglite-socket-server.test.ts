import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase, type Database } from './database.ts';

/** The embedded database serves one PGlite session to many connections; their exchanges must never mix. */
describe('embedded database socket server', () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openhtm-socket-'));
    db = await openDatabase(loadConfig({ OPENHTM_DATA_DIR: dir }), { migrate: false, poolSize: 8 });
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps concurrent parameterised queries and transactions apart', async () => {
    let stop = false;
    const transactions = async () => {
      let n = 0;
      while (!stop) {
        const c = await db.pool.connect();
        try {
          await c.query('BEGIN');
          const r = await c.query<{ v: number }>('SELECT $1::int AS v', [n]);
          expect(r.rows[0]?.v).toBe(n);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
        n++;
      }
    };
    const tx = [transactions(), transactions()];
    const wrong: string[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 150; i++) {
          const r = await db.pool.query<{ a: number; s: string }>('SELECT $1::int AS a, $2::text AS s', [
            w,
            `w${w}-${i}`,
          ]);
          if (r.rows[0]?.a !== w || r.rows[0]?.s !== `w${w}-${i}`) wrong.push(JSON.stringify(r.rows[0]));
        }
      }),
    );
    stop = true;
    await Promise.all(tx);
    expect(wrong).toEqual([]);
  });

  it('rolls back the transaction of a client that disconnects inside it, and serves the others', async () => {
    await db.pool.query('CREATE TABLE IF NOT EXISTS socket_probe (v int)');
    const client = new pg.Client(db.connection);
    client.on('error', () => undefined);
    await client.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO socket_probe VALUES (1)');
    client.connection.stream.destroy();
    const r = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM socket_probe');
    expect(r.rows[0]?.n).toBe(0);
  });

  it('answers SQL errors on one connection without disturbing another', async () => {
    const [bad, good] = await Promise.allSettled([
      db.pool.query('SELECT * FROM no_such_table WHERE x = $1', [1]),
      db.pool.query<{ v: string }>('SELECT $1::text AS v', ['fine']),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good.status === 'fulfilled' && good.value.rows[0]?.v).toBe('fine');
  });

  it('delivers large answers intact to a client that reads slowly', async () => {
    // PGlite hands each chunk as a view of memory it reuses; a chunk the socket could not send at once must be
    // copied, or the next chunk overwrites it and the client waits forever on a corrupted stream.
    const client = new pg.Client(db.connection);
    await client.connect();
    try {
      const socket = client.connection.stream;
      socket.pause();
      const answer = client.query<{ n: number; pad: string }>(
        'SELECT g AS n, repeat(md5(g::text), 32) AS pad FROM generate_series(1, 5000) g',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      socket.resume();
      const { rows } = await answer;
      expect(rows).toHaveLength(5000);
      expect(rows.every((r, i) => r.n === i + 1 && r.pad.length === 1024)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
