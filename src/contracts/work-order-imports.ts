import { z } from 'zod';
import { isoDateTime, uuid } from './common.ts';
import {
  DeviceImportFormat,
  DeviceImportProblem,
  DeviceImportStatus,
  DeviceImportUploadQuery,
} from './device-imports.ts';

/**
 * Maintenance history import: past work orders from a legacy system (CSV or XLSX), mapped column by column,
 * checked in a dry run (every problem by spreadsheet row, column and reason) and applied whole or not at all as a
 * job. Imported work orders are closed, carry `source = 'import'` and their legacy number, and have no electronic
 * signature: they are the legacy system's record, not work signed in OpenHTM. Rows are numbered as a spreadsheet
 * shows them: the header is row 1, so the first work order is row 2.
 */

/** Work order fields a file column can be mapped to. A device is named by asset tag, or by serial and model. */
export const workOrderImportFields = [
  'assetTag',
  'serialNumber',
  'manufacturer',
  'modelNumber',
  'kind',
  'legacyNumber',
  'reportedAt',
  'startedAt',
  'completedAt',
  'outcome',
  'finding',
  'failureCause',
  'technician',
  'hours',
  'description',
  'resolution',
  'vendor',
  'cost',
] as const;
export const WorkOrderImportField = z.enum(workOrderImportFields);
export type WorkOrderImportField = z.infer<typeof WorkOrderImportField>;

export const workOrderImportFieldLabels: Record<WorkOrderImportField, string> = {
  assetTag: 'Asset tag',
  serialNumber: 'Serial number',
  manufacturer: 'Manufacturer',
  modelNumber: 'Model number',
  kind: 'Work order kind',
  legacyNumber: 'Legacy work order number',
  reportedAt: 'Reported date',
  startedAt: 'Started date',
  completedAt: 'Completed date',
  outcome: 'Outcome',
  finding: 'Finding',
  failureCause: 'Failure cause',
  technician: 'Technician',
  hours: 'Hours',
  description: 'Description',
  resolution: 'Resolution',
  vendor: 'Vendor',
  cost: 'Vendor cost',
};

/** The file's column -> the field it fills; null or absent: ignored. */
export const WorkOrderImportMapping = z.record(z.string().max(200), WorkOrderImportField.nullable());
export type WorkOrderImportMapping = z.infer<typeof WorkOrderImportMapping>;

/** Same lifecycle as a device import: uploaded -> checked | invalid -> queued -> applying -> applied | failed. */
export const WorkOrderImportStatus = DeviceImportStatus;
export type WorkOrderImportStatus = z.infer<typeof WorkOrderImportStatus>;

export const WorkOrderImportUploadQuery = DeviceImportUploadQuery;

export const WorkOrderImportUploaded = z.object({
  id: uuid,
  fileName: z.string(),
  format: DeviceImportFormat,
  columns: z.array(z.string()),
  suggestedMapping: WorkOrderImportMapping,
  /** Work orders the file holds (blank rows are not counted). */
  rowCount: z.number().int(),
  /** The first rows as text, for the mapping step. */
  preview: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
});
export type WorkOrderImportUploaded = z.infer<typeof WorkOrderImportUploaded>;

export const WorkOrderImportRequest = z.object({
  /** Absent: the mapping suggested from the header names. */
  mapping: WorkOrderImportMapping.optional(),
});
export type WorkOrderImportRequest = z.infer<typeof WorkOrderImportRequest>;

export const WorkOrderImportProblem = DeviceImportProblem;
export type WorkOrderImportProblem = z.infer<typeof WorkOrderImportProblem>;

const isoDate = z.iso.date();

export const WorkOrderImportSummary = z.object({
  /** Work orders the import creates (or created). */
  workOrderCount: z.number().int(),
  /** Work orders by kind. */
  byKind: z.record(z.string(), z.number().int()),
  /** Distinct devices the history is for. */
  deviceCount: z.number().int(),
  /** Technician names matched to a user (by name or email); the others are kept as text. */
  techniciansMatched: z.number().int(),
  techniciansAsText: z.number().int(),
  firstCompleted: isoDate.nullable(),
  lastCompleted: isoDate.nullable(),
});
export type WorkOrderImportSummary = z.infer<typeof WorkOrderImportSummary>;

export const WorkOrderImportCheck = z.object({
  ok: z.boolean(),
  rowCount: z.number().int(),
  problems: z.array(WorkOrderImportProblem),
  /** Every problem is counted; `problems` lists them up to a limit, in row order (`truncated` says so). */
  problemCount: z.number().int(),
  truncated: z.boolean(),
  summary: WorkOrderImportSummary,
});
export type WorkOrderImportCheck = z.infer<typeof WorkOrderImportCheck>;

export const WorkOrderImport = z.object({
  id: uuid,
  fileName: z.string(),
  format: DeviceImportFormat,
  sha256: z.string(),
  sizeBytes: z.number().int(),
  rowCount: z.number().int(),
  columns: z.array(z.string()),
  mapping: WorkOrderImportMapping.nullable(),
  status: WorkOrderImportStatus,
  /** 0..1 while queued or applying (from the job), 1 when applied. */
  progress: z.number().nullable(),
  problems: z.array(WorkOrderImportProblem),
  problemCount: z.number().int(),
  truncated: z.boolean(),
  result: WorkOrderImportSummary.nullable(),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type WorkOrderImport = z.infer<typeof WorkOrderImport>;
