import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../testing/fetch-stub.ts';
import { aMe, anError, ids } from '../../testing/fixtures.ts';
import { renderPage } from '../../testing/render.tsx';
import { MyWorkPage } from './MyWorkPage.tsx';
import { aMyWork, aWorkOrder, aWorkOrderDetail, woIds } from './testing/fixtures.ts';

const techMe = aMe(['work-orders.read', 'work-orders.perform'], {
  id: ids.tech,
  role: 'technician',
  displayName: 'Tia Tech',
});

const overdue = aWorkOrder({
  id: woIds.wo2,
  number: 'WO-000099',
  title: 'Electrical safety test',
  overdue: true,
  dueDate: '2026-02-10',
  windowStart: '2026-02-01',
  windowEnd: '2026-02-20',
  priority: 'high',
  device: { ...aWorkOrder().device, assetTag: 'INV-00007', building: 'Tower B', floor: '1', room: '101' },
});
const today = aWorkOrder();
const sameRoomLater = aWorkOrder({
  id: woIds.wo3,
  number: 'WO-000102',
  title: 'Battery check',
  status: 'in_progress',
  dueDate: '2026-03-09',
  windowStart: null,
  windowEnd: null,
});

function renderMyWork() {
  return renderPage(<MyWorkPage />, {
    me: techMe,
    path: '/my-work',
    routes: [{ path: '/work-orders/:id', element: <h1>Work order page</h1> }],
  });
}

describe('MyWorkPage', () => {
  it('shows overdue, today and upcoming work grouped by location, each card with device, model, due window and priority', async () => {
    const fetch = stubFetch({
      'GET /api/v1/work-orders/my-work': {
        body: aMyWork({ overdue: [overdue], dueToday: [today], upcoming: [sameRoomLater] }),
      },
    });
    renderMyWork();

    const overdueRegion = within(await screen.findByRole('region', { name: 'Overdue (1)' }));
    expect(overdueRegion.getByText('Main Campus · Tower B · Floor 1 · Room 101')).toBeTruthy();
    const card = within(overdueRegion.getByRole('article'));
    expect(card.getByRole('link', { name: 'INV-00007 · Electrical safety test' })).toBeTruthy();
    expect(card.getByText('BD Alaris PC unit · SN SN123')).toBeTruthy();
    expect(card.getByText(/Overdue · Due Feb 10, 2026 \(window Feb 1, 2026 – Feb 20, 2026\)/)).toBeTruthy();
    expect(card.getByText('High')).toBeTruthy();
    expect(card.getByText(/Preventive maintenance/)).toBeTruthy();

    const todayRegion = within(screen.getByRole('region', { name: 'Today (1)' }));
    expect(todayRegion.getByText('Main Campus · Tower A · Floor 3 · Room 312')).toBeTruthy();
    expect(todayRegion.getByRole('button', { name: 'Start WO-000101 (INV-00042)' })).toBeTruthy();

    // Work already in progress offers no Start.
    const upcoming = within(screen.getByRole('region', { name: 'Upcoming (1)' }));
    expect(upcoming.queryByRole('button', { name: /^Start/ })).toBeNull();

    // The caller's own calendar day is sent, so "today" is the technician's today.
    expect(fetch.callsTo('GET', '/api/v1/work-orders/my-work')[0]?.query.get('today')).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
  });

  it('starts a work order with its version and opens it', async () => {
    const user = userEvent.setup();
    const fetch = stubFetch({
      'GET /api/v1/work-orders/my-work': { body: aMyWork({ dueToday: [today] }) },
      'POST /api/v1/work-orders/:id/start': {
        body: aWorkOrderDetail({ status: 'in_progress', version: 5 }),
      },
    });
    renderMyWork();

    await user.click(await screen.findByRole('button', { name: 'Start WO-000101 (INV-00042)' }));
    expect(await screen.findByRole('heading', { name: 'Work order page' })).toBeTruthy();
    expect(fetch.callsTo('POST', `/api/v1/work-orders/${woIds.wo1}/start`)[0]?.body).toEqual({ version: 4 });
  });

  it('says when nothing is assigned', async () => {
    stubFetch({ 'GET /api/v1/work-orders/my-work': { body: aMyWork() } });
    renderMyWork();
    expect(await screen.findByText('Nothing assigned to you')).toBeTruthy();
  });

  it('shows a refused start and stays on My work', async () => {
    const user = userEvent.setup();
    stubFetch({
      'GET /api/v1/work-orders/my-work': { body: aMyWork({ dueToday: [today] }) },
      'POST /api/v1/work-orders/:id/start': {
        status: 409,
        body: anError('INVALID_TRANSITION', 'A cancelled work order cannot start'),
      },
    });
    renderMyWork();
    await user.click(await screen.findByRole('button', { name: 'Start WO-000101 (INV-00042)' }));
    expect(await screen.findByText('A cancelled work order cannot start')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'My work' })).toBeTruthy();
  });
});
