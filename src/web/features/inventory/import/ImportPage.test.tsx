import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DeviceImport, DeviceImportCheck, DeviceImportUploaded } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe, aSite } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { inventoryIds } from '../testing/fixtures.ts';
import { ImportPage } from './ImportPage.tsx';

const uploaded: DeviceImportUploaded = {
  id: inventoryIds.importId,
  fileName: 'devices.csv',
  format: 'csv',
  columns: ['Tag', 'Serial', 'Make', 'Model', 'Site', 'Color'],
  suggestedMapping: {
    Tag: 'assetTag',
    Serial: 'serialNumber',
    Make: 'manufacturer',
    Model: 'modelNumber',
    Site: 'siteCode',
    Color: null,
  },
  rowCount: 3,
  preview: [
    { row: 2, cells: ['A-1', 'S1', 'BD', '8015', 'MAIN', 'blue'] },
    { row: 3, cells: ['A-2', 'S2', 'BD', '8015', 'XYZ', 'red'] },
  ],
};

const problems: DeviceImportCheck = {
  ok: false,
  rowCount: 3,
  problems: [
    { row: 3, column: 'Site', field: 'siteCode', message: 'unknown site code "XYZ"' },
    { row: 4, column: 'Serial', field: 'serialNumber', message: 'duplicates row 2 (same serial and model)' },
  ],
  problemCount: 2,
  truncated: false,
  summary: { deviceCount: 0, generatedAssetTags: 0, newManufacturers: [], newModels: [] },
};

const clean: DeviceImportCheck = {
  ok: true,
  rowCount: 3,
  problems: [],
  problemCount: 0,
  truncated: false,
  summary: { deviceCount: 3, generatedAssetTags: 0, newManufacturers: [], newModels: [] },
};

function anImport(overrides: Partial<DeviceImport>): DeviceImport {
  return {
    id: inventoryIds.importId,
    fileName: 'devices.csv',
    format: 'csv',
    sha256: 'c'.repeat(64),
    sizeBytes: 120,
    rowCount: 3,
    columns: uploaded.columns,
    mapping: null,
    status: 'applying',
    progress: 0.5,
    problems: [],
    problemCount: 0,
    truncated: false,
    result: null,
    error: null,
    createdBy: 'ada.admin@example.org',
    createdAt: '2026-03-02T09:15:00.000Z',
    updatedAt: '2026-03-02T09:15:00.000Z',
    version: 1,
    ...overrides,
  } satisfies DeviceImport;
}

describe('ImportPage', { timeout: 30_000 }, () => {
  it('uploads a file, keeps the suggested mapping and lists the dry run’s problems by row, column and reason', async () => {
    const user = userEvent.setup();
    let checks = 0;
    let polls = 0;
    const fetch = stubFetch({
      'GET /api/v1/sites': { body: { items: [aSite()], nextCursor: null } },
      'GET /api/v1/custom-fields': { body: { items: [] } },
      'POST /api/v1/device-imports': { status: 201, body: uploaded },
      'POST /api/v1/device-imports/:id/dry-run': () => ({ body: checks++ === 0 ? problems : clean }),
      'POST /api/v1/device-imports/:id/apply': {
        status: 202,
        body: anImport({ status: 'queued', progress: 0 }),
      },
      'GET /api/v1/device-imports/:id': () => ({
        body:
          polls++ === 0
            ? anImport({ status: 'applying', progress: 0.5 })
            : anImport({
                status: 'applied',
                progress: 1,
                result: { deviceCount: 3, generatedAssetTags: 1, newManufacturers: [], newModels: [] },
              }),
      }),
    });
    renderPage(<ImportPage />, { me: aMe(), path: '/inventory/import' });

    const input = document.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('no file input');
    await user.upload(input, new File(['Tag,Serial\nA-1,S1\n'], 'devices.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Upload and map columns' }));

    const mapping = within(await screen.findByRole('table', { name: 'Column mapping' }));
    expect(mapping.getByLabelText<HTMLSelectElement>('Field for column Site').value).toBe('siteCode');
    expect(mapping.getByLabelText<HTMLSelectElement>('Field for column Color').value).toBe('');
    const upload = fetch.callsTo('POST', '/api/v1/device-imports')[0];
    expect(upload?.query.get('fileName')).toBe('devices.csv');
    expect(upload?.headers.get('content-type')).toBe('text/csv');

    await user.click(screen.getByRole('button', { name: 'Check the file (dry run)' }));
    const table = within(await screen.findByRole('table', { name: 'Problems in the file' }));
    const rows = table.getAllByRole('row').slice(1);
    expect(rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent))).toEqual([
      ['3', 'Site', 'siteCode', 'unknown site code "XYZ"'],
      ['4', 'Serial', 'serialNumber', 'duplicates row 2 (same serial and model)'],
    ]);
    expect(screen.getByText(/2 problems found; nothing has been imported/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Import \d+ devices$/ })).toBeNull();
    expect(fetch.callsTo('POST', `/api/v1/device-imports/${uploaded.id}/dry-run`)[0]?.body).toEqual({
      mapping: uploaded.suggestedMapping,
      defaults: {},
      createMissingCatalog: false,
    });

    // With the file fixed on the server's side the check passes, and the import runs as a job.
    await user.click(screen.getByRole('button', { name: 'Check the file (dry run)' }));
    await user.click(await screen.findByRole('button', { name: 'Import 3 devices' }));
    expect(await screen.findByText('Import complete', {}, { timeout: 5000 })).toBeTruthy();
    expect(
      screen.getByText(/3 devices were created \(1 with an asset tag numbered from your pattern\)/),
    ).toBeTruthy();
  });
});
