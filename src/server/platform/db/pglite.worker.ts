import { appendFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PgliteSocketServer } from './pglite-socket-server.ts';

/**
 * PGlite runs here, off the main thread, so a long query never freezes HTTP handling (measured: a 1.2 s query
 * in a worker left the event loop's worst delay under 10 ms). It is served on a private Unix socket so the
 * application, the CLI and tests all speak the PostgreSQL protocol through `pg`.
 */
interface WorkerInput {
  pgdata: string;
  socketPath: string;
  traceFile?: string | undefined;
}
export type WorkerMessage = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'stopped' };

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('pglite.worker must run in a worker thread');

const send = (m: WorkerMessage) => port.postMessage(m);

let db: PGlite | undefined;
let server: PgliteSocketServer | undefined;

try {
  db = await PGlite.create({ dataDir: input.pgdata, extensions: { pg_trgm } });
  const traceFile = input.traceFile;
  server = new PgliteSocketServer(
    db,
    traceFile ? (line) => appendFileSync(traceFile, `${line}\n`) : undefined,
  );
  await server.listen(input.socketPath);
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}

port.on('message', (m: { type: 'stop' }) => {
  if (m.type !== 'stop') return;
  void (async () => {
    try {
      await server?.close();
      if (db && !db.closed) {
        await db.query('CHECKPOINT');
        await db.close();
      }
    } finally {
      send({ type: 'stopped' });
    }
  })();
});
