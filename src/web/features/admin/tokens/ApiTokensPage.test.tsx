import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiToken, CreatedApiToken } from '../../../../contracts/index.ts';
import type { z } from 'zod';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe, ids } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { ApiTokensPage } from './ApiTokensPage.tsx';

const token: ApiToken = {
  id: '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a',
  name: 'Nightly export',
  prefix: 'ohtm_ab12',
  scopes: ['read'],
  userId: ids.admin,
  userEmail: 'ada.admin@example.org',
  createdAt: '2026-03-01T08:00:00.000Z',
  expiresAt: '2099-05-30T08:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

describe('ApiTokensPage', () => {
  it('shows a new token once, copyable, with a warning; revokes after confirmation', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({
      'GET /api/v1/api-tokens': { body: { items: [token] } },
      'POST /api/v1/api-tokens': {
        status: 201,
        body: { token: 'ohtm_cd34_secretsecret', apiToken: { ...token, name: 'BI' } } satisfies z.infer<
          typeof CreatedApiToken
        >,
      },
      'POST /api/v1/api-tokens/:id/revoke': { body: { ok: true } },
    });
    renderPage(<ApiTokensPage />, { me: aMe() });

    expect(await screen.findByText('Nightly export')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New API token' }));
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(dialog.getByLabelText('Name'), 'BI');
    await user.click(dialog.getByRole('button', { name: 'Create' }));

    const field = await dialog.findByLabelText<HTMLInputElement>('Secret token');
    expect(field.value).toBe('ohtm_cd34_secretsecret');
    expect(field.readOnly).toBe(true);
    expect(dialog.getByText('Copy this token now')).toBeTruthy();
    expect(screen.getByRole('dialog', { name: 'API token created' })).toBeTruthy();
    expect(dialog.getByRole('button', { name: 'Copy token' })).toBeTruthy();
    expect(fetch.callsTo('POST', '/api/v1/api-tokens')[0]?.body).toEqual({
      name: 'BI',
      scopes: ['read'],
      expiresInDays: 90,
    });
    await user.click(dialog.getByRole('button', { name: 'Done' }));

    await user.click(screen.getByRole('button', { name: 'Revoke Nightly export' }));
    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    expect(fetch.callsTo('POST', `/api/v1/api-tokens/${token.id}/revoke`)).toHaveLength(1);
  });
});
