import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceImportRequest, type DeviceImportMapping } from '../../../../contracts/index.ts';
import type { Actor } from '../../../platform/actor.ts';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';
import { parseCsv, parseXlsx } from './device-file.rules.ts';

const GTIN = '00208851107347';

async function readAll(body: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(parts);
}

const csv = (rows: (string | number)[][]) => Buffer.from(stringify(rows));

describe.each(engines())('device import and export (%s)', (engine) => {
  let t: TestApp;
  let admin: Actor;
  const site: Record<string, string> = {};
  const model: Record<string, string> = {};

  const count = async (table: string, where = 'true') =>
    Number(
      (await t.db.database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`))
        .rows[0]?.n,
    );

  async function upload(rows: (string | number)[][], fileName = 'devices.csv') {
    return t.services.imports.uploadImport(admin, { fileName, bytes: csv(rows), declaredFormat: 'csv' });
  }

  const request = (mapping: DeviceImportMapping, extra: Partial<DeviceImportRequest> = {}) =>
    DeviceImportRequest.parse({ mapping, ...extra });

  beforeAll(async () => {
    t = await createTestApp(engine);
    admin = await t.services.users.actorFor(ADMIN_EMAIL);
    for (const code of ['MAIN', 'NORTH']) {
      const s = await t.services.sites.createSite(admin, {
        name: `Site ${code}`,
        code,
        timeZone: 'UTC',
        kind: 'hospital',
        address: '',
      });
      site[code] = s.id;
    }
    const { manufacturers, models } = t.services.inventory;
    const baxter = await manufacturers.createManufacturer(admin, {
      name: 'Baxter',
      aliases: ['Baxter Healthcare'],
    });
    const ge = await manufacturers.createManufacturer(admin, {
      name: 'GE HealthCare',
      aliases: ['GE Medical Systems'],
    });
    model.sigma = (
      await models.createModel(admin, {
        manufacturerId: baxter.id,
        modelNumber: 'Spectrum IQ',
        name: 'Sigma Spectrum IQ infusion system',
        deviceIdentifiers: [GTIN],
      })
    ).id;
    model.b450 = (
      await models.createModel(admin, {
        manufacturerId: ge.id,
        modelNumber: 'B450',
        name: 'CARESCAPE B450 monitor',
        deviceIdentifiers: [],
      })
    ).id;
  });
  afterAll(async () => t?.close());

  const HEADER = [
    'Asset Tag',
    'Serial',
    'Manufacturer',
    'Model',
    'Site',
    'Department',
    'Ownership',
    'Status',
    'Notes',
  ];

  it('dry run: lists every problem with its spreadsheet row and column, and writes no device', async () => {
    const before = await count('devices');
    const up = await upload([
      HEADER,
      ['D-1', 'S1', 'Baxter Healthcare', 'spectrum-iq', 'MAIN', 'ICU', 'owned', 'in_service', ''],
      ['D-2', 'S2', 'Acme', 'X', 'MAIN', 'ICU', 'owned', 'active', ''],
      ['', '', '', '', '', '', '', '', ''],
      ['D-3', 'S3', 'GE HealthCare', 'B450', 'MOON', 'ICU', 'GE', 'retired', ''],
    ]);
    expect(up.rowCount).toBe(3);
    expect(up.suggestedMapping).toMatchObject({
      'Asset Tag': 'assetTag',
      Serial: 'serialNumber',
      Site: 'siteCode',
    });
    const check = await t.services.imports.dryRun(admin, up.id, request(up.suggestedMapping));
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => [p.row, p.column, p.field])).toEqual([
      [3, 'Manufacturer', 'manufacturer'],
      [3, 'Status', 'status'],
      [5, 'Site', 'siteCode'],
      [5, 'Ownership', 'ownership'],
    ]);
    expect(check.problems[1]?.message).toMatch(/unknown status "active"; use one of received, in_service/);
    expect(check.problems[3]?.message).toMatch(/unknown ownership "GE"/);
    expect(await count('devices')).toBe(before);
    const stored = await t.services.imports.getImport(admin, up.id);
    expect(stored).toMatchObject({ status: 'invalid', problemCount: 4, truncated: false });
  });

  it('applies a 10,000-row file whole or not at all: one bad row writes nothing and names row, column, reason', async () => {
    const rows = (bad: boolean) => [
      HEADER,
      ...Array.from({ length: 10_000 }, (_, i) => [
        `BULK-${String(i).padStart(5, '0')}`,
        `SN-${i}`,
        i % 2 ? 'Baxter' : 'GE HealthCare',
        i % 2 ? 'Spectrum IQ' : 'B450',
        i % 3 ? 'MAIN' : 'NORTH',
        'ICU',
        bad && i === 6999 ? 'borrowed' : 'owned',
        'in_service',
        i === 5 ? '=HYPERLINK("http://x")' : '',
      ]),
    ];
    const before = await count('devices');
    const auditBefore = await count('audit_events');
    const bad = await upload(rows(true), 'bulk.csv');
    const outcome = await t.services.imports.runImport(admin, bad.id, request(bad.suggestedMapping));
    expect(outcome.applied).toBe(false);
    expect(outcome.problems).toEqual([
      {
        row: 7001,
        column: 'Ownership',
        field: 'ownership',
        message:
          'unknown ownership "borrowed"; use one of owned, leased, rented, loaner, physician_owned, vendor_owned, consigned',
      },
    ]);
    expect(await count('devices')).toBe(before);
    expect((await t.services.imports.getImport(admin, bad.id)).status).toBe('invalid');

    const good = await upload(rows(false), 'bulk.csv');
    const progress: number[] = [];
    const applied = await t.services.imports.runImport(
      admin,
      good.id,
      request(good.suggestedMapping),
      (p) => {
        progress.push(p.fraction);
      },
    );
    expect(applied.applied).toBe(true);
    expect(applied.summary.deviceCount).toBe(10_000);
    expect(progress.at(-1)).toBe(1);
    expect(await count('devices')).toBe(before + 10_000);

    // One lifecycle entry per device, naming the file and row; the devices are found from the history.
    const history = await t.db.database.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM device_status_history h JOIN devices d ON d.id = h.device_id
       WHERE h.reason = 'Imported from bulk.csv row ' || (substring(d.asset_tag from 6)::int + 2) || ' (import ${good.id})'
         AND h.to_status = 'in_service' AND h.from_status IS NULL AND h.actor_label = $1`,
      [admin.label],
    );
    expect(Number(history.rows[0]?.n)).toBe(10_000);
    const events = await t.db.database.pool.query<{ action: string; after: Record<string, unknown> }>(
      `SELECT action, after FROM audit_events WHERE entity_id = $1 ORDER BY id`,
      [good.id],
    );
    expect(events.rows.map((e) => e.action)).toEqual(['device_import.uploaded', 'devices.imported']);
    expect(events.rows[1]?.after).toMatchObject({
      importId: good.id,
      fileName: 'bulk.csv',
      rowCount: 10_000,
      deviceIds: 10_000,
    });
    expect(String(events.rows[1]?.after.sha256)).toMatch(/^[0-9a-f]{64}$/);
    // One event for the whole import (plus the uploads and the rejected try), never one per device.
    expect((await count('audit_events')) - auditBefore).toBe(4);
    const sample = await t.db.database.pool.query<{ search_text: string; notes: string; site_id: string }>(
      `SELECT search_text, notes, site_id FROM devices WHERE asset_tag = 'BULK-00005'`,
    );
    expect(sample.rows[0]).toMatchObject({
      search_text: 'bulk-00005 sn-5 icu',
      notes: '=HYPERLINK("http://x")',
    });

    // Applying again answers the same result and writes nothing more.
    const again = await t.services.imports.runImport(admin, good.id, null);
    expect(again.applied).toBe(true);
    expect(await count('devices')).toBe(before + 10_000);
  });

  it('catches duplicate asset tags (any case) and serials within a model, in the file and against the inventory', async () => {
    const up = await upload([
      HEADER,
      ['bulk-00001', 'NEW-1', 'Baxter', 'Spectrum IQ', 'MAIN', 'ICU', 'owned', 'in_service', ''],
      ['DUP-1', 'NEW-2', 'Baxter', 'Spectrum IQ', 'MAIN', 'ICU', 'owned', 'in_service', ''],
      ['dup-1', 'NEW-3', 'Baxter', 'Spectrum IQ', 'MAIN', 'ICU', 'owned', 'in_service', ''],
      ['DUP-2', 'new-2', 'Baxter', 'Spectrum IQ', 'MAIN', 'ICU', 'owned', 'in_service', ''],
      ['DUP-3', 'new-2', 'GE HealthCare', 'B450', 'MAIN', 'ICU', 'owned', 'in_service', ''],
      ['DUP-4', 'sn-1', 'Baxter', 'Spectrum IQ', 'MAIN', 'ICU', 'owned', 'in_service', ''],
    ]);
    const check = await t.services.imports.dryRun(admin, up.id, request(up.suggestedMapping));
    expect(check.problems.map((p) => [p.row, p.field, p.message])).toEqual([
      [2, 'assetTag', 'asset tag "bulk-00001" is already in the inventory'],
      [4, 'assetTag', 'asset tag "dup-1" is also on row 3'],
      [5, 'serialNumber', 'serial number "new-2" of the same model is also on row 3'],
      [7, 'serialNumber', 'a device of this model with serial number "sn-1" is already in the inventory'],
    ]);
  });

  it('creates missing manufacturers and models only when asked, with catalog permission, audited', async () => {
    const up = await upload([
      ['Manufacturer', 'Model', 'Model name', 'Site', 'Serial'],
      ['Zoll Medical Corporation', 'R Series', 'R Series ALS', 'MAIN', 'Z1'],
      ['ZOLL MEDICAL', 'r-series', '', 'MAIN', 'Z2'],
    ]);
    const strict = await t.services.imports.dryRun(admin, up.id, request(up.suggestedMapping));
    expect(strict.problems.map((p) => p.field)).toEqual(['manufacturer', 'manufacturer']);

    // Every role that may import may also manage the catalog today; the check stands on its own all the same.
    const importOnly: Actor = { ...admin, permissions: new Set(['inventory.read', 'inventory.import']) };
    await expect(
      t.services.imports.runImport(
        importOnly,
        up.id,
        request(up.suggestedMapping, { createMissingCatalog: true }),
      ),
    ).rejects.toThrow(/catalog\.manage/);

    const outcome = await t.services.imports.runImport(
      admin,
      up.id,
      request(up.suggestedMapping, { createMissingCatalog: true }),
    );
    expect(outcome.applied).toBe(true);
    expect(outcome.summary).toMatchObject({
      deviceCount: 2,
      generatedAssetTags: 2,
      newManufacturers: ['Zoll Medical Corporation'],
      newModels: ['Zoll Medical Corporation R Series'],
    });
    const created = await t.db.database.pool.query<{ action: string; reason: string }>(
      `SELECT action, reason FROM audit_events WHERE action IN ('manufacturer.created', 'model.created') AND reason LIKE '%${up.id}%' ORDER BY id`,
    );
    expect(created.rows.map((r) => r.action)).toEqual(['manufacturer.created', 'model.created']);
    const devices = await t.db.database.pool.query<{ asset_tag: string }>(
      `SELECT d.asset_tag FROM devices d JOIN models m ON m.id = d.model_id WHERE m.model_number = 'R Series' ORDER BY d.asset_tag`,
    );
    expect(devices.rows).toHaveLength(2);
    for (const d of devices.rows) expect(d.asset_tag).toMatch(/^A\d{6}$/);
  });

  it('links components to their system, in the file or already in the inventory, and reads the UDI', async () => {
    const up = await upload([
      ['Asset Tag', 'Parent asset tag', 'UDI', 'Site', 'Serial'],
      ['SYS-2', 'SYS-1', `(01)${GTIN}(21)U-2`, 'NORTH', ''],
      ['SYS-1', 'BULK-00001', `(01)${GTIN}(21)U-1`, 'NORTH', ''],
    ]);
    const outcome = await t.services.imports.runImport(admin, up.id, request(up.suggestedMapping));
    expect(outcome.problems).toEqual([]);
    const rows = await t.db.database.pool.query<{
      asset_tag: string;
      parent: string;
      serial_number: string;
      model_id: string;
    }>(
      `SELECT d.asset_tag, p.asset_tag AS parent, d.serial_number, d.model_id FROM devices d
       JOIN devices p ON p.id = d.parent_id WHERE d.asset_tag IN ('SYS-1', 'SYS-2') ORDER BY d.asset_tag`,
    );
    expect(rows.rows).toEqual([
      { asset_tag: 'SYS-1', parent: 'BULK-00001', serial_number: 'U-1', model_id: model.sigma },
      { asset_tag: 'SYS-2', parent: 'SYS-1', serial_number: 'U-2', model_id: model.sigma },
    ]);
  });

  it('fills custom fields by their label, by type, and requires a required one', async () => {
    const { customFields } = t.services.inventory;
    await customFields.createCustomField(admin, {
      key: 'pm_group',
      label: 'PM group',
      type: 'choice',
      options: ['Annual', 'Semiannual'],
      required: false,
    });
    await customFields.createCustomField(admin, {
      key: 'risk_score',
      label: 'Risk score',
      type: 'number',
      options: [],
      required: false,
    });
    const up = await upload([
      ['Asset Tag', 'Manufacturer', 'Model', 'Site', 'PM group', 'Risk score'],
      ['CF-1', 'Baxter', 'Spectrum IQ', 'MAIN', 'annual', '12'],
      ['CF-2', 'Baxter', 'Spectrum IQ', 'MAIN', 'monthly', 'high'],
    ]);
    expect(up.suggestedMapping).toMatchObject({
      'PM group': 'custom.pm_group',
      'Risk score': 'custom.risk_score',
    });
    const check = await t.services.imports.dryRun(admin, up.id, request(up.suggestedMapping));
    expect(check.problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'PM group'],
      [3, 'Risk score'],
    ]);
    const fixed = await upload([
      ['Asset Tag', 'Manufacturer', 'Model', 'Site', 'PM group', 'Risk score'],
      ['CF-1', 'Baxter', 'Spectrum IQ', 'MAIN', 'annual', '12'],
    ]);
    expect(
      (await t.services.imports.runImport(admin, fixed.id, request(fixed.suggestedMapping))).applied,
    ).toBe(true);
    const stored = await t.db.database.pool.query<{ custom_fields: unknown }>(
      `SELECT custom_fields FROM devices WHERE asset_tag = 'CF-1'`,
    );
    expect(stored.rows[0]?.custom_fields).toEqual({ pm_group: 'Annual', risk_score: 12 });
  });

  it('applies once when two runs of the same import race (the job and the CLI)', async () => {
    const up = await upload([
      HEADER,
      ['RACE-1', 'R1', 'Baxter', 'Spectrum IQ', 'MAIN', 'ICU', 'owned', 'in_service', ''],
      ['RACE-2', 'R2', 'Baxter', 'Spectrum IQ', 'MAIN', 'ICU', 'owned', 'in_service', ''],
    ]);
    const req = request(up.suggestedMapping);
    const [a, b] = await Promise.all([
      t.services.imports.runImport(admin, up.id, req),
      t.services.imports.runImport(admin, up.id, req),
    ]);
    expect([a.applied, b.applied]).toEqual([true, true]);
    expect(await count('devices', "asset_tag LIKE 'RACE-%'")).toBe(2);
    expect(await count('audit_events', `action = 'devices.imported' AND entity_id = '${up.id}'`)).toBe(1);
    expect((await t.services.imports.getImport(admin, up.id)).status).toBe('applied');
  });

  it('applies as a job from the queue, with progress and the outcome on the import', async () => {
    const up = await upload([
      HEADER,
      ['JOB-1', 'J1', 'Baxter', 'Spectrum IQ', 'MAIN', 'ICU', 'leased', 'received', ''],
    ]);
    const queued = await t.services.imports.requestApply(admin, up.id, request(up.suggestedMapping));
    expect(queued.status).toBe('queued');
    await expect(t.services.imports.dryRun(admin, up.id, request(up.suggestedMapping))).rejects.toMatchObject(
      {
        code: 'INVALID_STATE',
      },
    );
    expect(await t.services.queue.drain()).toBeGreaterThanOrEqual(1);
    const done = await t.services.imports.getImport(admin, up.id);
    expect(done).toMatchObject({ status: 'applied', progress: 1, result: { deviceCount: 1 } });
    const history = await t.db.database.pool.query<{ actor_label: string; reason: string }>(
      `SELECT h.actor_label, h.reason FROM device_status_history h JOIN devices d ON d.id = h.device_id WHERE d.asset_tag = 'JOB-1'`,
    );
    expect(history.rows).toEqual([
      { actor_label: admin.label, reason: `Imported from devices.csv row 2 (import ${up.id})` },
    ]);
  });

  describe('export', () => {
    beforeAll(async () => {
      const up = await upload([
        HEADER,
        ['EXP-1', 'E1', 'Baxter', 'Spectrum IQ', 'MAIN', 'Lab', 'owned', 'retired', '=cmd|"/c calc"!A1'],
        ['EXP-2', 'E2', 'Baxter', 'Spectrum IQ', 'NORTH', 'Lab', 'owned', 'disposed', '@SUM(1)'],
        ['EXP-3', 'E3', 'GE HealthCare', 'B450', 'MAIN', 'Lab', 'rented', 'in_service', '-2+3'],
      ]);
      const outcome = await t.services.imports.runImport(admin, up.id, request(up.suggestedMapping));
      expect(outcome.applied).toBe(true);
    });

    const exportCsv = async (actor: Actor, q: Record<string, unknown>) => {
      const file = await t.services.exports.exportDevices(actor, {
        format: 'csv',
        sort: 'assetTag',
        order: 'asc',
        ...q,
      });
      return parseCsv(await readAll(file.body));
    };

    it('honours the list filters, includes retired and disposed devices, and neutralizes formulas', async () => {
      const all = await exportCsv(admin, { department: 'lab' });
      expect(all.rows.map((r) => r.cells[0])).toEqual(['EXP-1', 'EXP-2', 'EXP-3']);
      const notes = all.columns.indexOf('Notes');
      expect(all.rows.map((r) => r.cells[notes])).toEqual(['\'=cmd|"/c calc"!A1', "'@SUM(1)", "'-2+3"]);
      const north = await exportCsv(admin, { department: 'lab', siteId: site.NORTH });
      expect(north.rows.map((r) => r.cells[0])).toEqual(['EXP-2']);
      const retired = await exportCsv(admin, {
        status: ['retired', 'disposed'],
        modelId: model.sigma,
        department: 'Lab',
      });
      expect(retired.rows.map((r) => r.cells[0])).toEqual(['EXP-1', 'EXP-2']);
      const byTag = await exportCsv(admin, { q: 'exp-3' });
      expect(byTag.rows.map((r) => r.cells[0])).toEqual(['EXP-3']);
      const desc = await exportCsv(admin, { department: 'lab', sort: 'assetTag', order: 'desc' });
      expect(desc.rows.map((r) => r.cells[0])).toEqual(['EXP-3', 'EXP-2', 'EXP-1']);
    });

    it('exports only the sites a user may see', async () => {
      const tech = await t.createUser('technician', { allSites: false, siteIds: [site.MAIN ?? ''] });
      const scoped = await exportCsv(await t.services.users.actorFor(tech.email), { department: 'lab' });
      expect(scoped.rows.map((r) => r.cells[0])).toEqual(['EXP-1', 'EXP-3']);
    });

    it('round-trips through XLSX: the export maps back field by field, and only the duplicates are problems', async () => {
      const file = await t.services.exports.exportDevices(admin, {
        format: 'xlsx',
        department: 'Lab',
        sort: 'assetTag',
        order: 'asc',
      });
      const bytes = await readAll(file.body);
      const sheet = await parseXlsx(bytes);
      expect(sheet.rows).toHaveLength(3);
      const notes = sheet.columns.indexOf('Notes');
      expect(sheet.rows.map((r) => r.cells[notes])).toEqual(['\'=cmd|"/c calc"!A1', "'@SUM(1)", "'-2+3"]);
      const up = await t.services.imports.uploadImport(admin, {
        fileName: file.fileName,
        bytes,
        declaredFormat: 'xlsx',
      });
      const mapped = Object.values(up.suggestedMapping).filter(Boolean);
      // Every device field, and the two custom fields an earlier test defined.
      expect(mapped).toHaveLength(29);
      expect(mapped).toEqual(expect.arrayContaining(['custom.pm_group', 'custom.risk_score']));
      const check = await t.services.imports.dryRun(admin, up.id, request(up.suggestedMapping));
      expect(new Set(check.problems.map((p) => p.field))).toEqual(new Set(['assetTag', 'serialNumber']));
      expect(check.problems.filter((p) => p.field === 'assetTag').map((p) => p.row)).toEqual([2, 3, 4]);
    });
  });
});
