import { fireEvent, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ReferenceTableVersion } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe, anError } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { aReferenceSummary, aReferenceTable, maintenanceIds, toleranceContent } from '../testing/fixtures.ts';
import { ReferenceDataPage } from './ReferenceDataPage.tsx';

const { content: _c, ...shippedVersion } = aReferenceTable();

function routes(post: Parameters<typeof stubFetch>[0][string]) {
  return stubFetch({
    'GET /api/v1/reference-tables': { body: { items: [aReferenceSummary()] } },
    'GET /api/v1/reference-tables/:id': { body: aReferenceTable() },
    'GET /api/v1/reference-tables/:id/versions': {
      body: { items: [shippedVersion satisfies ReferenceTableVersion] },
    },
    'POST /api/v1/reference-tables/:id/versions': post,
  });
}

async function openNewVersionForm() {
  const user = userEvent.setup();
  renderPage(<ReferenceDataPage />, { me: aMe(), path: '/admin/reference-data' });
  const table = within(await screen.findByRole('table', { name: 'Reference tables' }));
  expect(table.getByText('due-date-tolerance')).toBeTruthy();
  expect(table.getByText('Shipped')).toBeTruthy();
  await user.click(table.getByRole('button', { name: 'Open Due-date tolerance by frequency' }));
  await user.click(await screen.findByRole('button', { name: 'New version from this one' }));
  const form = within(await screen.findByRole('form', { name: 'New version' }));
  return { user, form };
}

describe('reference data admin', () => {
  it('names the field of the content that breaks the table rules, and sends nothing', async () => {
    const fetch = routes({ status: 201, body: aReferenceTable() });
    const { user, form } = await openNewVersionForm();
    const broken = {
      ...toleranceContent,
      rows: toleranceContent.rows.map((row, i) =>
        i === 0 ? { ...row, window: { kind: 'days', days: -3 } } : row,
      ),
    };
    fireEvent.change(form.getByRole('textbox', { name: 'Content (JSON)' }), {
      target: { value: JSON.stringify(broken) },
    });
    await user.type(form.getByRole('textbox', { name: 'Reason for the new version' }), 'Our policy: 20 days');
    await user.click(form.getByRole('button', { name: 'Save new version' }));

    const alert = within(await screen.findByRole('alert'));
    expect(alert.getByText('rows.0.window.days')).toBeTruthy();
    expect(
      fetch.callsTo('POST', `/api/v1/reference-tables/${maintenanceIds.tolerance}/versions`),
    ).toHaveLength(0);

    fireEvent.change(form.getByRole('textbox', { name: 'Content (JSON)' }), {
      target: { value: '{"rows": [' },
    });
    await user.click(form.getByRole('button', { name: 'Save new version' }));
    expect(await screen.findByText(/Not valid JSON/)).toBeTruthy();
  });

  it('shows the server refusal by field and sends the edited content with the reason and the version read', async () => {
    const fetch = routes(({ body }) => {
      const reason = (body as { reason: string }).reason;
      return reason === 'first try'
        ? {
            status: 400,
            body: anError('VALIDATION_FAILED', 'The content does not fit the tolerance table.', [
              { field: 'content.rows.1.interval', message: 'P1M is listed twice' },
            ]),
          }
        : { status: 201, body: aReferenceTable({ version: 2, organizationId: maintenanceIds.org }) };
    });
    const { user, form } = await openNewVersionForm();
    await user.type(form.getByRole('textbox', { name: 'Reason for the new version' }), 'first try');
    await user.click(form.getByRole('button', { name: 'Save new version' }));

    expect(await screen.findByText('rows.1.interval')).toBeTruthy();
    expect(screen.getByText(/P1M is listed twice/)).toBeTruthy();
    const sent = fetch.callsTo('POST', `/api/v1/reference-tables/${maintenanceIds.tolerance}/versions`);
    expect(sent[0]?.body).toEqual({ version: 1, content: toleranceContent, reason: 'first try' });
  });
});
