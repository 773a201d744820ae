import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../testing/fetch-stub.ts';
import { aMe, ids } from '../../testing/fixtures.ts';
import { renderPage } from '../../testing/render.tsx';
import { RequestRepairPage } from './RequestRepairPage.tsx';
import { aRequestedDevice, aWorkOrderDetail, woIds } from './testing/fixtures.ts';

const nurse = aMe(['work-orders.read', 'work-orders.request', 'inventory.read'], {
  id: ids.tech,
  role: 'clinical_staff',
  displayName: 'Nina Nurse',
});

describe('RequestRepairPage', () => {
  it('sends the request with one Idempotency-Key for the form, the same on a retry after a failure', async () => {
    const user = userEvent.setup();
    let calls = 0;
    const fetch = stubFetch({
      'GET /api/v1/devices/:id': { body: aRequestedDevice() },
      'POST /api/v1/work-orders': () => {
        calls += 1;
        // The first answer is lost on the way (the server may have made the work order).
        return calls === 1
          ? { status: 503 }
          : {
              status: 201,
              body: aWorkOrderDetail({
                kind: 'corrective',
                title: 'Alarm sounds constantly',
                status: 'open',
              }),
            };
      },
    });
    renderPage(<RequestRepairPage />, {
      me: nurse,
      path: '/work-orders/new',
      initialEntries: [`/work-orders/new?deviceId=${woIds.device}`],
      routes: [{ path: '/work-orders/:id', element: <h1>Work order page</h1> }],
    });

    expect(await screen.findByText(/INV-00042 · BD 8015 · Main Campus/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Send request' }));
    expect(screen.getByText('Problem is required')).toBeTruthy();

    await user.type(screen.getByLabelText('Problem'), 'Alarm sounds constantly{enter}Since this morning');
    await user.selectOptions(screen.getByLabelText('Priority'), 'urgent');
    await user.click(screen.getByLabelText(/The device is down/));
    await user.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByRole('alert')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByRole('heading', { name: 'Work order page' })).toBeTruthy();

    const posts = fetch.callsTo('POST', '/api/v1/work-orders');
    expect(posts).toHaveLength(2);
    const key = posts[0]?.headers.get('idempotency-key');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]?.headers.get('idempotency-key')).toBe(key);
    expect(posts[1]?.body).toEqual(posts[0]?.body);
    expect(posts[0]?.body).toEqual({
      deviceId: woIds.device,
      kind: 'corrective',
      priority: 'urgent',
      title: 'Alarm sounds constantly',
      problem: 'Alarm sounds constantly\nSince this morning',
      requesterName: 'Nina Nurse',
      requesterContact: null,
      deviceDown: true,
    });
  });
});
