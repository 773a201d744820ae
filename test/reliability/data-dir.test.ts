import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  childEnv,
  createSite,
  expectServerToExit,
  killAll,
  listAllSites,
  listSiteCreatedEvents,
  runCli,
  signIn,
  startServerProcess,
  stopServer,
  streamWrites,
  waitUntilReady,
  type ServerProcess,
} from './harness.ts';

/**
 * The embedded data directory as an operator meets it: one server per directory, clean stop and restart, a damaged
 * directory refused with a pointer to restore, and a backup taken under load that restores into both engines.
 */

const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
};

afterAll(() => {
  killAll();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const embeddedEnv = (dataDir: string, withAdmin = true) =>
  childEnv({
    OPENHTM_DATA_DIR: dataDir,
    ...(withAdmin ? { OPENHTM_ADMIN_EMAIL: ADMIN_EMAIL, OPENHTM_ADMIN_PASSWORD: ADMIN_PASSWORD } : {}),
  });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function createSites(url: string, codes: string[]): Promise<string[]> {
  const session = await signIn(url);
  const ids: string[] = [];
  for (const code of codes) {
    const r = await createSite(session, code);
    expect(r.status, r.body).toBe(201);
    if (r.site) ids.push(r.site.id);
  }
  return ids;
}

describe('embedded data directory', () => {
  it('refuses a second server on the same data directory while the first keeps serving', async () => {
    const dir = tempDir('openhtm-dd-lock-');
    const env = embeddedEnv(dir);
    const first = await startServerProcess(env);
    try {
      await createSites(first.url, ['LOCK-1', 'LOCK-2', 'LOCK-3']);
      const session = await signIn(first.url);
      const before = await listAllSites(session);
      const lockFile = join(dir, 'openhtm.lock');
      const lockBefore = readFileSync(lockFile, 'utf8');
      expect(lockBefore.trim()).toBe(String(first.pid));

      const second = await expectServerToExit(env);
      expect(second.signal, second.output).toBeNull();
      expect(second.code, second.output).not.toBe(0);
      expect(second.output).toMatch(/in use by another OpenHTM process/);
      expect(second.output).toContain(`pid ${first.pid}`);

      // The first server is untouched: still running, same lock, still ready, sign-in and writes still work.
      expect(first.child.exitCode).toBeNull();
      expect(readFileSync(lockFile, 'utf8')).toBe(lockBefore);
      expect(await waitUntilReady(first.url)).toMatchObject({ ready: true });
      const again = await signIn(first.url);
      expect(await listAllSites(again)).toEqual(before);
      const more = await createSite(again, 'LOCK-4');
      expect(more.status, more.body).toBe(201);
      // The refused server did not remove the first one's socket: CLI commands still attach to it.
      const verify = await runCli(['audit', 'verify'], env);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);

      const exit = await stopServer(first);
      expect(exit, first.output()).toEqual({ code: 0, signal: null });
    } finally {
      await stopServer(first, 'SIGKILL');
    }
  });

  it('exits 0 on SIGTERM and restarts faster than the first start', async () => {
    const dir = tempDir('openhtm-dd-restart-');
    const env = embeddedEnv(dir);
    let server: ServerProcess | undefined;
    try {
      const first = await startServerProcess(env); // creates the database, migrates, creates the administrator
      server = first;
      const ids = await createSites(first.url, ['TERM-1']);
      const exit = await stopServer(first, 'SIGTERM');
      expect(exit, first.output()).toEqual({ code: 0, signal: null });
      expect(first.output()).toMatch(/SIGTERM: finishing requests/);
      expect(existsSync(join(dir, 'openhtm.lock')), 'a clean stop releases the lock').toBe(false);

      const second = await startServerProcess(env);
      server = second;
      console.log(
        `[data-dir] embedded first start ${first.startMs} ms (server reported ${first.reportedStartMs} ms); ` +
          `restart after SIGTERM ${second.startMs} ms (server reported ${second.reportedStartMs} ms); ` +
          'both measured from spawn to the ready line',
      );
      expect(second.output()).not.toMatch(/Created organization/);
      const session = await signIn(second.url);
      expect((await listAllSites(session)).map((s) => s.id)).toEqual(ids);
      const exit2 = await stopServer(second, 'SIGTERM');
      expect(exit2, second.output()).toEqual({ code: 0, signal: null });
    } finally {
      if (server) await stopServer(server, 'SIGKILL');
    }
  });

  it('refuses a damaged data directory and points to restore, without repairing it', async () => {
    const dir = tempDir('openhtm-dd-damaged-');
    const env = embeddedEnv(dir);
    const server = await startServerProcess(env);
    try {
      await createSites(server.url, ['DMG-1']);
      expect(await stopServer(server, 'SIGTERM'), server.output()).toEqual({ code: 0, signal: null });
    } finally {
      await stopServer(server, 'SIGKILL');
    }
    const pgControl = join(dir, 'pgdata', 'global', 'pg_control');
    expect(existsSync(pgControl)).toBe(true);
    rmSync(pgControl);

    const refused = await expectServerToExit(env);
    expect(refused.signal, refused.output).toBeNull();
    expect(refused.code, refused.output).not.toBe(0);
    expect(refused.output).toMatch(/restore/i);
    expect(refused.output).toContain('pg_control');
    // Refused, not "repaired": the directory is left as it was for the operator to move aside.
    expect(existsSync(pgControl)).toBe(false);
    expect(existsSync(join(dir, 'pgdata', 'base'))).toBe(true);
    expect(existsSync(join(dir, 'pgdata.initialized'))).toBe(true);
  });
});

describe('backup taken while writes stream, restored into a fresh database', () => {
  let backupFile = '';
  /** Every site whose 201 arrived before the backup command started. */
  let acknowledgedBeforeBackup = new Set<string>();

  beforeAll(async () => {
    const dir = tempDir('openhtm-dd-backup-src-');
    const env = embeddedEnv(dir);
    backupFile = join(tempDir('openhtm-dd-backup-file-'), 'under-load.jsonl.gz');
    const server = await startServerProcess(env);
    try {
      const seeded = await createSites(
        server.url,
        Array.from({ length: 10 }, (_, i) => `SEED-${i}`),
      );
      const session = await signIn(server.url);
      let seq = 0;
      const writes = streamWrites(session, () => `LOAD-${seq++}`, 4);
      await sleep(300);
      acknowledgedBeforeBackup = new Set([...seeded, ...writes.acknowledged]);
      const backup = await runCli(['backup', backupFile], env); // attaches to the running server
      const acknowledgedDuringBackup =
        writes.acknowledged.size + seeded.length - acknowledgedBeforeBackup.size;
      await writes.stop();
      expect(backup.code, backup.stdout + backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/Backup written to/);
      console.log(
        `[data-dir] backup under load: ${acknowledgedBeforeBackup.size} sites acknowledged before it started, ` +
          `${acknowledgedDuringBackup} while it ran, ${writes.rejected.length} writes answered with an error; ` +
          backup.stdout.trim(),
      );
      // Otherwise this would not be a backup taken during writes.
      expect(acknowledgedDuringBackup).toBeGreaterThan(0);
      expect(await stopServer(server, 'SIGTERM'), server.output()).toEqual({ code: 0, signal: null });
    } finally {
      await stopServer(server, 'SIGKILL');
    }
  });

  /** Restores the backup with `env`, then checks the audit chain, the sites and a server's sign-in on it. */
  async function restoreAndCheck(env: NodeJS.ProcessEnv): Promise<void> {
    const restore = await runCli(['restore', backupFile], env);
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored \d+ rows/);

    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/intact/);
    expect(verify.stdout).not.toMatch(/BROKEN/);

    const server = await startServerProcess(env);
    try {
      expect(await waitUntilReady(server.url)).toMatchObject({ ready: true });
      expect(server.output(), 'the restored database already has its administrator').not.toMatch(
        /Created organization/,
      );
      const session = await signIn(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      const sites = await listAllSites(session);
      const present = new Set(sites.map((s) => s.id));
      expect(
        [...acknowledgedBeforeBackup].filter((id) => !present.has(id)),
        'sites acknowledged before the backup started but missing after restore',
      ).toEqual([]);
      // One consistent snapshot: every site with its audit event and no event without its site.
      const events = await listSiteCreatedEvents(session);
      const audited = new Set(events.map((e) => e.entityId));
      expect(sites.filter((s) => !audited.has(s.id)).map((s) => s.id)).toEqual([]);
      expect(events.filter((e) => e.entityId === null || !present.has(e.entityId)).map((e) => e.id)).toEqual(
        [],
      );
      expect(await stopServer(server, 'SIGTERM'), server.output()).toEqual({ code: 0, signal: null });
    } finally {
      await stopServer(server, 'SIGKILL');
    }
  }

  it('restores into a fresh embedded data directory', async () => {
    await restoreAndCheck(embeddedEnv(tempDir('openhtm-dd-restore-embedded-'), false));
  });

  it('restores into a fresh PostgreSQL database', async (ctx) => {
    const base = inject('postgresUrl');
    if (!base) {
      console.log(
        `[data-dir] PostgreSQL restore SKIPPED: ${inject('postgresSkipReason') ?? 'no PostgreSQL server'}`,
      );
      ctx.skip();
      return;
    }
    const name = `openhtm_restore_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    try {
      await restoreAndCheck(
        childEnv({ DATABASE_URL: url.toString(), OPENHTM_DATA_DIR: tempDir('openhtm-dd-restore-pg-files-') }),
      );
    } finally {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    }
  });
});
