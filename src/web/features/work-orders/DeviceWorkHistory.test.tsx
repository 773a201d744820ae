import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../testing/fetch-stub.ts';
import { aMe } from '../../testing/fixtures.ts';
import { renderPage } from '../../testing/render.tsx';
import { DeviceWorkHistory } from './DeviceWorkHistory.tsx';
import { aWorkOrder, aWorkOrderDetail, woIds } from './testing/fixtures.ts';

const supervisor = aMe(['work-orders.read', 'work-orders.request', 'work-orders.manage', 'inventory.read']);
const technician = aMe(['work-orders.read', 'work-orders.request', 'work-orders.perform', 'inventory.read']);
const history = { body: { items: [aWorkOrder({ number: 'WO-000007' })], nextCursor: null } };

describe('DeviceWorkHistory', () => {
  it('lets a supervisor report a missing device found and opens the check work order it creates', async () => {
    const user = userEvent.setup();
    const check = aWorkOrderDetail({ id: woIds.wo3, kind: 'incoming', status: 'open' });
    const fetch = stubFetch({
      'GET /api/v1/devices/:id/work-orders': history,
      'POST /api/v1/devices/:id/found': { status: 201, body: check },
    });
    renderPage(<DeviceWorkHistory device={{ id: woIds.device, status: 'missing', version: 4 }} />, {
      me: supervisor,
      routes: [{ path: '/work-orders/:id', element: <h1>Check work order</h1> }],
    });

    expect(await screen.findByRole('link', { name: 'WO-000007' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Device found' }));
    expect(screen.getByText(/check before it returns to service/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Device found' }));

    expect(await screen.findByRole('heading', { name: 'Check work order' })).toBeTruthy();
    const posts = fetch.callsTo('POST', `/api/v1/devices/${woIds.device}/found`);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({ version: 4 });
  });

  it('offers "Device found" only for missing or stored devices and only to supervisors', async () => {
    stubFetch({ 'GET /api/v1/devices/:id/work-orders': history });
    const { unmount } = renderPage(
      <DeviceWorkHistory device={{ id: woIds.device, status: 'in_service', version: 1 }} />,
      { me: supervisor },
    );
    expect(await screen.findByRole('link', { name: 'WO-000007' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Device found' })).toBeNull();
    unmount();

    renderPage(<DeviceWorkHistory device={{ id: woIds.device, status: 'missing', version: 1 }} />, {
      me: technician,
    });
    expect(await screen.findByRole('link', { name: 'WO-000007' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Device found' })).toBeNull();
  });
});
