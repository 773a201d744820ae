import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Site } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe, aSite } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { SitesPage } from './SitesPage.tsx';

describe('SitesPage', () => {
  it('creates a site after checking the time zone with the contract', async () => {
    const user = userEvent.setup();
    const created = aSite({
      name: 'East Clinic',
      code: 'EAST',
      kind: 'clinic',
      timeZone: 'America/New_York',
    });
    const fetch = stubFetch({
      'GET /api/v1/sites': { body: { items: [aSite()], nextCursor: null } },
      'POST /api/v1/sites': { status: 201, body: created satisfies Site },
    });
    renderPage(<SitesPage />, { me: aMe() });

    expect(await screen.findByText('Main Campus')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New site' }));
    const form = within(await screen.findByRole('dialog'));
    await user.type(form.getByLabelText('Name'), 'East Clinic');
    await user.type(form.getByLabelText('Code'), 'EAST');
    await user.selectOptions(form.getByLabelText('Kind'), 'clinic');
    const tz = form.getByLabelText('Time zone');
    await user.clear(tz);
    await user.type(tz, 'Mars/Olympus');
    await user.click(form.getByRole('button', { name: 'Create' }));
    expect(form.getByText('Time zone must be an IANA time zone such as America/Chicago')).toBeTruthy();
    expect(fetch.callsTo('POST', '/api/v1/sites')).toHaveLength(0);

    await user.clear(tz);
    await user.type(tz, 'America/New_York');
    await user.click(form.getByRole('button', { name: 'Create' }));
    await screen.findByRole('button', { name: 'New site' });
    expect(fetch.callsTo('POST', '/api/v1/sites')[0]?.body).toEqual({
      name: 'East Clinic',
      code: 'EAST',
      kind: 'clinic',
      timeZone: 'America/New_York',
      address: '',
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
