import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Me, Permission } from '../../contracts/index.ts';
import { stubFetch } from '../testing/fetch-stub.ts';
import { aMe, aUser, anError } from '../testing/fixtures.ts';
import { renderRoutes } from '../testing/render.tsx';
import { routes } from './router.tsx';

const adminLinks = ['Users', 'Sites', 'API tokens', 'Roles', 'Background jobs', 'Audit trail'];

function signedInAs(me: Me) {
  return stubFetch({
    'GET /api/v1/auth/me': { body: me },
    'GET /api/v1/users': { body: { items: [aUser()], nextCursor: null } },
    'GET /api/v1/sites': { body: { items: [], nextCursor: null } },
  });
}

async function mainNav() {
  return within(await screen.findByRole('navigation', { name: 'Main' }));
}

describe('application shell', () => {
  it('hides admin navigation from people without the permissions and shows planned areas as disabled', async () => {
    const permissions: Permission[] = ['organization.read'];
    signedInAs(aMe(permissions, { role: 'technician', displayName: 'Tia Tech' }));
    renderRoutes(routes, { initialEntries: ['/'] });

    const nav = await mainNav();
    expect(nav.getByRole('link', { name: 'Home' })).toBeTruthy();
    expect(nav.getByRole('link', { name: 'Profile' })).toBeTruthy();
    for (const name of adminLinks) expect(nav.queryByRole('link', { name })).toBeNull();
    expect(nav.queryByText('Administration')).toBeNull();

    const planned = nav.getByText('Procedures & testing').closest('[aria-disabled="true"]');
    expect(planned).not.toBeNull();
    expect(nav.queryByRole('link', { name: /Procedures & testing/ })).toBeNull();
    expect(nav.queryByRole('link', { name: 'AEM program' })).toBeNull();
    expect(nav.queryByText('Inventory')).toBeNull();
    expect(nav.queryByRole('link', { name: 'Devices' })).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Welcome, Tia Tech' })).toBeTruthy();
  });

  it('shows admin navigation to administrators and opens the lazily loaded page', async () => {
    const user = userEvent.setup();
    signedInAs(aMe());
    renderRoutes(routes, { initialEntries: ['/'] });

    const nav = await mainNav();
    for (const name of adminLinks) expect(nav.getByRole('link', { name })).toBeTruthy();
    await user.click(nav.getByRole('link', { name: 'Users' }));
    // The page is loaded lazily: on a busy machine its chunk takes longer than findBy's one-second default.
    expect(await screen.findByRole('heading', { level: 1, name: 'Users' }, { timeout: 15_000 })).toBeTruthy();
    expect(nav.getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBe('page');
  });

  it('sends people without a session to the sign-in page and remembers where they were going', async () => {
    stubFetch({ 'GET /api/v1/auth/me': { status: 401, body: anError('UNAUTHENTICATED', 'Sign in first') } });
    const { router } = renderRoutes(routes, { initialEntries: ['/audit'] });

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('?next=%2Faudit');
  });

  it('explains a page is not available when the permission is missing', async () => {
    signedInAs(aMe(['organization.read']));
    renderRoutes(routes, { initialEntries: ['/admin/users'] });
    expect(await screen.findByText('You do not have access to this page')).toBeTruthy();
  });

  it('signs out from the account menu and lands on the sign-in page', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({
      'GET /api/v1/auth/me': { body: aMe() },
      'POST /api/v1/auth/logout': { body: { ok: true } },
    });
    const { router } = renderRoutes(routes, { initialEntries: ['/'] });

    await user.click(await screen.findByRole('button', { name: 'Account menu for Ada Admin' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(fetch.callsTo('POST', '/api/v1/auth/logout')[0]?.headers.get('x-csrf-token')).toBe('csrf-from-me');
  });
});
