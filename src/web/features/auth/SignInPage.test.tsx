import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../../contracts/index.ts';
import { stubFetch } from '../../testing/fetch-stub.ts';
import { aMe, anError } from '../../testing/fixtures.ts';
import { renderPage } from '../../testing/render.tsx';
import { SignInPage } from './SignInPage.tsx';

function renderSignIn(next = '/admin/users') {
  return renderPage(<SignInPage />, {
    path: '/sign-in',
    initialEntries: [`/sign-in?next=${encodeURIComponent(next)}`],
    routes: [
      { path: '/admin/users', element: <p>Users landing</p> },
      { path: '/', element: <p>Home landing</p> },
    ],
  });
}

describe('SignInPage', () => {
  it('asks for the authentication code when the login answers mfa_required, then lands on the next page', async () => {
    const user = userEvent.setup();
    const me = aMe();
    const fetch = stubFetch({
      'POST /api/v1/auth/login': {
        body: { status: 'mfa_required', csrfToken: 'csrf-pending-mfa' } satisfies LoginResponse,
      },
      'POST /api/v1/auth/login/mfa': ({ body }) =>
        body !== null && typeof body === 'object' && 'code' in body && body.code === '123456'
          ? { body: { status: 'ok', me } satisfies LoginResponse }
          : { status: 401, body: anError('INVALID_MFA_CODE', 'That code is not valid') },
    });
    renderSignIn();

    await user.type(screen.getByLabelText('Email'), 'Ada.Admin@Example.org');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const code = await screen.findByLabelText('Authentication code');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Two-step verification');
    expect(fetch.callsTo('POST', '/api/v1/auth/login')[0]?.body).toEqual({
      email: 'ada.admin@example.org',
      password: 'correct horse battery',
    });

    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toContain('That code is not valid');

    await user.type(screen.getByLabelText('Authentication code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByText('Users landing')).toBeTruthy();
    const mfaCalls = fetch.callsTo('POST', '/api/v1/auth/login/mfa');
    expect(mfaCalls).toHaveLength(2);
    expect(mfaCalls[1]?.headers.get('x-csrf-token')).toBe('csrf-pending-mfa');
    expect(mfaCalls[1]?.body).toEqual({ code: '123456' });
  });

  it('validates the form with the contract before calling the server', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({});
    renderSignIn();

    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Email must be an email address')).toBeTruthy();
    expect(screen.getByText('Password is required')).toBeTruthy();
    expect(document.activeElement).toBe(email);
    expect(fetch.calls).toHaveLength(0);
  });

  it('shows the server message for wrong credentials and goes home when next is not a local path', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    stubFetch({
      'POST /api/v1/auth/login': () =>
        ++attempts === 1
          ? { status: 401, body: anError('INVALID_CREDENTIALS', 'Email or password is incorrect') }
          : { body: { status: 'ok', me: aMe() } satisfies LoginResponse },
    });
    renderSignIn('//evil.example.com');

    await user.type(screen.getByLabelText('Email'), 'ada.admin@example.org');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Email or password is incorrect');
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');

    await user.type(screen.getByLabelText('Password'), 'right');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Home landing')).toBeTruthy();
  });
});
