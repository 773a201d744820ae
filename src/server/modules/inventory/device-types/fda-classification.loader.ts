import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  parseFdaClassification,
  type FdaClassificationError,
  type FdaProductCode,
} from './fda-classification.rules.ts';

/**
 * Loads FDA's product classification table from `reference-data/` with its source and edition
 * (docs/architecture.md §4: reference data is loaded with its source and edition). The copy is checked
 * against the SHA-256 recorded in `source.json`, so a file changed by hand, by an editor or by git's
 * line-ending conversion is refused instead of loaded.
 */

/** src/server/modules/inventory/device-types/ -> repository root -> reference-data/... */
export const FDA_CLASSIFICATION_DIR = new URL(
  '../../../../../reference-data/fda-product-classification/',
  import.meta.url,
);

const FdaClassificationSource = z.object({
  name: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url(),
  /** YYYY-MM; approximate for the 2019 copy (see editionNote). */
  edition: z.string().regex(/^\d{4}-\d{2}$/),
  editionNote: z.string().optional(),
  retrieved: z.iso.date(),
  retrievedFrom: z.string().optional(),
  licence: z.string().min(1),
  format: z.string().min(1),
  /** Number of product codes the file holds; the loader checks it. */
  rows: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
});
export type FdaClassificationSource = z.infer<typeof FdaClassificationSource>;

export interface FdaClassificationTable {
  source: FdaClassificationSource;
  rows: FdaProductCode[];
}

/** The reference data on disk is not what `source.json` describes; the message says what differs. */
export class ReferenceDataError extends Error {
  constructor(
    message: string,
    readonly problems: FdaClassificationError[] = [],
  ) {
    super(message);
    this.name = 'ReferenceDataError';
  }
}

/** Returns null when `bytes` hash to `expectedSha256`, else a message saying the file was changed. */
export function checkSha256(bytes: Uint8Array, expectedSha256: string, fileName: string): string | null {
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual === expectedSha256.toLowerCase()) return null;
  return (
    `${fileName} was changed: its SHA-256 is ${actual} but source.json records ${expectedSha256}. ` +
    'Restore the file unchanged, or refresh it as reference-data/fda-product-classification/README.md says.'
  );
}

export async function loadFdaClassification(
  dir: URL = FDA_CLASSIFICATION_DIR,
): Promise<FdaClassificationTable> {
  const sourceJson: unknown = JSON.parse(await readFile(new URL('source.json', dir), 'utf8'));
  const parsedSource = FdaClassificationSource.safeParse(sourceJson);
  if (!parsedSource.success) {
    const lines = parsedSource.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ReferenceDataError(`Invalid source.json in ${dir.pathname}:\n${lines.join('\n')}`);
  }
  const source = parsedSource.data;

  const bytes = new Uint8Array(await readFile(new URL('foiclass.txt', dir)));
  const changed = checkSha256(bytes, source.sha256, 'foiclass.txt');
  if (changed !== null) throw new ReferenceDataError(changed);

  const { rows, errors } = parseFdaClassification(bytes);
  if (errors.length > 0) {
    const shown = errors
      .slice(0, 20)
      .map((e) => `  line ${e.line}${e.column ? ` ${e.column}` : ''}: ${e.message}`);
    const more = errors.length > shown.length ? [`  ... and ${errors.length - shown.length} more`] : [];
    throw new ReferenceDataError(
      `foiclass.txt has ${errors.length} invalid line(s):\n${[...shown, ...more].join('\n')}`,
      errors,
    );
  }
  if (rows.length !== source.rows)
    throw new ReferenceDataError(
      `foiclass.txt holds ${rows.length} product codes but source.json records ${source.rows}`,
    );
  return { source, rows };
}
