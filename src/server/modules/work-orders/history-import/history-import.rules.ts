import { DateTime } from 'luxon';
import {
  failureCauses,
  workOrderFindings,
  workOrderImportFieldLabels,
  workOrderImportFields,
  workOrderKindLabels,
  workOrderKinds,
  workOrderOutcomes,
  type FailureCause,
  type WorkOrderFinding,
  type WorkOrderImportField,
  type WorkOrderImportMapping,
  type WorkOrderImportProblem,
  type WorkOrderImportSummary,
  type WorkOrderKind,
  type WorkOrderOutcome,
} from '../../../../contracts/index.ts';
import {
  CellError,
  normalizeHeader,
  normalizeManufacturerName,
  normalizeModelNumber,
  quote,
  readDate,
  readMoney,
  readText,
  sortProblems,
  type Cell,
  type Read,
  type Sheet,
  type SheetRow,
} from '../../inventory/index.ts';

/**
 * Maintenance history import rules (issue 4 item 9): reading a legacy system's work orders row by row, and every
 * problem by spreadsheet row (header = row 1), column and reason, before anything is written. Pure: the facts the
 * database holds (devices named by the file, users, legacy numbers already imported) come in as arguments.
 * Enumerations accept their code or label (any case, spaces for underscores) and a few legacy words; anything
 * else is a problem that lists the allowed values, never a guess. Dates are ISO (YYYY-MM-DD, optionally with a
 * time HH:MM) or XLSX date cells; "03/04/2024" is refused as ambiguous.
 */

export type Problem = WorkOrderImportProblem;

/** Text limits: the same as a work order created through the API (contracts/work-orders.ts). */
const LIMITS = {
  legacyNumber: 60,
  description: 4000,
  resolution: 4000,
  technician: 200,
  vendor: 200,
  title: 200,
} as const;
const MAX_HOURS = 1000;

const SYNONYMS: Record<WorkOrderImportField, readonly string[]> = {
  assetTag: [
    'tag',
    'tag #',
    'asset',
    'asset #',
    'asset number',
    'equipment id',
    'equipment #',
    'control number',
    'ecn',
  ],
  serialNumber: ['serial', 'serial #', 'serial no', 's/n', 'sn'],
  manufacturer: ['mfr', 'mfg', 'make', 'manufacturer name'],
  modelNumber: ['model', 'model #', 'model no'],
  kind: ['kind', 'type', 'wo type', 'work type', 'work order type', 'job type'],
  legacyNumber: [
    'wo',
    'wo #',
    'wo number',
    'work order',
    'work order #',
    'work order number',
    'legacy number',
    'legacy wo',
  ],
  reportedAt: ['reported', 'reported on', 'date reported', 'opened', 'open date', 'request date', 'created'],
  startedAt: ['started', 'start date', 'date started'],
  completedAt: [
    'completed',
    'completed on',
    'date completed',
    'completion date',
    'done',
    'closed',
    'close date',
  ],
  outcome: ['result', 'status outcome'],
  finding: ['findings', 'pm finding'],
  failureCause: ['cause', 'failure code', 'problem code', 'cause code'],
  technician: ['tech', 'technician name', 'performed by', 'done by', 'engineer'],
  hours: ['labor hours', 'labour hours', 'hrs', 'time spent'],
  description: ['problem', 'problem description', 'complaint', 'work requested', 'summary'],
  resolution: ['action taken', 'work performed', 'corrective action', 'remedy'],
  vendor: ['service vendor', 'contractor', 'vendor name'],
  cost: ['vendor cost', 'cost', 'amount', 'invoice amount'],
};

/** A first mapping from header names: the field's name or label first, then common synonyms; each field once. */
export function suggestHistoryMapping(columns: readonly string[]): WorkOrderImportMapping {
  const mapping: WorkOrderImportMapping = {};
  const taken = new Set<string>();
  const own = new Map<string, WorkOrderImportField>();
  const synonyms = new Map<string, WorkOrderImportField>();
  for (const f of workOrderImportFields) {
    own.set(normalizeHeader(workOrderImportFieldLabels[f]), f);
    own.set(normalizeHeader(f), f);
  }
  for (const f of workOrderImportFields)
    for (const s of SYNONYMS[f]) if (!own.has(normalizeHeader(s))) synonyms.set(normalizeHeader(s), f);
  for (const tier of [own, synonyms])
    for (const column of columns) {
      if (column in mapping) continue;
      const field = tier.get(normalizeHeader(column));
      if (field && !taken.has(field)) {
        mapping[column] = field;
        taken.add(field);
      }
    }
  for (const column of columns) if (!(column in mapping)) mapping[column] = null;
  return mapping;
}

export type ColumnOf = (field: WorkOrderImportField) => string | null;

/** Problems with the mapping itself (reported on the header row); rows are read only when there are none. */
export function checkHistoryMapping(sheet: Sheet, mapping: WorkOrderImportMapping): Problem[] {
  const problems: Problem[] = [];
  const at = (column: string | null, field: string | null, message: string) =>
    problems.push({ row: sheet.headerRow, column, field, message });
  const used = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (!field) continue;
    if (!sheet.columns.includes(column)) {
      at(column, field, `the file has no column "${column}"`);
      continue;
    }
    const other = used.get(field);
    if (other !== undefined)
      at(column, field, `"${workOrderImportFieldLabels[field]}" is already mapped from column "${other}"`);
    else used.set(field, column);
  }
  const need = (field: WorkOrderImportField) => {
    if (!used.has(field))
      at(null, field, `map a column to "${workOrderImportFieldLabels[field]}" (it is required)`);
  };
  need('kind');
  need('legacyNumber');
  need('completedAt');
  if (!used.has('assetTag') && !(used.has('serialNumber') && used.has('modelNumber')))
    at(null, 'assetTag', 'map a column to "Asset tag", or columns to "Serial number" and "Model number"');
  return problems;
}

// --- Cells ----------------------------------------------------------------------------------------------------

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(message: string): Read<T> => ({ ok: false, message });

const enumKey = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

function enumReader<T extends string>(
  what: string,
  codes: readonly T[],
  labels: Partial<Record<T, string>> = {},
  extra: Record<string, T> = {},
) {
  const byName = new Map<string, T>();
  for (const c of codes) {
    byName.set(enumKey(c), c);
    const label = labels[c];
    if (label) byName.set(enumKey(label), c);
  }
  for (const [word, c] of Object.entries(extra)) byName.set(enumKey(word), c);
  return (cell: Cell): Read<T | null> => {
    const t = readText(cell);
    if (!t.ok || t.value === null) return t as Read<T | null>;
    const v = byName.get(enumKey(t.value));
    if (v) return ok(v);
    return bad(`unknown ${what} ${quote(t.value)}; use one of ${codes.join(', ')}`);
  };
}

/** Legacy systems' words for the kinds: PM / scheduled maintenance, CM / repair, acceptance inspection. */
export const readKind = enumReader<WorkOrderKind>('work order kind', workOrderKinds, workOrderKindLabels, {
  pm: 'preventive',
  'scheduled maintenance': 'preventive',
  'planned maintenance': 'preventive',
  cm: 'corrective',
  repair: 'corrective',
  'acceptance inspection': 'incoming',
  acceptance: 'incoming',
  'incoming inspection': 'incoming',
});
export const readOutcome = enumReader<WorkOrderOutcome>('outcome', workOrderOutcomes, {
  could_not_locate: 'CNL',
  in_use_deferred: 'In use',
});
export const readFinding = enumReader<WorkOrderFinding>('finding', workOrderFindings);
export const readFailureCause = enumReader<FailureCause>('failure cause', failureCauses);

function readBoundedText(cell: Cell, max: number): Read<string | null> {
  const t = readText(cell);
  if (!t.ok || t.value === null) return t;
  return t.value.length > max ? bad(`is longer than ${max} characters`) : t;
}

export function readHours(cell: Cell): Read<number | null> {
  let n: number;
  if (typeof cell === 'number') n = cell;
  else {
    const t = readText(cell);
    if (!t.ok || t.value === null) return t as Read<number | null>;
    if (!/^\d+(\.\d+)?$/.test(t.value)) return bad(`${quote(t.value)} is not a number of hours`);
    n = Number(t.value);
  }
  if (!Number.isFinite(n) || n < 0) return bad('must be a number of hours, not negative');
  if (n > MAX_HOURS) return bad(`must be at most ${MAX_HOURS} hours`);
  return ok(Math.round(n * 100) / 100);
}

/** A date as written, with a wall-clock time when the file gives one; placed in the device's zone later. */
export interface LocalStamp {
  date: string;
  /** HH:MM, or null for a date alone. */
  time: string | null;
}

const STAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const pad = (n: number) => String(n).padStart(2, '0');

export function readStamp(cell: Cell, format: Sheet['format']): Read<LocalStamp | null> {
  if (cell instanceof CellError) return bad(`holds the spreadsheet error ${cell.code}`);
  if (cell instanceof Date) {
    // exceljs reads a date cell as its wall-clock fields in UTC.
    if (Number.isNaN(cell.getTime())) return bad('is not a date');
    const date = cell.toISOString().slice(0, 10);
    const h = cell.getUTCHours();
    const m = cell.getUTCMinutes();
    return ok({ date, time: h === 0 && m === 0 ? null : `${pad(h)}:${pad(m)}` });
  }
  if (typeof cell === 'number' && format === 'xlsx') {
    const d = readDate(cell, format);
    if (!d.ok || d.value === null) return d as Read<LocalStamp | null>;
    const minutes = Math.round((cell - Math.floor(cell)) * 24 * 60);
    return ok({
      date: d.value,
      time: minutes === 0 ? null : `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`,
    });
  }
  const t = readText(cell);
  if (!t.ok || t.value === null) return t as Read<LocalStamp | null>;
  const m = STAMP.exec(t.value);
  if (m) {
    const d = readDate(m[1] ?? '', format);
    if (!d.ok || d.value === null) return bad(`${quote(t.value)} is not a date`);
    if (m[2] === undefined) return ok({ date: d.value, time: null });
    const h = Number(m[2]);
    const min = Number(m[3]);
    if (h > 23 || min > 59 || Number(m[4] ?? 0) > 59) return bad(`${quote(t.value)} has an impossible time`);
    return ok({ date: d.value, time: `${pad(h)}:${pad(min)}` });
  }
  // Not ISO: the date reader names why (ambiguous day and month order, or not a date at all).
  const d = readDate(cell, format);
  return d.ok ? ok(d.value === null ? null : { date: d.value, time: null }) : d;
}

/**
 * The instant a stamp stands for in the device's site zone. A date alone is taken at noon there, so the date
 * reads back the same in the site's zone and in UTC (a completion on 2024-03-15 stays on the 15th).
 */
export function stampInstant(s: LocalStamp, timeZone: string): Date {
  const [h, m] = s.time ? s.time.split(':').map(Number) : [12, 0];
  return DateTime.fromISO(s.date, { zone: timeZone })
    .set({ hour: h ?? 12, minute: m ?? 0 })
    .toJSDate();
}

/** a < b, on the date alone when either has no time. */
function isBefore(a: LocalStamp, b: LocalStamp): boolean {
  if (a.time === null || b.time === null) return a.date < b.date;
  return `${a.date}T${a.time}` < `${b.date}T${b.time}`;
}

// --- Rows -----------------------------------------------------------------------------------------------------

/** A row read into fields, before the devices and users it names are looked up. */
export interface HistoryRow {
  row: number;
  assetTag: string | null;
  serialNumber: string | null;
  manufacturer: string | null;
  modelNumber: string | null;
  kind: WorkOrderKind | null;
  legacyNumber: string | null;
  reportedAt: LocalStamp | null;
  startedAt: LocalStamp | null;
  completedAt: LocalStamp | null;
  outcome: WorkOrderOutcome;
  finding: WorkOrderFinding | null;
  failureCause: FailureCause | null;
  technician: string | null;
  hours: number | null;
  description: string | null;
  resolution: string | null;
  vendor: string | null;
  cost: string | null;
}

export function columnsOf(sheet: Sheet, mapping: WorkOrderImportMapping) {
  const indexOf = new Map<WorkOrderImportField, { index: number; column: string }>();
  for (const [column, field] of Object.entries(mapping)) {
    const index = sheet.columns.indexOf(column);
    if (field && index >= 0 && !indexOf.has(field)) indexOf.set(field, { index, column });
  }
  const columnOf: ColumnOf = (f) => indexOf.get(f)?.column ?? null;
  return { indexOf, columnOf };
}

/**
 * Reads every row: cell problems (unknown enumeration values, bad dates, numbers and lengths), missing required
 * values, dates in the wrong order or in the future (`today` is the importer's date), and legacy numbers repeated
 * within the file.
 */
export function readHistoryRows(
  sheet: Sheet,
  mapping: WorkOrderImportMapping,
  now: Date,
): { rows: HistoryRow[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const { indexOf, columnOf } = columnsOf(sheet, mapping);
  const today = now.toISOString().slice(0, 10);
  const seenLegacy = new Map<string, number>();

  const rows = sheet.rows.map((sheetRow: SheetRow): HistoryRow => {
    const row = sheetRow.row;
    const problem = (field: WorkOrderImportField, message: string) =>
      problems.push({ row, column: columnOf(field), field, message });
    const cell = (field: WorkOrderImportField): Cell => {
      const at = indexOf.get(field);
      return at === undefined ? null : (sheetRow.cells[at.index] ?? null);
    };
    function take<T>(field: WorkOrderImportField, r: Read<T>, fallback: T): T {
      if (r.ok) return r.value;
      problem(field, r.message);
      return fallback;
    }
    const text = (field: WorkOrderImportField, max: number) =>
      take(field, readBoundedText(cell(field), max), null);
    const stamp = (field: WorkOrderImportField) => take(field, readStamp(cell(field), sheet.format), null);

    const r: HistoryRow = {
      row,
      assetTag: text('assetTag', 60),
      serialNumber: text('serialNumber', 100),
      manufacturer: text('manufacturer', 200),
      modelNumber: text('modelNumber', 200),
      kind: take('kind', readKind(cell('kind')), null),
      legacyNumber: text('legacyNumber', LIMITS.legacyNumber),
      reportedAt: stamp('reportedAt'),
      startedAt: stamp('startedAt'),
      completedAt: stamp('completedAt'),
      outcome: take('outcome', readOutcome(cell('outcome')), null) ?? 'completed',
      finding: take('finding', readFinding(cell('finding')), null),
      failureCause: take('failureCause', readFailureCause(cell('failureCause')), null),
      technician: text('technician', LIMITS.technician),
      hours: take('hours', readHours(cell('hours')), null),
      description: text('description', LIMITS.description),
      resolution: text('resolution', LIMITS.resolution),
      vendor: text('vendor', LIMITS.vendor),
      cost: take('cost', readMoney(cell('cost')), null),
    };
    const blank = (field: WorkOrderImportField) => {
      const c = cell(field);
      return c === null || (typeof c === 'string' && c.trim() === '');
    };
    if (r.kind === null && blank('kind')) problem('kind', 'is required');
    if (r.legacyNumber === null && blank('legacyNumber'))
      problem('legacyNumber', 'is required (it keeps a second import of the same record out)');
    if (r.completedAt === null && blank('completedAt'))
      problem('completedAt', 'is required (imported work orders are closed)');
    if (r.assetTag === null && blank('assetTag') && (r.serialNumber === null || r.modelNumber === null))
      problem(
        columnOf('assetTag') ? 'assetTag' : 'serialNumber',
        'names no device: give the asset tag, or the serial number and the model number',
      );

    for (const f of ['reportedAt', 'startedAt', 'completedAt'] as const) {
      const s = r[f];
      if (s && s.date > today) problem(f, `${s.date} is in the future`);
    }
    if (r.completedAt && r.reportedAt && isBefore(r.completedAt, r.reportedAt))
      problem('completedAt', `${r.completedAt.date} is before the reported date ${r.reportedAt.date}`);
    if (r.completedAt && r.startedAt && isBefore(r.completedAt, r.startedAt))
      problem('completedAt', `${r.completedAt.date} is before the started date ${r.startedAt.date}`);
    if (r.startedAt && r.reportedAt && isBefore(r.startedAt, r.reportedAt))
      problem('startedAt', `${r.startedAt.date} is before the reported date ${r.reportedAt.date}`);

    if (r.legacyNumber !== null) {
      const key = r.legacyNumber.toLowerCase();
      const first = seenLegacy.get(key);
      if (first !== undefined)
        problem('legacyNumber', `legacy number ${quote(r.legacyNumber)} is also on row ${first}`);
      else seenLegacy.set(key, row);
    }
    return r;
  });
  return { rows, problems };
}

// --- Resolving devices, technicians and earlier imports ---------------------------------------------------------

export interface DeviceFact {
  id: string;
  assetTag: string;
  serialNumber: string | null;
  siteId: string;
  timeZone: string;
  modelNumber: string;
  manufacturerName: string;
}

export interface UserFact {
  id: string;
  displayName: string;
  email: string;
}

export interface HistoryFacts {
  /** Devices the importer may see, by lower-cased asset tag. */
  devicesByTag: ReadonlyMap<string, DeviceFact>;
  /** Devices the importer may see, by lower-cased serial number. */
  devicesBySerial: ReadonlyMap<string, readonly DeviceFact[]>;
  users: readonly UserFact[];
  /** Lower-cased legacy numbers already imported -> the work order number they became. */
  imported: ReadonlyMap<string, string>;
}

/** What the file names, for the queries that answer `HistoryFacts`. */
export function historyKeys(rows: readonly HistoryRow[]) {
  const tags = new Set<string>();
  const serials = new Set<string>();
  const legacy = new Set<string>();
  for (const r of rows) {
    if (r.assetTag) tags.add(r.assetTag.toLowerCase());
    else if (r.serialNumber) serials.add(r.serialNumber.toLowerCase());
    if (r.legacyNumber) legacy.add(r.legacyNumber.toLowerCase());
  }
  return { tags: [...tags], serials: [...serials], legacyNumbers: [...legacy] };
}

export interface PreparedWorkOrder {
  row: number;
  deviceId: string;
  siteId: string;
  kind: WorkOrderKind;
  legacyNumber: string;
  title: string;
  problem: string | null;
  reportedAt: Date;
  startedAt: Date | null;
  completedAt: Date;
  /** The completion date as the file gives it (the site's calendar day). */
  completedDate: string;
  outcome: WorkOrderOutcome;
  finding: WorkOrderFinding | null;
  failureCause: FailureCause | null;
  resolution: string | null;
  vendor: string | null;
  vendorCost: string | null;
  /** The technician as a user when the name or email matches exactly one; the name as written otherwise. */
  technicianUserId: string | null;
  technicianName: string | null;
  hours: number | null;
}

const foldName = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** A technician's name or email -> the one user it names, or null (kept as text) when none or several match. */
export function technicianMatcher(users: readonly UserFact[]) {
  const byKey = new Map<string, UserFact[]>();
  const add = (k: string, u: UserFact) => byKey.set(k, [...(byKey.get(k) ?? []), u]);
  for (const u of users) {
    add(foldName(u.email), u);
    if (foldName(u.displayName) !== foldName(u.email)) add(foldName(u.displayName), u);
  }
  return (name: string): UserFact | null => {
    const found = byKey.get(foldName(name));
    return found && found.length === 1 ? (found[0] ?? null) : null;
  };
}

function findDevice(
  r: HistoryRow,
  facts: HistoryFacts,
): { device: DeviceFact } | { field: WorkOrderImportField; message: string } | null {
  if (r.assetTag !== null) {
    const d = facts.devicesByTag.get(r.assetTag.toLowerCase());
    if (!d) return { field: 'assetTag', message: `unknown device: no asset tag ${quote(r.assetTag)}` };
    if (r.serialNumber !== null && d.serialNumber?.toLowerCase() !== r.serialNumber.toLowerCase())
      return {
        field: 'serialNumber',
        message: `${quote(r.serialNumber)} is not the serial number of device ${d.assetTag} (${quote(d.serialNumber ?? '')})`,
      };
    return { device: d };
  }
  if (r.serialNumber === null || r.modelNumber === null) return null;
  const model = normalizeModelNumber(r.modelNumber);
  const maker = r.manufacturer === null ? null : normalizeManufacturerName(r.manufacturer);
  const candidates = (facts.devicesBySerial.get(r.serialNumber.toLowerCase()) ?? []).filter(
    (d) =>
      normalizeModelNumber(d.modelNumber) === model &&
      (maker === null || normalizeManufacturerName(d.manufacturerName) === maker),
  );
  const only = candidates[0];
  if (candidates.length === 1 && only) return { device: only };
  const what = `serial number ${quote(r.serialNumber)} and model ${quote(r.modelNumber)}`;
  return candidates.length === 0
    ? { field: 'serialNumber', message: `unknown device: none with ${what}` }
    : {
        field: 'serialNumber',
        message: `${what} match ${candidates.length} devices; add the manufacturer or use the asset tag`,
      };
}

/** The title a legacy record gets: the first line of its description, or its kind and legacy number. */
export function importedTitle(kind: WorkOrderKind, legacyNumber: string, description: string | null): string {
  const line = description?.split(/\r?\n/, 1)[0]?.trim() ?? '';
  const title = line !== '' ? line : `${workOrderKindLabels[kind]} (legacy ${legacyNumber})`;
  return title.length > LIMITS.title ? `${title.slice(0, LIMITS.title - 3)}...` : title;
}

/** Devices, technicians and earlier imports for every row read without problems of its own. */
export function resolveHistory(
  rows: readonly HistoryRow[],
  facts: HistoryFacts,
  columnOf: ColumnOf,
): { workOrders: PreparedWorkOrder[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const matchTechnician = technicianMatcher(facts.users);
  // Placing a date in a zone is the costly step of a large file; files repeat dates, so each is placed once.
  const placed = new Map<string, Date>();
  const place = (st: LocalStamp, zone: string) => {
    const key = `${st.date}T${st.time ?? ''}|${zone}`;
    let at = placed.get(key);
    if (!at) {
      at = stampInstant(st, zone);
      placed.set(key, at);
    }
    return at;
  };
  const workOrders: PreparedWorkOrder[] = [];
  for (const r of rows) {
    const problem = (field: WorkOrderImportField, message: string) =>
      problems.push({ row: r.row, column: columnOf(field), field, message });
    const before = problems.length;
    const found = findDevice(r, facts);
    if (found && 'field' in found) problem(found.field, found.message);
    if (r.legacyNumber !== null) {
      const earlier = facts.imported.get(r.legacyNumber.toLowerCase());
      if (earlier !== undefined)
        problem(
          'legacyNumber',
          `legacy number ${quote(r.legacyNumber)} was already imported (work order ${earlier})`,
        );
    }
    if (problems.length > before || !found || !('device' in found)) continue;
    if (!r.kind || !r.legacyNumber || !r.completedAt) continue;
    const device = found.device;
    const zone = device.timeZone;
    const completedAt = place(r.completedAt, zone);
    const startedAt = r.startedAt ? place(r.startedAt, zone) : null;
    const reportedAt = r.reportedAt ? place(r.reportedAt, zone) : (startedAt ?? completedAt);
    const user = r.technician ? matchTechnician(r.technician) : null;
    workOrders.push({
      row: r.row,
      deviceId: device.id,
      siteId: device.siteId,
      kind: r.kind,
      legacyNumber: r.legacyNumber,
      title: importedTitle(r.kind, r.legacyNumber, r.description),
      problem: r.description,
      reportedAt,
      startedAt,
      completedAt,
      completedDate: r.completedAt.date,
      outcome: r.outcome,
      finding: r.finding,
      failureCause: r.failureCause,
      resolution: r.resolution,
      vendor: r.vendor,
      vendorCost: r.cost,
      technicianUserId: user?.id ?? null,
      technicianName: user ? user.displayName : r.technician,
      hours: r.hours,
    });
  }
  return { workOrders, problems };
}

/** Every problem, in reading order. */
export function allProblems(sheet: Sheet, ...lists: Problem[][]): Problem[] {
  return sortProblems(lists.flat(), sheet.columns);
}

/** What an import creates (or would). */
export function summarizeHistory(workOrders: readonly PreparedWorkOrder[]): WorkOrderImportSummary {
  const byKind: Record<string, number> = {};
  const devices = new Set<string>();
  let matched = 0;
  let asText = 0;
  let first: string | null = null;
  let last: string | null = null;
  for (const w of workOrders) {
    byKind[w.kind] = (byKind[w.kind] ?? 0) + 1;
    devices.add(w.deviceId);
    if (w.technicianUserId) matched++;
    else if (w.technicianName) asText++;
    const day = w.completedDate;
    if (first === null || day < first) first = day;
    if (last === null || day > last) last = day;
  }
  return {
    workOrderCount: workOrders.length,
    byKind,
    deviceCount: devices.size,
    techniciansMatched: matched,
    techniciansAsText: asText,
    firstCompleted: first,
    lastCompleted: last,
  };
}
