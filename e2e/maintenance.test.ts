import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
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

interface Created {
  id: string;
}
interface CreatedWorkOrder extends Created {
  number: string;
  status: string;
}

describeBrowser('maintenance: a technician signs a PM on a phone (Chromium)', () => {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    server = await startE2eServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    try {
      for (const context of contexts) await context.close();
    } finally {
      try {
        await browser?.close();
      } finally {
        await server?.stop();
      }
    }
  });

  it('My work → start → record → sign on a 375 px phone; the manager sees it completed and in the device history', async () => {
    if (!server || !browser) throw new Error('setup failed');
    const base = server.url;
    const id = unique();
    const techEmail = `tech.${id.toLowerCase()}@e2e.example`;
    const techPassword = `tech password ${id}`;
    const techName = `Tia Tech ${id.slice(-4)}`;
    // The work is due today (the server's and the browser's calendar day: both UTC here).
    const today = new Date().toISOString().slice(0, 10);

    // Set up through the API as the administrator: a site, a device, a technician and an assigned PM.
    const admin = await apiSignIn(base);
    const site = await admin.post<Created>('/api/v1/sites', {
      name: `Maintenance Hospital ${id}`,
      code: `MNT-${id.slice(-8)}`,
      kind: 'hospital',
      timeZone: 'America/Chicago',
      address: '1 Service Way',
    });
    const manufacturer = await admin.post<Created>('/api/v1/manufacturers', { name: `Pumpco ${id}` });
    const model = await admin.post<Created>('/api/v1/models', {
      manufacturerId: manufacturer.id,
      modelNumber: `PC-${id.slice(-6)}`,
      name: 'Volumetric infusion pump',
    });
    const assetTag = `PM-${id.slice(-8)}`;
    const device = await admin.post<Created>('/api/v1/devices', {
      assetTag,
      serialNumber: `SN-${id.slice(-6)}`,
      modelId: model.id,
      siteId: site.id,
      building: 'Tower A',
      floor: '3',
      room: '312',
      status: 'in_service',
    });
    const tech = await admin.post<Created>('/api/v1/users', {
      email: techEmail,
      displayName: techName,
      role: 'technician',
      allSites: true,
      password: techPassword,
      qualified: true,
    });
    const wo = await admin.post<CreatedWorkOrder>('/api/v1/work-orders', {
      deviceId: device.id,
      kind: 'preventive',
      priority: 'routine',
      title: 'Annual preventive maintenance',
      assignedUserId: tech.id,
      dueDate: today,
      windowStart: today,
      windowEnd: today,
      tasks: [{ text: 'Inspect case, cord and mounts' }, { text: 'Verify occlusion alarm' }],
    });

    // 1. The technician, on a phone.
    const phone = await newContext(browser, {
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(phone);
    const page = await phone.newPage();
    const problems = watchPage(page);
    await signIn(page, base, techEmail, techPassword);

    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My work', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    const todayRegion = page.getByRole('region', { name: /^Today/ });
    const card = todayRegion.getByRole('article').filter({ hasText: assetTag });
    await card.waitFor();
    expect(await card.textContent()).toContain('Tower A · floor 3 · room 312');
    // Nothing on the page is wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await page.screenshot({ path: join(screenshotDir(), 'maintenance-phone-my-work.png'), fullPage: true });
    // The assignment also arrived as a notification (the bell in the header).
    await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).waitFor();
    await card.getByRole('button', { name: `Start ${wo.number} (${assetTag})` }).click();
    await page.getByRole('heading', { level: 1, name: wo.number }).waitFor();
    await page.getByText('In progress', { exact: true }).first().waitFor();

    // 2. Record: the checklist, then complete with the outcome and finding, signed with the password.
    const record = page.getByRole('form', { name: 'Record the work' });
    const tasks = record.getByRole('listitem');
    await tasks.nth(0).getByText('Pass', { exact: true }).click();
    await tasks.nth(1).getByText('Pass', { exact: true }).click();

    await page.screenshot({
      path: join(screenshotDir(), 'maintenance-phone-in-progress.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Complete and sign' }).click();
    const sign = page.getByRole('form', { name: 'Complete and sign' });
    await sign.getByLabel('Outcome').selectOption('completed');
    await sign.getByLabel('Finding').selectOption('no_problem');
    await sign.getByLabel('Resolution').fill('Passed all checks');
    await sign.getByText(techName).waitFor();
    await sign.getByLabel('Password', { exact: true }).fill('not my password');
    // A wrong password is refused (403 SIGNATURE_REJECTED): nothing is signed, the dialog stays for a retry.
    const refused = page.waitForResponse(
      (r) => r.url().endsWith(`/work-orders/${wo.id}/complete`) && r.status() === 403,
    );
    await sign.getByRole('button', { name: 'Sign', exact: true }).click();
    await refused;
    await sign
      .getByText(/password/i)
      .and(sign.locator('.mantine-InputWrapper-error, [id$="-error"]'))
      .waitFor();
    expect(await sign.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await sign.getByLabel('Password', { exact: true }).fill(techPassword);
    await page.screenshot({ path: join(screenshotDir(), 'maintenance-phone-sign.png') });
    await sign.getByRole('button', { name: 'Sign', exact: true }).click();
    await sign.waitFor({ state: 'hidden' });

    const signature = page.getByRole('group', { name: `Signature of ${techName}` });
    await signature.waitFor();
    expect(await signature.textContent()).toContain('Work performed as recorded');
    expect(await signature.textContent()).toMatch(/[0-9a-f]{64}/);
    await page.getByText(/this record is read-only/).waitFor();
    expect(await page.getByRole('button', { name: 'Save record' }).count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir(), 'maintenance-phone-signed.png'), fullPage: true });

    // 3. The manager (the administrator) sees it completed in the list and in the device's history.
    const desk = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    contexts.push(desk);
    const managerPage = await desk.newPage();
    const managerProblems = watchPage(managerPage);
    await signIn(managerPage, base, ADMIN_EMAIL);
    await managerPage.goto(`${base}/work-orders?status=completed`);
    await managerPage.getByRole('heading', { level: 1, name: 'Work orders' }).waitFor();
    const row = managerPage
      .getByRole('table', { name: 'Work orders' })
      .getByRole('row')
      .filter({ hasText: wo.number });
    await row.waitFor();
    expect(await row.textContent()).toContain('Completed');

    await row.getByRole('link', { name: assetTag }).click();
    await managerPage.getByRole('heading', { level: 1, name: assetTag }).waitFor();
    const history = managerPage.getByRole('list', { name: 'Work history' });
    const entry = history.getByRole('listitem').filter({ hasText: wo.number });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Completed');
    expect(await entry.textContent()).toContain('Preventive maintenance');

    expect(problems.pageErrors).toEqual([]);
    expect(managerProblems.pageErrors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
  });
});
