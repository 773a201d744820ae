import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';
import { buildApp } from '../../../http.ts';
import { contentStreams, drawnQrMatches, linkTargets, pageCount, textRuns } from './pdf-inspect.ts';
import { seedDevice, seedModel } from './test-fixtures.ts';

describe.each(engines())('asset-tag labels (%s)', (engine) => {
  let t: TestApp;
  let siteA: string;
  let siteB: string;
  const deviceIds: string[] = [];
  let deviceAtB: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const site = async (code: string, name: string) =>
      (
        await t.admin.request({
          method: 'POST',
          url: '/api/v1/sites',
          payload: { name, code, timeZone: 'America/Chicago' },
        })
      ).json<{ id: string }>().id;
    siteA = await site('MAIN', 'Main Campus');
    siteB = await site('NORTH', 'North Clinic');
    const db = t.db.database.db;
    const { modelId } = await seedModel(db, t.organizationId, {
      manufacturer: 'Baxter Healthcare',
      modelNumber: '35700BAX',
      name: 'Sigma Spectrum',
    });
    for (let i = 0; i < 31; i++) {
      deviceIds.push(
        await seedDevice(db, t.organizationId, {
          modelId,
          siteId: siteA,
          assetTag: `BME-${String(i).padStart(6, '0')}`,
        }),
      );
    }
    deviceAtB = await seedDevice(db, t.organizationId, { modelId, siteId: siteB, assetTag: 'NORTH-1' });
  });
  afterAll(async () => t?.close());

  it('serves one device’s label as a PDF with the tag, model, serial and a QR code to its page', async () => {
    const id = deviceIds[0] ?? '';
    const res = await t.admin.request({ method: 'GET', url: `/api/v1/devices/${id}/label.pdf` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('inline; filename="label-BME-000000.pdf"');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(pageCount(pdf)).toBe(1);
    const text = textRuns(pdf);
    expect(text).toContain('BME-000000');
    expect(text.some((s) => s.startsWith('Test Hospital · Main'))).toBe(true);
    expect(text).toContain('Model 35700BAX');
    expect(text).toContain('S/N SN-BME-000000');
    // No public URL configured: the address the request came to.
    const target = `http://localhost:80/inventory/devices/${id}`;
    expect(linkTargets(pdf)).toEqual([target]);
    const page = contentStreams(pdf).find((s) => s.includes(' re'));
    expect(page && drawnQrMatches(page, target)).toBe(true);
    expect(page && drawnQrMatches(page, `${target}x`)).toBe(false);
  });

  it('uses the configured public URL in the QR code', async () => {
    const app = await buildApp(
      { ...t.services, config: { ...t.services.config, publicUrl: 'https://htm.example.org' } },
      { logger: false },
    );
    try {
      const id = deviceIds[1] ?? '';
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/devices/${id}/label.pdf`,
        headers: { cookie: t.admin.cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(linkTargets(res.rawPayload)).toEqual([`https://htm.example.org/inventory/devices/${id}`]);
    } finally {
      await app.close();
    }
  });

  it('fills Letter sheets 30 to a page and A4 sheets 24 to a page', async () => {
    const letter = await t.admin.request({
      method: 'POST',
      url: '/api/v1/labels',
      payload: { deviceIds, layout: 'sheet' },
    });
    expect(letter.statusCode, letter.body).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(pageCount(letter.rawPayload)).toBe(2);
    const text = textRuns(letter.rawPayload);
    expect(text.filter((s) => s.startsWith('BME-'))).toHaveLength(31);
    expect(linkTargets(letter.rawPayload)).toHaveLength(31);
    expect(letter.rawPayload.toString('latin1')).toContain('/MediaBox [0 0 612 792]');

    const a4 = await t.admin.request({
      method: 'POST',
      url: '/api/v1/labels',
      payload: { deviceIds: deviceIds.slice(0, 25), layout: 'sheet', sheet: 'a4_24' },
    });
    expect(pageCount(a4.rawPayload)).toBe(2);

    const singles = await t.admin.request({
      method: 'POST',
      url: '/api/v1/labels',
      payload: { deviceIds: deviceIds.slice(0, 3), layout: 'single' },
    });
    expect(pageCount(singles.rawPayload)).toBe(3);
  });

  it('starts after the used positions of a partly used sheet', async () => {
    const res = await t.admin.request({
      method: 'POST',
      url: '/api/v1/labels',
      payload: { deviceIds: deviceIds.slice(0, 2), layout: 'sheet', skip: 29 },
    });
    expect(pageCount(res.rawPayload)).toBe(2);
    const tooMany = await t.admin.request({
      method: 'POST',
      url: '/api/v1/labels',
      payload: { deviceIds: deviceIds.slice(0, 2), layout: 'sheet', sheet: 'a4_24', skip: 24 },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('skip');
  });

  it('refuses more than 1,000 devices and names the field', async () => {
    const res = await t.admin.request({
      method: 'POST',
      url: '/api/v1/labels',
      payload: { deviceIds: Array.from({ length: 1001 }, () => deviceIds[0]), layout: 'sheet' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('deviceIds');
  });

  it('answers 404 for devices of another organization or of sites the user may not see', async () => {
    const other = await t.createOrganization('Other Hospital');
    const id = deviceIds[0] ?? '';
    expect(
      (await other.admin.request({ method: 'GET', url: `/api/v1/devices/${id}/label.pdf` })).statusCode,
    ).toBe(404);
    const tech = await t.createUser('technician', { allSites: false, siteIds: [siteB] });
    expect(
      (await tech.client.request({ method: 'GET', url: `/api/v1/devices/${id}/label.pdf` })).statusCode,
    ).toBe(404);
    expect(
      (await tech.client.request({ method: 'GET', url: `/api/v1/devices/${deviceAtB}/label.pdf` }))
        .statusCode,
    ).toBe(200);
    const mixed = await tech.client.request({
      method: 'POST',
      url: '/api/v1/labels',
      payload: { deviceIds: [deviceAtB, id], layout: 'sheet' },
    });
    expect(mixed.statusCode).toBe(404);
    expect(mixed.json<{ error: { details: { field: string }[] } }>().error.details).toEqual([
      { field: 'deviceIds.1', message: 'no such device' },
    ]);
  });
});
