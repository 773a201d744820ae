import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../platform/config.ts';
import { startServer, type RunningServer } from '../../../server.ts';

const run = promisify(execFile);
const ADMIN = 'admin@import-cli.example';

/** `openhtm import devices` and `export devices` beside a running embedded server (through its socket). */
describe('openhtm import and export devices, server running', () => {
  let dir: string;
  let server: RunningServer;
  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/openhtm.mjs', ...args], {
      env: { ...process.env, OPENHTM_DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    }).catch((e: unknown) => e as { code: number; stdout: string; stderr: string });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openhtm-import-cli-'));
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
    await s.sites.createSite(admin, {
      name: 'Main',
      code: 'MAIN',
      timeZone: 'UTC',
      kind: 'hospital',
      address: '',
    });
    const maker = await s.inventory.manufacturers.createManufacturer(admin, { name: 'Baxter', aliases: [] });
    await s.inventory.models.createModel(admin, {
      manufacturerId: maker.id,
      modelNumber: 'Spectrum IQ',
      name: 'Sigma Spectrum IQ',
      deviceIdentifiers: [],
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every problem by row and imports nothing, then imports the corrected file and exports it', async () => {
    const file = join(dir, 'legacy.csv');
    writeFileSync(
      file,
      'Tag #,S/N,Mfr,Model,Site,Ownership,Comment\n' +
        'L-1,S1,Baxter,Spectrum IQ,MAIN,owned,=SUM(A1)\n' +
        'L-2,S2,Baxter,Spectrum IQ,MAIN,ours,\n' +
        'L-3,S3,Baxter,Spectrum IQ,MOON,owned,\n',
    );
    const dry = await cli('import', 'devices', file, '--dry-run');
    expect(dry).toMatchObject({ code: 1 });
    expect(dry.stdout).toContain('row 3, column "Ownership": unknown ownership "ours"');
    expect(dry.stdout).toContain('row 4, column "Site": unknown site code "MOON"');
    expect(dry.stdout).toContain('Nothing was imported: 2 problems.');

    writeFileSync(file, readFileSync(file, 'utf8').replace('ours', 'leased').replace('MOON', 'MAIN'));
    const done = await cli('import', 'devices', file, '--map', 'Comment=notes');
    expect(done.stdout).toMatch(/Imported 3 devices in \d+\.\d s\./);
    expect(done.stderr).toMatch(/Writing 3 of 3 devices\.\.\. 100%/);

    const out = join(dir, 'out.csv');
    const exported = await cli('export', 'devices', '--out', out, '--ownership', 'owned');
    expect(exported.stderr).toContain(`Devices written to ${out}`);
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['Asset tag', 'L-1', 'L-3']);
    expect(lines[1]).toContain("'=SUM(A1)");
  });
});
