import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditVerifyResult } from '../../../contracts/index.ts';
import { stubFetch } from '../../testing/fetch-stub.ts';
import { aMe, anAuditEvent, ids } from '../../testing/fixtures.ts';
import { renderPage } from '../../testing/render.tsx';
import { AuditPage } from './AuditPage.tsx';

type AuditPageBody = { items: AuditEvent[]; nextCursor: string | null };

const siteCreated = anAuditEvent();
const userUpdated = anAuditEvent({
  id: '102',
  seq: '102',
  action: 'user.updated',
  entityType: 'user',
  entityId: ids.tech,
  before: { email: 'ben.tech@example.org', displayName: 'Ben Tech', role: 'technician', version: 3 },
  after: { email: 'ben.tech@example.org', displayName: 'Ben Tech', role: 'clinical_engineer', version: 4 },
  reason: 'Promoted',
});
const older = anAuditEvent({
  id: '90',
  seq: '90',
  action: 'user.created',
  entityType: 'user',
  entityId: ids.admin,
  after: { email: 'ada.admin@example.org', displayName: 'Ada Admin' },
});

function auditRoutes() {
  return stubFetch({
    'GET /api/v1/audit-events': ({ query }) =>
      query.get('cursor') === 'c-2'
        ? { body: { items: [older], nextCursor: null } satisfies AuditPageBody }
        : { body: { items: [userUpdated, siteCreated], nextCursor: 'c-2' } satisfies AuditPageBody },
    'GET /api/v1/users': { body: { items: [], nextCursor: null } },
    'POST /api/v1/audit-events/verify': {
      body: { ok: true, checked: 3, firstBroken: null } satisfies AuditVerifyResult,
    },
  });
}

describe('AuditPage', () => {
  it('lists events with action, entity type, actor and summary, and loads more by cursor', async () => {
    const user = userEvent.setup();
    const fetch = auditRoutes();
    renderPage(<AuditPage />, { me: aMe() });

    const table = await screen.findByRole('table', { name: 'Audit events, newest first' });
    const rows = within(table).getAllByRole('row');
    const siteRow = within(rows[2] as HTMLElement);
    expect(siteRow.getByText('site.created')).toBeTruthy();
    expect(siteRow.getByText('site')).toBeTruthy();
    expect(siteRow.getByText('ada.admin@example.org')).toBeTruthy();
    expect(siteRow.getByText(/Main Campus · MAIN/)).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText(/Promoted/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('user.created')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(fetch.callsTo('GET', '/api/v1/audit-events').map((c) => c.query.get('cursor'))).toEqual([
      null,
      'c-2',
    ]);
  });

  it('opens a drawer with before and after side by side, marking what changed', async () => {
    const user = userEvent.setup();
    auditRoutes();
    renderPage(<AuditPage />, { me: aMe() });

    await user.click(await screen.findByRole('button', { name: 'Details of event 102' }));
    const drawer = within(await screen.findByRole('dialog'));
    expect(drawer.getByRole('heading', { name: 'Before' })).toBeTruthy();
    expect(drawer.getByRole('heading', { name: 'After' })).toBeTruthy();
    expect(drawer.getByText(/"role": "technician"/)).toBeTruthy();
    expect(drawer.getByText(/"role": "clinical_engineer"/)).toBeTruthy();
    expect(drawer.getByText('role, version')).toBeTruthy();
    const changed = document.querySelectorAll('[data-changed]');
    expect(changed).toHaveLength(4);
    expect(drawer.getByText('Promoted')).toBeTruthy();
  });

  it('filters by typed criteria', async () => {
    const user = userEvent.setup();
    const fetch = auditRoutes();
    renderPage(<AuditPage />, { me: aMe() });
    await screen.findByRole('table');

    await user.type(screen.getByLabelText('Entity type'), 'site');
    await user.type(screen.getByLabelText('Action'), 'site.created');
    await user.type(screen.getByLabelText('Search'), 'Main');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await screen.findByRole('table');
    const last = fetch.callsTo('GET', '/api/v1/audit-events').at(-1);
    expect(last?.query.get('entityType')).toBe('site');
    expect(last?.query.get('action')).toBe('site.created');
    expect(last?.query.get('q')).toBe('Main');
    expect(last?.query.get('from')).toBeNull();
  });

  it('offers "Verify chain" only to people who manage the organization', async () => {
    const user = userEvent.setup();
    auditRoutes();
    const view = renderPage(<AuditPage />, { me: aMe() });
    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));
    expect((await screen.findByRole('status')).textContent).toContain('3 events checked');
    view.unmount();

    auditRoutes();
    renderPage(<AuditPage />, { me: aMe(['audit.read']) });
    await screen.findByRole('table');
    expect(screen.queryByRole('button', { name: 'Verify chain' })).toBeNull();
    expect(screen.queryByLabelText('Actor')).toBeNull();
  });
});
