import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { BulkAssignRequest, ScheduleRun, WorkOrder } from '../../../../contracts/index.ts';
import { stubFetch } from '../../../testing/fetch-stub.ts';
import { aMe, aUser, anError, ids } from '../../../testing/fixtures.ts';
import { renderPage } from '../../../testing/render.tsx';
import { aForecast, aWorkOrder, maintenanceIds } from '../testing/fixtures.ts';
import { CalendarPage } from './CalendarPage.tsx';

const tech = aUser({ id: ids.tech, displayName: 'Tia Tech', role: 'technician', email: 'tia@example.org' });

function march(): WorkOrder[] {
  return [
    aWorkOrder({ id: maintenanceIds.wo1, number: 'WO-000101', dueDate: '2026-03-10', version: 4 }),
    aWorkOrder({ id: maintenanceIds.wo2, number: 'WO-000102', dueDate: '2026-03-10', version: 2 }),
    aWorkOrder({ id: maintenanceIds.wo3, number: 'WO-000103', dueDate: '2026-03-24', version: 1 }),
  ];
}

const desktopMatchMedia = Object.getOwnPropertyDescriptor(window, 'matchMedia');

/** Answers media queries as a 375 px wide phone would (Mantine's "below sm" queries match). */
function onPhone() {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    writable: true,
    value: (query: string) => ({
      matches: query.includes('max-width'),
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
      ['addListener']: () => undefined,
      ['removeListener']: () => undefined,
    }),
  });
}

describe('calendar and workload', () => {
  afterEach(() => {
    if (desktopMatchMedia) Object.defineProperty(window, 'matchMedia', desktopMatchMedia);
  });

  it('shows the month as a list of days on a phone, with the same selection', async () => {
    onPhone();
    stubFetch({
      'GET /api/v1/work-orders': { body: { items: march(), nextCursor: null } },
      'GET /api/v1/users': { body: { items: [tech], nextCursor: null } },
    });
    renderPage(<CalendarPage />, {
      me: aMe(),
      path: '/maintenance/calendar',
      initialEntries: ['/maintenance/calendar?month=2026-03'],
    });
    const agenda = within(await screen.findByRole('list', { name: 'Scheduled work in March 2026' }));
    const days = await agenda.findAllByRole('listitem');
    // Two days carry work: the 10th (two work orders) and the 24th.
    expect(days).toHaveLength(2);
    expect(within(days[0] as HTMLElement).getAllByRole('checkbox')).toHaveLength(2);
    expect(screen.queryByRole('table', { name: 'Scheduled work in March 2026' })).toBeNull();
  });

  it('assigns the selected work orders to a technician in one request with their versions', async () => {
    let work = march();
    const fetch = stubFetch({
      'GET /api/v1/work-orders': () => ({ body: { items: work, nextCursor: null } }),
      'GET /api/v1/users': { body: { items: [tech], nextCursor: null } },
      'POST /api/v1/work-orders/bulk-assign': ({ body }) => {
        const request = body as BulkAssignRequest;
        const chosen = new Set(request.items.map((i) => i.id));
        work = work.map((wo) =>
          chosen.has(wo.id)
            ? {
                ...wo,
                status: 'assigned',
                assignedUserId: ids.tech,
                assignedUserName: 'Tia Tech',
                version: wo.version + 1,
              }
            : wo,
        );
        return { body: { items: work.filter((wo) => chosen.has(wo.id)) } };
      },
    });
    const user = userEvent.setup();
    renderPage(<CalendarPage />, {
      me: aMe(),
      path: '/maintenance/calendar',
      initialEntries: ['/maintenance/calendar?month=2026-03'],
    });

    const calendar = within(await screen.findByRole('table', { name: 'Scheduled work in March 2026' }));
    expect(await calendar.findByText('WO-000101 INV-00042')).toBeTruthy();
    const query = fetch.callsTo('GET', '/api/v1/work-orders')[0]?.query;
    expect(query?.get('dueFrom')).toBe('2026-03-01');
    expect(query?.get('dueTo')).toBe('2026-03-31');
    expect(query?.get('status')).toBe('open,assigned,in_progress,on_hold');

    await user.click(calendar.getByRole('checkbox', { name: 'Select WO-000101 INV-00042' }));
    await user.click(calendar.getByRole('checkbox', { name: 'Select WO-000103 INV-00042' }));
    const bar = within(screen.getByRole('region', { name: 'Assign selected work' }));
    await user.selectOptions(bar.getByLabelText('Technician'), 'Tia Tech');
    await user.click(bar.getByRole('button', { name: 'Assign 2 selected' }));

    expect(await bar.findByText('Assigned 2 work orders to Tia Tech.')).toBeTruthy();
    expect(fetch.callsTo('POST', '/api/v1/work-orders/bulk-assign')[0]?.body).toEqual({
      items: [
        { id: maintenanceIds.wo1, version: 4 },
        { id: maintenanceIds.wo3, version: 1 },
      ],
      assignedUserId: ids.tech,
    });
    // The month is read again: the assigned ones now name the technician, the other stays unassigned.
    expect(await calendar.findAllByText('Tia Tech')).toHaveLength(2);
    expect(calendar.getAllByText('Unassigned')).toHaveLength(1);
    expect(bar.getByRole('button', { name: 'Assign 0 selected' })).toBeTruthy();
  });

  it('says nothing was assigned when one work order changed meanwhile', async () => {
    stubFetch({
      'GET /api/v1/work-orders': { body: { items: march(), nextCursor: null } },
      'GET /api/v1/users': { body: { items: [tech], nextCursor: null } },
      'POST /api/v1/work-orders/bulk-assign': {
        status: 409,
        body: anError('VERSION_CONFLICT', 'WO-000102 was changed by someone else; reload and try again.'),
      },
    });
    const user = userEvent.setup();
    renderPage(<CalendarPage />, {
      me: aMe(),
      path: '/maintenance/calendar',
      initialEntries: ['/maintenance/calendar?month=2026-03'],
    });
    await user.click(await screen.findByRole('checkbox', { name: 'Select WO-000102 INV-00042' }));
    await user.selectOptions(screen.getByLabelText('Technician'), 'Tia Tech');
    await user.click(screen.getByRole('button', { name: 'Assign 1 selected' }));
    const alert = within(await screen.findByRole('alert'));
    expect(alert.getByText('Nothing was assigned')).toBeTruthy();
    expect(alert.getByText(/WO-000102 was changed by someone else/)).toBeTruthy();
  });

  it('shows the workload forecast by the chosen grouping and runs the schedule on demand', async () => {
    const fetch = stubFetch({
      'GET /api/v1/maintenance/forecast': ({ query }) => ({
        body:
          query.get('groupBy') === 'shop'
            ? aForecast({
                groupBy: 'shop',
                rows: [
                  {
                    key: 'Biomed',
                    label: 'Biomed',
                    scheduledCount: 3,
                    scheduledHours: 4.5,
                    projectedCount: 4,
                    projectedHours: 6,
                    totalHours: 10.5,
                  },
                ],
              })
            : aForecast(),
      }),
      'POST /api/v1/maintenance/schedule-runs': {
        status: 201,
        body: {
          id: maintenanceIds.policy,
          through: '2026-06-01',
          horizonDays: 90,
          startedAt: '2026-03-03T08:00:00.000Z',
          finishedAt: '2026-03-03T08:00:02.000Z',
          created: 12,
          cancelled: 1,
          held: 2,
          plansConsidered: 40,
          toleranceReferenceId: maintenanceIds.tolerance,
          actor: 'ada.admin@example.org',
        } satisfies ScheduleRun,
      },
    });
    const user = userEvent.setup();
    renderPage(<CalendarPage />, {
      me: aMe(),
      path: '/maintenance/calendar',
      initialEntries: ['/maintenance/calendar?view=workload'],
    });
    const byMonth = within(await screen.findByRole('table', { name: 'Workload by month' }));
    expect(byMonth.getByText('April 2026')).toBeTruthy();
    expect(byMonth.getByText('7.5')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Shop' }));
    const byShop = within(await screen.findByRole('table', { name: 'Workload by shop' }));
    expect(byShop.getByText('Biomed')).toBeTruthy();
    expect(fetch.callsTo('GET', '/api/v1/maintenance/forecast').at(-1)?.query.get('groupBy')).toBe('shop');

    await user.click(screen.getByRole('button', { name: 'Run schedule now' }));
    expect(await screen.findByText(/12 created, 1 cancelled,\s+2 held/)).toBeTruthy();
  });

  it('offers neither assignment nor a schedule run to people without those permissions', async () => {
    stubFetch({ 'GET /api/v1/work-orders': { body: { items: march(), nextCursor: null } } });
    renderPage(<CalendarPage />, {
      me: aMe(['maintenance.read', 'work-orders.read']),
      path: '/maintenance/calendar',
      initialEntries: ['/maintenance/calendar?month=2026-03'],
    });
    expect(await screen.findByText('WO-000101 INV-00042')).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Run schedule now' })).toBeNull();
  });
});
