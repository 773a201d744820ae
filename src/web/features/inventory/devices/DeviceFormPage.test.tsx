import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Device, Model } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe, aSite, anError, ids } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { aDevice, aModel, aUdiResult, inventoryIds } from '../testing/fixtures.ts';
import { NewDevicePage } from './DeviceFormPage.tsx';

function formRoutes(onCreate: () => { status: number; body: unknown }) {
  return stubFetch({
    'GET /api/v1/sites': { body: { items: [aSite()], nextCursor: null } },
    'GET /api/v1/custom-fields': { body: { items: [] } },
    'GET /api/v1/models': { body: { items: [aModel() satisfies Model], nextCursor: null } },
    'POST /api/v1/udi/parse': ({ body }) => {
      const code = (body as { code: string }).code;
      return code.includes('00885403123453')
        ? {
            body: aUdiResult({
              raw: code,
              deviceIdentifier: null,
              errors: [
                {
                  code: 'GTIN_CHECK_DIGIT',
                  message: 'GTIN 00885403123453: wrong check digit 3, expected 2',
                  position: 17,
                  expected: '2',
                },
              ],
            }),
          }
        : { body: aUdiResult({ raw: code }) };
    },
    'POST /api/v1/devices': () => onCreate(),
  });
}

function renderForm() {
  return renderPage(<NewDevicePage />, {
    me: aMe(),
    path: '/inventory/devices/new',
    routes: [{ path: '/inventory/devices/:id', element: <h1>Device page</h1> }],
  });
}

async function chooseModelAndSite(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('combobox', { name: 'Model' }));
  await user.click(await screen.findByRole('option', { name: /BD 8015/ }));
  await user.click(screen.getByRole('combobox', { name: 'Site' }));
  await user.click(await screen.findByRole('option', { name: 'Main Campus (MAIN)' }));
}

describe('NewDevicePage', { timeout: 30_000 }, () => {
  it('shows the server’s field error under the field it names', async () => {
    const user = userEvent.setup();
    const fetch = formRoutes(() => ({
      status: 409,
      body: anError('ALREADY_EXISTS', 'A device with this serial number already exists', [
        { field: 'serialNumber', message: 'is already used by INV-00012 for this model' },
      ]),
    }));
    renderForm();

    await screen.findByRole('form', { name: 'New device' });
    await user.click(screen.getByRole('button', { name: 'Create device' }));
    expect(screen.getByText('Choose a model')).toBeTruthy();
    expect(screen.getByText('Choose a site')).toBeTruthy();
    expect(fetch.callsTo('POST', '/api/v1/devices')).toHaveLength(0);

    await chooseModelAndSite(user);
    await user.type(screen.getByRole('textbox', { name: 'Serial number' }), 'SN-77');
    await user.click(screen.getByRole('button', { name: 'Create device' }));

    const serial = screen.getByRole('textbox', { name: 'Serial number' });
    expect(await screen.findByText('Serial number is already used by INV-00012 for this model')).toBeTruthy();
    expect(serial.getAttribute('aria-invalid')).toBe('true');
    const describedBy = serial.getAttribute('aria-describedby') ?? '';
    expect(
      document.getElementById(describedBy.split(' ').find((id) => id.includes('error')) ?? '')?.textContent,
    ).toBe('Serial number is already used by INV-00012 for this model');
    // The message is not repeated in the alert above the form, which keeps the general message.
    const alert = within(screen.getByRole('alert'));
    expect(alert.getByText('A device with this serial number already exists')).toBeTruthy();
    expect(alert.queryByText(/INV-00012/)).toBeNull();
    expect(fetch.callsTo('POST', '/api/v1/devices')[0]?.body).toEqual({
      modelId: inventoryIds.model,
      siteId: ids.siteMain,
      serialNumber: 'SN-77',
      ownership: 'owned',
      serviceProvider: 'in_house',
      networkConnected: false,
      status: 'received',
      customFields: {},
    });
  });

  it('previews a typed UDI, names the expected check digit, and creates the device', async () => {
    const user = userEvent.setup();
    const created: Device = aDevice({ id: inventoryIds.device2 });
    const fetch = formRoutes(() => ({ status: 201, body: created }));
    const { router } = renderForm();
    await screen.findByRole('form', { name: 'New device' });

    const udi = screen.getByRole('textbox', { name: 'UDI' });
    await user.click(udi);
    await user.paste('(01)00885403123453(21)SN123');
    const preview = within(await screen.findByRole('region', { name: 'UDI preview' }));
    expect(
      await preview.findByText('GTIN 00885403123453: wrong check digit 3, expected 2, at character 18'),
    ).toBeTruthy();

    await user.clear(udi);
    await user.paste('(01)00885403123452(21)SN123');
    await user.click(await screen.findByRole('button', { name: 'Use serial number SN123' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Serial number' }).value).toBe('SN123');

    await chooseModelAndSite(user);
    await user.click(screen.getByRole('button', { name: 'Create device' }));
    expect(await screen.findByRole('heading', { name: 'Device page' })).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/inventory/devices/${created.id}`);
    expect(fetch.callsTo('POST', '/api/v1/devices')[0]?.body).toMatchObject({
      udi: '(01)00885403123452(21)SN123',
      serialNumber: 'SN123',
    });
  });
});
