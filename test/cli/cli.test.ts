import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/platform/config.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';

const run = promisify(execFile);

/** The CLI reaches the database of a running embedded server through its socket (the data directory is locked). */
describe('openhtm CLI beside a running embedded server', () => {
  let dir: string;
  let server: RunningServer;
  const env = () => ({ ...process.env, OPENHTM_DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/openhtm.mjs', ...args], { env: env(), encoding: 'utf8' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openhtm-cli-'));
    server = await startServer(
      loadConfig({
        OPENHTM_DATA_DIR: dir,
        PORT: '0',
        OPENHTM_ADMIN_EMAIL: 'admin@cli.example',
        OPENHTM_ADMIN_PASSWORD: 'first admin password',
        OPENHTM_DEMO_DATA: 'false',
        LOG_LEVEL: 'silent',
      }),
      { logger: false, print: () => undefined },
    );
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a user with a generated password, a token that works, and resets the password', async () => {
    const created = await cli(
      'user',
      'create',
      '--email',
      'tech@cli.example',
      '--name',
      'Pat Tech',
      '--role',
      'technician',
      '--all-sites',
    );
    expect(created.stdout).toMatch(/Created technician tech@cli\.example/);
    const password = /Password \(shown once\): (\S+)/.exec(created.stdout)?.[1];
    expect(password).toBeTruthy();

    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'tech@cli.example', password }),
    });
    expect(login.status).toBe(200);

    const token = (
      await cli('token', 'create', '--user', 'admin@cli.example', '--name', 'integration')
    ).stdout.trim();
    expect(token).toMatch(/^oht_/);
    const sites = await fetch(`${server.url}/api/v1/sites`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(sites.status).toBe(200);

    const reset = await cli(
      'user',
      'reset-password',
      '--email',
      'tech@cli.example',
      '--password',
      'a new long password',
    );
    expect(reset.stdout).toMatch(/reset/);
    const old = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'tech@cli.example', password }),
    });
    expect(old.status).toBe(401);

    const audit = await cli('audit', 'verify');
    expect(audit.stdout).toMatch(/intact/);
  });

  it('says what is wrong, naming the field, and exits non-zero', async () => {
    const err = await cli('user', 'create', '--email', 'not-an-email', '--name', 'X').catch(
      (e: unknown) => e,
    );
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toMatch(/email/);
  });
});
