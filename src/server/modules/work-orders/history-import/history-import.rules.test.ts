import { describe, expect, it } from 'vitest';
import { parseImportFile } from '../../inventory/index.ts';
import {
  allProblems,
  checkHistoryMapping,
  columnsOf,
  readHistoryRows,
  readKind,
  readStamp,
  resolveHistory,
  stampInstant,
  suggestHistoryMapping,
  summarizeHistory,
  type DeviceFact,
  type HistoryFacts,
} from './history-import.rules.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const HEADER =
  'Tag #,WO #,Type,Reported,Completed,Outcome,Finding,Cause,Tech,Hours,Problem,Action taken,Vendor,Cost';

const csv = async (...lines: string[]) => parseImportFile(Buffer.from([HEADER, ...lines].join('\n')));

const device = (tag: string, over: Partial<DeviceFact> = {}): DeviceFact => ({
  id: `id-${tag}`,
  assetTag: tag,
  serialNumber: `SN-${tag}`,
  siteId: 'site-1',
  timeZone: 'America/Chicago',
  modelNumber: '8015',
  manufacturerName: 'BD',
  ...over,
});

const facts = (devices: DeviceFact[], over: Partial<HistoryFacts> = {}): HistoryFacts => ({
  devicesByTag: new Map(devices.map((d) => [d.assetTag.toLowerCase(), d])),
  devicesBySerial: new Map(devices.map((d) => [(d.serialNumber ?? '').toLowerCase(), [d]])),
  users: [{ id: 'u-1', displayName: 'Pat Lee', email: 'pat@example.org' }],
  imported: new Map(),
  ...over,
});

describe('history import mapping', () => {
  it('suggests fields from legacy header names, each field once', () => {
    const m = suggestHistoryMapping(HEADER.split(','));
    expect(m).toMatchObject({
      'Tag #': 'assetTag',
      'WO #': 'legacyNumber',
      Type: 'kind',
      Reported: 'reportedAt',
      Completed: 'completedAt',
      Cause: 'failureCause',
      Tech: 'technician',
      Problem: 'description',
      'Action taken': 'resolution',
      Cost: 'cost',
    });
  });

  it('names the required fields a mapping lacks, on the header row', async () => {
    const sheet = await csv('T-1,W1,PM,2024-01-02,2024-01-03,,,,,,,,,');
    const problems = checkHistoryMapping(sheet, { 'Tag #': 'assetTag', Type: 'kind' });
    expect(problems.map((p) => [p.row, p.field, p.message])).toEqual([
      [1, 'legacyNumber', 'map a column to "Legacy work order number" (it is required)'],
      [1, 'completedAt', 'map a column to "Completed date" (it is required)'],
    ]);
    expect(checkHistoryMapping(sheet, { Nope: 'kind', Type: 'kind', 'WO #': 'kind' })).toContainEqual({
      row: 1,
      column: 'WO #',
      field: 'kind',
      message: '"Work order kind" is already mapped from column "Type"',
    });
  });
});

describe('history import cells', () => {
  it('reads kinds by code, label and legacy words, and lists the allowed ones otherwise', () => {
    expect(readKind('PM')).toEqual({ ok: true, value: 'preventive' });
    expect(readKind('Corrective repair')).toEqual({ ok: true, value: 'corrective' });
    expect(readKind('safety alert')).toEqual({ ok: true, value: 'safety_alert' });
    const r = readKind('Tune-up');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(
      'unknown work order kind "Tune-up"; use one of preventive, corrective, incoming, recall, safety_alert, software_update, cybersecurity_patch, use_error, cannot_duplicate, damage',
    );
  });

  it('reads ISO dates with or without a time, refuses ambiguous ones, and places a date at noon in the zone', () => {
    expect(readStamp('2024-03-15', 'csv')).toEqual({ ok: true, value: { date: '2024-03-15', time: null } });
    expect(readStamp('2024-03-15 07:30', 'csv')).toEqual({
      ok: true,
      value: { date: '2024-03-15', time: '07:30' },
    });
    expect(readStamp('03/04/2024', 'csv')).toEqual({
      ok: false,
      message: '"03/04/2024" is ambiguous (day and month order); write dates as YYYY-MM-DD',
    });
    expect(readStamp('2024-02-30', 'csv').ok).toBe(false);
    expect(readStamp(new Date('2024-03-15T00:00:00Z'), 'xlsx')).toEqual({
      ok: true,
      value: { date: '2024-03-15', time: null },
    });
    const noon = stampInstant({ date: '2024-03-15', time: null }, 'Asia/Tokyo');
    expect(noon.toISOString()).toBe('2024-03-15T03:00:00.000Z');
  });
});

describe('history import rows', () => {
  it('lists every problem by row, column and reason', async () => {
    const sheet = await csv(
      'T-1,W-1,PM,2024-01-02,2024-01-03,,no_problem,,Pat Lee,1.5,Annual PM,,,',
      'T-2,W-2,tune-up,2024-01-02,2024-01-01,done,meh,gremlins,,-1,,,,"12,50"',
      'T-3,W-1,CM,2024-01-02,2027-01-01,,,,,,,,,',
      'T-4,,PM,03/04/2024,,,,,,,,,,',
    );
    const { rows, problems } = readHistoryRows(sheet, suggestHistoryMapping(sheet.columns), NOW);
    expect(rows).toHaveLength(4);
    expect(allProblems(sheet, problems).map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual([
      '3 Type: unknown work order kind "tune-up"; use one of preventive, corrective, incoming, recall, safety_alert, software_update, cybersecurity_patch, use_error, cannot_duplicate, damage',
      '3 Completed: 2024-01-01 is before the reported date 2024-01-02',
      '3 Outcome: unknown outcome "done"; use one of completed, could_not_locate, in_use_deferred, out_for_repair, removed_from_service',
      '3 Finding: unknown finding "meh"; use one of no_problem, user_evident_failure, hidden_failure, pm_preventable_degradation',
      expect.stringMatching(/^3 Cause: unknown failure cause "gremlins"; use one of none, wear_and_tear, /),
      '3 Hours: "-1" is not a number of hours',
      '3 Cost: "12,50" must be an amount such as 12500.00 (digits, no currency sign or separators)',
      '4 WO #: legacy number "W-1" is also on row 2',
      '4 Completed: 2027-01-01 is in the future',
      '5 WO #: is required (it keeps a second import of the same record out)',
      '5 Reported: "03/04/2024" is ambiguous (day and month order); write dates as YYYY-MM-DD',
      '5 Completed: is required (imported work orders are closed)',
    ]);
  });

  it('resolves devices by tag or by serial and model, technicians by name or email, and earlier imports', async () => {
    const header = 'Asset tag,Serial,Model,Mfr,Legacy number,Kind,Completed,Technician';
    const sheet = await parseImportFile(
      Buffer.from(
        [
          header,
          'T-1,,,,A1,preventive,2024-05-01,pat@example.org',
          ',SN-T-2,8015,BD,A2,corrective,2024-05-02,Sam Smith',
          'T-9,,,,A3,preventive,2024-05-03,',
          ',SN-T-2,9999,,A4,preventive,2024-05-04,',
          'T-1,,,,OLD-7,preventive,2024-05-05,',
          'T-1,SN-X,,,A6,preventive,2024-05-06,',
        ].join('\n'),
      ),
    );
    const mapping = suggestHistoryMapping(sheet.columns);
    expect(checkHistoryMapping(sheet, mapping)).toEqual([]);
    const read = readHistoryRows(sheet, mapping, NOW);
    expect(read.problems).toEqual([]);
    const { workOrders, problems } = resolveHistory(
      read.rows,
      facts([device('T-1'), device('T-2')], { imported: new Map([['old-7', 'WO-000042']]) }),
      columnsOf(sheet, mapping).columnOf,
    );
    expect(problems.map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual([
      '4 Asset tag: unknown device: no asset tag "T-9"',
      '5 Serial: unknown device: none with serial number "SN-T-2" and model "9999"',
      '6 Legacy number: legacy number "OLD-7" was already imported (work order WO-000042)',
      '7 Serial: "SN-X" is not the serial number of device T-1 ("SN-T-1")',
    ]);
    expect(workOrders.map((w) => [w.row, w.deviceId, w.technicianUserId, w.technicianName])).toEqual([
      [2, 'id-T-1', 'u-1', 'Pat Lee'],
      [3, 'id-T-2', null, 'Sam Smith'],
    ]);
    const first = workOrders[0];
    // A date alone is noon in the device's site zone (America/Chicago: UTC-5 in May).
    expect(first?.completedAt.toISOString()).toBe('2024-05-01T17:00:00.000Z');
    expect(first?.reportedAt.toISOString()).toBe('2024-05-01T17:00:00.000Z');
    expect(first?.outcome).toBe('completed');
    expect(first?.title).toBe('Preventive maintenance (legacy A1)');
    expect(summarizeHistory(workOrders)).toEqual({
      workOrderCount: 2,
      byKind: { preventive: 1, corrective: 1 },
      deviceCount: 2,
      techniciansMatched: 1,
      techniciansAsText: 1,
      firstCompleted: '2024-05-01',
      lastCompleted: '2024-05-02',
    });
  });
});
