import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AemProgramEntry } from '../../../../contracts/index.ts';
import { stubFetch, type StubHandler } from '../../../testing/fetch-stub.ts';
import { aMe, anError, ids } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { anAemAssessment, maintenanceIds } from '../testing/fixtures.ts';
import { AemPage } from './AemPage.tsx';

function renderAem(approve: StubHandler, qualified: boolean) {
  const fetch = stubFetch({
    'GET /api/v1/aem-assessments': { body: { items: [anAemAssessment()], nextCursor: null } },
    'GET /api/v1/aem-assessments/:id': { body: anAemAssessment() },
    'GET /api/v1/aem-assessments/:id/reviews': { body: { items: [] } },
    'POST /api/v1/aem-assessments/:id/approve': approve,
  });
  renderPage(<AemPage />, { me: aMe(undefined, { qualified }), path: '/maintenance/aem' });
  return fetch;
}

async function approveDraft() {
  const user = userEvent.setup();
  const table = within(await screen.findByRole('table', { name: 'AEM assessments' }));
  expect(table.getByText('P6M', { exact: false })).toBeTruthy();
  await user.click(table.getByRole('button', { name: 'Open Alaris PC unit 8015' }));
  await user.click(await screen.findByRole('button', { name: 'Approve' }));
}

describe('AEM program', () => {
  it("shows the server's reason when a person who is not qualified approves", async () => {
    const fetch = renderAem(
      {
        status: 403,
        body: anError('FORBIDDEN', 'Only a person marked qualified may approve an AEM assessment.', [
          { field: 'qualified', message: 'Ada Admin is not marked qualified' },
        ]),
      },
      false,
    );
    await approveDraft();
    expect(
      screen.getByText(/Only a person marked qualified may approve an AEM assessment; the server/),
    ).toBeTruthy();
    const alert = within(await screen.findByRole('alert'));
    expect(alert.getByText('Not allowed')).toBeTruthy();
    expect(alert.getByText('Only a person marked qualified may approve an AEM assessment.')).toBeTruthy();
    expect(alert.getByText(/Ada Admin is not marked qualified/)).toBeTruthy();
    expect(fetch.callsTo('POST', `/api/v1/aem-assessments/${maintenanceIds.aem}/approve`)[0]?.body).toEqual({
      version: 1,
    });
  });

  it('lists each AEM exclusion the server names when approval is refused', async () => {
    renderAem(
      {
        status: 409,
        body: anError('AEM_NOT_ALLOWED', 'AEM is not allowed for Alaris PC unit 8015.', [
          {
            field: 'INSUFFICIENT_HISTORY',
            message: 'Only 4 units of the model in service; the policy needs 5.',
          },
        ]),
      },
      true,
    );
    await approveDraft();
    const alert = within(await screen.findByRole('alert'));
    expect(alert.getByText('AEM is not allowed here')).toBeTruthy();
    expect(alert.getByText(/INSUFFICIENT_HISTORY: Only 4 units of the model in service/)).toBeTruthy();
  });

  it('lists the devices on AEM and flags one without an approved assessment', async () => {
    const entry = (assetTag: string, approved: boolean, id: string): AemProgramEntry => ({
      device: {
        id,
        assetTag,
        site: { id: ids.siteMain, name: 'Main Campus' },
        model: { id: maintenanceIds.model, name: 'Alaris PC unit', modelNumber: '8015' },
        deviceType: null,
      },
      strategySource: 'model',
      assessment: approved ? anAemAssessment({ status: 'approved', reviewDue: '2027-01-05' }) : null,
    });
    stubFetch({
      'GET /api/v1/aem/program': {
        body: {
          items: [
            entry('INV-00042', true, maintenanceIds.device),
            entry('INV-00043', false, maintenanceIds.wo1),
          ],
        },
      },
    });
    renderPage(<AemPage />, {
      me: aMe(),
      path: '/maintenance/aem',
      initialEntries: ['/maintenance/aem?view=program'],
    });
    const table = within(await screen.findByRole('table', { name: 'Devices in the AEM program' }));
    expect(table.getByRole('link', { name: 'INV-00042' }).getAttribute('href')).toBe(
      `/maintenance/devices/${maintenanceIds.device}`,
    );
    expect(table.getByText(/Annual \(P1Y\) · review/)).toBeTruthy();
    expect(table.getByText('No approved assessment')).toBeTruthy();
  });
});
