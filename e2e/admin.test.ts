import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { currentTotp } from '../src/server/modules/identity/index.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  describeBrowser,
  ensureWebBuild,
  launchChromium,
  newContext,
  screenshotDir,
  startE2eServer,
  submitCredentials,
  signIn,
  unique,
  watchPage,
  type E2eServer,
} from './support/harness.ts';

const TOTP_STEP_MS = 30_000;

/** A code cannot be used twice in one 30-second step: wait (only as long as needed) for the next one. */
async function waitForStepAfter(step: number): Promise<void> {
  const wait = (step + 1) * TOTP_STEP_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50));
}

async function openNav(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor();
}

describeBrowser('admin acceptance flow (Chromium)', () => {
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

  it('signs in with MFA, creates a site and a user, and finds both in the audit viewer', async () => {
    if (!server || !browser) throw new Error('setup failed');
    const base = server.url;
    context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    const id = unique();
    const siteName = `E2E Hospital ${id}`;
    const siteCode = `E2E-${id.slice(-8)}`;
    const userEmail = `tech.${id.toLowerCase()}@e2e.example`;
    const userName = `Tess Tech ${id}`;

    // 1. Sign in (no MFA yet), then turn MFA on from the profile with the key for manual entry.
    await signIn(page, base);
    await openNav(page, 'Profile');
    const mfa = page.getByRole('region', { name: 'Multi-factor authentication' });
    await mfa.getByRole('button', { name: 'Set up MFA' }).click();
    const secret = ((await mfa.getByTestId('mfa-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const enabledAt = new Date();
    await mfa.getByLabel('Authentication code', { exact: true }).fill(currentTotp(secret, enabledAt));
    await mfa.getByRole('button', { name: 'Turn on MFA' }).click();
    await mfa.getByText('MFA is on', { exact: false }).waitFor();
    const enabledStep = Math.floor(enabledAt.getTime() / TOTP_STEP_MS);

    // 2. Sign out, and sign in again: email and password, then the authenticator code.
    await page.getByRole('button', { name: /^Account menu for / }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/sign-in`);
    await submitCredentials(page, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    const code = page.getByLabel('Authentication code', { exact: true });
    await code.waitFor();
    await waitForStepAfter(enabledStep);
    await code.fill(currentTotp(secret, new Date()));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    // 3. A new site.
    await openNav(page, 'Sites');
    await page.getByRole('button', { name: 'New site' }).click();
    const siteDialog = page.getByRole('dialog', { name: 'New site' });
    await siteDialog.getByLabel('Name', { exact: true }).fill(siteName);
    await siteDialog.getByLabel('Code', { exact: true }).fill(siteCode);
    await siteDialog.getByLabel('Kind', { exact: true }).selectOption({ label: 'Clinic' });
    await siteDialog.getByLabel('Time zone', { exact: true }).fill('America/Chicago');
    await siteDialog.getByLabel('Address', { exact: true }).fill('1 Test Street, Springfield');
    await siteDialog.getByRole('button', { name: 'Create', exact: true }).click();
    await siteDialog.waitFor({ state: 'hidden' });
    const sitesTable = page.getByRole('table', { name: 'Sites' });
    await sitesTable.getByRole('row').filter({ hasText: siteName }).filter({ hasText: 'Clinic' }).waitFor();

    // 4. A new user: a technician with access to that site.
    await openNav(page, 'Users');
    await page.getByRole('button', { name: 'New user' }).click();
    const userDialog = page.getByRole('dialog', { name: 'New user' });
    await userDialog.getByLabel('Email', { exact: true }).fill(userEmail);
    await userDialog.getByLabel('Display name', { exact: true }).fill(userName);
    await userDialog.getByLabel('Role', { exact: true }).selectOption({ label: 'Technician (BMET)' });
    await userDialog.getByLabel('Password', { exact: true }).fill('a temporary password 1');
    await userDialog.getByLabel('Sites', { exact: true }).click();
    await page.getByRole('option', { name: `${siteName} (${siteCode})` }).click();
    await userDialog.getByRole('heading', { name: 'New user' }).click(); // closes the site list
    await userDialog.getByRole('button', { name: 'Create', exact: true }).click();
    await userDialog.waitFor({ state: 'hidden' });
    const usersTable = page.getByRole('table', { name: 'Users' });
    await usersTable
      .getByRole('row')
      .filter({ hasText: userEmail })
      .filter({ hasText: 'Technician (BMET)' })
      .filter({ hasText: siteCode })
      .waitFor();

    // 5. The audit trail shows both, newest first; the search filter narrows it to the site.
    await openNav(page, 'Audit trail');
    const audit = page.getByRole('table', { name: 'Audit events, newest first' });
    const siteRow = audit.getByRole('row').filter({ hasText: 'site.created' }).filter({ hasText: siteName });
    const userRow = audit.getByRole('row').filter({ hasText: 'user.created' }).filter({ hasText: userEmail });
    await siteRow.waitFor();
    await userRow.waitFor();
    for (const row of [siteRow, userRow]) {
      await row.getByText(ADMIN_EMAIL, { exact: false }).first().waitFor();
    }
    await siteRow.getByRole('cell', { name: 'site', exact: true }).waitFor();
    await userRow.getByRole('cell', { name: 'user', exact: true }).waitFor();

    await page.getByLabel('Search', { exact: true }).fill(siteName);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await userRow.waitFor({ state: 'detached' });
    await siteRow.waitFor();
    await page.screenshot({ path: join(screenshotDir(), 'audit-viewer.png'), fullPage: true });

    // 6. The event's details show the new site's values under "What changed".
    await siteRow.getByRole('button', { name: /^Details of event / }).click();
    const drawer = page.getByRole('dialog', { name: /^Audit event / });
    await drawer.getByRole('heading', { name: 'What changed' }).waitFor();
    await drawer.getByText(`"name": "${siteName}"`).waitFor();
    await drawer.getByText(`"code": "${siteCode}"`).waitFor();
    await drawer.getByText('Nothing (created by this event)').waitFor();
    await page.screenshot({ path: join(screenshotDir(), 'audit-details.png'), animations: 'disabled' });

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
  });
});
