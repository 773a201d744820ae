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
import { deviceImportStatuses } from '../../../contracts/device-imports.ts';
import { organizations } from '../sites/index.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An uploaded maintenance history file (legacy work orders) and what became of it; owned by the history import
 * (work-orders/history-import/). Like device imports: the bytes stay in the row so the job worker, the CLI and
 * backups see the same file; problems are stored up to a limit, `problem_count` counts all of them.
 */
export const workOrderImports = pgTable(
  'work_order_imports',
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
    status: text('status').notNull().default('uploaded'),
    problems: jsonb('problems').$type<unknown[]>().notNull().default([]),
    problemCount: integer('problem_count').notNull().default(0),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    jobId: bigint('job_id', { mode: 'bigint' }),
    createdById: uuid('created_by_id'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('work_order_imports_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    check('work_order_imports_format_check', sql`${t.format} in ('csv','xlsx')`),
    check(
      'work_order_imports_status_check',
      sql`${t.status} in (${sql.raw(deviceImportStatuses.map((s) => `'${s}'`).join(','))})`,
    ),
  ],
);
