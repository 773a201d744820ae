import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ReferenceTable,
  ReferenceTableSummary,
  ReferenceTableVersion,
  ToleranceTableContent,
} from '../../../contracts/index.ts';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { engines } from '../../../../test/support/engines.ts';
import {
  getPolicy,
  getRiskModel,
  getToleranceTable,
  MAINTENANCE_REFERENCE_DIR,
  readShippedTables,
  ReferenceTableFileError,
  syncShippedReferenceTables,
} from './index.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

describe.each(engines())('reference tables (%s)', (engine) => {
  let t: TestApp;
  let other: { organizationId: string; admin: Client };
  beforeAll(async () => {
    t = await createTestApp(engine);
    other = await t.createOrganization('Other Hospital');
  });
  afterAll(async () => t?.close());

  const call = async <T>(client: Client, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await client.request({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<T>(), json: () => res.json<T>() };
  };
  const tolerance = async (client: Client) => {
    const list = await call<{ items: ReferenceTableSummary[] }>(
      client,
      'GET',
      '/reference-tables?kind=tolerance_table',
    );
    const summary = list.body.items.find((i) => i.key === 'due-date-tolerance');
    if (!summary) throw new Error('no tolerance table');
    return summary;
  };

  it('loads every shipped table after the migrations, read-only and with source and edition', async () => {
    const list = await call<{ items: ReferenceTableSummary[] }>(t.admin, 'GET', '/reference-tables');
    expect(list.status).toBe(200);
    const keys = list.body.items.map((i) => `${i.kind}/${i.key}`).sort();
    expect(keys).toEqual(
      readShippedTables()
        .map((s) => `${s.kind}/${s.key}`)
        .sort(),
    );
    expect(keys).toContain('risk_model/fennigkoh-smith-1989');
    expect(keys).toContain('policy/could-not-locate');
    for (const item of list.body.items) {
      expect(item.organizationId).toBeNull();
      expect(item.source.length).toBeGreaterThan(10);
      expect(item.edition).not.toBe('');
    }
    // Syncing again with unchanged files stores nothing.
    expect((await syncShippedReferenceTables(t.services.database.db)).inserted).toEqual([]);
  });

  it('serves the typed tables other modules read: tolerance rows, policies, risk models', async () => {
    const db = t.services.database.db;
    const table = await getToleranceTable(db, t.organizationId);
    expect(table.organizationId).toBeNull();
    expect(table.content.rows.find((r) => r.interval === 'P1Y')?.window).toEqual({ kind: 'days', days: 30 });
    expect(table.content.rows.find((r) => r.interval === 'P1M')?.window).toEqual({
      kind: 'calendar',
      unit: 'month',
    });
    const cnl = await getPolicy(db, t.organizationId, 'could-not-locate');
    expect(cnl.content).toEqual({ maxCnlAttempts: 3, cnlRetryDays: 5, autoInactivateAfterDays: 30 });
    const aem = await getPolicy(db, t.organizationId, 'aem-eligibility');
    expect(aem.content.minFleetSizeForAem).toBe(5);
    const byKey = await getRiskModel(db, t.organizationId, 'fennigkoh-smith-1989');
    const byId = await getRiskModel(db, t.organizationId, byKey.id);
    expect(byId.content).toEqual(byKey.content);
    await expect(getRiskModel(db, t.organizationId, 'no-such-model')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('adds an organization version from edited content; it wins for that organization only', async () => {
    const summary = await tolerance(t.admin);
    const shipped = await call<ReferenceTable>(t.admin, 'GET', `/reference-tables/${summary.id}`);
    const content = structuredClone(shipped.body.content) as ToleranceTableContent;
    const annual = content.rows.find((r) => r.interval === 'P1Y');
    if (!annual) throw new Error('no annual row');
    annual.window = { kind: 'days', days: 21 };

    const created = await call<ReferenceTable>(t.admin, 'POST', `/reference-tables/${summary.id}/versions`, {
      version: summary.version,
      content,
      reason: 'Hospital policy: annual PM within three weeks',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      organizationId: t.organizationId,
      version: summary.version + 1,
      basedOnId: summary.id,
      reason: 'Hospital policy: annual PM within three weeks',
    });
    expect(created.body.createdBy?.id).toBeTruthy();

    const db = t.services.database.db;
    const mine = await getToleranceTable(db, t.organizationId);
    expect(mine.id).toBe(created.body.id);
    expect(mine.content.rows.find((r) => r.interval === 'P1Y')?.window).toEqual({ kind: 'days', days: 21 });
    const theirs = await getToleranceTable(db, other.organizationId);
    expect(theirs.id).toBe(summary.id);
    expect((await tolerance(other.admin)).organizationId).toBeNull();

    const versions = await call<{ items: ReferenceTableVersion[] }>(
      t.admin,
      'GET',
      `/reference-tables/${summary.id}/versions`,
    );
    expect(versions.body.items.map((v) => v.version)).toEqual([summary.version + 1, summary.version]);
    expect((await tolerance(t.admin)).versionCount).toBe(2);
    // Another organization neither sees nor edits this organization's version.
    expect((await call(other.admin, 'GET', `/reference-tables/${created.body.id}`)).status).toBe(404);

    const audit = await db.execute<{ action: string; reason: string }>(
      sql`SELECT action, reason FROM audit_events WHERE entity_id = ${created.body.id}`,
    );
    expect(audit.rows).toEqual([
      { action: 'reference-table.version-created', reason: 'Hospital policy: annual PM within three weeks' },
    ]);

    // The shipped version was edited from: the version number seen is now stale.
    const stale = await call<ErrorBody>(t.admin, 'POST', `/reference-tables/${summary.id}/versions`, {
      version: summary.version,
      content,
      reason: 'again',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');

    // Retiring the organization's version brings the shipped one back; shipped versions cannot be retired.
    const shippedRetire = await call<ErrorBody>(t.admin, 'POST', `/reference-tables/${summary.id}/retire`, {
      reason: 'no',
    });
    expect([shippedRetire.status, shippedRetire.body.error.code]).toEqual([409, 'INVALID_STATE']);
    const retired = await call<ReferenceTable>(
      t.admin,
      'POST',
      `/reference-tables/${created.body.id}/retire`,
      {
        reason: 'Back to the TJC windows',
      },
    );
    expect([retired.status, retired.body.active]).toEqual([200, false]);
    expect((await getToleranceTable(db, t.organizationId)).id).toBe(summary.id);
    const again = await call<ErrorBody>(t.admin, 'POST', `/reference-tables/${created.body.id}/retire`, {
      reason: 'again',
    });
    expect(again.status).toBe(409);
    const noReason = await call<ErrorBody>(
      t.admin,
      'POST',
      `/reference-tables/${created.body.id}/retire`,
      {},
    );
    expect(noReason.body.error.details[0]?.field).toBe('reason');

    // The database keeps versions as cited: no content change, no deletion, no reactivation.
    await expect(
      db.execute(sql`UPDATE reference_tables SET content = '{}' WHERE id = ${summary.id}`),
    ).rejects.toThrow();
    await expect(
      db.execute(sql`UPDATE reference_tables SET active = true WHERE id = ${created.body.id}`),
    ).rejects.toThrow();
    await expect(
      db.execute(sql`DELETE FROM reference_tables WHERE id = ${created.body.id}`),
    ).rejects.toThrow();
  });

  it('refuses content that breaks the kind’s rules, naming the field, and stores nothing', async () => {
    const summary = await tolerance(t.admin);
    const current = await call<ReferenceTable>(t.admin, 'GET', `/reference-tables/${summary.id}`);
    const content = structuredClone(current.body.content) as { rows: { window: { days?: number } }[] };
    if (content.rows[0]) content.rows[0].window = { days: -3, kind: 'days' } as { days: number };
    const bad = await call<ErrorBody>(t.admin, 'POST', `/reference-tables/${summary.id}/versions`, {
      version: summary.version,
      content,
      reason: 'typo',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details[0]?.field).toBe('content.rows.0.window.days');

    const policy = (
      await call<{ items: ReferenceTableSummary[] }>(t.admin, 'GET', '/reference-tables?kind=policy')
    ).body.items.find((i) => i.key === 'could-not-locate');
    const noReason = await call<ErrorBody>(t.admin, 'POST', `/reference-tables/${policy?.id}/versions`, {
      version: policy?.version,
      content: { maxCnlAttempts: 2, cnlRetryDays: 5, autoInactivateAfterDays: 30 },
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.map((d) => d.field)).toContain('reason');
    const missingField = await call<ErrorBody>(t.admin, 'POST', `/reference-tables/${policy?.id}/versions`, {
      version: policy?.version,
      content: { maxCnlAttempts: 2, cnlRetryDays: 5 },
      reason: 'two attempts',
    });
    expect(missingField.status).toBe(400);
    expect(missingField.body.error.details[0]?.field).toBe('content.autoInactivateAfterDays');
    expect((await tolerance(t.admin)).versionCount).toBe(summary.versionCount);
  });

  it('lets only reference-data managers add versions; technicians read', async () => {
    const tech = await t.createUser('technician');
    const summary = await tolerance(tech.client);
    const res = await call<ErrorBody>(tech.client, 'POST', `/reference-tables/${summary.id}/versions`, {
      version: summary.version,
      content: {},
      reason: 'x',
    });
    expect(res.status).toBe(403);
  });

  it('stores a new shipped version when a file changes, and stops at a broken file naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openhtm-ref-'));
    const file = JSON.parse(readFileSync(new URL('scheduling.json', MAINTENANCE_REFERENCE_DIR), 'utf8')) as {
      content: { horizonDays: number };
    };
    file.content.horizonDays = 120;
    writeFileSync(join(dir, 'scheduling.json'), JSON.stringify(file));
    const url = pathToFileURL(`${dir}/`);
    const db = t.services.database.db;
    // Two nodes starting at once store the new version once.
    const results = await Promise.all([
      syncShippedReferenceTables(db, url),
      syncShippedReferenceTables(db, url),
    ]);
    expect(results.flatMap((r) => r.inserted)).toEqual([{ kind: 'policy', key: 'scheduling', version: 2 }]);
    expect((await syncShippedReferenceTables(db, url)).inserted).toEqual([]);
    expect((await getPolicy(db, other.organizationId, 'scheduling')).content.horizonDays).toBe(120);

    file.content.horizonDays = -1;
    writeFileSync(join(dir, 'scheduling.json'), JSON.stringify(file));
    await expect(syncShippedReferenceTables(db, url)).rejects.toThrow(ReferenceTableFileError);
    await expect(syncShippedReferenceTables(db, url)).rejects.toThrow(
      /scheduling\.json: content\.horizonDays/,
    );
  });
});
