import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type {
  CreateRiskAssessmentRequest,
  DueWindow,
  EvaluateRiskRequest,
  IncidentRate,
  RiskAssessment,
} from '../../../../contracts/index.ts';
import { stubFetch, type StubRoutes } from '../../../testing/fetch-stub.ts';
import { aMe, anError, ids } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import {
  aDevice,
  aDeviceProfile,
  aDueWindow,
  aPlan,
  aRiskModel,
  anEvaluation,
  maintenanceIds,
} from '../testing/fixtures.ts';
import { DeviceMaintenancePage } from './DeviceMaintenancePage.tsx';

const base: StubRoutes = {
  'GET /api/v1/devices/:id': { body: aDevice() },
  'GET /api/v1/devices/:id/maintenance-profile': { body: aDeviceProfile() },
  'GET /api/v1/risk-models': { body: { items: [aRiskModel()] } },
  'GET /api/v1/devices/:id/maintenance-plans': { body: { items: [aPlan()] } },
};

function renderDevicePage(routes: StubRoutes) {
  const fetch = stubFetch({ ...base, ...routes });
  const user = userEvent.setup();
  renderPage(<DeviceMaintenancePage />, {
    me: aMe(),
    path: '/maintenance/devices/:id',
    initialEntries: [`/maintenance/devices/${maintenanceIds.device}`],
  });
  return { fetch, user };
}

describe('device maintenance page', () => {
  it('evaluates the chosen risk factors live and explains the score with the model caveats', async () => {
    const { fetch, user } = renderDevicePage({
      'GET /api/v1/incident-rate': {
        body: {
          failures: 6,
          unitYears: 5,
          rate: 1.2,
          since: '2024-03-02',
          until: '2026-03-02',
        } satisfies IncidentRate,
      },
      'POST /api/v1/risk-assessments': ({ body }) => ({
        status: 201,
        body: {
          id: maintenanceIds.policy,
          scope: 'device',
          targetId: maintenanceIds.device,
          targetName: 'INV-00042',
          riskModel: anEvaluation().model,
          factorValues: (body as CreateRiskAssessmentRequest).factorValues,
          incidentRate: 1.2,
          incidentSource: 'manual',
          incidentRateReason: 'Life-support pump',
          score: 20,
          band: 'EM 18 or more',
          suggestedInterval: 'P3M',
          suggestedStrategy: 'OEM_INTERVAL',
          includeInPm: true,
          explanation: anEvaluation().explanation,
          rationale: 'Life-support pump',
          assessedBy: { id: ids.admin, name: 'Ada Admin' },
          assessedAt: '2026-03-02T09:15:00.000Z',
          supersededAt: null,
        } satisfies RiskAssessment,
      }),
      'POST /api/v1/risk-models/:id/evaluate': ({ body }) => {
        const request = body as EvaluateRiskRequest;
        return {
          body: anEvaluation({
            score: Object.values(request.factorValues).reduce((a, b) => a + b, 0),
          }),
        };
      },
    });
    // The page reads the device, its profile, the risk models and its plans before the factors show.
    const functionSelect = await screen.findByLabelText('Equipment function', {}, { timeout: 5_000 });
    const risk = within(screen.getByRole('region', { name: 'Score and suggestion' }));
    expect(risk.getByText(/Choose a value for every factor/)).toBeTruthy();

    await user.selectOptions(functionSelect, '10');
    await user.selectOptions(screen.getByLabelText('Physical risk'), '5');
    await user.selectOptions(screen.getByLabelText('Maintenance requirements'), '5');
    expect(screen.getByText('Routine calibration and part replacement')).toBeTruthy();
    // The incident factor comes from the model's failure rate, scored through the model's bands on the server.
    expect(await screen.findByText(/6 failures in 5 unit-years = 1.20 per unit-year/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Use this rate' }));

    expect(await risk.findByText('Score 20')).toBeTruthy();
    expect(risk.getByText('EM 18 or more')).toBeTruthy();
    expect(risk.getByText('Quarterly (P3M)')).toBeTruthy();
    expect(risk.getByText('Manufacturer (OEM) tasks and interval')).toBeTruthy();
    const explanation = within(risk.getByRole('table', { name: 'How the score is made' }));
    expect(explanation.getByText('Therapeutic — life support')).toBeTruthy();
    expect(explanation.getByText('1.2 failures per unit-year: band "About 1 a year"')).toBeTruthy();
    expect(risk.getByText(/High risk does not automatically mean frequent PM/)).toBeTruthy();

    await user.type(screen.getByRole('textbox', { name: 'Rationale' }), 'Life-support pump');
    await user.click(screen.getByRole('button', { name: 'Record this assessment' }));
    await expect.poll(() => fetch.callsTo('POST', '/api/v1/risk-assessments')).toHaveLength(1);
    expect(fetch.callsTo('POST', '/api/v1/risk-assessments')[0]?.body).toEqual({
      scope: 'device',
      targetId: maintenanceIds.device,
      riskModel: maintenanceIds.riskModel,
      factorValues: { function: 10, physicalRisk: 5, maintenance: 5 },
      incidentRate: 1.2,
      incidentRateReason: 'Life-support pump',
      rationale: 'Life-support pump',
    });

    const rateQuery = fetch.callsTo('GET', '/api/v1/incident-rate')[0]?.query;
    expect(rateQuery?.get('targetId')).toBe(maintenanceIds.model);
    expect(rateQuery?.get('months')).toBe('24');
    await expect
      .poll(
        () => fetch.callsTo('POST', `/api/v1/risk-models/${maintenanceIds.riskModel}/evaluate`).at(-1)?.body,
      )
      .toEqual({ factorValues: { function: 10, physicalRisk: 5, maintenance: 5 }, incidentRate: 1.2 });
  });

  it('previews the due window of the plan being edited from the tolerance table', async () => {
    const { fetch, user } = renderDevicePage({
      'GET /api/v1/maintenance/due-window': ({ query }) => ({
        body:
          query.get('interval') === 'P6M'
            ? aDueWindow({
                interval: 'P6M',
                due: '2026-09-15',
                earliest: '2026-08-26',
                latest: '2026-10-05',
                tolerance: {
                  interval: 'P6M',
                  label: 'Semi-annual',
                  window: { kind: 'days', days: 20 },
                  confidence: 'C',
                  citation: 'CMS S&C 14-07',
                },
              } satisfies Partial<DueWindow>)
            : aDueWindow(),
      }),
    });
    const plans = within(await screen.findByRole('table', { name: 'Maintenance plans' }, { timeout: 5_000 }));
    expect(plans.getByText('Annual (P1Y)')).toBeTruthy();
    await user.click(plans.getByRole('button', { name: 'Edit Annual PM' }));

    const preview = within(await screen.findByRole('region', { name: 'Due window preview' }));
    expect(await preview.findByText(/Annual, ±30 days \[C\]/)).toBeTruthy();
    expect(preview.getByText(/Tolerance table version 1, edition 2026-01/)).toBeTruthy();
    const first = fetch.callsTo('GET', '/api/v1/maintenance/due-window')[0];
    expect(first?.query.get('interval')).toBe('P1Y');
    expect(first?.query.get('lastCompleted')).toBe('2026-03-15');
    expect(first?.query.get('anchor')).toBe('last_completion');

    await user.click(screen.getByRole('radio', { name: 'Semi-annual' }));
    expect(await preview.findByText(/Semi-annual, ±20 days \[C\]/)).toBeTruthy();
    expect(fetch.callsTo('GET', '/api/v1/maintenance/due-window').at(-1)?.query.get('interval')).toBe('P6M');
  });

  it("shows the server's reasons when the AEM strategy is refused", async () => {
    const { fetch, user } = renderDevicePage({
      'PUT /api/v1/maintenance-profiles/:scope/:targetId': {
        status: 409,
        body: anError('AEM_NOT_ALLOWED', 'AEM is not allowed for INV-00042.', [
          { field: 'MEDICAL_LASER', message: 'Medical laser: lasers are excluded from AEM (CMS S&C 14-07).' },
          {
            field: 'INSUFFICIENT_HISTORY',
            message: 'Insufficient history: 4 units of the model; the policy needs 5.',
          },
        ]),
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Change profile' }, { timeout: 5_000 }));
    const form = within(screen.getByRole('form', { name: 'Change maintenance profile' }));
    await user.selectOptions(form.getByLabelText('Maintenance strategy'), 'AEM_INTERVAL');
    await user.type(form.getByRole('textbox', { name: /Reason for the change/ }), 'AEM program review');
    await user.click(form.getByRole('button', { name: 'Save profile' }));

    const alert = within(await screen.findByRole('alert'));
    expect(alert.getByText('AEM is not allowed here')).toBeTruthy();
    expect(alert.getByText(/Medical laser: lasers are excluded from AEM/)).toBeTruthy();
    expect(alert.getByText(/Insufficient history: 4 units of the model/)).toBeTruthy();
    const put = fetch.callsTo('PUT', `/api/v1/maintenance-profiles/device/${maintenanceIds.device}`)[0];
    expect(put?.body).toMatchObject({ version: 0, reason: 'AEM program review', strategy: 'AEM_INTERVAL' });
  });
});
