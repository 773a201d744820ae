import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEVICE_IMPORT_CONTENT_TYPES,
  DeviceImport,
  DeviceImportCheck,
  DeviceImportUploaded,
} from '../../../../contracts/index.ts';
import { createTestApp, type TestApp } from '../../../../../test/support/app.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; row?: number; message: string }[] };
}

const STACK_OR_SQL = /at .+\.ts:\d+|node_modules|SELECT |INSERT |violates|Error:/;

/** The HTTP edge of the import: raw-body upload with its own size limit and types, JSON everywhere else. */
describe('device import API (pglite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { OPENHTM_MAX_UPLOAD_MB: '1' });
    await t.admin.request({
      method: 'POST',
      url: '/api/v1/sites',
      payload: { name: 'Main', code: 'MAIN', timeZone: 'UTC' },
    });
    const maker = (
      await t.admin.request({ method: 'POST', url: '/api/v1/manufacturers', payload: { name: 'Baxter' } })
    ).json<{ id: string }>();
    await t.admin.request({
      method: 'POST',
      url: '/api/v1/models',
      payload: { manufacturerId: maker.id, modelNumber: 'Spectrum IQ', name: 'Sigma Spectrum IQ' },
    });
  });
  afterAll(async () => t?.close());

  const upload = (body: string | Buffer, contentType: string, fileName = 'devices.csv') =>
    t.admin.request({
      method: 'POST',
      url: `/api/v1/device-imports?fileName=${encodeURIComponent(fileName)}`,
      payload: body,
      headers: { 'content-type': contentType },
    });

  it('answers 415 to any other content type, JSON included, naming the accepted types', async () => {
    for (const type of ['application/json', 'text/plain', 'application/octet-stream', 'application/pdf']) {
      const res = await upload(type === 'application/json' ? '{"a":1}' : 'Asset Tag\nA1\n', type);
      expect(res.statusCode, type).toBe(415);
      const body = res.json<ErrorBody>();
      expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(body.error.message).toMatch(/text\/csv/);
      expect(res.body).not.toMatch(STACK_OR_SQL);
    }
    const none = await t.admin.request({ method: 'POST', url: '/api/v1/device-imports?fileName=x.csv' });
    expect(none.statusCode).toBe(415);
  });

  it('answers 413 above the upload limit, and 400 for a file that is not what it claims', async () => {
    const big = await upload(`Asset Tag\n${'A'.repeat(1024 * 1024 + 10)}\n`, 'text/csv');
    expect(big.statusCode).toBe(413);
    expect(big.json<ErrorBody>().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(big.body).not.toMatch(STACK_OR_SQL);

    const notXlsx = await upload('Asset Tag\nA1\n', DEVICE_IMPORT_CONTENT_TYPES.xlsx, 'x.xlsx');
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json<ErrorBody>().error.details[0]?.field).toBe('file');
    const brokenZip = await upload(
      Buffer.from('PK\u0003\u0004garbage'),
      DEVICE_IMPORT_CONTENT_TYPES.xlsx,
      'x.xlsx',
    );
    expect(brokenZip.statusCode).toBe(400);
    expect(brokenZip.body).not.toMatch(STACK_OR_SQL);
    const badCsv = await upload('Asset Tag,Notes\nA1,"never closed\n', 'text/csv; charset=utf-8');
    expect(badCsv.statusCode).toBe(400);
    expect(badCsv.json<ErrorBody>().error.message).toMatch(/not valid CSV/);
    const noName = await t.admin.request({
      method: 'POST',
      url: '/api/v1/device-imports',
      payload: 'Asset Tag\nA1\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json<ErrorBody>().error.details[0]?.field).toBe('querystring.fileName');
  });

  it('keeps the JSON routes at their own limit and type', async () => {
    const up = DeviceImportUploaded.parse(
      (
        await upload(
          'Asset Tag,Manufacturer,Model,Site\nA1,Baxter,Spectrum IQ,MAIN\n',
          'text/csv',
          'C:\\Users\\pat\\legacy\nexport.csv',
        )
      ).json(),
    );
    expect(up.fileName).toBe('legacy export.csv');
    const csvBody = await t.admin.request({
      method: 'POST',
      url: `/api/v1/device-imports/${up.id}/dry-run`,
      payload: 'a,b\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(csvBody.statusCode).toBe(415);
    const unknownField = await t.admin.request({
      method: 'POST',
      url: `/api/v1/device-imports/${up.id}/dry-run`,
      payload: { mapping: { 'Asset Tag': 'favouriteColour' } },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json<ErrorBody>().error.details[0]?.field).toMatch(/^mapping/);
  });

  it('uploads, checks, applies as a job and reports the outcome (CSV with a byte-order mark, semicolons)', async () => {
    const file =
      '\uFEFFTag #;Manufacturer;Model;Site;Ownership\r\nH-1;Baxter;Spectrum IQ;MAIN;owned\r\nH-2;Baxter;Spectrum IQ;MAIN;stolen\r\n';
    const res = await upload(file, 'text/csv');
    expect(res.statusCode).toBe(201);
    const up = DeviceImportUploaded.parse(res.json());
    expect(up).toMatchObject({
      format: 'csv',
      rowCount: 2,
      columns: ['Tag #', 'Manufacturer', 'Model', 'Site', 'Ownership'],
    });
    expect(up.preview[1]).toEqual({ row: 3, cells: ['H-2', 'Baxter', 'Spectrum IQ', 'MAIN', 'stolen'] });

    const check = await t.admin.request({
      method: 'POST',
      url: `/api/v1/device-imports/${up.id}/dry-run`,
      payload: { mapping: up.suggestedMapping },
    });
    expect(check.statusCode).toBe(200);
    const problems = DeviceImportCheck.parse(check.json()).problems;
    expect(problems.map((p) => [p.row, p.column, p.field])).toEqual([[3, 'Ownership', 'ownership']]);
    expect(problems[0]?.message).toMatch(/^unknown ownership "stolen"/);

    const apply = await t.admin.request({
      method: 'POST',
      url: `/api/v1/device-imports/${up.id}/apply`,
      payload: { mapping: up.suggestedMapping },
    });
    expect(apply.statusCode).toBe(202);
    expect(DeviceImport.parse(apply.json()).status).toBe('queued');
    await t.services.queue.drain();
    const rejected = DeviceImport.parse(
      (await t.admin.request({ method: 'GET', url: `/api/v1/device-imports/${up.id}` })).json(),
    );
    expect(rejected).toMatchObject({ status: 'invalid', problemCount: 1, result: null });

    const fixed = DeviceImportUploaded.parse(
      (await upload(file.replace('stolen', 'leased'), 'text/csv')).json(),
    );
    await t.admin.request({
      method: 'POST',
      url: `/api/v1/device-imports/${fixed.id}/apply`,
      payload: { mapping: fixed.suggestedMapping },
    });
    await t.services.queue.drain();
    const applied = DeviceImport.parse(
      (await t.admin.request({ method: 'GET', url: `/api/v1/device-imports/${fixed.id}` })).json(),
    );
    expect(applied).toMatchObject({ status: 'applied', progress: 1, result: { deviceCount: 2 } });
    const again = await t.admin.request({
      method: 'POST',
      url: `/api/v1/device-imports/${fixed.id}/apply`,
      payload: { mapping: fixed.suggestedMapping },
    });
    expect(again.statusCode).toBe(409);
  });

  it('downloads the export as CSV and XLSX attachments', async () => {
    const csv = await t.admin.request({ method: 'GET', url: '/api/v1/devices/export?format=csv&q=H-1' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="devices-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^H-1,/);

    const xlsx = await t.admin.request({
      method: 'GET',
      url: '/api/v1/devices/export?format=xlsx&status=in_service',
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(DEVICE_IMPORT_CONTENT_TYPES.xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(1).getCell(1).value).toBe('Asset tag');
    expect(wb.worksheets[0]?.actualRowCount).toBe(3);

    const bad = await t.admin.request({ method: 'GET', url: '/api/v1/devices/export?format=pdf' });
    expect(bad.statusCode).toBe(400);
    const clinical = await t.createUser('clinical_staff');
    expect((await clinical.client.request({ method: 'GET', url: '/api/v1/devices/export' })).statusCode).toBe(
      200,
    );
    expect(
      (await clinical.client.request({ method: 'GET', url: `/api/v1/device-imports/${crypto.randomUUID()}` }))
        .statusCode,
    ).toBe(403);
  });
});
