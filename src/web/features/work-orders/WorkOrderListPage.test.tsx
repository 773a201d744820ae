import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../testing/fetch-stub.ts';
import { aMe, aSite } from '../../testing/fixtures.ts';
import { renderPage } from '../../testing/render.tsx';
import { WorkOrderListPage } from './WorkOrderListPage.tsx';
import { aWorkOrder } from './testing/fixtures.ts';

describe('WorkOrderListPage', () => {
  it('reads its filters from the address, sends them to the API and keeps changes in the address', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({
      'GET /api/v1/work-orders': {
        body: { items: [aWorkOrder({ status: 'completed', overdue: false })], nextCursor: null },
      },
      'GET /api/v1/sites': { body: { items: [aSite()], nextCursor: null } },
    });
    const { router } = renderPage(<WorkOrderListPage />, {
      me: aMe(),
      path: '/work-orders',
      initialEntries: ['/work-orders?status=completed,closed&kind=preventive'],
    });

    const table = within(await screen.findByRole('table', { name: 'Work orders' }));
    expect(table.getByRole('link', { name: 'WO-000101' })).toBeTruthy();
    expect(table.getByText('Completed')).toBeTruthy();
    const first = fetch.callsTo('GET', '/api/v1/work-orders')[0];
    expect(first?.query.get('status')).toBe('completed,closed');
    expect(first?.query.get('kind')).toBe('preventive');

    await user.selectOptions(screen.getByLabelText('Assigned to'), 'me');
    await user.click(screen.getByLabelText('Overdue only'));
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get('assignee')).toBe('me');
    expect(search.get('overdue')).toBe('true');
    expect(search.get('status')).toBe('completed,closed');
    const last = fetch.callsTo('GET', '/api/v1/work-orders').at(-1);
    expect(last?.query.get('assignee')).toBe('me');
    expect(last?.query.get('overdue')).toBe('true');
  });
});
