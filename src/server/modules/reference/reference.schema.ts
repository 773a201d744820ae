import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { referenceKinds } from '../../../contracts/reference.ts';
import { users } from '../identity/index.ts';
import { organizations } from '../sites/index.ts';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/**
 * Versioned reference tables (domain reference §0, §1.6: regulatory numbers are data with source and edition).
 * organization_id NULL = shipped with OpenHTM from reference-data/maintenance/; else the organization's own
 * version, which wins while active. Rows are never updated in content: an edit is a new version.
 */
export const referenceTables = pgTable(
  'reference_tables',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    source: text('source').notNull(),
    edition: text('edition').notNull(),
    content: jsonb('content').notNull(),
    sha256: text('sha256').notNull(),
    basedOnId: uuid('based_on_id'),
    active: boolean('active').notNull().default(true),
    reason: text('reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reference_tables_version_uq').using(
      'btree',
      sql`coalesce(${t.organizationId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.kind,
      t.key,
      t.version,
    ),
    index('reference_tables_kind_key_idx').on(t.kind, t.key),
    foreignKey({ columns: [t.basedOnId], foreignColumns: [t.id], name: 'reference_tables_based_on_fk' }),
    check('reference_tables_kind_check', sql`${t.kind} in (${inList(referenceKinds)})`),
    check('reference_tables_version_check', sql`${t.version} >= 1`),
    // Shipped rows have no author; an organization's version always has one (and a reason).
    check(
      'reference_tables_author_check',
      sql`(${t.organizationId} IS NULL) OR (${t.createdBy} IS NOT NULL AND ${t.reason} IS NOT NULL)`,
    ),
  ],
);
export type ReferenceTableRow = typeof referenceTables.$inferSelect;
