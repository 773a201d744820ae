import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type Site, type User } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe, aSite, aUser, anError, ids } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { UsersPage } from './UsersPage.tsx';

const sitesPage = {
  items: [aSite(), aSite({ id: ids.siteEast, name: 'East Clinic', code: 'EAST' })],
  nextCursor: null,
} satisfies {
  items: Site[];
  nextCursor: string | null;
};

function describedBy(input: HTMLElement): string {
  const idsList = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return idsList.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('UsersPage', () => {
  it('lists users and shows a server field error next to the field of the create form', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({
      'GET /api/v1/users': {
        body: { items: [aUser()], nextCursor: null } satisfies { items: User[]; nextCursor: string | null },
      },
      'GET /api/v1/sites': { body: sitesPage },
      'POST /api/v1/users': {
        status: 409,
        body: anError('ALREADY_EXISTS', 'A user with this email already exists', [
          { field: 'email', message: 'is already in use' },
        ]),
      },
    });
    renderPage(<UsersPage />, { me: aMe() });

    expect(await screen.findByText('ada.admin@example.org')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New user' }));
    const dialog = await screen.findByRole('dialog');
    const form = within(dialog);

    await user.type(form.getByLabelText('Email'), 'ben.tech@example.org');
    await user.type(form.getByLabelText('Display name'), 'Ben Tech');
    await user.selectOptions(form.getByLabelText('Role'), 'technician');
    await user.type(form.getByLabelText('Password'), 'a long enough passphrase');
    await user.click(form.getByLabelText('All sites'));
    await user.click(form.getByRole('button', { name: 'Create' }));

    const email = form.getByLabelText('Email');
    await screen.findByText('Email is already in use');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(email)).toContain('Email is already in use');
    expect(form.getByRole('alert').textContent).toContain('A user with this email already exists');

    const posted = fetch.callsTo('POST', '/api/v1/users');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body).toEqual({
      email: 'ben.tech@example.org',
      displayName: 'Ben Tech',
      role: 'technician',
      password: 'a long enough passphrase',
      allSites: true,
      siteIds: [],
      qualified: false,
    });
    expect(posted[0]?.headers.get('x-csrf-token')).toBe('csrf-from-me');
  });

  it('checks the password length with the contract before sending', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({
      'GET /api/v1/users': { body: { items: [], nextCursor: null } },
      'GET /api/v1/sites': { body: sitesPage },
    });
    renderPage(<UsersPage />, { me: aMe() });

    await user.click(await screen.findByRole('button', { name: 'New user' }));
    const form = within(await screen.findByRole('dialog'));
    await user.type(form.getByLabelText('Email'), 'ben.tech@example.org');
    await user.type(form.getByLabelText('Display name'), 'Ben');
    await user.type(form.getByLabelText('Password'), 'short');
    await user.click(form.getByRole('button', { name: 'Create' }));

    expect(form.getByText('Password must be at least 12 characters')).toBeTruthy();
    expect(fetch.callsTo('POST', '/api/v1/users')).toHaveLength(0);
  });

  it('hides "New user" from people who may only read users', async () => {
    stubFetch({
      'GET /api/v1/users': { body: { items: [aUser()], nextCursor: null } },
      'GET /api/v1/sites': { body: sitesPage },
    });
    renderPage(<UsersPage />, { me: aMe(['users.read', 'sites.read']) });

    expect(await screen.findByText('ada.admin@example.org')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'New user' })).toBeNull();
    expect(screen.getByRole('button', { name: 'View ada.admin@example.org' })).toBeTruthy();
  });

  it('tells the editor to reload when the server answers VERSION_CONFLICT', async () => {
    const user = userEvent.setup();
    const tech = aUser({
      id: ids.tech,
      email: 'ben.tech@example.org',
      displayName: 'Ben Tech',
      role: 'technician',
      version: 3,
    });
    stubFetch({
      'GET /api/v1/users': { body: { items: [tech], nextCursor: null } },
      'GET /api/v1/users/:id': { body: { ...tech, version: 4, displayName: 'Ben T.' } satisfies User },
      'GET /api/v1/sites': { body: sitesPage },
      'PATCH /api/v1/users/:id': {
        status: 409,
        body: anError('VERSION_CONFLICT', 'The user was changed by someone else'),
      },
    });
    renderPage(<UsersPage />, { me: aMe() });

    await user.click(await screen.findByRole('button', { name: 'Edit ben.tech@example.org' }));
    const drawer = within(await screen.findByRole('dialog'));
    const name = drawer.getByLabelText('Display name');
    await user.clear(name);
    await user.type(name, 'Benjamin Tech');
    await user.click(drawer.getByRole('button', { name: 'Save' }));

    expect(await drawer.findByText('Someone else changed this')).toBeTruthy();
    await user.click(drawer.getByRole('button', { name: 'Reload' }));
    expect((await drawer.findByDisplayValue<HTMLInputElement>('Ben T.')).value).toBe('Ben T.');
  });

  it('saves only the changed fields with the current version and closes the editor', async () => {
    const user = userEvent.setup();
    const tech = aUser({
      id: ids.tech,
      email: 'ben.tech@example.org',
      displayName: 'Ben Tech',
      role: 'technician',
      allSites: false,
      siteIds: [ids.siteMain],
      version: 3,
    });
    const fetch = stubFetch({
      'GET /api/v1/users': { body: { items: [tech], nextCursor: null } },
      'GET /api/v1/users/:id': { body: tech },
      'GET /api/v1/sites': { body: sitesPage },
      'PATCH /api/v1/users/:id': { body: { ...tech, role: 'clinical_engineer', version: 4 } satisfies User },
    });
    renderPage(<UsersPage />, { me: aMe() });

    expect(await screen.findByText('MAIN')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Edit ben.tech@example.org' }));
    const drawer = within(await screen.findByRole('dialog'));
    await user.selectOptions(drawer.getByLabelText('Role'), 'clinical_engineer');
    await user.type(drawer.getByLabelText('Reason for the change'), 'Passed CBET');
    await user.click(drawer.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fetch.callsTo('PATCH', `/api/v1/users/${ids.tech}`)[0]?.body).toEqual({
      version: 3,
      role: 'clinical_engineer',
      reason: 'Passed CBET',
    });
  });
});
