import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { engines } from '../../../../test/support/engines.ts';

interface SiteBody {
  id: string;
  version: number;
  name: string;
}

describe.each(engines())('sites (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  const create = (code: string, name = `Site ${code}`) =>
    t.admin.request({
      method: 'POST',
      url: '/api/v1/sites',
      payload: { name, code, timeZone: 'America/New_York' },
    });

  it('names every invalid field', async () => {
    const res = await t.admin.request({
      method: 'POST',
      url: '/api/v1/sites',
      payload: { name: '', code: 'has space', kind: 'castle', timeZone: 'Nowhere/Town' },
    });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json<{ error: { details: { field: string }[] } }>()
      .error.details.map((d) => d.field)
      .sort();
    expect(fields).toEqual(['code', 'kind', 'name', 'timeZone']);
  });

  it('refuses a duplicate code (case-insensitive) with 409 naming the field', async () => {
    expect((await create('MAIN')).statusCode).toBe(201);
    const dup = await create('main');
    expect(dup.statusCode).toBe(409);
    expect(dup.json<{ error: { code: string } }>().error.code).toBe('ALREADY_EXISTS');
  });

  it('updates with optimistic concurrency and never deletes', async () => {
    const site = (await create('NORTH')).json<SiteBody>();
    const first = await t.admin.request({
      method: 'PATCH',
      url: `/api/v1/sites/${site.id}`,
      payload: { version: site.version, name: 'North Campus' },
    });
    expect(first.json<SiteBody>().version).toBe(site.version + 1);
    const stale = await t.admin.request({
      method: 'PATCH',
      url: `/api/v1/sites/${site.id}`,
      payload: { version: site.version, name: 'Lost update' },
    });
    expect(stale.statusCode).toBe(409);
    const del = await t.admin.request({ method: 'DELETE', url: `/api/v1/sites/${site.id}` });
    expect(del.statusCode).toBe(404);
    const off = await t.admin.request({
      method: 'PATCH',
      url: `/api/v1/sites/${site.id}`,
      payload: { version: site.version + 1, active: false, reason: 'merged' },
    });
    expect(off.json<{ active: boolean }>().active).toBe(false);
    const history = await t.admin.request({
      method: 'GET',
      url: `/api/v1/audit-events?entityType=site&entityId=${site.id}`,
    });
    expect(
      history.json<{ items: { action: string; reason: string | null }[] }>().items.map((e) => e.action),
    ).toEqual(['site.deactivated', 'site.updated', 'site.created']);
  });

  it('scopes a user with site permissions to their sites', async () => {
    const a = (await create('SCOPE-A')).json<SiteBody>();
    const b = (await create('SCOPE-B')).json<SiteBody>();
    const tech = await t.createUser('technician', { allSites: false, siteIds: [a.id] });
    const list = await tech.client.request({ method: 'GET', url: '/api/v1/sites?limit=200' });
    expect(list.json<{ items: SiteBody[] }>().items.map((s) => s.id)).toEqual([a.id]);
    expect((await tech.client.request({ method: 'GET', url: `/api/v1/sites/${b.id}` })).statusCode).toBe(404);
  });

  it('pages with keyset cursors, without gaps or repeats', async () => {
    for (let i = 0; i < 7; i++) await create(`PAGE${i}`, 'Same Name');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.admin.request({
        method: 'GET',
        url: `/api/v1/sites?limit=3&q=Same${cursor ? `&cursor=${cursor}` : ''}`,
      });
      const page = res.json<{ items: SiteBody[]; nextCursor: string | null }>();
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });
});
