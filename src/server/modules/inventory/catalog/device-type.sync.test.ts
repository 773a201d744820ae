import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestDatabase, type TestDatabase } from '../../../../../test/support/engines.ts';
import { FDA_CLASSIFICATION_DIR } from '../device-types/fda-classification.loader.ts';
import { syncFdaDeviceTypes } from './device-type.sync.ts';

interface TypeRow {
  id: string;
  name: string;
  active: boolean;
  dataset_edition: string;
  version: number;
}

/** A copy of the classification as a later FDA edition might be: one code renamed, the last code withdrawn. */
function nextEdition(): { dir: URL; removedCode: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'openhtm-fda-edition-'));
  const bytes = readFileSync(new URL('foiclass.txt', FDA_CLASSIFICATION_DIR)).toString('latin1');
  const lines = bytes.split('\r\n');
  if (lines.at(-1) === '') lines.pop();
  const removed = lines.pop() ?? '';
  const text = `${lines.join('\r\n')}\r\n`.replace(
    '|FRN|Pump, Infusion|',
    '|FRN|Pump, Infusion, General Purpose|',
  );
  const file = Buffer.from(text, 'latin1');
  writeFileSync(join(path, 'foiclass.txt'), file);
  const source = JSON.parse(readFileSync(new URL('source.json', FDA_CLASSIFICATION_DIR), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(
    join(path, 'source.json'),
    JSON.stringify({
      ...source,
      edition: '2099-01',
      rows: lines.length - 1,
      sha256: createHash('sha256').update(file).digest('hex'),
    }),
  );
  return {
    dir: pathToFileURL(`${path}/`),
    removedCode: removed.split('|')[2] ?? '',
    cleanup: () => rmSync(path, { recursive: true, force: true }),
  };
}

describe.each(engines())('FDA device types (%s)', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(async () => t?.cleanup());

  const fda = async (code: string) =>
    (
      await t.database.pool.query<TypeRow>(
        'SELECT id, name, active, dataset_edition, version FROM device_types WHERE organization_id IS NULL AND product_code = $1',
        [code],
      )
    ).rows[0];
  const count = async () =>
    Number(
      (
        await t.database.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM device_types WHERE organization_id IS NULL',
        )
      ).rows[0]?.n,
    );

  it('are loaded when the database opens, with class, regulation, panel and flags', async () => {
    expect(await count()).toBeGreaterThanOrEqual(6500);
    const { rows } = await t.database.pool.query(
      `SELECT product_code, name, device_class, regulation_number, review_panel, life_sustaining, implant, source
       FROM device_types WHERE organization_id IS NULL AND product_code IN ('FRN', 'DXY') ORDER BY product_code`,
    );
    expect(rows[1]).toMatchObject({
      product_code: 'FRN',
      name: 'Pump, Infusion',
      device_class: '2',
      regulation_number: '880.5725',
      review_panel: 'HO',
      source: 'fda',
    });
    const recorded = await t.database.pool.query('SELECT name, edition, row_count FROM reference_datasets');
    expect(recorded.rows).toEqual([
      { name: 'fda-product-classification', edition: '2019-07', row_count: 6530 },
    ]);
  });

  it('does nothing when the edition on disk is already loaded', async () => {
    const before = await fda('FRN');
    expect(await syncFdaDeviceTypes(t.database.db)).toEqual({
      loaded: false,
      edition: '2019-07',
      rows: 6530,
    });
    expect(await fda('FRN')).toEqual(before);
  });

  it('updates codes in place from a new edition and withdraws the codes it no longer lists', async () => {
    const edition = nextEdition();
    try {
      const frn = await fda('FRN');
      const total = await count();
      const result = await syncFdaDeviceTypes(t.database.db, edition.dir);
      expect(result).toEqual({ loaded: true, edition: '2099-01', rows: 6529 });
      const after = await fda('FRN');
      expect(after).toMatchObject({
        id: frn?.id,
        name: 'Pump, Infusion, General Purpose',
        dataset_edition: '2099-01',
        active: true,
      });
      expect(await fda(edition.removedCode)).toMatchObject({ active: false, dataset_edition: '2019-07' });
      expect(await count()).toBe(total);
      expect((await syncFdaDeviceTypes(t.database.db, edition.dir)).loaded).toBe(false);
    } finally {
      edition.cleanup();
    }
  });
});
