import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { MfaSetupResponse, Session } from '../../../contracts/index.ts';
import type { z } from 'zod';
import { stubFetch } from '../../testing/fetch-stub.ts';
import { aMe } from '../../testing/fixtures.ts';
import { renderPage } from '../../testing/render.tsx';
import { ProfilePage } from './ProfilePage.tsx';

const sessions: Session[] = [
  {
    id: 's-current',
    current: true,
    createdAt: '2026-03-02T08:00:00.000Z',
    lastSeenAt: '2026-03-02T09:00:00.000Z',
    absoluteExpiresAt: '2026-03-02T20:00:00.000Z',
    ip: '10.0.0.5',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36',
  },
  {
    id: 's-phone',
    current: false,
    createdAt: '2026-03-01T08:00:00.000Z',
    lastSeenAt: '2026-03-01T09:00:00.000Z',
    absoluteExpiresAt: '2026-03-01T20:00:00.000Z',
    ip: '10.0.0.9',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1',
  },
];

const setup = {
  secret: 'JBSWY3DPEHPK3PXP',
  otpauthUrl: 'otpauth://totp/OpenHTM:ada?secret=JBSWY3DPEHPK3PXP',
  qrSvg:
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>',
} satisfies z.infer<typeof MfaSetupResponse>;

describe('ProfilePage', () => {
  it('sets up MFA with the QR code as an image and confirms with a code', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({
      'GET /api/v1/auth/sessions': { body: { items: sessions } },
      'POST /api/v1/auth/mfa/setup': { body: setup },
      'POST /api/v1/auth/mfa/enable': { body: { ok: true } },
      'GET /api/v1/auth/me': { body: aMe(undefined, { mfaEnabled: true }) },
    });
    renderPage(<ProfilePage />, { me: aMe() });

    await user.click(await screen.findByRole('button', { name: 'Set up MFA' }));
    const qr = await screen.findByRole('img', { name: 'QR code to add OpenHTM to your authenticator app' });
    expect(qr.getAttribute('src')).toBe(`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrSvg)}`);
    expect(document.querySelector('script')).toBeNull();
    expect(screen.getByText('JBSWY3DPEHPK3PXP')).toBeTruthy();

    await user.type(screen.getByLabelText('Authentication code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Turn on MFA' }));
    expect(await screen.findByText(/MFA is on/)).toBeTruthy();
    expect(fetch.callsTo('POST', '/api/v1/auth/mfa/enable')[0]?.body).toEqual({ code: '654321' });
  });

  it('lists sessions, marks the current one and ends another', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({
      'GET /api/v1/auth/sessions': { body: { items: sessions } },
      'POST /api/v1/auth/sessions/:id/end': { body: { ok: true } },
    });
    renderPage(<ProfilePage />, { me: aMe() });

    const table = within(await screen.findByRole('table', { name: 'Your sessions' }));
    expect(table.getByText('This session')).toBeTruthy();
    expect(table.getByText('Chrome on Windows')).toBeTruthy();
    expect(table.getAllByRole('button', { name: /^End session/ })).toHaveLength(1);
    await user.click(table.getByRole('button', { name: 'End session Safari on iOS 10.0.0.9' }));
    expect(fetch.callsTo('POST', '/api/v1/auth/sessions/s-phone/end')).toHaveLength(1);
  });

  it('checks that the new password is confirmed', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({ 'GET /api/v1/auth/sessions': { body: { items: sessions } } });
    renderPage(<ProfilePage />, { me: aMe() });

    await user.type(screen.getByLabelText('Current password'), 'old one');
    await user.type(screen.getByLabelText('New password'), 'a brand new passphrase');
    await user.type(screen.getByLabelText('Confirm new password'), 'a different passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByText('Confirmation does not match the new password')).toBeTruthy();
    expect(fetch.callsTo('POST', '/api/v1/auth/password')).toHaveLength(0);
  });
});
