import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { ReferenceKind, referenceContentSchema } from '../../../contracts/reference.ts';
import type { Db } from '../../platform/db/database.ts';
import { referenceTables } from './reference.schema.ts';

/** src/server/modules/reference/ -> repository root -> reference-data/maintenance/ */
export const MAINTENANCE_REFERENCE_DIR = new URL('../../../../reference-data/maintenance/', import.meta.url);

const ShippedFile = z.object({
  kind: ReferenceKind,
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/),
  name: z.string().min(1),
  source: z.string().min(1),
  edition: z.string().min(1),
  content: z.unknown(),
});

export interface ShippedTable {
  file: string;
  kind: ReferenceKind;
  key: string;
  name: string;
  source: string;
  edition: string;
  content: unknown;
  sha256: string;
}

export class ReferenceTableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceTableFileError';
  }
}

/** The hash of what a version holds (name, source, edition, content), independent of the file's formatting. */
export const contentSha256 = (v: {
  name: string;
  source: string;
  edition: string;
  content: unknown;
}): string =>
  createHash('sha256')
    .update(JSON.stringify([v.name, v.source, v.edition, v.content]))
    .digest('hex');

/**
 * Reads and validates every table in reference-data/maintenance/ (each content by its kind's zod schema), so a
 * broken file stops the start with the file and field named instead of storing bad rules.
 */
export function readShippedTables(dir: URL = MAINTENANCE_REFERENCE_DIR): ShippedTable[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const raw: unknown = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    const header = ShippedFile.safeParse(raw);
    if (!header.success)
      throw new ReferenceTableFileError(
        `${file}: ${header.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      );
    const { kind, key, name, source, edition, content } = header.data;
    const schema = referenceContentSchema(kind, key);
    if (!schema) throw new ReferenceTableFileError(`${file}: no content rules for ${kind} ${key}`);
    const parsed = schema.safeParse(content);
    if (!parsed.success)
      throw new ReferenceTableFileError(
        `${file}: ${parsed.error.issues.map((i) => `content.${i.path.join('.')} ${i.message}`).join('; ')}`,
      );
    return { file, kind, key, name, source, edition, content, sha256: contentSha256(header.data) };
  });
}

/** Names the shipped tables on disk (test template databases are keyed on it). */
export function shippedReferenceFingerprint(dir: URL = MAINTENANCE_REFERENCE_DIR): string {
  const hash = createHash('sha256');
  for (const t of readShippedTables(dir)) hash.update(`${t.kind}/${t.key}:${t.sha256}\n`);
  return hash.digest('hex').slice(0, 16);
}

export interface ReferenceSyncResult {
  inserted: { kind: string; key: string; version: number }[];
}

/**
 * Stores a new shipped version (organization_id NULL) of each table whose file differs from the newest shipped
 * version; cheap when nothing changed (one query). Organizations' own versions are untouched and keep winning.
 */
export async function syncShippedReferenceTables(
  db: Db,
  dir: URL = MAINTENANCE_REFERENCE_DIR,
): Promise<ReferenceSyncResult> {
  const tables = readShippedTables(dir);
  const current = await db.execute<{ kind: string; key: string; version: number; sha256: string }>(sql`
    SELECT DISTINCT ON (kind, key) kind, key, version, sha256 FROM reference_tables
    WHERE organization_id IS NULL ORDER BY kind, key, version DESC`);
  const newest = new Map(current.rows.map((r) => [`${r.kind}/${r.key}`, r]));
  const changed = tables.filter((t) => newest.get(`${t.kind}/${t.key}`)?.sha256 !== t.sha256);
  if (changed.length === 0) return { inserted: [] };
  const inserted: ReferenceSyncResult['inserted'] = [];
  await db.transaction(async (tx) => {
    for (const t of changed) {
      const previous = newest.get(`${t.kind}/${t.key}`);
      const version = (previous?.version ?? 0) + 1;
      // Several application nodes may start at once: the first stores the version, the others skip it.
      const stored = await tx
        .insert(referenceTables)
        .values({
          organizationId: null,
          kind: t.kind,
          key: t.key,
          version,
          name: t.name,
          source: t.source,
          edition: t.edition,
          content: t.content,
          sha256: t.sha256,
          active: true,
          reason: `Shipped with OpenHTM (${t.file})`,
        })
        .onConflictDoNothing()
        .returning({ id: referenceTables.id });
      if (stored.length > 0) inserted.push({ kind: t.kind, key: t.key, version });
    }
  });
  return { inserted };
}
