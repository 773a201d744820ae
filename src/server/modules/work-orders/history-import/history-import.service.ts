import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type {
  DeviceImportFormat,
  Permission,
  WorkOrderImport,
  WorkOrderImportCheck,
  WorkOrderImportMapping,
  WorkOrderImportRequest,
  WorkOrderImportSummary,
  WorkOrderImportUploaded,
} from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { EnqueueOptions } from '../../../platform/jobs/jobs.ts';
import {
  cellText,
  detectImportFormat,
  MAX_PROBLEMS_LISTED,
  parseImportFile,
  type Sheet,
} from '../../inventory/index.ts';
import { writeImportedWorkOrders, type AllocateNumbers, type WriteProgress } from './history-import-write.ts';
import * as q from './history-import.queries.ts';
import {
  allProblems,
  checkHistoryMapping,
  columnsOf,
  historyKeys,
  readHistoryRows,
  resolveHistory,
  suggestHistoryMapping,
  summarizeHistory,
  type DeviceFact,
  type PreparedWorkOrder,
  type Problem,
} from './history-import.rules.ts';

export const IMPORT_WORK_ORDERS_JOB = 'work-orders.import-history';
const PERMISSION: Permission = 'work-orders.import';

export interface HistoryImportOutcome extends WorkOrderImportCheck {
  /** Every problem (the check's `problems` is cut at the listing limit); for the CLI. */
  allProblems: Problem[];
  applied: boolean;
}

export interface HistoryProgress extends WriteProgress {
  phase: 'checking' | 'writing';
  fraction: number;
  /** Reported from inside the writing transaction (PGlite: nothing else may write meanwhile). */
  inTransaction: boolean;
}

/** The requester as a job carries them: the import runs with their organization, name and site scope. */
export interface HistoryImportRequester {
  userId: string | null;
  label: string;
  allSites: boolean;
  siteIds: string[];
}

class AlreadyApplied extends Error {}
class ImportRejected extends Error {
  constructor(readonly problems: Problem[]) {
    super('the import has problems');
  }
}

const emptySummary = (): WorkOrderImportSummary => ({
  workOrderCount: 0,
  byKind: {},
  deviceCount: 0,
  techniciansMatched: 0,
  techniciansAsText: 0,
  firstCompleted: null,
  lastCompleted: null,
});

/** Imports this large refresh the planner's statistics afterwards. */
const ANALYZE_AFTER_ROWS = 1000;

export function createHistoryImportService(deps: {
  db: Db;
  clock: Clock;
  maxUploadBytes: number;
  allocateNumbers: AllocateNumbers;
  enqueue: (name: string, payload: unknown, opts: EnqueueOptions) => Promise<string | null>;
}) {
  const { db, clock } = deps;

  function toImport(r: q.WorkOrderImportMeta): WorkOrderImport {
    const status = r.status as WorkOrderImport['status'];
    return {
      id: r.id,
      fileName: r.fileName,
      format: r.format as DeviceImportFormat,
      sha256: r.sha256,
      sizeBytes: r.sizeBytes,
      rowCount: r.rowCount,
      columns: r.columns,
      mapping: (r.mapping as WorkOrderImportMapping | null) ?? null,
      status,
      progress:
        status === 'applied' ? 1 : status === 'queued' || status === 'applying' ? (r.progress ?? 0) : null,
      problems: r.problems as Problem[],
      problemCount: r.problemCount,
      truncated: r.problemCount > r.problems.length,
      result: (r.result as WorkOrderImportSummary | null) ?? null,
      error: r.error,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      version: r.version,
    };
  }

  async function getMeta(actor: Actor, id: string) {
    const row = await q.findImport(db, actor.organizationId, id);
    if (!row) throw notFound('Import');
    return row;
  }

  async function readSheet(actor: Actor, id: string): Promise<Sheet> {
    const content = await q.findImportContent(db, actor.organizationId, id);
    if (!content) throw notFound('Import');
    return parseImportFile(content);
  }

  async function uploadImport(
    actor: Actor,
    input: { fileName: string; bytes: Buffer; declaredFormat?: DeviceImportFormat | undefined },
  ): Promise<WorkOrderImportUploaded> {
    requirePermission(actor, PERMISSION);
    if (input.bytes.length > deps.maxUploadBytes)
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${deps.maxUploadBytes} bytes`);
    if (input.bytes.length === 0)
      throw new AppError('VALIDATION_FAILED', 'The file is empty', [{ field: 'file', message: 'is empty' }]);
    const format = detectImportFormat(input.bytes);
    if (input.declaredFormat && input.declaredFormat !== format) {
      const message =
        format === 'xlsx'
          ? 'is an XLSX workbook but was sent as CSV'
          : 'is not an XLSX workbook (send CSV as text/csv)';
      throw new AppError('VALIDATION_FAILED', `The file ${message}`, [{ field: 'file', message }]);
    }
    const sheet = await parseImportFile(input.bytes);
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const now = clock.now();
    const fileName = displayFileName(input.fileName);
    const row = await db.transaction(async (tx) => {
      const inserted = await q.insertImport(tx, {
        organizationId: actor.organizationId,
        fileName,
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
        action: 'work-order-import.uploaded',
        entityType: 'work_order_import',
        entityId: inserted.id,
        after: { fileName, format, sha256, sizeBytes: input.bytes.length, rowCount: sheet.rows.length },
      });
      return inserted;
    });
    return {
      id: row.id,
      fileName,
      format,
      columns: sheet.columns,
      suggestedMapping: suggestHistoryMapping(sheet.columns),
      rowCount: sheet.rows.length,
      preview: sheet.rows.slice(0, 5).map((r) => ({
        row: r.row,
        cells: sheet.columns.map((_, i) => cellText(r.cells[i] ?? null) ?? ''),
      })),
    };
  }

  /** Every problem of the file under the mapping, checked against what `h` sees. */
  async function check(
    h: DbOrTx,
    actor: Actor,
    sheet: Sheet,
    mapping: WorkOrderImportMapping,
  ): Promise<{ workOrders: PreparedWorkOrder[]; problems: Problem[] }> {
    const mappingProblems = checkHistoryMapping(sheet, mapping);
    if (mappingProblems.length > 0) return { workOrders: [], problems: mappingProblems };
    const read = readHistoryRows(sheet, mapping, clock.now());
    const keys = historyKeys(read.rows);
    const named = await q.devicesNamed(h, actor.organizationId, permittedSiteIds(actor), keys);
    const devicesByTag = new Map<string, DeviceFact>();
    const devicesBySerial = new Map<string, DeviceFact[]>();
    for (const d of named) {
      devicesByTag.set(d.assetTag.toLowerCase(), d);
      if (d.serialNumber) {
        const k = d.serialNumber.toLowerCase();
        devicesBySerial.set(k, [...(devicesBySerial.get(k) ?? []), d]);
      }
    }
    const resolved = resolveHistory(
      read.rows,
      {
        devicesByTag,
        devicesBySerial,
        users: await q.organizationUsers(h, actor.organizationId),
        imported: await q.importedLegacyNumbers(h, actor.organizationId, keys.legacyNumbers),
      },
      columnsOf(sheet, mapping).columnOf,
    );
    return {
      workOrders: resolved.workOrders,
      problems: allProblems(sheet, read.problems, resolved.problems),
    };
  }

  function result(sheet: Sheet, problems: Problem[], workOrders: PreparedWorkOrder[]): HistoryImportOutcome {
    return {
      ok: problems.length === 0,
      rowCount: sheet.rows.length,
      problems: problems.slice(0, MAX_PROBLEMS_LISTED),
      problemCount: problems.length,
      truncated: problems.length > MAX_PROBLEMS_LISTED,
      summary: problems.length === 0 ? summarizeHistory(workOrders) : emptySummary(),
      allProblems: problems,
      applied: false,
    };
  }

  function assertMayChange(row: q.WorkOrderImportMeta) {
    if (row.status === 'applied')
      throw new AppError(
        'INVALID_STATE',
        'This import was already applied; upload the file again to import more',
      );
    if (row.status === 'queued' || row.status === 'applying')
      throw new AppError('INVALID_STATE', 'This import is being applied; wait for it to finish');
  }

  const mappingOf = (sheet: Sheet, request: WorkOrderImportRequest | null, row: q.WorkOrderImportMeta) =>
    request?.mapping ??
    (row.mapping as WorkOrderImportMapping | null) ??
    suggestHistoryMapping(sheet.columns);

  /** The dry run: every problem by row, column and reason; writes no work order. */
  async function dryRun(
    actor: Actor,
    id: string,
    request: WorkOrderImportRequest,
  ): Promise<HistoryImportOutcome> {
    requirePermission(actor, PERMISSION);
    const row = await getMeta(actor, id);
    assertMayChange(row);
    const sheet = await readSheet(actor, id);
    const mapping = mappingOf(sheet, request, row);
    const { workOrders, problems } = await check(db, actor, sheet, mapping);
    const outcome = result(sheet, problems, workOrders);
    await db.transaction(async (tx) => {
      const changed = await q.updateImport(tx, actor.organizationId, id, row.version, {
        status: outcome.ok ? 'checked' : 'invalid',
        mapping,
        problems: outcome.problems,
        problemCount: outcome.problemCount,
        error: null,
        updatedAt: clock.now(),
      });
      if (!changed) throw new AppError('CONFLICT', 'The import changed meanwhile; run the check again');
      await recordAudit(tx, actor, clock, {
        action: 'work-order-import.checked',
        entityType: 'work_order_import',
        entityId: id,
        before: { status: row.status },
        after: {
          status: outcome.ok ? 'checked' : 'invalid',
          mapping,
          problemCount: outcome.problemCount,
          summary: outcome.summary,
        },
      });
    });
    return outcome;
  }

  /** Queues the apply as a job; the answer is the import with status `queued` (poll it for progress). */
  async function requestApply(
    actor: Actor,
    id: string,
    request: WorkOrderImportRequest,
  ): Promise<WorkOrderImport> {
    requirePermission(actor, PERMISSION);
    const row = await getMeta(actor, id);
    assertMayChange(row);
    const sheet = await readSheet(actor, id);
    const mapping = mappingOf(sheet, request, row);
    const requester: HistoryImportRequester = {
      userId: actor.userId,
      label: actor.label,
      allSites: actor.allSites,
      siteIds: [...actor.siteIds],
    };
    await db.transaction(async (tx) => {
      const jobId = await deps.enqueue(
        IMPORT_WORK_ORDERS_JOB,
        { importId: id, requester },
        {
          tx,
          organizationId: actor.organizationId,
          dedupeKey: `${IMPORT_WORK_ORDERS_JOB}:${id}:${row.version}`,
        },
      );
      const changed = await q.updateImport(tx, actor.organizationId, id, row.version, {
        status: 'queued',
        mapping,
        jobId: jobId === null ? null : BigInt(jobId),
        error: null,
        updatedAt: clock.now(),
      });
      if (!changed || jobId === null)
        throw new AppError('CONFLICT', 'The import changed meanwhile; reload it and apply again');
      await recordAudit(tx, actor, clock, {
        action: 'work-order-import.queued',
        entityType: 'work_order_import',
        entityId: id,
        before: { status: row.status },
        after: { status: 'queued', jobId, mapping },
      });
    });
    return toImport(await getMeta(actor, id));
  }

  async function getImport(actor: Actor, id: string): Promise<WorkOrderImport> {
    requirePermission(actor, PERMISSION);
    return toImport(await getMeta(actor, id));
  }

  async function saveRejected(
    actor: Actor,
    id: string,
    problems: Problem[],
    mapping: WorkOrderImportMapping,
  ) {
    await db.transaction(async (tx) => {
      await q.updateImport(tx, actor.organizationId, id, null, {
        status: 'invalid',
        mapping,
        problems: problems.slice(0, MAX_PROBLEMS_LISTED),
        problemCount: problems.length,
        error: null,
        updatedAt: clock.now(),
      });
      await recordAudit(tx, actor, clock, {
        action: 'work-order-import.rejected',
        entityType: 'work_order_import',
        entityId: id,
        after: { status: 'invalid', problemCount: problems.length, firstProblems: problems.slice(0, 20) },
        reason: 'The import has problems; nothing was written',
      });
    });
  }

  /**
   * Applies the import whole or not at all: checked first outside any transaction (a bad file locks nothing),
   * then in ONE transaction checked again (devices and legacy numbers may have changed) and written with one audit
   * event `work-orders.imported` carrying the counts. Called by the job and the CLI; an import already applied
   * answers its result again.
   */
  async function runImport(
    actor: Actor,
    id: string,
    given: WorkOrderImportRequest | null,
    onProgress: (p: HistoryProgress) => Promise<void> | void = () => undefined,
  ): Promise<HistoryImportOutcome> {
    requirePermission(actor, PERMISSION);
    const row = await getMeta(actor, id);
    if (row.status === 'applied') {
      return {
        ok: true,
        rowCount: row.rowCount,
        problems: [],
        problemCount: 0,
        truncated: false,
        summary: (row.result as WorkOrderImportSummary | null) ?? emptySummary(),
        allProblems: [],
        applied: true,
      };
    }
    const sheet = await readSheet(actor, id);
    const mapping = mappingOf(sheet, given, row);
    await q.updateImport(db, actor.organizationId, id, null, {
      status: 'applying',
      mapping,
      error: null,
      updatedAt: clock.now(),
    });
    const total = sheet.rows.length;
    await onProgress({ phase: 'checking', done: 0, total, fraction: 0, inTransaction: false });
    const first = await check(db, actor, sheet, mapping);
    if (first.problems.length > 0) {
      if ((await getMeta(actor, id)).status === 'applied') return runImport(actor, id, given, onProgress);
      await saveRejected(actor, id, first.problems, mapping);
      return result(sheet, first.problems, []);
    }
    await onProgress({ phase: 'checking', done: 0, total, fraction: 0.3, inTransaction: false });
    const summary = summarizeHistory(first.workOrders);
    try {
      await db.transaction(async (tx) => {
        if ((await q.lockImportStatus(tx, actor.organizationId, id)) === 'applied')
          throw new AlreadyApplied();
        const late = await check(tx, actor, sheet, mapping);
        if (late.problems.length > 0) throw new ImportRejected(late.problems);
        await writeImportedWorkOrders(tx, {
          actor,
          now: clock.now(),
          allocateNumbers: deps.allocateNumbers,
          workOrders: late.workOrders,
          origin: (r) => `Imported from ${row.fileName} row ${r}`,
          onProgress: (p) =>
            onProgress({
              ...p,
              phase: 'writing',
              fraction: 0.3 + 0.7 * (p.total === 0 ? 1 : p.done / p.total),
              inTransaction: true,
            }),
        });
        await q.updateImport(tx, actor.organizationId, id, null, {
          status: 'applied',
          mapping,
          problems: [],
          problemCount: 0,
          result: summary,
          error: null,
          updatedAt: clock.now(),
        });
        await recordAudit(tx, actor, clock, {
          action: 'work-orders.imported',
          entityType: 'work_order_import',
          entityId: id,
          after: { fileName: row.fileName, sha256: row.sha256, ...summary },
          reason:
            "Maintenance history from a legacy system (the legacy system's records, not signed in OpenHTM)",
        });
      });
      if (first.workOrders.length >= ANALYZE_AFTER_ROWS) await db.execute(sql`ANALYZE work_orders`);
      return { ...result(sheet, [], first.workOrders), summary, applied: true };
    } catch (err) {
      if (err instanceof AlreadyApplied) return runImport(actor, id, given, onProgress);
      if (err instanceof ImportRejected) {
        await saveRejected(actor, id, err.problems, mapping);
        return result(sheet, err.problems, []);
      }
      const message = uniqueViolation(err)
        ? 'Another change used one of these legacy numbers while the import ran; nothing was written. Apply again to see which.'
        : 'The import stopped on an unexpected error; nothing was written.';
      await db.transaction(async (tx) => {
        await q.updateImport(tx, actor.organizationId, id, null, {
          status: 'failed',
          error: message,
          updatedAt: clock.now(),
        });
        await recordAudit(tx, actor, clock, {
          action: 'work-order-import.failed',
          entityType: 'work_order_import',
          entityId: id,
          after: { status: 'failed', error: message },
        });
      });
      throw uniqueViolation(err) ? new AppError('CONFLICT', message) : err;
    }
  }

  return { uploadImport, dryRun, requestApply, getImport, runImport };
}

export type HistoryImportService = ReturnType<typeof createHistoryImportService>;

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
