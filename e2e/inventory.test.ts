import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  apiSignIn,
  describeBrowser,
  ensureWebBuild,
  launchChromium,
  newContext,
  screenshotDir,
  signIn,
  startE2eServer,
  unique,
  watchPage,
  type E2eServer,
} from './support/harness.ts';
import { gtinCheckDigit } from '../src/server/modules/inventory/index.ts';

function randomDigits(n: number): string {
  return Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
}

async function openNav(page: Page, label: string, heading = label): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
}

/** Types into a server-searched picker and chooses the option whose text matches. */
async function pick(
  page: Page,
  scope: ReturnType<Page['getByRole']>,
  label: string,
  search: string,
  option: RegExp,
) {
  const input = scope.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).click();
}

describeBrowser('inventory acceptance flow (Chromium)', () => {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startE2eServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    try {
      await context?.close();
    } finally {
      try {
        await browser?.close();
      } finally {
        await server?.stop();
      }
    }
  });

  it('creates a model and a device, finds it by its UDI, prints a label, imports a CSV and shows the timeline', async () => {
    if (!server || !browser) throw new Error('setup failed');
    const base = server.url;
    const id = unique();
    const siteCode = `INV-${id.slice(-8)}`;
    const siteName = `Inventory Hospital ${id}`;
    const manufacturerName = `Acme Medical ${id}`;
    const modelNumber = `AP-${id.slice(-6)}`;
    const body = `0${randomDigits(12)}`;
    const gtin = `${body}${gtinCheckDigit(body)}`;
    const serial = `SN${id.slice(-8)}`;
    const assetTag = `E2E-${id.slice(-8)}`;
    const udi = `(01)${gtin}(21)${serial}`;

    // A site to put devices at (sites have their own browser test).
    const api = await apiSignIn(base);
    await api.post('/api/v1/sites', {
      name: siteName,
      code: siteCode,
      kind: 'hospital',
      timeZone: 'America/Chicago',
      address: '1 Device Way',
    });

    context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signIn(page, base);

    // 1. A manufacturer, then a model with a GTIN device identifier.
    await openNav(page, 'Manufacturers');
    await page.getByRole('button', { name: 'New manufacturer' }).click();
    const mDialog = page.getByRole('dialog', { name: 'New manufacturer' });
    await mDialog.getByLabel('Name', { exact: true }).fill(manufacturerName);
    const aliases = mDialog.getByRole('combobox', { name: 'Aliases', exact: true });
    await aliases.fill(`ACME ${id}`);
    await aliases.press('Enter');
    await mDialog.getByRole('button', { name: 'Create', exact: true }).click();
    await mDialog.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Manufacturers' }).getByText(manufacturerName).waitFor();

    await openNav(page, 'Models');
    await page.getByRole('button', { name: 'New model' }).click();
    const modelForm = page.getByRole('form', { name: 'New model' });
    await pick(page, modelForm, 'Manufacturer', manufacturerName, new RegExp(manufacturerName));
    await modelForm.getByRole('textbox', { name: 'Model number', exact: true }).fill(modelNumber);
    await modelForm.getByRole('textbox', { name: 'Name', exact: true }).fill('Acme infusion pump');
    await pick(page, modelForm, 'Device type', 'FRN', /^FRN · /);
    const dis = modelForm.getByRole('combobox', { name: 'UDI device identifiers (DIs)', exact: true });
    await dis.fill(gtin);
    await dis.press('Enter');
    await modelForm.getByRole('button', { name: 'Create', exact: true }).click();
    await modelForm.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Models' }).getByText(gtin).waitFor();

    // 2. A device of that model, with its UDI typed (the preview shows the DI and serial read from it).
    await openNav(page, 'Devices');
    await page.getByRole('link', { name: 'New device' }).click();
    const deviceForm = page.getByRole('form', { name: 'New device' });
    await deviceForm.getByLabel('Asset tag', { exact: true }).fill(assetTag);
    await pick(page, deviceForm, 'Model', modelNumber, new RegExp(modelNumber));
    await deviceForm.getByLabel('UDI', { exact: true }).fill(udi);
    const preview = deviceForm.getByRole('region', { name: 'UDI preview' });
    await preview.getByText(gtin, { exact: true }).waitFor();
    await deviceForm.getByRole('button', { name: `Use serial number ${serial}` }).click();
    await pick(page, deviceForm, 'Site', siteCode, new RegExp(siteCode));
    await deviceForm.getByLabel('Department', { exact: true }).fill('ICU');
    await deviceForm.getByRole('button', { name: 'Create device' }).click();
    await page.getByRole('heading', { level: 1, name: assetTag }).waitFor();
    const deviceUrl = page.url();
    expect(new URL(deviceUrl).pathname).toMatch(/^\/inventory\/devices\/[0-9a-f-]{36}$/);

    // 3. The search box: the device's UDI, typed as a scanner would, lands on the device page.
    await openNav(page, 'Devices');
    const search = page.getByLabel('Search devices', { exact: true });
    await search.fill(udi);
    await search.press('Enter');
    await page.getByRole('heading', { level: 1, name: assetTag }).waitFor();
    expect(page.url()).toBe(deviceUrl);

    // 4. The label: the link serves a PDF.
    const labelHref = await page.getByRole('link', { name: 'Print label' }).getAttribute('href');
    expect(labelHref).toMatch(/\/label\.pdf$/);
    const label = await page.request.get(new URL(labelHref ?? '', base).href);
    expect(label.status()).toBe(200);
    expect(label.headers()['content-type']).toContain('application/pdf');
    expect((await label.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // 5. The lifecycle: incoming inspection passed, then the timeline shows both entries.
    const statusForm = page.getByRole('form', { name: 'Change status' });
    await statusForm.getByLabel('New status', { exact: true }).selectOption({ label: 'In service' });
    await statusForm.getByLabel('Reason', { exact: true }).fill('Incoming inspection passed');
    await statusForm.getByRole('button', { name: 'Change status' }).click();
    const timeline = page.getByRole('list', { name: 'Lifecycle history' });
    await timeline.getByRole('listitem').filter({ hasText: 'Incoming inspection passed' }).waitFor();
    await expect.poll(() => timeline.getByRole('listitem').count()).toBe(2);
    await timeline.getByRole('listitem').first().getByText('admin@e2e.example', { exact: false }).waitFor();
    await page.screenshot({ path: join(screenshotDir(), 'inventory-device.png'), fullPage: true });

    // 6. A bulk label sheet for the selected row, from the list.
    await openNav(page, 'Devices');
    await search.fill(assetTag);
    await page.getByRole('table', { name: 'Devices' }).getByRole('link', { name: assetTag }).waitFor();
    await page.getByRole('checkbox', { name: `Select ${assetTag}` }).check();
    await page.getByRole('button', { name: /^Print labels \(1\)$/ }).click();
    // The PDF arrives by fetch and is shown from memory; the route hands it on and keeps a copy to check.
    const sheets: { status: number; body: Buffer }[] = [];
    await page.route('**/api/v1/labels', async (route) => {
      const response = await route.fetch();
      sheets.push({ status: response.status(), body: await response.body() });
      await route.fulfill({ response });
    });
    const popup = context.waitForEvent('page');
    await page.getByRole('menuitem', { name: 'Letter sheet (30 labels)' }).click();
    await (await popup).close();
    await expect.poll(() => sheets.length).toBe(1);
    expect(sheets[0]?.status).toBe(200);
    expect(sheets[0]?.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.unroute('**/api/v1/labels');

    // 7. Import through the mapping wizard: a clean dry run, the apply as a job, then the device is found.
    const importedTag = `IMP-${id.slice(-8)}`;
    const csv = [
      'Asset tag,Serial number,Manufacturer,Model number,Site code,Status,Department',
      `${importedTag},ISN-${id.slice(-6)}-1,${manufacturerName},${modelNumber},${siteCode},in_service,Radiology`,
      `${importedTag}-2,ISN-${id.slice(-6)}-2,${manufacturerName},${modelNumber},${siteCode},in_service,Radiology`,
    ].join('\n');
    await openNav(page, 'Import devices');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'devices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload and map columns' }).click();
    const mapping = page.getByRole('table', { name: 'Column mapping' });
    await mapping.waitFor();
    await expect
      .poll(() => mapping.getByLabel('Field for column Site code', { exact: true }).inputValue())
      .toBe('siteCode');
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByText('No problems found').waitFor();
    await page.getByRole('button', { name: 'Import 2 devices' }).click();
    await page.getByText('Import complete').waitFor({ timeout: 60_000 });

    await openNav(page, 'Devices');
    await search.fill(importedTag);
    await search.press('Enter');
    await page.getByRole('heading', { level: 1, name: importedTag }).waitFor();
    await page.getByText('Radiology').first().waitFor();
    await page.screenshot({ path: join(screenshotDir(), 'inventory-imported.png'), fullPage: true });

    // 8. On a phone (375 px) the device page and the list fit the screen; wide tables scroll inside themselves.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(deviceUrl);
    await page.getByRole('heading', { level: 1, name: assetTag }).waitFor();
    await page.getByRole('list', { name: 'Lifecycle history' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.goto(`${base}/inventory/devices`);
    await page.getByRole('table', { name: 'Devices' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(screenshotDir(), 'inventory-phone.png'), fullPage: true });

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
  });
});
