import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WorkOrderDetail } from '../../../contracts/index.ts';
import { stubFetch } from '../../testing/fetch-stub.ts';
import { aMe, aSite, anError, ids } from '../../testing/fixtures.ts';
import { renderPage } from '../../testing/render.tsx';
import { WorkOrderPage } from './WorkOrderPage.tsx';
import { aSignature, aWorkOrderDetail, woIds } from './testing/fixtures.ts';

const techMe = aMe(['work-orders.read', 'work-orders.perform'], {
  id: ids.tech,
  role: 'technician',
  displayName: 'Tia Tech',
});

const inProgress = aWorkOrderDetail({
  status: 'in_progress',
  startedAt: '2026-03-02T14:00:00.000Z',
  allowedActions: ['edit', 'hold', 'complete', 'labor', 'parts'],
});

function renderWorkOrder() {
  return renderPage(<WorkOrderPage />, {
    me: techMe,
    path: '/work-orders/:id',
    initialEntries: [`/work-orders/${woIds.wo1}`],
  });
}

describe('WorkOrderPage', () => {
  it('offers only the allowed actions', async () => {
    stubFetch({
      'GET /api/v1/work-orders/:id': { body: inProgress satisfies WorkOrderDetail },
      'GET /api/v1/sites/:id': { body: aSite() },
    });
    renderWorkOrder();
    const toolbar = within(await screen.findByRole('toolbar', { name: 'Work order actions' }));
    expect(toolbar.getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Complete and sign',
      'Put on hold',
    ]);
  });

  it('signs the completion: printed name and meaning shown, a wrong password is shown on the password field', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    let current: WorkOrderDetail = inProgress;
    const fetch = stubFetch({
      'GET /api/v1/work-orders/:id': () => ({ body: current }),
      'GET /api/v1/sites/:id': { body: aSite({ timeZone: 'America/Chicago' }) },
      'POST /api/v1/work-orders/:id/complete': () => {
        attempts += 1;
        return attempts === 1
          ? { status: 403, body: anError('SIGNATURE_REJECTED', 'The password is not correct') }
          : {
              body: (current = aWorkOrderDetail({
                status: 'completed',
                outcome: 'completed',
                finding: 'no_problem',
                signedAt: '2026-03-02T15:04:05.000Z',
                completedAt: '2026-03-02T15:04:05.000Z',
                signatures: [aSignature()],
                allowedActions: ['addendum'],
                version: 5,
              })),
            };
      },
    });
    renderWorkOrder();

    // Record a task result on the page; it travels with the signature.
    const record = within(await screen.findByRole('form', { name: 'Record the work' }));
    const firstTask = within(record.getAllByRole('listitem')[0] as HTMLElement);
    await user.click(firstTask.getByText('Pass'));

    await user.click(screen.getByRole('button', { name: 'Complete and sign' }));
    const dialogForm = await screen.findByRole('form', { name: 'Complete and sign' });
    const dialog = within(dialogForm);
    expect(dialog.getByText('Tia Tech')).toBeTruthy();
    expect(dialog.getByText('Meaning: Work performed as recorded')).toBeTruthy();
    // The exact time, in the site's zone, with seconds.
    expect(dialogForm.querySelector('time')?.textContent).toMatch(/\d{1,2}:\d{2}:\d{2}\s[AP]M C[SD]T/);

    // Finding and password are required before anything is sent.
    await user.click(dialog.getByRole('button', { name: 'Sign' }));
    expect(dialog.getByText('Choose what the work found')).toBeTruthy();
    expect(dialog.getByText('Password is required')).toBeTruthy();
    expect(fetch.callsTo('POST', `/api/v1/work-orders/${woIds.wo1}/complete`)).toHaveLength(0);

    await user.selectOptions(dialog.getByLabelText('Finding'), 'no_problem');
    await user.type(dialog.getByLabelText('Password'), 'wrong password');
    await user.click(dialog.getByRole('button', { name: 'Sign' }));

    expect(await dialog.findByText('The password is not correct')).toBeTruthy();
    const password = dialog.getByLabelText('Password');
    // The message belongs to the password field (its accessible description), not to a banner.
    const describedBy = (password.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
      .join(' ');
    expect(describedBy).toContain('The password is not correct');
    expect((password as HTMLInputElement).value).toBe('');
    expect(dialog.queryByRole('alert', { name: /could not/ })).toBeNull();

    const sent = fetch.callsTo('POST', `/api/v1/work-orders/${woIds.wo1}/complete`)[0]?.body;
    expect(sent).toMatchObject({
      version: 4,
      outcome: 'completed',
      finding: 'no_problem',
      password: 'wrong password',
      meaning: 'performed',
      tasks: [{ text: 'Inspect case and cord', result: 'pass' }, { text: 'Check alarms' }],
    });

    await user.type(password, 'right password');
    await user.click(dialog.getByRole('button', { name: 'Sign' }));

    // Signed: the signature block with name, time in the site's zone, meaning and hash; read-only.
    const signatureBlock = await screen.findByRole('group', { name: 'Signature of Tia Tech' });
    const signature = within(signatureBlock);
    expect(signatureBlock.textContent).toMatch(/Mar 2, 2026,? 9:04\sAM CST · Work performed as recorded/);
    expect(signature.getByText('ab'.repeat(32))).toBeTruthy();
    expect(screen.getByText(/this record is read-only/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save record' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Add addendum' })).toBeTruthy();
  });

  it('checks the signatures against the record on the server and names a signer whose record changed', async () => {
    const user = userEvent.setup();
    const signed = aWorkOrderDetail({
      status: 'completed',
      signedAt: '2026-03-02T15:04:05.000Z',
      signatures: [aSignature()],
      allowedActions: ['addendum'],
    });
    const verification = (valid: boolean) => ({
      valid,
      signatures: [
        {
          id: woIds.signature,
          addendumId: null,
          valid,
          recordSha256: 'ab'.repeat(32),
          recomputedSha256: valid ? 'ab'.repeat(32) : 'cd'.repeat(32),
        },
      ],
    });
    let answer = verification(true);
    const fetch = stubFetch({
      'GET /api/v1/work-orders/:id': { body: signed },
      'GET /api/v1/sites/:id': { body: aSite() },
      'GET /api/v1/work-orders/:id/signatures/verify': () => ({ body: answer }),
    });
    renderWorkOrder();
    await user.click(await screen.findByRole('button', { name: 'Check signatures' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Every signature matches the signed record.',
    );

    answer = verification(false);
    await user.click(screen.getByRole('button', { name: 'Check signatures' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Does not match the signed record: Tia Tech.'),
    );
    expect(fetch.callsTo('GET', `/api/v1/work-orders/${woIds.wo1}/signatures/verify`)).toHaveLength(2);
  });

  it('shows the version conflict alert when someone else saved first', async () => {
    const user = userEvent.setup();
    stubFetch({
      'GET /api/v1/work-orders/:id': { body: inProgress },
      'GET /api/v1/sites/:id': { body: aSite() },
      'POST /api/v1/work-orders/:id/hold': {
        status: 409,
        body: anError('VERSION_CONFLICT', 'The work order changed since you loaded it'),
      },
    });
    renderWorkOrder();
    await user.click(await screen.findByRole('button', { name: 'Put on hold' }));
    const form = within(screen.getByRole('form', { name: 'Put on hold' }));
    await user.type(form.getByLabelText('Reason'), 'Waiting for parts');
    await user.click(form.getByRole('button', { name: 'Put on hold' }));
    expect(await screen.findByText('Someone else changed this')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });

  it('records a could-not-locate attempt, and the supervisor declares the device missing with a signature', async () => {
    const user = userEvent.setup();
    const manager = aMe(['work-orders.read', 'work-orders.perform', 'work-orders.manage'], {
      displayName: 'Max Manager',
    });
    const searching = aWorkOrderDetail({
      status: 'assigned',
      cnlAttempts: 3,
      nextAttemptOn: '2026-03-09',
      attempts: [
        {
          id: 'f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c',
          attemptedAt: '2026-03-02T15:00:00.000Z',
          result: 'could_not_locate',
          onTime: true,
          note: 'Not in room 312',
          actorId: ids.tech,
          actorName: 'Tia Tech',
        },
      ],
      allowedActions: ['attempt', 'escalate_missing', 'cancel'],
    });
    const fetch = stubFetch({
      'GET /api/v1/work-orders/:id': { body: searching },
      'GET /api/v1/sites/:id': { body: aSite() },
      'POST /api/v1/work-orders/:id/attempts': { body: searching },
      'POST /api/v1/work-orders/:id/escalate-missing': {
        body: aWorkOrderDetail({ status: 'completed', outcome: 'could_not_locate', allowedActions: [] }),
      },
    });
    renderPage(<WorkOrderPage />, {
      me: manager,
      path: '/work-orders/:id',
      initialEntries: [`/work-orders/${woIds.wo1}`],
    });

    const attempts = within(await screen.findByRole('region', { name: 'Attempts' }));
    expect(attempts.getByText(/Could not locate · .* · Tia Tech · on time — Not in room 312/)).toBeTruthy();
    expect(attempts.getByText('Next attempt on Mar 9, 2026')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Could not locate / in use' }));
    const attemptForm = within(screen.getByRole('form', { name: 'Record attempt' }));
    expect(attemptForm.getByText(/Attempts so far: 3 of 3/)).toBeTruthy();
    await user.selectOptions(attemptForm.getByLabelText('Result'), 'in_use');
    await user.click(attemptForm.getByRole('button', { name: 'Record attempt' }));
    expect(fetch.callsTo('POST', `/api/v1/work-orders/${woIds.wo1}/attempts`)[0]?.body).toEqual({
      version: 4,
      result: 'in_use',
      note: null,
    });

    await user.click(await screen.findByRole('button', { name: 'Declare missing' }));
    const dialog = within(await screen.findByRole('form', { name: 'Declare missing' }));
    expect(dialog.getByText('Max Manager')).toBeTruthy();
    expect(dialog.getByText('Meaning: Supervisor sign-off: device declared missing')).toBeTruthy();
    await user.type(dialog.getByLabelText('Password'), 'manager password');
    await user.click(dialog.getByRole('button', { name: 'Sign' }));
    await waitFor(() =>
      expect(fetch.callsTo('POST', `/api/v1/work-orders/${woIds.wo1}/escalate-missing`)[0]?.body).toEqual({
        version: 4,
        password: 'manager password',
        note: null,
      }),
    );
  });
});
