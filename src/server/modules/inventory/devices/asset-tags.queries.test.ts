import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestDatabase, type TestDatabase } from '../../../../../test/support/engines.ts';
import { reserveAssetTags } from './asset-tags.queries.ts';

describe.each(engines())('reserveAssetTags (%s)', (engine) => {
  let t: TestDatabase;
  let org: string;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    const q = t.database.pool;
    org =
      (await q.query<{ id: string }>(`INSERT INTO organizations (name) VALUES ('H') RETURNING id`)).rows[0]
        ?.id ?? '';
    const site = (
      await q.query<{ id: string }>(
        `INSERT INTO sites (organization_id, name, code, time_zone) VALUES ($1, 'S', 'S', 'UTC') RETURNING id`,
        [org],
      )
    ).rows[0]?.id;
    const maker = (
      await q.query<{ id: string }>(
        `INSERT INTO manufacturers (organization_id, name, normalized_name) VALUES ($1, 'M', 'm') RETURNING id`,
        [org],
      )
    ).rows[0]?.id;
    const model = (
      await q.query<{ id: string }>(
        `INSERT INTO models (organization_id, manufacturer_id, model_number, normalized_model_number, name)
         VALUES ($1, $2, 'X', 'x', 'X') RETURNING id`,
        [org, maker],
      )
    ).rows[0]?.id;
    // tags typed by hand that the pattern would also produce
    for (const tag of ['a000002', 'A000004'])
      await q.query(
        `INSERT INTO devices (organization_id, asset_tag, model_id, site_id, status) VALUES ($1, $2, $3, $4, 'received')`,
        [org, tag, model, site],
      );
  });
  afterAll(async () => t?.cleanup());

  it('creates the sequence with its defaults, skips tags already used (any case) and never repeats a number', async () => {
    const db = t.database.db;
    expect(await reserveAssetTags(db, org, 0)).toEqual([]);
    expect(await reserveAssetTags(db, org, 3)).toEqual(['A000001', 'A000003', 'A000005']);
    expect(await db.transaction((tx) => reserveAssetTags(tx, org, 2))).toEqual(['A000006', 'A000007']);
    // a rolled-back reservation gives its numbers back with the rest of the transaction
    await expect(
      db.transaction(async (tx) => {
        await reserveAssetTags(tx, org, 5);
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    const many = await reserveAssetTags(db, org, 70_000);
    expect(many).toHaveLength(70_000);
    expect(many[0]).toBe('A000008');
    expect(new Set(many).size).toBe(70_000);
    expect(many.at(-1)).toBe('A070007');
  });
});
