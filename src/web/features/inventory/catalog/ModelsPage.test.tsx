import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DeviceType, Manufacturer, Model } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { aModel, inventoryIds } from '../testing/fixtures.ts';
import { DeviceTypesPage } from './DeviceTypesPage.tsx';
import { ModelsPage } from './ModelsPage.tsx';

const manufacturer: Manufacturer = {
  id: inventoryIds.manufacturer,
  name: 'BD',
  normalizedName: 'bd',
  aliases: ['Becton Dickinson', 'CareFusion'],
  website: null,
  active: true,
  modelCount: 1,
  version: 1,
};

function aDeviceType(overrides: Partial<DeviceType> = {}): DeviceType {
  return {
    id: inventoryIds.deviceType,
    source: 'fda',
    productCode: 'FRN',
    name: 'Pump, Infusion',
    deviceClass: '2',
    regulationNumber: '880.5725',
    reviewPanel: 'HO',
    medicalSpecialty: 'General Hospital',
    lifeSustaining: false,
    implant: false,
    gmdnCode: null,
    umdnsCode: null,
    datasetEdition: '2026-01',
    active: true,
    version: 1,
    ...overrides,
  } satisfies DeviceType;
}

describe('catalog pages', { timeout: 30_000 }, () => {
  it('creates a model with its manufacturer, FDA device type and UDI device identifiers', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({
      'GET /api/v1/models': { body: { items: [aModel()], nextCursor: null } },
      'GET /api/v1/manufacturers': { body: { items: [manufacturer], nextCursor: null } },
      'GET /api/v1/device-types': { body: { items: [aDeviceType()], nextCursor: null } },
      'POST /api/v1/models': { status: 201, body: aModel() satisfies Model },
    });
    renderPage(<ModelsPage />, { me: aMe(), path: '/inventory/models' });

    const table = await screen.findByRole('table', { name: 'Models' });
    expect(within(table).getByText('00885403123452')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'New model' }));
    const form = within(await screen.findByRole('form', { name: 'New model' }));
    await user.click(form.getByRole('combobox', { name: 'Manufacturer' }));
    await user.click(await screen.findByRole('option', { name: 'BD' }));
    await user.type(form.getByRole('textbox', { name: 'Model number' }), '8100');
    await user.type(form.getByRole('textbox', { name: 'Name' }), 'Alaris pump module');
    await user.click(form.getByRole('combobox', { name: 'Device type' }));
    await user.click(await screen.findByRole('option', { name: 'FRN · Pump, Infusion (Class II)' }));
    await user.type(
      form.getByRole('combobox', { name: 'UDI device identifiers (DIs)' }),
      '00885403123452{Enter}',
    );
    await user.type(form.getByLabelText('End of support'), '2031-06-30');
    await user.click(form.getByRole('button', { name: 'Create' }));

    await screen.findByRole('button', { name: 'New model' });
    expect(fetch.callsTo('POST', '/api/v1/models')[0]?.body).toEqual({
      manufacturerId: inventoryIds.manufacturer,
      modelNumber: '8100',
      name: 'Alaris pump module',
      deviceTypeId: inventoryIds.deviceType,
      deviceIdentifiers: ['00885403123452'],
      endOfSale: null,
      endOfSupport: '2031-06-30',
    });
  });

  it('lists FDA device types read-only and lets the organization edit its own', async () => {
    const user = userEvent.setup();
    const own = aDeviceType({
      id: '0a1b2c3d-4e5f-4607-8819-2a3b4c5d6e7f',
      source: 'organization',
      productCode: null,
      name: 'Patient lift',
      deviceClass: null,
      regulationNumber: null,
      datasetEdition: null,
    });
    const fetch = stubFetch({
      'GET /api/v1/device-types': { body: { items: [aDeviceType(), own], nextCursor: null } },
    });
    renderPage(<DeviceTypesPage />, { me: aMe(), path: '/inventory/device-types' });

    const table = within(await screen.findByRole('table', { name: 'Device types' }));
    expect(table.getByText('21 CFR 880.5725')).toBeTruthy();
    expect(table.queryByRole('button', { name: 'Edit Pump, Infusion' })).toBeNull();
    expect(table.getByRole('button', { name: 'Edit Patient lift' })).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Source'), 'organization');
    await user.type(screen.getByLabelText('Search device types'), 'lift');
    await screen.findByRole('table', { name: 'Device types' });
    await expect.poll(() => fetch.callsTo('GET', '/api/v1/device-types').at(-1)?.query.get('q')).toBe('lift');
    expect(fetch.callsTo('GET', '/api/v1/device-types').at(-1)?.query.get('source')).toBe('organization');
  });
});
