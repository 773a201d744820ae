import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
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

const SITE_XSS = '<img src=x onerror=alert(1)>';
const USER_XSS = '"><svg onload=alert(2)>';

async function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Whether the element lies inside the viewport (the phone navigation is moved off-screen, not hidden). */
async function isOnScreen(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  return box !== null && box.x >= 0 && box.x + box.width <= width;
}

/** Elements a rendered payload would have created; text that is escaped properly creates none. */
async function injectedElements(page: Page): Promise<number> {
  return page.locator('img[src="x"], img[onerror], svg[onload]').count();
}

describeBrowser('phone layout and safety (Chromium)', () => {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startE2eServer();
    browser = await launchChromium();
  });

  afterEach(async () => {
    const open = context;
    context = undefined;
    await open?.close();
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

  function setup(): { base: string; browser: Browser } {
    if (!server || !browser) throw new Error('setup failed');
    return { base: server.url, browser };
  }

  it('works on a 375×812 phone: sign-in, burger navigation, Sites, no horizontal scroll', async () => {
    const { base, browser: b } = setup();
    context = await newContext(b, {
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const problems = watchPage(page);

    await page.goto(`${base}/sign-in`);
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await signIn(page, base);
    expect(await hasNoHorizontalScroll(page)).toBe(true);

    // The navigation waits behind the burger until opened: off-screen, and inert (no keyboard focus, not read out).
    const sitesLink = page
      .getByRole('navigation', { name: 'Main', includeHidden: true })
      .getByRole('link', { name: 'Sites', exact: true, includeHidden: true });
    expect(await isOnScreen(page, sitesLink)).toBe(false);
    expect(
      await page.evaluate(() => document.querySelector('nav[aria-label="Main"]')?.closest('[inert]') != null),
    ).toBe(true);
    await page.getByRole('button', { name: /^Account menu for / }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('nav[aria-label="Main"]') == null)).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('button', { name: 'Close navigation' }).waitFor();
    await page.waitForFunction(() => {
      const nav = document.querySelector('nav[aria-label="Main"]');
      return nav !== null && nav.getBoundingClientRect().left >= 0;
    });
    expect(await isOnScreen(page, sitesLink)).toBe(true);
    await page.screenshot({ path: join(screenshotDir(), 'phone-navigation.png'), animations: 'disabled' });
    await sitesLink.click();
    await page.getByRole('heading', { level: 1, name: 'Sites', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Open navigation' }).waitFor(); // closed again after choosing
    expect(await hasNoHorizontalScroll(page)).toBe(true);

    // The Sites page is usable: create a site in the full-screen form and find it in the list.
    const name = `Phone Clinic ${unique()}`;
    await page.getByRole('button', { name: 'New site' }).click();
    const dialog = page.getByRole('dialog', { name: 'New site' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Code', { exact: true }).fill(`PH-${unique().slice(-6)}`);
    await dialog.getByLabel('Time zone', { exact: true }).fill('Europe/Berlin');
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Sites' }).getByRole('row').filter({ hasText: name }).waitFor();
    await page.getByLabel('Search sites', { exact: true }).fill(name);
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await page.screenshot({
      path: join(screenshotDir(), 'phone-sites.png'),
      fullPage: true,
      animations: 'disabled',
    });

    // The wide tables scroll inside their own container, never the page.
    for (const label of ['Users', 'Audit trail']) {
      await page.getByRole('button', { name: 'Open navigation' }).click();
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: label, exact: true })
        .click();
      await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor();
      await page.getByRole('table').first().waitFor();
      expect(await hasNoHorizontalScroll(page), `horizontal scroll on ${label}`).toBe(true);
    }

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });

  it('shows stored markup in names as text everywhere (no script runs, no element is created)', async () => {
    const { base, browser: b } = setup();
    const api = await apiSignIn(base);
    const code = `XSS-${unique().slice(-6)}`;
    const email = `xss.${unique().toLowerCase()}@e2e.example`;
    await api.post('/api/v1/sites', {
      name: SITE_XSS,
      code,
      kind: 'hospital',
      timeZone: 'UTC',
      address: SITE_XSS,
    });
    await api.post('/api/v1/users', {
      email,
      displayName: USER_XSS,
      role: 'technician',
      allSites: true,
      password: 'xss test password 1',
    });

    context = await newContext(b, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signIn(page, base);

    // Sites: the list, and the site's edit drawer.
    await page.goto(`${base}/admin/sites`);
    const siteRow = page.getByRole('table', { name: 'Sites' }).getByRole('row').filter({ hasText: code });
    // Name and address both hold the payload, and both show it as text.
    await siteRow.getByText(SITE_XSS, { exact: true }).first().waitFor();
    expect(await siteRow.getByText(SITE_XSS, { exact: true }).count()).toBe(2);
    await siteRow.getByRole('button', { name: `Edit ${SITE_XSS}` }).click();
    const siteDrawer = page.getByRole('dialog');
    await siteDrawer.getByLabel('Name', { exact: true }).waitFor();
    expect(await siteDrawer.getByLabel('Name', { exact: true }).inputValue()).toBe(SITE_XSS);
    expect(await injectedElements(page)).toBe(0);
    await page.keyboard.press('Escape');
    await siteDrawer.waitFor({ state: 'hidden' });

    // Users: the list, and the site picker of the new-user form (site names as options).
    await page.goto(`${base}/admin/users`);
    const userRow = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: email });
    await userRow.getByText(USER_XSS, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    const userDialog = page.getByRole('dialog', { name: 'New user' });
    await userDialog.getByLabel('Sites', { exact: true }).click();
    await page.getByRole('option', { name: `${SITE_XSS} (${code})` }).waitFor();
    expect(await injectedElements(page)).toBe(0);
    // With the demo hospital's sites the open list covers the dialog's buttons: close it first.
    await userDialog.getByRole('heading', { name: 'New user' }).click();
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await userDialog.getByRole('button', { name: 'Cancel' }).click();
    await userDialog.waitFor({ state: 'hidden' });

    // Audit trail: the rows, the actor picker, and the details of both events.
    await page.goto(`${base}/audit`);
    const audit = page.getByRole('table', { name: 'Audit events, newest first' });
    const siteEvent = audit.getByRole('row').filter({ hasText: 'site.created' }).filter({ hasText: code });
    const userEvent = audit.getByRole('row').filter({ hasText: 'user.created' }).filter({ hasText: email });
    await siteEvent.getByText(`${SITE_XSS} · ${code}`).waitFor();
    await userEvent.getByText(`${email} · ${USER_XSS}`).waitFor();
    await page.getByRole('combobox', { name: 'Actor', exact: true }).click();
    await page.getByRole('option', { name: `${USER_XSS} (${email})` }).waitFor();
    await page.keyboard.press('Escape');
    expect(await injectedElements(page)).toBe(0);

    const details = page.getByRole('dialog', { name: /^Audit event / });
    await siteEvent.getByRole('button', { name: /^Details of event / }).click();
    await details.getByText(`"name": ${JSON.stringify(SITE_XSS)}`).waitFor();
    expect(await injectedElements(page)).toBe(0);
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'hidden' });
    await userEvent.getByRole('button', { name: /^Details of event / }).click();
    await details.getByText(`"displayName": ${JSON.stringify(USER_XSS)}`).waitFor();
    expect(await injectedElements(page)).toBe(0);

    expect(problems.dialogs).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });

  it('sends a Content-Security-Policy and nosniff with the app', async () => {
    const { base } = setup();
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy');
    expect(csp).toBeTruthy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('renders the interactive API docs at /api/docs', async () => {
    const { base, browser: b } = setup();
    context = await newContext(b, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    const res = await page.goto(`${base}/api/docs`);
    expect(res?.ok()).toBe(true);
    try {
      await page
        .getByRole('heading', { name: /OpenHTM API/ })
        .first()
        .waitFor();
    } catch (err) {
      const hint = [...problems.consoleErrors, ...problems.pageErrors].join('\n  ');
      throw new Error(`The API docs did not render. Browser errors:\n  ${hint || '(none)'}`, { cause: err });
    }
    await page.getByText('/api/v1/auth/login').first().waitFor();
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});
