import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Device, DeviceHistoryResponse } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe, aSite, anError } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { aDevice, aDocument, aStatusChange, aUdiResult } from '../testing/fixtures.ts';
import { DevicePage } from './DevicePage.tsx';

const device = aDevice({
  udiRaw: '(01)00885403123452(21)SN123',
  udiDeviceIdentifier: '00885403123452',
  udi: aUdiResult(),
});
const history: DeviceHistoryResponse = {
  items: [
    aStatusChange(),
    aStatusChange({
      id: '9a0b1c2d-3e4f-4051-8627-38495a6b7c8d',
      fromStatus: 'received',
      toStatus: 'in_service',
      reason: 'Incoming inspection passed',
      actor: 'ben.tech@example.org',
      occurredAt: '2024-05-20T14:00:00.000Z',
    }),
  ],
};

function deviceRoutes(onStatus?: () => { status: number; body: unknown }) {
  return stubFetch({
    'GET /api/v1/devices/:id': { body: device satisfies Device },
    'GET /api/v1/devices/:id/history': { body: history },
    'GET /api/v1/devices/:id/documents': { body: { items: [aDocument()] } },
    'GET /api/v1/sites/:id': { body: aSite({ timeZone: 'America/Chicago' }) },
    'GET /api/v1/custom-fields': { body: { items: [] } },
    'POST /api/v1/devices/:id/status': () => onStatus?.() ?? { status: 500, body: undefined },
  });
}

function renderDevice() {
  return renderPage(<DevicePage />, {
    me: aMe(),
    path: '/inventory/devices/:id',
    initialEntries: [`/inventory/devices/${device.id}`],
  });
}

describe('DevicePage', { timeout: 20_000 }, () => {
  it('shows the summary, the parsed UDI and the lifecycle timeline in the site time zone', async () => {
    deviceRoutes();
    renderDevice();

    expect(await screen.findByRole('heading', { level: 1, name: 'INV-00042' })).toBeTruthy();
    const udi = within(screen.getByRole('region', { name: 'UDI' }));
    expect(udi.getByText('00885403123452')).toBeTruthy();
    expect(udi.getAllByText('SN123').length).toBeGreaterThan(0);

    const timeline = await screen.findByRole('list', { name: 'Lifecycle history' });
    const entries = within(timeline).getAllByRole('listitem');
    expect(entries).toHaveLength(2);
    // Newest first, with actor, reason, and the time as the site sees it (14:00 UTC is 9:00 CDT).
    expect(entries[0]?.textContent).toContain('Incoming inspection passed');
    expect(entries[0]?.textContent).toContain('ben.tech@example.org');
    expect(entries[0]?.textContent).toMatch(/9:00\sAM CDT/);
    expect(entries[1]?.textContent).toContain('Delivered');
    expect(screen.getByText(/Times are shown in Main Campus's time zone \(America\/Chicago\)/)).toBeTruthy();

    expect(screen.getByRole('link', { name: 'Print label' }).getAttribute('href')).toBe(
      `/api/v1/devices/${device.id}/label.pdf`,
    );
    expect(screen.getByRole('link', { name: 'Operator manual' })).toBeTruthy();
  });

  it('offers only the statuses the lifecycle allows next, and shows the server refusing a change', async () => {
    const user = userEvent.setup();
    const fetch = deviceRoutes(() => ({
      status: 409,
      body: anError('INVALID_TRANSITION', 'A disposed device cannot change status'),
    }));
    renderDevice();

    const form = within(await screen.findByRole('form', { name: 'Change status' }));
    const select = form.getByLabelText('New status');
    const offered = within(select)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(offered).toEqual(['Choose…', 'Out of service', 'Missing', 'Inactive / stored', 'Retired']);

    await user.click(form.getByRole('button', { name: 'Change status' }));
    expect(form.getByText('Reason is required')).toBeTruthy();
    expect(fetch.callsTo('POST', `/api/v1/devices/${device.id}/status`)).toHaveLength(0);

    await user.selectOptions(select, 'retired');
    await user.type(form.getByLabelText('Reason'), 'Beyond economical repair');
    await user.click(form.getByRole('button', { name: 'Change status' }));

    expect(await form.findByText('A disposed device cannot change status')).toBeTruthy();
    expect(fetch.callsTo('POST', `/api/v1/devices/${device.id}/status`)[0]?.body).toEqual({
      version: 3,
      status: 'retired',
      reason: 'Beyond economical repair',
    });
  });

  it('says a disposed device has no next status', async () => {
    stubFetch({
      'GET /api/v1/devices/:id': { body: aDevice({ status: 'disposed' }) },
      'GET /api/v1/devices/:id/history': { body: { items: [] } },
      'GET /api/v1/devices/:id/documents': { body: { items: [] } },
      'GET /api/v1/sites/:id': { body: aSite() },
      'GET /api/v1/custom-fields': { body: { items: [] } },
    });
    renderDevice();
    expect(await screen.findByText(/Disposed is final/)).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Change status' })).toBeNull();
  });
});
