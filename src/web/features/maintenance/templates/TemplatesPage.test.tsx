import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Model, PlanTemplate } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { maintenanceIds } from '../testing/fixtures.ts';
import { TemplatesPage } from './TemplatesPage.tsx';

const model = {
  id: maintenanceIds.model,
  manufacturer: { id: '12121212-1212-4121-8121-121212121212', name: 'BD' },
  modelNumber: '8015',
  name: 'Alaris PC unit',
  deviceType: null,
  identifiers: [],
  endOfSale: null,
  endOfSupport: null,
  active: true,
  version: 1,
} satisfies Model;

function aTemplate(overrides: Partial<PlanTemplate> = {}): PlanTemplate {
  return {
    id: maintenanceIds.plan,
    scope: 'model',
    deviceType: null,
    model: { id: maintenanceIds.model, name: 'Alaris PC unit', modelNumber: '8015' },
    name: 'Semi-annual PM',
    tasks: [{ key: 'task-1', text: 'Occlusion test' }],
    procedureReference: null,
    interval: 'P6M',
    meterInterval: null,
    meterUnit: null,
    anchor: 'last_completion',
    basis: 'manufacturer',
    basisDocument: 'Service manual',
    basisDocumentVersion: 'Rev. 7',
    aemAssessmentId: null,
    basisReference: null,
    estimatedHours: 1,
    shop: 'Biomed',
    active: true,
    retiredAt: null,
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-01-05T08:00:00.000Z',
    version: 1,
    ...overrides,
  } satisfies PlanTemplate;
}

describe('plan templates', () => {
  it('creates a template for a model with an interval picked as words and sent as ISO 8601', async () => {
    const fetch = stubFetch({
      'GET /api/v1/plan-templates': { body: { items: [], nextCursor: null } },
      'GET /api/v1/models': { body: { items: [model], nextCursor: null } },
      'POST /api/v1/plan-templates': { status: 201, body: aTemplate() },
    });
    const user = userEvent.setup();
    renderPage(<TemplatesPage />, { me: aMe(), path: '/maintenance/templates' });
    await user.click(await screen.findByRole('button', { name: 'New template' }));
    const form = within(await screen.findByRole('form', { name: 'New template' }));

    await user.click(form.getByRole('button', { name: 'Create template' }));
    expect(await form.findByText('Choose the model')).toBeTruthy();
    expect(form.getByText('Plan name is required')).toBeTruthy();
    expect(fetch.callsTo('POST', '/api/v1/plan-templates')).toHaveLength(0);

    await user.click(form.getByRole('combobox', { name: 'Model' }));
    await user.click(await screen.findByRole('option', { name: 'BD 8015 — Alaris PC unit' }));
    await user.type(form.getByRole('textbox', { name: 'Plan name' }), 'Semi-annual PM');
    await user.type(form.getByRole('textbox', { name: 'Tasks' }), 'Occlusion test');
    await user.click(form.getByRole('radio', { name: 'Semi-annual' }));
    await user.type(form.getByRole('textbox', { name: 'Manufacturer document' }), 'Service manual');
    await user.click(form.getByRole('button', { name: 'Create template' }));

    await expect.poll(() => fetch.callsTo('POST', '/api/v1/plan-templates')).toHaveLength(1);
    expect(fetch.callsTo('POST', '/api/v1/plan-templates')[0]?.body).toMatchObject({
      modelId: maintenanceIds.model,
      name: 'Semi-annual PM',
      tasks: [{ key: 'task-1', text: 'Occlusion test' }],
      interval: 'P6M',
      anchor: 'last_completion',
      basis: 'manufacturer',
      basisDocument: 'Service manual',
    });
  });
});
