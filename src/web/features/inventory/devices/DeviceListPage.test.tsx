import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useParams } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { DeviceListResponse } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe, aSite } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { aDevice, inventoryIds } from '../testing/fixtures.ts';
import { DeviceListPage } from './DeviceListPage.tsx';

const pump = aDevice();
const monitor = aDevice({
  id: inventoryIds.device2,
  assetTag: 'INV-00043',
  serialNumber: 'MX-9',
  ownership: 'leased',
});

function DeviceLanding() {
  const { id } = useParams();
  return <h1>Device page {id}</h1>;
}

function listRoutes() {
  return stubFetch({
    'GET /api/v1/devices': ({ query }) => {
      const q = query.get('q') ?? '';
      if (q === 'INV-00042' || q === '(01)00885403123452(21)SN123')
        return {
          body: {
            items: [pump],
            nextCursor: null,
            match: q.startsWith('(01)') ? 'udi' : 'asset_tag',
          } satisfies DeviceListResponse,
        };
      if (q === 'alaris')
        return {
          body: { items: [pump, monitor], nextCursor: null, match: 'text' } satisfies DeviceListResponse,
        };
      const items = query.get('ownership') === 'leased' ? [monitor] : [pump, monitor];
      return { body: { items, nextCursor: null, match: 'none' } satisfies DeviceListResponse };
    },
    'GET /api/v1/sites': { body: { items: [aSite()], nextCursor: null } },
    'GET /api/v1/manufacturers': { body: { items: [], nextCursor: null } },
    'GET /api/v1/models': { body: { items: [], nextCursor: null } },
    'GET /api/v1/device-types': { body: { items: [], nextCursor: null } },
  });
}

function renderList(initial = '/inventory/devices') {
  return renderPage(<DeviceListPage />, {
    me: aMe(),
    path: '/inventory/devices',
    initialEntries: [initial],
    routes: [{ path: '/inventory/devices/:id', element: <DeviceLanding /> }],
  });
}

// Typing a full UDI character by character is slow in jsdom on a busy machine.
describe('DeviceListPage', { timeout: 20_000 }, () => {
  it('opens the device at once when a scanned UDI matches exactly one device', async () => {
    const user = userEvent.setup();
    const fetch = listRoutes();
    const { router } = renderList();
    await screen.findByRole('table', { name: 'Devices' });

    // A keyboard-wedge scanner types the code and presses Enter.
    await user.type(screen.getByLabelText('Search devices'), '(01)00885403123452(21)SN123{Enter}');

    expect(await screen.findByRole('heading', { name: `Device page ${pump.id}` })).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/inventory/devices/${pump.id}`);
    const lookup = fetch.callsTo('GET', '/api/v1/devices').find((c) => c.query.get('limit') === '2');
    expect(lookup?.query.get('q')).toBe('(01)00885403123452(21)SN123');
  });

  it('stays on the list for a text search, showing what matched', async () => {
    const user = userEvent.setup();
    listRoutes();
    const { router } = renderList();
    await screen.findByRole('table', { name: 'Devices' });

    await user.type(screen.getByLabelText('Search devices'), 'alaris{Enter}');

    await waitFor(() => expect(router.state.location.search).toBe('?q=alaris'));
    expect(router.state.location.pathname).toBe('/inventory/devices');
    const table = await screen.findByRole('table', { name: 'Devices' });
    expect(within(table).getByRole('link', { name: 'INV-00042' })).toBeTruthy();
    expect(within(table).getByRole('link', { name: 'INV-00043' })).toBeTruthy();
  });

  it('sends a changed filter to the server, keeps it in the address and in the export link', async () => {
    const user = userEvent.setup();
    const fetch = listRoutes();
    const { router } = renderList('/inventory/devices?status=in_service,missing');
    const table = await screen.findByRole('table', { name: 'Devices' });
    expect(within(table).getByRole('link', { name: 'INV-00042' })).toBeTruthy();
    expect(fetch.callsTo('GET', '/api/v1/devices')[0]?.query.get('status')).toBe('in_service,missing');

    await user.selectOptions(screen.getByLabelText('Ownership'), 'leased');

    await waitFor(() => expect(screen.queryByRole('link', { name: 'INV-00042' })).toBeNull());
    const last = fetch.callsTo('GET', '/api/v1/devices').at(-1);
    expect(last?.query.get('ownership')).toBe('leased');
    expect(last?.query.get('status')).toBe('in_service,missing');
    expect(new URLSearchParams(router.state.location.search).get('ownership')).toBe('leased');

    await user.click(screen.getByRole('button', { name: 'Export' }));
    const csv = await screen.findByRole('menuitem', { name: 'Export CSV' });
    const href = new URL(csv.getAttribute('href') ?? '', 'http://localhost');
    expect(href.pathname).toBe('/api/v1/devices/export');
    expect(href.searchParams.get('format')).toBe('csv');
    expect(href.searchParams.get('ownership')).toBe('leased');
    expect(href.searchParams.get('status')).toBe('in_service,missing');
  });

  it('remembers the chosen columns in this browser', async () => {
    const user = userEvent.setup();
    localStorage.clear();
    listRoutes();
    const view = renderList();
    const table = await screen.findByRole('table', { name: 'Devices' });
    expect(within(table).queryByRole('columnheader', { name: 'Warranty end' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Warranty end' }));
    expect(await within(table).findByRole('columnheader', { name: 'Warranty end' })).toBeTruthy();
    view.unmount();

    listRoutes();
    renderList();
    const again = await screen.findByRole('table', { name: 'Devices' });
    expect(await within(again).findByRole('columnheader', { name: 'Warranty end' })).toBeTruthy();
  });
});
