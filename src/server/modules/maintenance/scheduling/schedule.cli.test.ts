import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../platform/config.ts';
import { startServer, type RunningServer } from '../../../server.ts';

const run = promisify(execFile);
const ADMIN = 'admin@schedule-cli.example';

/** `openhtm schedule run` beside a running embedded server (through its socket). */
describe('openhtm schedule run, server running', () => {
  let dir: string;
  let server: RunningServer;
  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/openhtm.mjs', ...args], {
      env: { ...process.env, OPENHTM_DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    }).catch((e: unknown) => e as { code: number; stdout: string; stderr: string });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openhtm-schedule-cli-'));
    server = await startServer(
      loadConfig({
        OPENHTM_DATA_DIR: dir,
        PORT: '0',
        OPENHTM_ADMIN_EMAIL: ADMIN,
        OPENHTM_ADMIN_PASSWORD: 'first admin password',
        OPENHTM_DEMO_DATA: 'false',
        LOG_LEVEL: 'silent',
      }),
      { logger: false, print: () => undefined },
    );
    const s = server.services;
    const admin = await s.users.actorFor(ADMIN);
    const site = await s.sites.createSite(admin, {
      name: 'Main',
      code: 'MAIN',
      timeZone: 'UTC',
      kind: 'hospital',
      address: '',
    });
    const maker = await s.inventory.manufacturers.createManufacturer(admin, { name: 'Baxter', aliases: [] });
    const model = await s.inventory.models.createModel(admin, {
      manufacturerId: maker.id,
      modelNumber: 'Spectrum IQ',
      name: 'Sigma Spectrum IQ',
      deviceIdentifiers: [],
    });
    const inService = DateTime.utc().minus({ months: 5 }).toISODate() ?? '';
    const device = await s.inventory.devices.createDevice(admin, {
      modelId: model.id,
      siteId: site.id,
      status: 'in_service',
      inServiceDate: inService,
      ownership: 'owned',
      serviceProvider: 'in_house',
      networkConnected: false,
      customFields: {},
    });
    await s.plans.createPlan(admin, {
      deviceId: device.id,
      name: 'Semi-annual PM',
      interval: 'P6M',
      basis: 'policy',
      basisReference: 'Policy EM-1',
      tasks: [],
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates the work due within the horizon once, prints the counts, and names a bad date', async () => {
    // The daily job (maintenance.schedule-work) may have run at start: the first CLI run creates what is left.
    const first = await cli('schedule', 'run');
    expect(first.stdout).toMatch(
      /^Scheduled through \d{4}-\d\d-\d\d: [01] work orders created for [01] plans, 0 cancelled \(devices retired or disposed\), 0 held \(devices missing\) in \d+\.\d s\./,
    );
    const generated = await server.services.database.pool.query<{ n: string }>(
      "select count(*) as n from work_orders where source = 'scheduled' and kind = 'preventive'",
    );
    expect(generated.rows[0]?.n).toBe('1');
    const again = await cli('schedule', 'run');
    expect(again.stdout).toMatch(/: 0 work orders created/);
    const bad = await cli('schedule', 'run', '--through', '2026-02-30');
    expect('code' in bad && bad.code).not.toBe(0);
    expect(bad.stderr).toContain('through');
  });
});
