import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  apiSignIn,
  describeBrowser,
  ensureWebBuild,
  launchChromium,
  newContext,
  screenshotDir,
  signIn,
  unique,
  watchPage,
  type E2eServer,
  startE2eServer,
} from './support/harness.ts';

const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describeBrowser('phone layout and stored-XSS safety (Chromium)', () => {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startE2eServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
    }
  });

  it('works on a 375 px phone: sign-in, navigation from the burger, the sites page, no sideways scrolling', async () => {
    if (!server || !browser) throw new Error('setup failed');
    const context = await newContext(browser, {
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signIn(page, server.url);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.getByRole('button', { name: /navigation/i }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sites', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Sites', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New site' }).waitFor();
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: join(screenshotDir(), 'phone-sites.png') });
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  it('never runs script stored in names, on any page that shows them', async () => {
    if (!server || !browser) throw new Error('setup failed');
    const api = await apiSignIn(server.url);
    const id = unique();
    await api.post('/api/v1/sites', {
      name: `<img src=x onerror=alert(1)> ${id}`,
      code: `X${id.slice(-6)}`,
      timeZone: 'UTC',
    });
    await api.post('/api/v1/users', {
      email: `xss.${id.toLowerCase()}@e2e.example`,
      displayName: `"><svg onload=alert(2)> ${id}`,
      role: 'technician',
      allSites: true,
      password: 'a temporary password 1',
    });
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signIn(page, server.url);
    for (const path of ['/admin/sites', '/admin/users', '/audit']) {
      await page.goto(`${server.url}${path}`);
      await page.getByText(id).first().waitFor();
    }
    const details = page.getByRole('button', { name: /^Details of event / });
    const count = await details.count();
    for (let i = 0; i < Math.min(count, 4); i++) {
      await details.nth(i).click();
      await page.getByRole('heading', { name: 'What changed' }).waitFor();
      await page.keyboard.press('Escape');
    }
    // The payload is shown as text, not turned into elements.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('svg[onload]').count()).toBe(0);
    expect(problems.dialogs).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });

  it('serves the app with a content security policy and the interactive API docs', async () => {
    if (!server || !browser) throw new Error('setup failed');
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/api/docs`);
    await page.getByText('OpenHTM API').first().waitFor();
    await context.close();
  });
});
