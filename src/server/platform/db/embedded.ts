import {
  closeSync,
  linkSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './pglite.worker.ts';

export class DataDirectoryError extends Error {}

export interface EmbeddedPaths {
  dataDir: string;
  pgdata: string;
  lockFile: string;
  socketDir: string;
  socketPath: string;
  initializedMarker: string;
}

export function embeddedPaths(dataDir: string): EmbeddedPaths {
  const socketDir = join(dataDir, 'run');
  return {
    dataDir,
    pgdata: join(dataDir, 'pgdata'),
    lockFile: join(dataDir, 'openhtm.lock'),
    socketDir,
    // libpq's convention: host=<dir>, port=5432 -> <dir>/.s.PGSQL.5432
    socketPath: join(socketDir, '.s.PGSQL.5432'),
    initializedMarker: join(dataDir, 'pgdata.initialized'),
  };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed child that nobody reaped is a zombie: it still answers kill(0) but holds nothing.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/**
 * Exclusive lock on the data directory: PGlite has no inter-process lock and two instances on one directory
 * corrupt its WAL (pglite#327). The lock file holds the owner's pid; a lock whose owner is dead is stale.
 */
export function acquireLock(paths: EmbeddedPaths): () => void {
  mkdirSync(paths.dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // The pid is written first and the lock file appears with it in one link(2), so a reader never sees an
      // empty lock file (which it would take for a stale one).
      const pending = `${paths.lockFile}.${process.pid}`;
      const fd = openSync(pending, 'w');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      try {
        linkSync(pending, paths.lockFile);
      } finally {
        rmSync(pending, { force: true });
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(paths.lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(paths.lockFile, 'utf8').trim(), 10);
      if (Number.isInteger(pid) && pid !== process.pid && processIsAlive(pid)) {
        throw new DataDirectoryError(
          `The data directory ${paths.dataDir} is in use by another OpenHTM process (pid ${pid}). ` +
            'Stop that process first, or use its running database: CLI commands reach it automatically.',
        );
      }
      rmSync(paths.lockFile, { force: true });
    }
  }
  throw new DataDirectoryError(`Could not lock the data directory ${paths.dataDir}`);
}

/** Whether a running OpenHTM process owns this data directory (the CLI then talks to its socket). */
export function lockOwner(paths: EmbeddedPaths): number | undefined {
  if (!existsSync(paths.lockFile)) return undefined;
  const pid = Number.parseInt(readFileSync(paths.lockFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && processIsAlive(pid) ? pid : undefined;
}

const restoreHint = (paths: EmbeddedPaths) =>
  `Restore it from a backup instead of repairing it in place: move ${paths.dataDir} aside, then run ` +
  '`openhtm restore <backup-file>` (backups are in the backups folder of the data directory by default).';

/**
 * Refuses a damaged data directory rather than silently repairing it (a WAL reset can discard committed work).
 * A directory whose first initialisation never finished holds no data and is started afresh.
 */
export function checkDataDirectory(paths: EmbeddedPaths): 'new' | 'existing' {
  if (!existsSync(paths.pgdata) || readdirSync(paths.pgdata).length === 0) return 'new';
  if (!existsSync(paths.initializedMarker)) {
    rmSync(paths.pgdata, { recursive: true, force: true });
    return 'new';
  }
  const missing = ['PG_VERSION', 'global/pg_control', 'base'].filter(
    (f) => !existsSync(join(paths.pgdata, f)),
  );
  if (missing.length > 0) {
    throw new DataDirectoryError(
      `The database in ${paths.pgdata} is damaged (missing ${missing.join(', ')}). ${restoreHint(paths)}`,
    );
  }
  return 'existing';
}

export interface EmbeddedDatabase {
  paths: EmbeddedPaths;
  socketDir: string;
  stop(): Promise<void>;
}

/** Locks the data directory, then starts PGlite in a worker thread serving the Unix socket. */
export async function startEmbedded(
  dataDir: string,
  options: { traceFile?: string | undefined } = {},
): Promise<EmbeddedDatabase> {
  const paths = embeddedPaths(dataDir);
  const release = acquireLock(paths);
  try {
    const state = checkDataDirectory(paths);
    mkdirSync(paths.socketDir, { recursive: true });
    rmSync(paths.socketPath, { force: true });
    const worker = new Worker(new URL('../../../../bin/ts-worker.mjs', import.meta.url), {
      workerData: {
        entry: new URL('./pglite.worker.ts', import.meta.url).href,
        pgdata: paths.pgdata,
        socketPath: paths.socketPath,
        traceFile: options.traceFile,
      },
    });
    const openFailure = (message: string) =>
      state === 'new'
        ? new DataDirectoryError(`Could not create the database in ${paths.pgdata}: ${message}`)
        : new DataDirectoryError(
            `The database in ${paths.pgdata} could not be opened (${message}). ${restoreHint(paths)}`,
          );
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('error', (err) => reject(openFailure(err.message)));
        worker.once('exit', (code) => reject(openFailure(`the database worker exited with code ${code}`)));
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'ready') resolve();
          if (m.type === 'failed') reject(openFailure(m.message));
        });
      });
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    if (state === 'new') closeSync(openSync(paths.initializedMarker, 'w'));
    let stopping: Promise<void> | undefined;
    return {
      paths,
      socketDir: paths.socketDir,
      stop() {
        stopping ??= new Promise<void>((resolve) => {
          const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 10_000);
          worker.on('message', (m: WorkerMessage) => {
            if (m.type === 'stopped') {
              clearTimeout(timer);
              void worker.terminate().then(() => resolve());
            }
          });
          worker.postMessage({ type: 'stop' });
        }).finally(release);
        return stopping;
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
