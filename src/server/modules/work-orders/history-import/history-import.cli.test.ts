import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateDeviceRequest } from '../../../../contracts/index.ts';
import { loadConfig } from '../../../platform/config.ts';
import { startServer, type RunningServer } from '../../../server.ts';

const run = promisify(execFile);
const ADMIN = 'admin@history-cli.example';

/** `openhtm import work-orders` beside a running embedded server (through its socket). */
describe('openhtm import work-orders, server running', () => {
  let dir: string;
  let server: RunningServer;
  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/openhtm.mjs', ...args], {
      env: { ...process.env, OPENHTM_DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    }).catch((e: unknown) => e as { code: number; stdout: string; stderr: string });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openhtm-history-cli-'));
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
    const maker = await s.inventory.manufacturers.createManufacturer(admin, { name: 'ZOLL', aliases: [] });
    const model = await s.inventory.models.createModel(admin, {
      manufacturerId: maker.id,
      modelNumber: 'R Series',
      name: 'R Series defibrillator',
      deviceIdentifiers: [],
    });
    await s.inventory.devices.createDevice(
      admin,
      CreateDeviceRequest.parse({
        assetTag: 'D-1',
        modelId: model.id,
        siteId: site.id,
        status: 'in_service',
      }),
    );
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every problem by row and imports nothing, then imports the corrected file', async () => {
    const file = join(dir, 'legacy-wo.csv');
    writeFileSync(
      file,
      'Equipment ID,WO Number,Work type,Date reported,Date completed,Technician,Hours\n' +
        'D-1,1001,PM,2025-01-02,2025-01-03,Pat Lee,1\n' +
        'D-9,1002,CM,2025-02-02,2025-02-03,,\n' +
        'D-1,1003,PM,2025-07-02,2025-13-03,,\n',
    );
    const dry = await cli('import', 'work-orders', file, '--dry-run', '--map', 'WO Number=legacyNumber');
    expect(dry).toMatchObject({ code: 1 });
    expect(dry.stdout).toContain('row 3, column "Equipment ID": unknown device: no asset tag "D-9"');
    expect(dry.stdout).toContain('row 4, column "Date completed": "2025-13-03" is not a date');
    expect(dry.stdout).toContain('Nothing was imported: 2 problems.');

    writeFileSync(file, readFileSync(file, 'utf8').replace('D-9', 'D-1').replace('2025-13-03', '2025-07-03'));
    const done = await cli('import', 'work-orders', file, '--map', 'WO Number=legacyNumber');
    expect(done.stdout).toMatch(
      /Imported 3 work orders \(2 preventive, 1 corrective\) for 1 devices in \d+\.\d s\./,
    );
    expect(done.stderr).toMatch(/Writing 3 of 3 work orders\.\.\. 100%/);
  });
});
