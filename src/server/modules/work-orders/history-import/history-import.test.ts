import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateDeviceRequest } from '../../../../contracts/index.ts';
import type { Actor } from '../../../platform/actor.ts';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';

const csv = (rows: (string | number)[][]) => Buffer.from(stringify(rows));

const HEADER = [
  'Asset tag',
  'Serial',
  'Model',
  'WO #',
  'Type',
  'Reported',
  'Completed',
  'Outcome',
  'Finding',
  'Cause',
  'Tech',
  'Hours',
  'Problem',
  'Action taken',
  'Vendor',
  'Cost',
];

/** Maintenance history import against a real database: problems by row, all or nothing, audit, scope. */
describe.each(engines())('maintenance history import (%s)', (engine) => {
  let t: TestApp;
  let admin: Actor;
  const site: Record<string, string> = {};
  const device: Record<string, string> = {};

  const count = async (table: string, where = 'true') =>
    Number(
      (await t.db.database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`))
        .rows[0]?.n,
    );
  const upload = (actor: Actor, rows: (string | number)[][], fileName = 'legacy-history.csv') =>
    t.services.historyImports.uploadImport(actor, { fileName, bytes: csv(rows), declaredFormat: 'csv' });

  beforeAll(async () => {
    t = await createTestApp(engine);
    admin = await t.services.users.actorFor(ADMIN_EMAIL);
    for (const [code, timeZone] of [
      ['MAIN', 'America/Chicago'],
      ['NORTH', 'UTC'],
    ] as const) {
      site[code] = (
        await t.services.sites.createSite(admin, {
          name: code,
          code,
          timeZone,
          kind: 'hospital',
          address: '',
        })
      ).id;
    }
    const maker = await t.services.inventory.manufacturers.createManufacturer(admin, {
      name: 'BD',
      aliases: [],
    });
    const model = await t.services.inventory.models.createModel(admin, {
      manufacturerId: maker.id,
      modelNumber: '8015',
      name: 'Alaris PC Unit',
      deviceIdentifiers: [],
    });
    for (const [tag, code] of [
      ['T-1', 'MAIN'],
      ['T-2', 'MAIN'],
      ['N-1', 'NORTH'],
    ] as const) {
      const d = await t.services.inventory.devices.createDevice(
        admin,
        CreateDeviceRequest.parse({
          assetTag: tag,
          serialNumber: `S${tag}`,
          modelId: model.id,
          siteId: site[code],
          status: 'in_service',
        }),
      );
      device[tag] = d.id;
    }
  });
  afterAll(async () => t?.close());

  it('dry run: every problem by row, column and reason; nothing written', async () => {
    const up = await upload(admin, [
      HEADER,
      [
        'T-1',
        '',
        '',
        'L-1',
        'PM',
        '2024-03-01',
        '2024-03-02',
        '',
        'no_problem',
        '',
        'Someone',
        '1',
        '',
        '',
        '',
        '',
      ],
      ['T-404', '', '', 'L-2', 'PM', '2024-03-01', '2024-03-02', '', '', '', '', '', '', '', '', ''],
      ['T-2', '', '', 'L-1', 'overhaul', '2024-03-05', '2024-03-01', '', '', '', '', '', '', '', '', ''],
      ['T-2', '', '', 'L-4', 'CM', '2024-03-01', '2099-01-01', '', '', '', '', '', '', '', '', ''],
      ['', 'ST-2', '8015', 'L-5', 'CM', '04/03/2024', '2024-04-04', '', '', '', '', '', '', '', '', ''],
    ]);
    expect(up.suggestedMapping).toMatchObject({ 'WO #': 'legacyNumber', Type: 'kind', Tech: 'technician' });
    const check = await t.services.historyImports.dryRun(admin, up.id, {});
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual([
      '3 Asset tag: unknown device: no asset tag "T-404"',
      '4 WO #: legacy number "L-1" is also on row 2',
      expect.stringMatching(/^4 Type: unknown work order kind "overhaul"; use one of preventive, corrective/),
      '4 Completed: 2024-03-01 is before the reported date 2024-03-05',
      '5 Completed: 2099-01-01 is in the future',
      '6 Reported: "04/03/2024" is ambiguous (day and month order); write dates as YYYY-MM-DD',
    ]);
    expect(await count('work_orders')).toBe(0);
    expect((await t.services.historyImports.getImport(admin, up.id)).status).toBe('invalid');
  });

  it('applies all or nothing: one bad row writes no work order', async () => {
    const up = await upload(admin, [
      HEADER,
      ['T-1', '', '', 'B-1', 'PM', '2024-03-01', '2024-03-02', '', '', '', '', '', '', '', '', ''],
      ['T-1', '', '', 'B-2', 'PM', '2024-03-01', '2024-03-02', 'fixed', '', '', '', '', '', '', '', ''],
    ]);
    const outcome = await t.services.historyImports.runImport(admin, up.id, null);
    expect(outcome.applied).toBe(false);
    expect(outcome.allProblems).toEqual([
      {
        row: 3,
        column: 'Outcome',
        field: 'outcome',
        message:
          'unknown outcome "fixed"; use one of completed, could_not_locate, in_use_deferred, out_for_repair, removed_from_service',
      },
    ]);
    expect(await count('work_orders')).toBe(0);
    expect(await count('audit_events', `action = 'work-order-import.rejected'`)).toBe(1);
  });

  it('imports closed, marked work orders with labor and one audit event, and refuses a second import', async () => {
    const rows = [
      HEADER,
      [
        'T-1',
        '',
        '',
        'H-1',
        'Preventive',
        '2024-03-01',
        '2024-03-02',
        '',
        'no_problem',
        '',
        ADMIN_EMAIL,
        '1.5',
        'Annual PM',
        'Passed',
        '',
        '',
      ],
      [
        '',
        'ST-2',
        '8015',
        'H-2',
        'CM',
        '2024-05-01 08:00',
        '2024-05-03 16:30',
        'completed',
        'user_evident_failure',
        'battery',
        'Sam Smith',
        '2',
        'Alarm on battery',
        'Replaced battery',
        'BD Service',
        '125.50',
      ],
      ['N-1', '', '', 'H-3', 'PM', '', '2025-01-10', '', '', '', '', '', '', '', '', ''],
    ];
    const up = await upload(admin, rows);
    const outcome = await t.services.historyImports.runImport(admin, up.id, null);
    expect(outcome.allProblems).toEqual([]);
    expect(outcome.applied).toBe(true);
    expect(outcome.summary).toEqual({
      workOrderCount: 3,
      byKind: { preventive: 2, corrective: 1 },
      deviceCount: 3,
      techniciansMatched: 1,
      techniciansAsText: 1,
      firstCompleted: '2024-03-02',
      lastCompleted: '2025-01-10',
    });

    const wos = (
      await t.db.database.pool.query<{
        import_ref: string;
        status: string;
        source: string;
        kind: string;
        device_id: string;
        completed_at: Date;
        signed_at: Date | null;
        outcome: string;
        failure_cause: string | null;
        vendor_cost: string | null;
        assigned_user_id: string | null;
        number: string;
      }>(`SELECT * FROM work_orders ORDER BY import_ref`)
    ).rows;
    expect(wos.map((w) => [w.import_ref, w.status, w.source, w.kind, w.outcome, w.signed_at])).toEqual([
      ['H-1', 'closed', 'import', 'preventive', 'completed', null],
      ['H-2', 'closed', 'import', 'corrective', 'completed', null],
      ['H-3', 'closed', 'import', 'preventive', 'completed', null],
    ]);
    expect(wos[0]?.device_id).toBe(device['T-1']);
    expect(wos[0]?.assigned_user_id).toBe(admin.userId);
    expect(wos[0]?.number).toMatch(/^WO-\d+$/);
    // A date alone is noon at the site (Chicago, UTC-6 in early March); a time is the site's wall clock.
    expect(wos[0]?.completed_at.toISOString()).toBe('2024-03-02T18:00:00.000Z');
    expect(wos[1]?.completed_at.toISOString()).toBe('2024-05-03T21:30:00.000Z');
    expect(wos[1]?.device_id).toBe(device['T-2']);
    expect(wos[1]?.failure_cause).toBe('battery');
    expect(wos[1]?.vendor_cost).toBe('125.50');
    expect(wos[2]?.completed_at.toISOString()).toBe('2025-01-10T12:00:00.000Z');

    const labor = (
      await t.db.database.pool.query<{ technician_name: string; hours: string; user_id: string | null }>(
        `SELECT technician_name, hours::text, user_id FROM work_order_labor ORDER BY hours`,
      )
    ).rows;
    expect(labor.map((l) => [l.hours, l.user_id])).toEqual([
      ['1.50', admin.userId],
      ['2.00', null],
    ]);
    expect(labor[1]?.technician_name).toBe('Sam Smith');
    expect(
      await count('work_order_status_history', `reason LIKE 'Imported from legacy-history.csv row %'`),
    ).toBe(3);

    const audit = (
      await t.db.database.pool.query<{ after: Record<string, unknown>; entity_id: string }>(
        `SELECT after, entity_id FROM audit_events WHERE action = 'work-orders.imported'`,
      )
    ).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]?.entity_id).toBe(up.id);
    expect(audit[0]?.after).toMatchObject({ workOrderCount: 3, byKind: { preventive: 2, corrective: 1 } });
    expect((await t.services.historyImports.getImport(admin, up.id)).status).toBe('applied');

    // The same file again: every row was already imported.
    const again = await upload(admin, rows);
    const second = await t.services.historyImports.dryRun(admin, again.id, {});
    expect(second.problems.map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual([
      expect.stringMatching(/^2 WO #: legacy number "H-1" was already imported \(work order WO-\d+\)$/),
      expect.stringMatching(/^3 WO #: legacy number "H-2" was already imported/),
      expect.stringMatching(/^4 WO #: legacy number "H-3" was already imported/),
    ]);
  });

  it('a device at a site outside the importer’s scope is an unknown device', async () => {
    const scoped = await t.createUser('clinical_engineer', {
      allSites: false,
      siteIds: [site.MAIN as string],
    });
    const actor = await t.services.users.actorFor(scoped.email);
    const up = await upload(actor, [
      HEADER,
      ['N-1', '', '', 'S-1', 'PM', '2024-03-01', '2024-03-02', '', '', '', '', '', '', '', '', ''],
    ]);
    const check = await t.services.historyImports.dryRun(actor, up.id, {});
    expect(check.problems.map((p) => p.message)).toEqual(['unknown device: no asset tag "N-1"']);
  });

  it('reads an XLSX workbook: date cells, a date-time cell and a number of hours', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Work orders');
    sheet.addRow(['Asset tag', 'WO #', 'Type', 'Reported', 'Completed', 'Hours']);
    sheet.addRow([
      'T-2',
      'X-1',
      'Corrective',
      new Date('2024-08-01T00:00:00Z'),
      new Date('2024-08-02T15:45:00Z'),
      2.5,
    ]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const up = await t.services.historyImports.uploadImport(admin, {
      fileName: 'history.xlsx',
      bytes,
      declaredFormat: 'xlsx',
    });
    const outcome = await t.services.historyImports.runImport(admin, up.id, null);
    expect(outcome.allProblems).toEqual([]);
    const [wo] = (
      await t.db.database.pool.query<{ completed_at: Date; reported_at: Date }>(
        `SELECT completed_at, reported_at FROM work_orders WHERE import_ref = 'X-1'`,
      )
    ).rows;
    // Site MAIN is America/Chicago (UTC-5 in August): 15:45 there; a date alone is noon there.
    expect(wo?.completed_at.toISOString()).toBe('2024-08-02T20:45:00.000Z');
    expect(wo?.reported_at.toISOString()).toBe('2024-08-01T17:00:00.000Z');
  });

  it('applies through the job: queued, then applied with progress 1', async () => {
    const up = await upload(admin, [
      HEADER,
      ['T-2', '', '', 'J-1', 'PM', '2024-06-01', '2024-06-01', '', '', '', '', '', '', '', '', ''],
    ]);
    const queued = await t.services.historyImports.requestApply(admin, up.id, {});
    expect(queued.status).toBe('queued');
    await t.services.queue.drain();
    const done = await t.services.historyImports.getImport(admin, up.id);
    expect(done).toMatchObject({ status: 'applied', progress: 1, result: { workOrderCount: 1 } });
  });
});
