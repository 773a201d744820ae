import { createHash } from 'node:crypto';
import {
  DeviceImportRequest,
  type DeviceImport,
  type DeviceImportCheck,
  type DeviceImportFormat,
  type DeviceImportSummary,
  type DeviceImportUploaded,
  type Permission,
} from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { EnqueueOptions } from '../../../platform/jobs/jobs.ts';
import { cellText, detectFormat, parseDeviceFile, type Sheet } from './device-file.rules.ts';
import {
  checkMapping,
  MAX_PROBLEMS_LISTED,
  prepareRows,
  sortProblems,
  summarizePrepared,
  type Catalog,
  type Prepared,
  type PreparedDevice,
  type Problem,
} from './device-import.rules.ts';
import { checkDuplicatesAndParents, inventoryKeys } from './device-inventory.rules.ts';
import { suggestMapping } from './device-mapping.rules.ts';
import * as q from './device-import.queries.ts';
import { writeImport, type ImportProgress } from './device-import-write.service.ts';

export type { ImportProgress };

export const IMPORT_DEVICES_JOB = 'inventory.import-devices';

/** Imports at least this large refresh the planner's statistics afterwards. */
const ANALYZE_AFTER_ROWS = 1000;

export interface ImportOutcome extends DeviceImportCheck {
  /** Every problem (the check's `problems` is cut at the listing limit); for the CLI. */
  allProblems: Problem[];
  applied: boolean;
}

/** The requester as a job carries them: the import runs with their organization, name and site scope. */
export interface ImportRequester {
  userId: string | null;
  label: string;
  allSites: boolean;
  siteIds: string[];
  permissions: Permission[];
}

/** Another run of the same import committed first. */
class AlreadyApplied extends Error {}

class ImportRejected extends Error {
  constructor(readonly problems: Problem[]) {
    super('the import has problems');
  }
}

const emptySummary = (): DeviceImportSummary => ({
  deviceCount: 0,
  generatedAssetTags: 0,
  newManufacturers: [],
  newModels: [],
});

export function createDeviceImportService(deps: {
  db: Db;
  clock: Clock;
  maxUploadBytes: number;
  enqueue: (name: string, payload: unknown, opts: EnqueueOptions) => Promise<string | null>;
}) {
  const { db, clock } = deps;

  function toDeviceImport(r: q.DeviceImportMeta): DeviceImport {
    const status = r.status as DeviceImport['status'];
    return {
      id: r.id,
      fileName: r.fileName,
      format: r.format as DeviceImportFormat,
      sha256: r.sha256,
      sizeBytes: r.sizeBytes,
      rowCount: r.rowCount,
      columns: r.columns,
      mapping: r.mapping ?? null,
      status,
      progress:
        status === 'applied' ? 1 : status === 'queued' || status === 'applying' ? (r.progress ?? 0) : null,
      problems: r.problems as Problem[],
      problemCount: r.problemCount,
      truncated: r.problemCount > r.problems.length,
      result: (r.result as DeviceImportSummary | null) ?? null,
      error: r.error,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      version: r.version,
    };
  }

  async function getMeta(actor: Actor, id: string): Promise<q.DeviceImportMeta> {
    const row = await q.findImport(db, actor.organizationId, id);
    if (!row) throw notFound('Import');
    return row;
  }

  async function readSheet(actor: Actor, id: string): Promise<Sheet> {
    const content = await q.findImportContent(db, actor.organizationId, id);
    if (!content) throw notFound('Import');
    return parseDeviceFile(content);
  }

  function requireImport(actor: Actor, request: DeviceImportRequest) {
    requirePermission(actor, 'inventory.import');
    // Creating catalog entries is a catalog change: the importer must also be allowed to make them by hand.
    if (request.createMissingCatalog) requirePermission(actor, 'catalog.manage');
  }

  /** Reads the uploaded bytes: format from the bytes themselves, which must agree with the declared type. */
  async function uploadImport(
    actor: Actor,
    input: { fileName: string; bytes: Buffer; declaredFormat?: DeviceImportFormat | undefined },
  ): Promise<DeviceImportUploaded> {
    requirePermission(actor, 'inventory.import');
    if (input.bytes.length > deps.maxUploadBytes)
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${deps.maxUploadBytes} bytes`);
    if (input.bytes.length === 0)
      throw new AppError('VALIDATION_FAILED', 'The file is empty', [{ field: 'file', message: 'is empty' }]);
    const format = detectFormat(input.bytes);
    if (input.declaredFormat && input.declaredFormat !== format) {
      const message =
        format === 'xlsx'
          ? 'is an XLSX workbook but was sent as CSV'
          : 'is not an XLSX workbook (send CSV as text/csv)';
      throw new AppError('VALIDATION_FAILED', `The file ${message}`, [{ field: 'file', message }]);
    }
    const sheet = await parseDeviceFile(input.bytes);
    const suggestedMapping = suggestMapping(
      sheet.columns,
      await q.activeCustomFields(db, actor.organizationId),
    );
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const now = clock.now();
    return db.transaction(async (tx) => {
      const row = await q.insertImport(tx, {
        organizationId: actor.organizationId,
        fileName: displayFileName(input.fileName),
        format,
        sha256,
        sizeBytes: input.bytes.length,
        content: input.bytes,
        rowCount: sheet.rows.length,
        columns: sheet.columns,
        createdById: actor.userId,
        createdBy: actor.label,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, actor, clock, {
        action: 'device_import.uploaded',
        entityType: 'device_import',
        entityId: row.id,
        after: {
          fileName: row.fileName,
          format,
          sha256,
          sizeBytes: row.sizeBytes,
          rowCount: row.rowCount,
          columns: row.columns,
        },
      });
      return {
        id: row.id,
        fileName: row.fileName,
        format,
        columns: sheet.columns,
        suggestedMapping,
        rowCount: sheet.rows.length,
        preview: sheet.rows.slice(0, 5).map((r) => ({
          row: r.row,
          cells: sheet.columns.map((_, i) => cellText(r.cells[i] ?? null) ?? ''),
        })),
      };
    });
  }

  /** Every problem of the file under this mapping, checked against the catalog and the inventory as `h` sees them. */
  async function check(
    h: DbOrTx,
    actor: Actor,
    sheet: Sheet,
    request: DeviceImportRequest,
  ): Promise<{ prepared: Prepared | null; problems: Problem[]; catalog: Catalog }> {
    const catalog = await q.loadCatalog(h, actor.organizationId, permittedSiteIds(actor));
    const mappingProblems = checkMapping(sheet, request, catalog);
    if (mappingProblems.length > 0) return { prepared: null, problems: mappingProblems, catalog };
    const prepared = prepareRows(sheet, request, catalog, clock.now());
    const late = await checkAgainstInventory(h, actor, sheet, request, prepared.devices);
    return {
      prepared,
      problems: sortProblems([...prepared.problems, ...late.problems], sheet.columns),
      catalog,
    };
  }

  async function checkAgainstInventory(
    h: DbOrTx,
    actor: Actor,
    sheet: Sheet,
    request: DeviceImportRequest,
    devices: readonly PreparedDevice[],
  ): Promise<{ problems: Problem[]; parents: ReadonlyMap<string, string> }> {
    const keys = inventoryKeys(devices);
    const facts = {
      existingTags: await q.existingTags(h, actor.organizationId, keys.tags),
      existingSerials: await q.existingSerials(h, actor.organizationId, keys.serials),
      parents: await q.devicesByTag(h, actor.organizationId, permittedSiteIds(actor), keys.parentTags),
    };
    const columnOf = new Map<string, string>();
    for (const [column, field] of Object.entries(request.mapping))
      if (field && sheet.columns.includes(column) && !columnOf.has(field)) columnOf.set(field, column);
    return {
      problems: checkDuplicatesAndParents(devices, facts, (f) => columnOf.get(f) ?? null),
      parents: facts.parents,
    };
  }

  const options = (r: DeviceImportRequest) => ({
    defaults: r.defaults,
    createMissingCatalog: r.createMissingCatalog,
  });

  function checkResult(sheet: Sheet, problems: Problem[], prepared: Prepared | null): ImportOutcome {
    return {
      ok: problems.length === 0,
      rowCount: sheet.rows.length,
      problems: problems.slice(0, MAX_PROBLEMS_LISTED),
      problemCount: problems.length,
      truncated: problems.length > MAX_PROBLEMS_LISTED,
      summary: prepared ? summarizePrepared(prepared) : emptySummary(),
      allProblems: problems,
      applied: false,
    };
  }

  function assertMayChange(row: q.DeviceImportMeta) {
    if (row.status === 'applied')
      throw new AppError(
        'INVALID_STATE',
        'This import was already applied; upload the file again to import more',
      );
    if (row.status === 'queued' || row.status === 'applying')
      throw new AppError('INVALID_STATE', 'This import is being applied; wait for it to finish');
  }

  /** The dry run: every problem by row, column and reason; writes no device. */
  async function dryRun(actor: Actor, id: string, request: DeviceImportRequest): Promise<ImportOutcome> {
    requireImport(actor, request);
    const row = await getMeta(actor, id);
    assertMayChange(row);
    const sheet = await readSheet(actor, id);
    const { prepared, problems } = await check(db, actor, sheet, request);
    const outcome = checkResult(sheet, problems, prepared);
    await db.transaction(async (tx) => {
      const changed = await q.updateImport(tx, actor.organizationId, id, row.version, {
        status: outcome.ok ? 'checked' : 'invalid',
        mapping: request.mapping,
        options: options(request),
        problems: outcome.problems,
        problemCount: outcome.problemCount,
        error: null,
        updatedAt: clock.now(),
      });
      if (!changed) throw new AppError('CONFLICT', 'The import changed meanwhile; run the check again');
      await recordAudit(tx, actor, clock, {
        action: 'device_import.checked',
        entityType: 'device_import',
        entityId: id,
        before: { status: row.status },
        after: {
          status: outcome.ok ? 'checked' : 'invalid',
          mapping: request.mapping,
          ...options(request),
          problemCount: outcome.problemCount,
          summary: outcome.summary,
        },
      });
    });
    return outcome;
  }

  /** Queues the apply as a job; the answer is the import with status `queued` (poll it for progress). */
  async function requestApply(actor: Actor, id: string, request: DeviceImportRequest): Promise<DeviceImport> {
    requireImport(actor, request);
    const row = await getMeta(actor, id);
    assertMayChange(row);
    const requester: ImportRequester = {
      userId: actor.userId,
      label: actor.label,
      allSites: actor.allSites,
      siteIds: [...actor.siteIds],
      permissions: request.createMissingCatalog
        ? ['inventory.import', 'catalog.manage']
        : ['inventory.import'],
    };
    await db.transaction(async (tx) => {
      const jobId = await deps.enqueue(
        IMPORT_DEVICES_JOB,
        { importId: id, requester },
        { tx, organizationId: actor.organizationId, dedupeKey: `${IMPORT_DEVICES_JOB}:${id}:${row.version}` },
      );
      const changed = await q.updateImport(tx, actor.organizationId, id, row.version, {
        status: 'queued',
        mapping: request.mapping,
        options: options(request),
        jobId: jobId === null ? null : BigInt(jobId),
        error: null,
        updatedAt: clock.now(),
      });
      if (!changed || jobId === null)
        throw new AppError('CONFLICT', 'The import changed meanwhile; reload it and apply again');
      await recordAudit(tx, actor, clock, {
        action: 'device_import.queued',
        entityType: 'device_import',
        entityId: id,
        before: { status: row.status },
        after: { status: 'queued', jobId, mapping: request.mapping, ...options(request) },
      });
    });
    return toDeviceImport(await getMeta(actor, id));
  }

  async function getImport(actor: Actor, id: string): Promise<DeviceImport> {
    requirePermission(actor, 'inventory.import');
    return toDeviceImport(await getMeta(actor, id));
  }

  async function saveRejected(actor: Actor, id: string, problems: Problem[], request: DeviceImportRequest) {
    await db.transaction(async (tx) => {
      await q.updateImport(tx, actor.organizationId, id, null, {
        status: 'invalid',
        mapping: request.mapping,
        options: options(request),
        problems: problems.slice(0, MAX_PROBLEMS_LISTED),
        problemCount: problems.length,
        error: null,
        updatedAt: clock.now(),
      });
      await recordAudit(tx, actor, clock, {
        action: 'device_import.rejected',
        entityType: 'device_import',
        entityId: id,
        after: { status: 'invalid', problemCount: problems.length, firstProblems: problems.slice(0, 20) },
        reason: 'The import has problems; nothing was written',
      });
    });
  }

  /**
   * Applies the import whole or not at all. The file is checked first outside any transaction (a bad file locks
   * nothing), then, in ONE transaction, checked again against the inventory, and its devices, their first
   * lifecycle entries and one audit event are written with set-based inserts. Called by the job and the CLI.
   * An import already applied answers its result again (a job may run twice).
   */
  async function runImport(
    actor: Actor,
    id: string,
    given: DeviceImportRequest | null,
    onProgress: (p: ImportProgress) => Promise<void> | void = () => undefined,
  ): Promise<ImportOutcome> {
    requirePermission(actor, 'inventory.import');
    const row = await getMeta(actor, id);
    if (row.status === 'applied') {
      return {
        ok: true,
        rowCount: row.rowCount,
        problems: [],
        problemCount: 0,
        truncated: false,
        summary: (row.result as DeviceImportSummary | null) ?? emptySummary(),
        allProblems: [],
        applied: true,
      };
    }
    if (!given && !row.mapping)
      throw new AppError('INVALID_STATE', 'Choose a mapping first (run a dry run or send one with apply)');
    const request = given ?? DeviceImportRequest.parse({ mapping: row.mapping, ...(row.options ?? {}) });
    requireImport(actor, request);
    await q.updateImport(db, actor.organizationId, id, null, {
      status: 'applying',
      mapping: request.mapping,
      options: options(request),
      error: null,
      updatedAt: clock.now(),
    });
    await onProgress({ phase: 'checking', done: 0, total: row.rowCount, fraction: 0, inTransaction: false });
    const sheet = await readSheet(actor, id);
    const first = await check(db, actor, sheet, request);
    if (first.problems.length > 0 || !first.prepared) {
      // Its own devices, written meanwhile by another run of this import, are not problems of this one.
      if ((await getMeta(actor, id)).status === 'applied') return runImport(actor, id, given, onProgress);
      await saveRejected(actor, id, first.problems, request);
      return checkResult(sheet, first.problems, first.prepared);
    }
    const prepared = first.prepared;
    const total = prepared.devices.length;
    await onProgress({ phase: 'checking', done: 0, total, fraction: 0.3, inTransaction: false });
    try {
      const summary = await db.transaction(async (tx) => {
        if ((await q.lockImportStatus(tx, actor.organizationId, id)) === 'applied')
          throw new AlreadyApplied();
        // The file was checked outside this transaction; the inventory may have changed since.
        const late = await checkAgainstInventory(tx, actor, sheet, request, prepared.devices);
        if (late.problems.length > 0) throw new ImportRejected(sortProblems(late.problems, sheet.columns));
        return writeImport(tx, {
          actor,
          clock,
          importRow: row,
          prepared,
          parents: late.parents,
          onProgress,
        });
      });
      if (total >= ANALYZE_AFTER_ROWS) await q.analyzeDevices(db);
      return { ...checkResult(sheet, [], prepared), summary, applied: true };
    } catch (err) {
      if (err instanceof AlreadyApplied) return runImport(actor, id, given, onProgress);
      if (err instanceof ImportRejected) {
        await saveRejected(actor, id, err.problems, request);
        return checkResult(sheet, err.problems, prepared);
      }
      const message = uniqueViolation(err)
        ? 'Another change used one of these asset tags or serial numbers while the import ran; nothing was written. Apply again to see which.'
        : 'The import stopped on an unexpected error; nothing was written.';
      await db.transaction(async (tx) => {
        await q.updateImport(tx, actor.organizationId, id, null, {
          status: 'failed',
          error: message,
          updatedAt: clock.now(),
        });
        await recordAudit(tx, actor, clock, {
          action: 'device_import.failed',
          entityType: 'device_import',
          entityId: id,
          after: { status: 'failed', error: message },
        });
      });
      throw uniqueViolation(err) ? new AppError('CONFLICT', message) : err;
    }
  }

  return { uploadImport, dryRun, requestApply, getImport, runImport };
}

/**
 * The name kept for display and history ("Imported from <name> row N"): the last path segment, with control
 * characters and runs of spaces folded, since browsers and scripts may send a full path.
 */
const displayFileName = (name: string): string =>
  (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim()
    .slice(0, 255) || 'file';

function uniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === '23505') return true;
  return false;
}

export type DeviceImportService = ReturnType<typeof createDeviceImportService>;
