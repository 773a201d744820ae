import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster } from '../support/postgres.ts';

/**
 * Black-box harness for the reliability tests: the server and the CLI run as real child processes
 * (`node --import tsx src/server/main.ts …`), so a SIGKILL really kills the process that holds the database.
 */

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const ADMIN_EMAIL = 'admin@reliability.example';
export const ADMIN_PASSWORD = 'reliability horse battery staple';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every child process this file started; `killAll` SIGKILLs the ones still running (afterAll, failures). */
const children = new Set<ChildProcess>();

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

export function killAll(): void {
  for (const child of children) {
    if (isRunning(child)) child.kill('SIGKILL');
  }
  children.clear();
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    if (!isRunning(child)) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
}

/**
 * The environment of a child: the test runner's own, minus every setting OpenHTM reads (so a developer's
 * DATABASE_URL or OPENHTM_DATA_DIR never leaks in), plus test defaults and `extra`.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('OPENHTM_') || ['DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL'].includes(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    OPENHTM_COOKIE_SECURE: 'false',
    OPENHTM_LOGIN_RATE_PER_MINUTE: '10000',
    OPENHTM_API_RATE_PER_MINUTE: '1000000',
    // Start-up and crash figures are about the platform, not about loading the demo hospital.
    OPENHTM_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    // Each embedded server keeps a trace of its socket's exchanges beside its data, shown when a CLI call stalls.
    ...(extra.OPENHTM_DATA_DIR
      ? { OPENHTM_DB_TRACE_FILE: join(extra.OPENHTM_DATA_DIR, 'db-trace.log') }
      : {}),
    ...extra,
  };
}

function spawnMain(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => out };
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Milliseconds from spawn to the "ready" line, measured by the test. */
  startMs: number;
  /** What the server printed ("started in N ms"), for the report. */
  reportedStartMs: number | undefined;
  exit: Promise<Exit>;
  output(): string;
}

export class ServerExitedError extends Error {
  constructor(
    readonly exit: Exit,
    readonly output: string,
  ) {
    super(`the server exited (code ${exit.code}, signal ${exit.signal}) before it was ready:\n${output}`);
  }
}

/** Starts `serve` and resolves once it prints its ready line; rejects with its output if it exits first. */
export async function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServerProcess> {
  const t0 = performance.now();
  const { child, output } = spawnMain(['serve'], env);
  const exit = exitOf(child);
  const ready = /OpenHTM is ready at (http:\/\/\S+) .*started in (\d+) ms/;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = ready.exec(output());
    if (m?.[1]) {
      return {
        child,
        pid: child.pid ?? -1,
        url: m[1],
        startMs: Math.round(performance.now() - t0),
        reportedStartMs: m[2] ? Number(m[2]) : undefined,
        exit,
        output,
      };
    }
    if (!isRunning(child)) throw new ServerExitedError(await exit, output());
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready in ${timeoutMs} ms:\n${output()}`);
    }
    await sleep(20);
  }
}

/** Runs a server that must refuse to start; resolves with its exit and output (SIGKILLs it after the timeout). */
export async function expectServerToExit(
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<Exit & { output: string }> {
  try {
    const s = await startServerProcess(env, timeoutMs);
    s.child.kill('SIGKILL');
    await s.exit;
    return { code: null, signal: null, output: `unexpectedly became ready at ${s.url}:\n${s.output()}` };
  } catch (err) {
    if (err instanceof ServerExitedError) return { ...err.exit, output: err.output };
    throw err;
  }
}

export async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
  if (isRunning(server.child)) server.child.kill(signal);
  return server.exit;
}

export interface CliResult extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs a CLI command (`backup FILE`, `restore FILE`, `audit verify`, …) to completion. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<CliResult> {
  const reportDir = env.OPENHTM_DATA_DIR;
  const child = spawn(
    process.execPath,
    [
      ...(reportDir
        ? ['--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${reportDir}`]
        : []),
      '--import',
      'tsx',
      'src/server/main.ts',
      ...args,
    ],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  let stalled = false;
  const timer = setTimeout(() => {
    stalled = true;
    child.kill('SIGUSR2'); // a diagnostic report (JS stack, open handles) before the kill
    setTimeout(() => child.kill('SIGKILL'), 3_000);
  }, timeoutMs);
  const exit = await exitOf(child);
  clearTimeout(timer);
  if (stalled)
    stderr += `\n[harness] ${args.join(' ')} stalled for ${timeoutMs} ms\n${stallDiagnostics(env, reportDir)}`;
  return { ...exit, stdout, stderr };
}

/** The embedded server's socket trace (last lines) and the stalled process's diagnostic report. */
function stallDiagnostics(env: NodeJS.ProcessEnv, reportDir: string | undefined): string {
  const parts: string[] = [];
  const trace = env.OPENHTM_DB_TRACE_FILE;
  if (trace && existsSync(trace)) {
    parts.push(
      '--- database socket trace (last 80 lines)',
      ...readFileSync(trace, 'utf8').trimEnd().split('\n').slice(-80),
    );
  }
  if (reportDir) {
    for (const f of readdirSync(reportDir).filter((n) => n.startsWith('report.') && n.endsWith('.json'))) {
      const report = JSON.parse(readFileSync(join(reportDir, f), 'utf8')) as {
        javascriptStack?: { stack?: string[] };
        libuv?: { type: string; is_active: boolean; remoteEndpoint?: unknown; localEndpoint?: unknown }[];
      };
      parts.push(
        `--- report ${f}`,
        JSON.stringify(report.javascriptStack),
        JSON.stringify(report.libuv?.filter((h) => h.is_active)),
      );
    }
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// HTTP API

export interface Session {
  url: string;
  cookie: string;
  csrf: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

export async function waitUntilReady(url: string, timeoutMs = 30_000): Promise<{ ready: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: string;
    try {
      const res = await fetch(`${url}/api/ready`, { signal: AbortSignal.timeout(5_000) });
      const body = (await res.json()) as { ready: boolean };
      if (res.status === 200) return body;
      last = `${res.status} ${JSON.stringify(body)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new Error(`${url}/api/ready never answered 200: ${last}`);
    await sleep(100);
  }
}

export async function signIn(url: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<Session> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${text}`);
  const body = JSON.parse(text) as { status: string; me?: { csrfToken?: string } };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('openhtm_session='));
  if (body.status !== 'ok' || !cookie || !body.me?.csrfToken)
    throw new Error(`sign-in gave no session: ${text}`);
  return { url, cookie, csrf: body.me.csrfToken };
}

async function getJson<T>(session: Session, path: string): Promise<T> {
  const res = await fetch(`${session.url}${path}`, {
    headers: { cookie: session.cookie },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export interface SiteJson {
  id: string;
  code: string;
  name: string;
}

/** POST /api/v1/sites; resolves with the response status and body (throws only when the request itself fails). */
export async function createSite(
  session: Session,
  code: string,
): Promise<{ status: number; site?: SiteJson; body: string }> {
  const res = await fetch(`${session.url}/api/v1/sites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify({ name: `Reliability site ${code}`, code, timeZone: 'UTC' }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await res.text();
  if (res.status !== 201) return { status: res.status, body };
  return { status: res.status, site: JSON.parse(body) as SiteJson, body };
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

async function allPages<T>(session: Session, path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  for (;;) {
    const page: Page<T> = await getJson<Page<T>>(
      session,
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

/** Every site, through the keyset-paginated list. */
export const listAllSites = (session: Session) => allPages<SiteJson>(session, '/api/v1/sites');

export interface AuditEventJson {
  id: string;
  action: string;
  entityType: string;
  entityId: string | null;
}

/** Every `site.created` audit event, through the keyset-paginated audit trail. */
export const listSiteCreatedEvents = (session: Session) =>
  allPages<AuditEventJson>(session, '/api/v1/audit-events?entityType=site&action=site.created');

export async function getSiteStatus(session: Session, id: string): Promise<number> {
  const res = await fetch(`${session.url}/api/v1/sites/${id}`, {
    headers: { cookie: session.cookie },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await res.arrayBuffer();
  return res.status;
}

// ---------------------------------------------------------------------------------------------------------
// A stream of acknowledged writes

export interface WriteStream {
  /** Ids whose 201 response arrived: acknowledged writes. */
  acknowledged: Set<string>;
  /** Non-201 answers and timeouts, as "status body" (there should be none while the server is up). */
  rejected: string[];
  /** Stops issuing new writes and waits for the loops (they end on their own when the server dies). */
  stop(): Promise<void>;
}

/**
 * `concurrency` loops, each issuing one create after another, so several writes are always in flight. A loop ends
 * when a request fails at the connection level (the server was killed) or when `stop()` is called. Codes come from
 * `nextCode`, which must never repeat (a committed-but-unacknowledged write keeps its code).
 */
export function streamWrites(session: Session, nextCode: () => string, concurrency = 4): WriteStream {
  const acknowledged = new Set<string>();
  const rejected: string[] = [];
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      let r: Awaited<ReturnType<typeof createSite>>;
      try {
        r = await createSite(session, nextCode());
      } catch (err) {
        // A request that hangs while the server lives is a failure, not a crash: record it.
        if (err instanceof DOMException && err.name === 'TimeoutError') {
          rejected.push(`timeout after ${REQUEST_TIMEOUT_MS} ms`);
          continue;
        }
        return; // connection refused/reset: the server is gone
      }
      if (r.site) acknowledged.add(r.site.id);
      else rejected.push(`${r.status} ${r.body}`);
    }
  };
  const loops = Array.from({ length: concurrency }, () => loop());
  return {
    acknowledged,
    rejected,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL cluster control. `Cluster.process` is the postmaster itself (a direct child running as `postgres`);
// signals go to the pid in postmaster.pid, which is the same process, and this process reaps it.

export function postmasterPid(cluster: Cluster): number {
  const file = join(cluster.dir, 'data', 'postmaster.pid');
  if (!existsSync(file)) throw new Error(`no ${file}: is the cluster running?`);
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`unreadable ${file}`);
  return pid;
}

async function waitForClusterProcess(cluster: Cluster, timeoutMs: number): Promise<void> {
  const child = cluster.process;
  if (!isRunning(child)) return;
  await Promise.race([
    new Promise<void>((resolve) => child.once('exit', () => resolve())),
    sleep(timeoutMs).then(() => {
      throw new Error(`the postmaster (pid ${child.pid}) did not exit within ${timeoutMs} ms`);
    }),
  ]);
}

/** SIGKILLs the postmaster (a crash) and waits until it has been reaped. */
export async function crashCluster(cluster: Cluster, pid = postmasterPid(cluster)): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await waitForClusterProcess(cluster, 15_000);
}

/**
 * Starts the postmaster after a crash. Backends of the killed postmaster can take a moment to notice its death and
 * detach from the old shared memory; until then PostgreSQL refuses to start ("pre-existing shared memory block is
 * still in use"), so retry for a while.
 */
export async function restartCluster(cluster: Cluster): Promise<number> {
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      await cluster.restart();
      return attempts;
    } catch (err) {
      if (attempts >= 20) throw err;
      await sleep(250);
    }
  }
}

/**
 * A fast shutdown (SIGINT to the postmaster, escalating to SIGKILL if it does not stop), then `cluster.stop()`
 * removes the directory.
 */
export async function shutdownCluster(cluster: Cluster): Promise<void> {
  if (isRunning(cluster.process)) {
    try {
      process.kill(postmasterPid(cluster), 'SIGINT');
      await waitForClusterProcess(cluster, 30_000);
    } catch {
      try {
        process.kill(postmasterPid(cluster), 'SIGKILL');
      } catch {
        // nothing left to kill
      }
      await waitForClusterProcess(cluster, 15_000).catch(() => undefined);
    }
  }
  await cluster.stop();
}
