import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo } from '../../../../contracts/index.ts';
import { createTestApp, type Client, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';
import { seedDevice, seedModel } from '../labels/test-fixtures.ts';

/** A real one-page PDF, written with the same library the labels use. */
async function makePdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER' });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (c: Buffer) => chunks.push(c));
  doc.text(text);
  doc.end();
  return done;
}

/** The smallest valid PNG: one transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(engines())('device and model documents (%s)', (engine) => {
  let t: TestApp;
  let filesDir: string;
  let siteA: string;
  let siteB: string;
  let deviceA: string;
  let deviceA2: string;
  let deviceB: string;
  let modelId: string;
  let pdf: Buffer;

  const upload = (
    client: Client,
    path: string,
    body: Buffer | string,
    query: Record<string, string> = {},
    contentType = 'application/octet-stream',
  ) =>
    client.request({
      method: 'POST',
      url: `/api/v1${path}?${new URLSearchParams(query).toString()}`,
      payload: body,
      headers: { 'content-type': contentType },
    });

  beforeAll(async () => {
    filesDir = mkdtempSync(join(tmpdir(), 'openhtm-files-'));
    t = await createTestApp(engine, { OPENHTM_FILES_DIR: filesDir, OPENHTM_MAX_UPLOAD_MB: '1' });
    const site = async (code: string) =>
      (
        await t.admin.request({
          method: 'POST',
          url: '/api/v1/sites',
          payload: { name: `Site ${code}`, code, timeZone: 'UTC' },
        })
      ).json<{ id: string }>().id;
    siteA = await site('A');
    siteB = await site('B');
    const db = t.db.database.db;
    modelId = (await seedModel(db, t.organizationId)).modelId;
    deviceA = await seedDevice(db, t.organizationId, { modelId, siteId: siteA, assetTag: 'A-1' });
    deviceA2 = await seedDevice(db, t.organizationId, { modelId, siteId: siteA, assetTag: 'A-2' });
    deviceB = await seedDevice(db, t.organizationId, { modelId, siteId: siteB, assetTag: 'B-1' });
    pdf = await makePdf('Operator manual, revision C');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('stores a PDF under its SHA-256 outside the database and serves it back', async () => {
    const res = await upload(t.admin, `/devices/${deviceA}/documents`, pdf, {
      kind: 'operator_manual',
      title: 'Operator manual',
      fileName: 'IFU rev C.pdf',
      documentVersion: 'Rev C (2024-03)',
    });
    expect(res.statusCode, res.body).toBe(201);
    const info = res.json<DocumentInfo>();
    expect(info).toMatchObject({
      kind: 'operator_manual',
      title: 'Operator manual',
      documentVersion: 'Rev C (2024-03)',
      fileName: 'IFU rev C.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: sha256(pdf),
      deviceId: deviceA,
      modelId: null,
      retiredAt: null,
    });
    const onDisk = readFileSync(join(filesDir, 'sha256', info.sha256.slice(0, 2), info.sha256));
    expect(sha256(onDisk)).toBe(info.sha256);
    expect(onDisk.equals(pdf)).toBe(true);
    const row = await t.db.database.pool.query<{ sha256: string; uploaded_by: string }>(
      'SELECT sha256, uploaded_by FROM documents WHERE id = $1',
      [info.id],
    );
    expect(row.rows[0]?.sha256).toBe(sha256(pdf));
    expect(row.rows[0]?.uploaded_by).toBe(info.uploadedBy);
    expect(info.uploadedBy).toMatch(/\S/);

    const list = await t.admin.request({ method: 'GET', url: `/api/v1/devices/${deviceA}/documents` });
    expect(list.json<{ items: DocumentInfo[] }>().items.map((d) => d.id)).toEqual([info.id]);

    const content = await t.admin.request({ method: 'GET', url: `/api/v1/documents/${info.id}/content` });
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(pdf)).toBe(true);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.headers['content-disposition']).toBe(
      `inline; filename="IFU rev C.pdf"; filename*=UTF-8''IFU%20rev%20C.pdf`,
    );
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(content.headers['content-security-policy']).toBe('sandbox');
    const forced = await t.admin.request({
      method: 'GET',
      url: `/api/v1/documents/${info.id}/content?download=true`,
    });
    expect(forced.headers['content-disposition']).toMatch(/^attachment; /);
    const cached = await t.admin.request({
      method: 'GET',
      url: `/api/v1/documents/${info.id}/content`,
      headers: { 'if-none-match': `"${info.sha256}"` },
    });
    expect(cached.statusCode).toBe(304);
  });

  it('stores the same bytes once however often they are uploaded', async () => {
    const again = await upload(t.admin, `/devices/${deviceA2}/documents`, pdf, { fileName: 'copy.pdf' });
    expect(again.statusCode).toBe(201);
    expect(again.json<DocumentInfo>()).toMatchObject({
      sha256: sha256(pdf),
      title: 'copy.pdf',
      kind: 'other',
    });
    expect(readdirSync(join(filesDir, 'sha256', sha256(pdf).slice(0, 2)))).toEqual([sha256(pdf)]);
    expect(readdirSync(join(filesDir, 'tmp'))).toEqual([]);
    // A client that names no Content-Type is fine too: the bytes decide.
    const bare = await t.admin.request({
      method: 'POST',
      url: `/api/v1/devices/${deviceA2}/documents?fileName=bare.pdf`,
      payload: pdf,
    });
    expect(bare.statusCode, bare.body).toBe(201);
  });

  it('attaches photos to a model and shows images inline', async () => {
    const res = await upload(
      t.admin,
      `/models/${modelId}/documents`,
      PNG,
      { kind: 'photo', title: 'Front panel', fileName: 'front.html' },
      'text/html',
    );
    expect(res.statusCode, res.body).toBe(201);
    const info = res.json<DocumentInfo>();
    expect(info).toMatchObject({ contentType: 'image/png', modelId, deviceId: null, fileName: 'front.html' });
    const content = await t.admin.request({ method: 'GET', url: `/api/v1/documents/${info.id}/content` });
    expect(content.headers['content-type']).toBe('image/png');
    // The declared name never makes it a page: the real extension is added.
    expect(content.headers['content-disposition']).toMatch(/^inline; filename="front\.html\.png"/);
    expect(content.rawPayload.equals(PNG)).toBe(true);
    const list = await t.admin.request({ method: 'GET', url: `/api/v1/models/${modelId}/documents` });
    expect(list.json<{ items: DocumentInfo[] }>().items.map((d) => d.id)).toEqual([info.id]);
  });

  it('refuses HTML, SVG and executables with 415 naming the detected type', async () => {
    const cases: [string | Buffer, string][] = [
      ['<!doctype html><script>alert(document.cookie)</script>', 'text/html'],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'image/svg+xml'],
      [Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), 'application/x-msdownload'],
      [Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff]), 'application/octet-stream'],
    ];
    for (const [body, detected] of cases) {
      const res = await upload(
        t.admin,
        `/devices/${deviceA}/documents`,
        body,
        { fileName: 'manual.pdf' },
        'application/pdf',
      );
      expect(res.statusCode, res.body).toBe(415);
      const err = res.json<{ error: { code: string; message: string } }>().error;
      expect(err.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(err.message).toContain(detected);
    }
  });

  it('serves plain text only as a download', async () => {
    const res = await upload(
      t.admin,
      `/devices/${deviceA}/documents`,
      'Battery replaced; next check in 12 months.\n',
      { kind: 'service_report', fileName: 'notes.html' },
      'text/plain',
    );
    expect(res.statusCode, res.body).toBe(201);
    const info = res.json<DocumentInfo>();
    const content = await t.admin.request({ method: 'GET', url: `/api/v1/documents/${info.id}/content` });
    expect(content.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(content.headers['content-disposition']).toMatch(/^attachment; filename="notes\.html\.txt"/);
    expect(content.headers['content-security-policy']).toBe('sandbox');
  });

  it('limits the size (413) and refuses an empty body (400)', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(1024 * 1024)]);
    const res = await upload(t.admin, `/devices/${deviceA}/documents`, big);
    expect(res.statusCode).toBe(413);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The file is larger than 1 MB',
    });
    const empty = await upload(t.admin, `/devices/${deviceA}/documents`, '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    // Other endpoints keep the server's 1 MB body limit and do not take raw bytes.
    const sites = await t.admin.request({
      method: 'POST',
      url: '/api/v1/sites',
      payload: { name: 'x'.repeat(1024 * 1024), code: 'BIG', timeZone: 'UTC' },
    });
    expect(sites.statusCode).toBe(413);
    const raw = await t.admin.request({
      method: 'POST',
      url: '/api/v1/sites',
      payload: PNG,
      headers: { 'content-type': 'image/png' },
    });
    expect(raw.statusCode).toBe(415);
  });

  it('answers 404 to other organizations and to users without the device’s site', async () => {
    const doc = (
      await upload(t.admin, `/devices/${deviceA}/documents`, PNG, { kind: 'photo', fileName: 'a.png' })
    ).json<DocumentInfo>();
    const other = (await t.createOrganization('Other Hospital')).admin;
    const tech = (await t.createUser('technician', { allSites: false, siteIds: [siteB] })).client;
    for (const client of [other, tech]) {
      expect(
        (await client.request({ method: 'GET', url: `/api/v1/devices/${deviceA}/documents` })).statusCode,
      ).toBe(404);
      expect((await upload(client, `/devices/${deviceA}/documents`, PNG)).statusCode).toBe(404);
      expect(
        (await client.request({ method: 'GET', url: `/api/v1/documents/${doc.id}/content` })).statusCode,
      ).toBe(404);
      expect(
        (
          await client.request({
            method: 'POST',
            url: `/api/v1/documents/${doc.id}/retire`,
            payload: { reason: 'not mine' },
          })
        ).statusCode,
      ).toBe(404);
    }
    expect(
      (await other.request({ method: 'GET', url: `/api/v1/models/${modelId}/documents` })).statusCode,
    ).toBe(404);
    // The technician works on site B's devices.
    expect((await upload(tech, `/devices/${deviceB}/documents`, PNG, { kind: 'photo' })).statusCode).toBe(
      201,
    );
  });

  it('needs catalog.manage for a model’s documents and inventory.manage for a device’s', async () => {
    const tech = (await t.createUser('technician')).client;
    expect((await upload(tech, `/models/${modelId}/documents`, PNG)).statusCode).toBe(403);
    const staff = (await t.createUser('clinical_staff')).client;
    expect((await upload(staff, `/devices/${deviceA}/documents`, PNG)).statusCode).toBe(403);
    expect(
      (await staff.request({ method: 'GET', url: `/api/v1/devices/${deviceA}/documents` })).statusCode,
    ).toBe(200);
    const modelDoc = (
      await upload(t.admin, `/models/${modelId}/documents`, pdf, { kind: 'service_manual' })
    ).json<DocumentInfo>();
    const retire = await tech.request({
      method: 'POST',
      url: `/api/v1/documents/${modelDoc.id}/retire`,
      payload: { reason: 'superseded' },
    });
    expect(retire.statusCode).toBe(403);
  });

  it('retires a document: hidden from lists, row and file kept, audited with the reason', async () => {
    const doc = (
      await upload(t.admin, `/devices/${deviceA2}/documents`, PNG, { kind: 'photo', fileName: 'old.png' })
    ).json<DocumentInfo>();
    const noReason = await t.admin.request({
      method: 'POST',
      url: `/api/v1/documents/${doc.id}/retire`,
      payload: { reason: '  ' },
    });
    expect(noReason.statusCode).toBe(400);
    const res = await t.admin.request({
      method: 'POST',
      url: `/api/v1/documents/${doc.id}/retire`,
      payload: { reason: 'Replaced by a newer photo' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<DocumentInfo>().retiredAt).toBe(t.clock.now().toISOString());
    const list = await t.admin.request({ method: 'GET', url: `/api/v1/devices/${deviceA2}/documents` });
    expect(list.json<{ items: DocumentInfo[] }>().items.map((d) => d.id)).not.toContain(doc.id);
    const row = await t.db.database.pool.query<{ retired_at: Date | null }>(
      'SELECT retired_at FROM documents WHERE id = $1',
      [doc.id],
    );
    expect(row.rows[0]?.retired_at).toBeTruthy();
    const again = await t.admin.request({
      method: 'POST',
      url: `/api/v1/documents/${doc.id}/retire`,
      payload: { reason: 'twice' },
    });
    expect(again.statusCode).toBe(409);
    // Kept for the record: the bytes are still there.
    expect(
      (await t.admin.request({ method: 'GET', url: `/api/v1/documents/${doc.id}/content` })).statusCode,
    ).toBe(200);
    const audit = await t.admin.request({
      method: 'GET',
      url: `/api/v1/audit-events?entityType=document&entityId=${doc.id}`,
    });
    const events = audit.json<{ items: { action: string; reason: string | null }[] }>().items;
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['document.retired', 'Replaced by a newer photo'],
      ['document.uploaded', null],
    ]);
  });
});
