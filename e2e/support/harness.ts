import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { describe, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { loadConfig } from '../../src/server/platform/config.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ADMIN_EMAIL = 'admin@e2e.example';
export const ADMIN_PASSWORD = 'e2e admin password 1';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The browser tier runs only where Debian's Chromium is installed. Without it the suite is skipped with a
 * clear line, unless OPENHTM_REQUIRE_ALL_TIERS=1 (CI), where a missing browser is a failure.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  if (process.env.OPENHTM_REQUIRE_ALL_TIERS === '1') {
    describe(name, () => {
      it('needs Chromium for the browser tier', () => {
        throw new Error(
          `Browser tier required (OPENHTM_REQUIRE_ALL_TIERS=1) but ${CHROMIUM_PATH} was not found`,
        );
      });
    });
    return;
  }
  console.log(`[tiers] Browser tier SKIPPED: ${CHROMIUM_PATH} not found`);
  describe.skip(name, body);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Builds dist/web (which the server serves) unless it is newer than every source file the web app uses. */
export function ensureWebBuild(): void {
  const index = join(repoRoot, 'dist/web/index.html');
  const sources = Math.max(
    newestMtime(join(repoRoot, 'src/web')),
    newestMtime(join(repoRoot, 'src/contracts')),
    statSync(join(repoRoot, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
}

export interface E2eServer {
  url: string;
  stop(): Promise<void>;
}

/** The real server, in-process, on a fresh embedded database in a temporary directory. */
export async function startE2eServer(): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openhtm-e2e-'));
  let server: RunningServer;
  try {
    server = await startServer(
      loadConfig({
        OPENHTM_DATA_DIR: dataDir,
        PORT: '0',
        OPENHTM_COOKIE_SECURE: 'false',
        OPENHTM_ADMIN_EMAIL: ADMIN_EMAIL,
        OPENHTM_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
      }),
      { logger: false, print: () => {} },
    );
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: server.url,
    async stop() {
      try {
        await server.stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh context whose waits fail well inside the test timeout. */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', ...options });
  context.setDefaultTimeout(15_000);
  return context;
}

export interface PageProblems {
  pageErrors: string[];
  consoleErrors: string[];
  dialogs: string[];
}

/** Records uncaught page errors, console errors and any JavaScript dialog (which is dismissed). */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { pageErrors: [], consoleErrors: [], dialogs: [] };
  page.on('pageerror', (error) => problems.pageErrors.push(`${error.name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location();
      // A signed-out visitor's session probe answers 401 by design; Chromium logs every failed fetch.
      if (where.url.endsWith('/api/v1/auth/me') && message.text().includes('status of 401')) return;
      problems.consoleErrors.push(`${message.text()} (${where.url}:${where.lineNumber})`);
    }
  });
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  return problems;
}

export function screenshotDir(): string {
  const dir = process.env.OPENHTM_E2E_SCREENSHOT_DIR ?? join(tmpdir(), 'openhtm-e2e-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A short random suffix that keeps names unique across runs. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`.toUpperCase();
}

/** Email and password on /sign-in; resolves once the credentials were submitted. */
export async function submitCredentials(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in without MFA and waits for the home page. */
export async function signIn(page: Page, baseUrl: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  await submitCredentials(page, baseUrl, email, password);
  await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
}

export interface ApiSession {
  post<T>(path: string, body: unknown): Promise<T>;
}

/** Signs in over the JSON API (no MFA) and sends writes with the session cookie and the CSRF token. */
export async function apiSignIn(
  baseUrl: string,
  email = ADMIN_EMAIL,
  password = ADMIN_PASSWORD,
): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const body = (await login.json()) as { status: string; me?: { csrfToken: string } };
  const csrfToken = body.me?.csrfToken;
  if (body.status !== 'ok' || !csrfToken) throw new Error(`login did not complete: ${JSON.stringify(body)}`);
  const session = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('openhtm_session='));
  if (!session) throw new Error('login set no openhtm_session cookie');
  return {
    async post<T>(path: string, payload: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session, 'x-csrf-token': csrfToken },
        body: JSON.stringify(payload),
      });
      if (!res.ok) throw new Error(`POST ${path} failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}
