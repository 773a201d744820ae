import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from '../sites/index.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Kept in step with contracts/device-imports.ts. */
export const DEVICE_IMPORT_STATUSES = [
  'uploaded',
  'checked',
  'invalid',
  'queued',
  'applying',
  'applied',
  'failed',
] as const;

/**
 * An uploaded device file and what became of it. The bytes are kept in the row (not on a local disk) so any
 * application node, the CLI and the job worker read the same file, and backups carry it; the SHA-256 names the
 * exact file an import applied. Problems are stored up to a limit, `problem_count` counts all of them.
 */
export const deviceImports = pgTable(
  'device_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    content: bytea('content').notNull(),
    rowCount: integer('row_count').notNull(),
    columns: jsonb('columns').$type<string[]>().notNull(),
    mapping: jsonb('mapping').$type<Record<string, string | null>>(),
    /** Defaults and the create-missing-catalog flag of the last dry run or apply. */
    options: jsonb('options').$type<Record<string, unknown>>(),
    status: text('status').notNull().default('uploaded'),
    problems: jsonb('problems').$type<unknown[]>().notNull().default([]),
    problemCount: integer('problem_count').notNull().default(0),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    jobId: bigint('job_id', { mode: 'bigint' }),
    createdById: uuid('created_by_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('device_imports_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    check('device_imports_format_check', sql`${t.format} in ('csv','xlsx')`),
    check(
      'device_imports_status_check',
      sql`${t.status} in (${sql.raw(DEVICE_IMPORT_STATUSES.map((s) => `'${s}'`).join(','))})`,
    ),
  ],
);
