import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

/** Finds Debian's PostgreSQL server binaries (postgresql-NN), newest first. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: its programs then run as the `postgres` user (a direct child, not via runuser). */
function postgresIds(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

export interface Cluster {
  url: string;
  dir: string;
  port: number;
  process: ChildProcess;
  /** Starts the postmaster again on the same data directory (after a crash). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private throwaway cluster: own data directory, own socket directory, a free port on loopback. The postmaster
 * is a direct child of this process, so a `kill -9`'d postmaster is reaped and can be restarted.
 */
export async function startCluster(bin = findPostgresBin()): Promise<Cluster> {
  if (!bin) throw new Error('PostgreSQL server binaries not found');
  const dir = mkdtempSync(join(tmpdir(), 'openhtm-pg-'));
  const ids = postgresIds();
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  execFileSync(
    join(bin, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'],
    { stdio: 'ignore', ...ids, env: { ...process.env, HOME: dir } },
  );
  const port = await freePort();
  const cluster: Cluster = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    dir,
    port,
    process: undefined as unknown as ChildProcess,
    async restart() {
      const args = [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=200',
      ];
      const child = spawn(join(bin, 'postgres'), args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        ...ids,
        env: { ...process.env, HOME: dir },
      });
      let log = '';
      child.stderr?.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-4000)));
      cluster.process = child;
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`postgres exited: ${log}`);
        if (/ready to accept connections/.test(log)) return;
        if (Date.now() > deadline) throw new Error(`postgres did not start: ${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      const child = cluster.process;
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGINT');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.restart();
  return cluster;
}
