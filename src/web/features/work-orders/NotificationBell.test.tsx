import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Notification, NotificationListResponse } from '../../../contracts/index.ts';
import { stubFetch } from '../../testing/fetch-stub.ts';
import { aMe } from '../../testing/fixtures.ts';
import { renderPage } from '../../testing/render.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { woIds } from './testing/fixtures.ts';

const assigned: Notification = {
  id: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b',
  kind: 'assigned',
  title: 'WO-000101 assigned to you',
  body: 'INV-00042 · Annual PM, due Mar 2, 2026',
  link: `/work-orders/${woIds.wo1}`,
  workOrderId: woIds.wo1,
  createdAt: '2026-03-01T12:00:00.000Z',
  readAt: null,
};

describe('NotificationBell', () => {
  it('shows the unread count, lists notifications and marks one read', async () => {
    const user = userEvent.setup();
    let list: NotificationListResponse = { items: [assigned], nextCursor: null, unreadCount: 1 };
    const fetch = stubFetch({
      'GET /api/v1/notifications': () => ({ body: list }),
      'POST /api/v1/notifications/:id/read': () => {
        const read = { ...assigned, readAt: '2026-03-02T09:00:00.000Z' };
        list = { items: [read], nextCursor: null, unreadCount: 0 };
        return { body: read };
      },
    });
    renderPage(<NotificationBell />, { me: aMe() });

    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    const items = within(await screen.findByRole('list', { name: 'Notifications' }));
    expect(items.getByRole('link', { name: 'WO-000101 assigned to you' }).getAttribute('href')).toBe(
      `/work-orders/${woIds.wo1}`,
    );
    await user.click(items.getByRole('button', { name: 'Mark read' }));
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeTruthy();
    expect(fetch.callsTo('POST', `/api/v1/notifications/${assigned.id}/read`)).toHaveLength(1);
  });

  it('stays out of the way when notifications cannot be loaded', async () => {
    const fetch = stubFetch({ 'GET /api/v1/notifications': { status: 503 } });
    renderPage(<NotificationBell />, { me: aMe() });
    await waitFor(() => expect(fetch.callsTo('GET', '/api/v1/notifications').length).toBeGreaterThan(0));
    expect(screen.queryByRole('button', { name: /Notifications/ })).toBeNull();
  });
});
