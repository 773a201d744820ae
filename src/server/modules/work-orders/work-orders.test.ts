import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Device,
  NotificationListResponse,
  SignatureVerification,
  WorkOrderDetail,
  WorkOrderListResponse,
  MyWorkResponse,
} from '../../../contracts/index.ts';
import {
  ADMIN_EMAIL,
  createTestApp,
  PASSWORD,
  type Client,
  type TestApp,
} from '../../../../test/support/app.ts';
import { engines } from '../../../../test/support/engines.ts';
import { seedDevice, seedModel } from '../../../../test/support/device-fixtures.ts';
import { correctiveFailureCounts, lastCompletedPreventive } from './index.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

const DAY = 24 * 60 * 60 * 1000;

describe.each(engines())('work orders (%s)', (engine) => {
  let t: TestApp;
  let siteId: string;
  let modelId: string;
  let tech: { id: string; email: string; client: Client };
  let manager: { id: string; email: string; client: Client };
  let seq = 0;

  const call = async <T>(
    client: Client,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T; headers: Record<string, unknown>; json: () => T }> => {
    const res = await client.request({
      method,
      url: `/api/v1${url}`,
      ...(payload ? { payload } : {}),
      ...(headers ? { headers } : {}),
    });
    return { status: res.statusCode, body: res.json<T>(), headers: res.headers, json: () => res.json<T>() };
  };
  const code = (b: unknown) => (b as ErrorBody).error.code;
  const device = async () =>
    seedDevice(t.db.database.db, t.organizationId, { modelId, siteId, assetTag: `WO-T-${++seq}` });
  const deviceOf = async (id: string) => (await call<Device>(t.admin, 'GET', `/devices/${id}`)).body;
  const create = async (payload: object, client = manager.client, headers?: Record<string, string>) =>
    call<WorkOrderDetail>(client, 'POST', '/work-orders', { title: 'Alarm fails', ...payload }, headers);
  const act = async (client: Client, id: string, action: string, payload: object) =>
    call<WorkOrderDetail>(client, 'POST', `/work-orders/${id}/${action}`, payload);
  /** Moves the clock forward by days; sessions idle that long have ended, so the users sign in again. */
  const travel = async (days: number) => {
    t.clock.advance(days * DAY);
    t.admin = await t.login(ADMIN_EMAIL);
    tech = { ...tech, client: await t.login(tech.email) };
    manager = { ...manager, client: await t.login(manager.email) };
  };
  const auditActions = async (entityId: string) =>
    (
      await t.db.database.pool.query<{ action: string }>(
        'SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id',
        [entityId],
      )
    ).rows.map((r) => r.action);

  beforeAll(async () => {
    t = await createTestApp(engine);
    siteId = (
      await call<{ id: string }>(t.admin, 'POST', '/sites', { name: 'Main', code: 'MAIN', timeZone: 'UTC' })
    ).body.id;
    modelId = (await seedModel(t.db.database.db, t.organizationId)).modelId;
    tech = await t.createUser('technician');
    manager = await t.createUser('htm_manager');
  });
  afterAll(async () => t?.close());

  it('creates once per Idempotency-Key: a retry answers the same work order, another body is refused', async () => {
    const deviceId = await device();
    const key = { 'idempotency-key': `key-${deviceId}` };
    const first = await create({ deviceId, problem: 'beeps' }, tech.client, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'open', kind: 'corrective', source: 'manual' });
    expect(first.body.number).toMatch(/^WO-\d{6}$/);
    const again = await create({ deviceId, problem: 'beeps' }, tech.client, key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await create({ deviceId, problem: 'smoke' }, tech.client, key);
    expect(other.status).toBe(422);
    expect(code(other.body)).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys belong to their user: the manager's same key is a new request.
    const managers = await create({ deviceId, problem: 'beeps' }, manager.client, key);
    expect(managers.body.id).not.toBe(first.body.id);
    const list = await call<WorkOrderListResponse>(t.admin, 'GET', `/work-orders?deviceId=${deviceId}`);
    expect(list.body.items).toHaveLength(2);
  });

  it('two concurrent creates with one key make one work order', async () => {
    const deviceId = await device();
    const key = { 'idempotency-key': `race-${deviceId}` };
    const [a, b] = await Promise.all([
      create({ deviceId }, tech.client, key),
      create({ deviceId }, tech.client, key),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const list = await call<WorkOrderListResponse>(t.admin, 'GET', `/work-orders?deviceId=${deviceId}`);
    expect(list.body.items).toHaveLength(1);
  });

  it('runs the lifecycle with a signature; a signed work order refuses changes; its addendum is signed and audited', async () => {
    const deviceId = await device();
    let wo = (await create({ deviceId, kind: 'preventive', dueDate: '2026-11-25' })).body;
    wo = (await act(manager.client, wo.id, 'assign', { version: wo.version, assignedUserId: tech.id })).body;
    expect(wo).toMatchObject({ status: 'assigned', assignedUserId: tech.id });
    expect(wo.respondedAt).not.toBeNull();
    // The technician was told.
    const notes = await call<NotificationListResponse>(tech.client, 'GET', '/notifications?unread=true');
    expect(notes.body.items.some((n) => n.kind === 'assigned' && n.workOrderId === wo.id)).toBe(true);

    wo = (await act(tech.client, wo.id, 'start', { version: wo.version })).body;
    expect(wo.status).toBe('in_progress');
    expect(wo.allowedActions).toEqual(expect.arrayContaining(['hold', 'complete', 'labor', 'parts']));
    wo = (await act(tech.client, wo.id, 'hold', { version: wo.version, reason: 'Waiting for a part' })).body;
    expect(wo).toMatchObject({ status: 'on_hold', holdReason: 'Waiting for a part' });
    wo = (await act(tech.client, wo.id, 'resume', { version: wo.version })).body;
    wo = (await act(tech.client, wo.id, 'labor', { version: wo.version, workDate: '2026-11-21', hours: 1.5 }))
      .body;
    wo = (
      await act(tech.client, wo.id, 'parts', {
        version: wo.version,
        partNumber: 'BAT-9',
        quantity: 1,
        unitCost: '42.50',
      })
    ).body;
    expect(wo.labor).toMatchObject([
      { technicianName: expect.any(String) as unknown, hours: 1.5, userId: tech.id },
    ]);
    expect(wo.parts).toMatchObject([{ partNumber: 'BAT-9', quantity: 1, unitCost: '42.50' }]);

    // A wrong password: 403 SIGNATURE_REJECTED, nothing written.
    const wrong = await act(tech.client, wo.id, 'complete', {
      version: wo.version,
      finding: 'no_problem',
      password: 'not my password',
    });
    expect(wrong.status).toBe(403);
    expect(code(wrong.body)).toBe('SIGNATURE_REJECTED');
    const unchanged = (await call<WorkOrderDetail>(tech.client, 'GET', `/work-orders/${wo.id}`)).body;
    expect(unchanged).toMatchObject({ version: wo.version, status: 'in_progress', signedAt: null });

    const done = await act(tech.client, wo.id, 'complete', {
      version: wo.version,
      outcome: 'completed',
      finding: 'hidden_failure',
      failureCause: 'battery',
      resolution: 'Replaced the battery',
      password: PASSWORD,
      meaning: 'performed',
    });
    expect(done.status).toBe(200);
    wo = done.body;
    expect(wo).toMatchObject({ status: 'completed', outcome: 'completed', finding: 'hidden_failure' });
    expect(wo.signedAt).not.toBeNull();
    expect(wo.signatures).toHaveLength(1);
    expect(wo.signatures[0]).toMatchObject({
      signerUserId: tech.id,
      meaning: 'performed',
      meaningLabel: 'Work performed as recorded',
      printedName: expect.stringMatching(/technician/) as unknown,
    });
    expect(wo.signatures[0]?.recordSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(wo.allowedActions).toContain('addendum');
    expect(wo.allowedActions).not.toContain('edit');

    // Signed: every change is refused.
    const patch = await call(tech.client, 'PATCH', `/work-orders/${wo.id}`, {
      version: wo.version,
      title: 'x',
    });
    expect(patch.status).toBe(409);
    expect(code(patch.body)).toBe('WORK_ORDER_SIGNED');
    const labor = await act(tech.client, wo.id, 'labor', {
      version: wo.version,
      workDate: '2026-11-21',
      hours: 1,
    });
    expect(code(labor.body)).toBe('WORK_ORDER_SIGNED');
    const reassign = await act(manager.client, wo.id, 'assign', {
      version: wo.version,
      assignedUserId: manager.id,
    });
    expect(code(reassign.body)).toBe('WORK_ORDER_SIGNED');

    const verify = await call<SignatureVerification>(
      t.admin,
      'GET',
      `/work-orders/${wo.id}/signatures/verify`,
    );
    expect(verify.body.valid).toBe(true);

    // Later facts: a signed addendum (wrong password first: nothing written).
    const badAddendum = await call(tech.client, 'POST', `/work-orders/${wo.id}/addenda`, {
      text: 'Battery lot number 1234',
      password: 'nope',
    });
    expect(code(badAddendum.body)).toBe('SIGNATURE_REJECTED');
    const addendum = await call<WorkOrderDetail>(tech.client, 'POST', `/work-orders/${wo.id}/addenda`, {
      text: 'Battery lot number 1234',
      password: PASSWORD,
    });
    expect(addendum.status).toBe(201);
    expect(addendum.body.addenda).toMatchObject([{ text: 'Battery lot number 1234', authorId: tech.id }]);
    expect(addendum.body.signatures).toHaveLength(2);
    expect(addendum.body.signatures[1]).toMatchObject({
      addendumId: addendum.body.addenda[0]?.id,
      meaning: 'addendum',
    });
    const verify2 = await call<SignatureVerification>(
      t.admin,
      'GET',
      `/work-orders/${wo.id}/signatures/verify`,
    );
    expect(verify2.body.valid).toBe(true);
    expect(verify2.body.signatures).toHaveLength(2);

    // A technician cannot close; a manager can (status only, the signature still holds).
    wo = addendum.body;
    expect((await act(tech.client, wo.id, 'close', { version: wo.version })).status).toBe(403);
    const closed = await act(manager.client, wo.id, 'close', { version: wo.version });
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect(closed.body.closedAt).not.toBeNull();
    expect(
      (await call<SignatureVerification>(t.admin, 'GET', `/work-orders/${wo.id}/signatures/verify`)).body
        .valid,
    ).toBe(true);

    // The audit trail shows every step.
    expect(await auditActions(wo.id)).toEqual([
      'work_order.created',
      'work_order.assigned',
      'work_order.started',
      'work_order.held',
      'work_order.resumed',
      'work_order.labor_added',
      'work_order.part_added',
      'work_order.completed',
      'work_order.addendum_added',
      'work_order.closed',
    ]);
    expect(closed.body.history.map((h) => h.toStatus)).toEqual([
      'open',
      'assigned',
      'in_progress',
      'on_hold',
      'in_progress',
      'completed',
      'closed',
    ]);
    // The signature rows are append-only in the database.
    await expect(
      t.db.database.pool.query(
        `UPDATE work_order_signatures SET printed_name = 'x' WHERE work_order_id = $1`,
        [wo.id],
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses a stale save with 409 VERSION_CONFLICT (one of two concurrent saves wins)', async () => {
    const deviceId = await device();
    const wo = (await create({ deviceId })).body;
    const [a, b] = await Promise.all([
      call<WorkOrderDetail>(tech.client, 'PATCH', `/work-orders/${wo.id}`, {
        version: wo.version,
        title: 'A',
      }),
      call<WorkOrderDetail>(tech.client, 'PATCH', `/work-orders/${wo.id}`, {
        version: wo.version,
        title: 'B',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(code((a.status === 409 ? a : b).body)).toBe('VERSION_CONFLICT');
  });

  it('refuses illegal transitions with 409 INVALID_TRANSITION naming from and to; cancels and reopens with reasons', async () => {
    const deviceId = await device();
    let wo = (await create({ deviceId })).body;
    const resume = await act(tech.client, wo.id, 'resume', { version: wo.version });
    expect(resume.status).toBe(409);
    expect(code(resume.body)).toBe('INVALID_TRANSITION');
    expect((resume.body as unknown as ErrorBody).error.details[0]?.message).toMatch(
      /open -> in_progress by resumed is not allowed; resumed applies to on_hold/,
    );
    const close = await act(manager.client, wo.id, 'close', { version: wo.version });
    expect((close.body as unknown as ErrorBody).error.details[0]).toMatchObject({
      field: 'status',
      message: expect.stringContaining('open -> closed') as unknown,
    });
    const noReason = await act(manager.client, wo.id, 'cancel', { version: wo.version });
    expect(noReason.status).toBe(400);
    wo = (await act(manager.client, wo.id, 'cancel', { version: wo.version, reason: 'Duplicate' })).body;
    expect(wo).toMatchObject({ status: 'cancelled', cancelReason: 'Duplicate' });
    expect(code((await act(tech.client, wo.id, 'start', { version: wo.version })).body)).toBe(
      'INVALID_TRANSITION',
    );
    wo = (await act(manager.client, wo.id, 'reopen', { version: wo.version, reason: 'Not a duplicate' }))
      .body;
    expect(wo).toMatchObject({ status: 'open', reopenReason: 'Not a duplicate', cancelledAt: null });
  });

  it('keeps a device out of service while the work keeps it down, with downtime rows', async () => {
    const deviceId = await device();
    let wo = (await create({ deviceId, deviceDown: true, priority: 'urgent' })).body;
    expect(wo.deviceDown).toBe(true);
    expect(wo.downtime).toMatchObject([{ deviceId, endedAt: null }]);
    expect((await deviceOf(deviceId)).status).toBe('out_of_service');
    wo = (await act(tech.client, wo.id, 'start', { version: wo.version })).body;
    expect(wo.assignedUserId).toBe(tech.id);
    wo = (
      await act(tech.client, wo.id, 'complete', {
        version: wo.version,
        finding: 'user_evident_failure',
        failureCause: 'accessory',
        password: PASSWORD,
      })
    ).body;
    expect(wo.deviceDown).toBe(false);
    expect(wo.returnedToServiceAt).not.toBeNull();
    expect(wo.downtime[0]?.endedAt).not.toBeNull();
    expect((await deviceOf(deviceId)).status).toBe('in_service');
    const history = await call<{ items: { toStatus: string; reason: string }[] }>(
      t.admin,
      'GET',
      `/devices/${deviceId}/history`,
    );
    expect(history.body.items.map((h) => h.toStatus)).toEqual(['in_service', 'out_of_service']);
    // Down and back up through edits of open work.
    let other = (await create({ deviceId })).body;
    other = (
      await call<WorkOrderDetail>(tech.client, 'PATCH', `/work-orders/${other.id}`, {
        version: other.version,
        deviceDown: true,
      })
    ).body;
    expect((await deviceOf(deviceId)).status).toBe('out_of_service');
    other = (
      await call<WorkOrderDetail>(tech.client, 'PATCH', `/work-orders/${other.id}`, {
        version: other.version,
        deviceDown: false,
      })
    ).body;
    expect(other.downtime).toHaveLength(1);
    expect(other.downtime[0]?.endedAt).not.toBeNull();
    expect(other.returnedToServiceAt).not.toBeNull();
    expect((await deviceOf(deviceId)).status).toBe('in_service');
    // The device's work history shows it.
    const deviceWork = await call<WorkOrderListResponse>(t.admin, 'GET', `/devices/${deviceId}/work-orders`);
    expect(deviceWork.body.items.map((w) => w.id).sort()).toEqual([wo.id, other.id].sort());
  });

  it('could-not-locate: on-time attempts, retries, supervisor escalation to missing, found device checked before service', async () => {
    const deviceId = await device();
    const today = t.clock.now().toISOString().slice(0, 10);
    let wo = (
      await create({
        deviceId,
        kind: 'preventive',
        dueDate: today,
        windowStart: today,
        windowEnd: new Date(t.clock.now().getTime() + 6 * DAY).toISOString().slice(0, 10),
        assignedUserId: tech.id,
      })
    ).body;
    wo = (await act(tech.client, wo.id, 'attempts', { version: wo.version, result: 'could_not_locate' }))
      .body;
    expect(wo.cnlAttempts).toBe(1);
    expect(wo.attempts).toMatchObject([{ result: 'could_not_locate', onTime: true }]);
    // Retry after the policy's days (5 in the shipped policy).
    expect(wo.nextAttemptOn).toBe(
      new Date(t.clock.now().getTime() + wo.cnlPolicy.cnlRetryDays * DAY).toISOString().slice(0, 10),
    );
    expect(wo.status).toBe('assigned');
    const early = await act(manager.client, wo.id, 'escalate-missing', {
      version: wo.version,
      password: PASSWORD,
    });
    expect(early.status).toBe(409);
    expect(code(early.body)).toBe('INVALID_STATE');
    for (let i = 1; i < wo.cnlPolicy.maxCnlAttempts; i++) {
      await travel(wo.cnlPolicy.cnlRetryDays);
      wo = (await act(tech.client, wo.id, 'attempts', { version: wo.version, result: 'could_not_locate' }))
        .body;
    }
    expect(wo.cnlAttempts).toBe(wo.cnlPolicy.maxCnlAttempts);
    // The last attempt fell after the window: not on time.
    expect(wo.attempts.at(-1)?.onTime).toBe(false);
    expect(wo.attempts[0]?.onTime).toBe(true);
    expect(wo.allowedActions).not.toContain('escalate_missing'); // the technician's view
    const managerView = (await call<WorkOrderDetail>(manager.client, 'GET', `/work-orders/${wo.id}`)).body;
    expect(managerView.allowedActions).toContain('escalate_missing');
    expect(
      (await act(tech.client, wo.id, 'escalate-missing', { version: wo.version, password: PASSWORD })).status,
    ).toBe(403);
    const wrong = await act(manager.client, wo.id, 'escalate-missing', {
      version: wo.version,
      password: 'x',
    });
    expect(code(wrong.body)).toBe('SIGNATURE_REJECTED');
    wo = (
      await act(manager.client, wo.id, 'escalate-missing', {
        version: wo.version,
        password: PASSWORD,
        note: 'Searched ICU',
      })
    ).body;
    expect(wo).toMatchObject({ status: 'completed', outcome: 'could_not_locate' });
    expect(wo.signatures).toMatchObject([{ meaning: 'missing_sign_off', signerUserId: manager.id }]);
    let dev = await deviceOf(deviceId);
    expect(dev.status).toBe('missing');

    // Found: out of service with a check before return to service.
    const found = await call<WorkOrderDetail>(manager.client, 'POST', `/devices/${deviceId}/found`, {
      version: dev.version,
      note: 'In the basement',
    });
    expect(found.status).toBe(201);
    expect(found.body).toMatchObject({
      kind: 'incoming',
      status: 'open',
      deviceDown: true,
      title: 'Check before return to service',
    });
    dev = await deviceOf(deviceId);
    expect(dev.status).toBe('out_of_service');
    const again = await call(manager.client, 'POST', `/devices/${deviceId}/found`, { version: dev.version });
    expect(code(again.body)).toBe('INVALID_STATE');
    let check = (await act(tech.client, found.body.id, 'start', { version: found.body.version })).body;
    check = (
      await act(tech.client, check.id, 'complete', {
        version: check.version,
        finding: 'no_problem',
        password: PASSWORD,
      })
    ).body;
    expect(check.status).toBe('completed');
    expect((await deviceOf(deviceId)).status).toBe('in_service');
  });

  it('lists with filters and keyset pages; my work groups the caller’s work by due state', async () => {
    const deviceId = await device();
    const today = t.clock.now().toISOString().slice(0, 10);
    const plus = (d: number) => new Date(t.clock.now().getTime() + d * DAY).toISOString().slice(0, 10);
    for (const due of [plus(-3), today, plus(5), null])
      await create({ deviceId, dueDate: due, title: `due ${due ?? 'none'}`, assignedUserId: manager.id });
    const mine = await call<MyWorkResponse>(manager.client, 'GET', '/work-orders/my-work');
    expect(mine.body.today).toBe(today);
    expect(mine.body.overdue.map((w) => w.title)).toEqual([`due ${plus(-3)}`]);
    expect(mine.body.overdue[0]?.overdue).toBe(true);
    expect(mine.body.dueToday.map((w) => w.title)).toEqual([`due ${today}`]);
    expect(mine.body.upcoming.map((w) => w.title)).toEqual([`due ${plus(5)}`]);
    expect(mine.body.unscheduled.map((w) => w.title)).toEqual(['due none']);
    const overdue = await call<WorkOrderListResponse>(
      manager.client,
      'GET',
      `/work-orders?assignee=me&overdue=true&deviceId=${deviceId}`,
    );
    expect(overdue.body.items).toHaveLength(1);
    const window = await call<WorkOrderListResponse>(
      t.admin,
      'GET',
      `/work-orders?deviceId=${deviceId}&dueFrom=${today}&dueTo=${plus(5)}&status=open,assigned&kind=corrective,preventive`,
    );
    expect(window.body.items.map((w) => w.title)).toEqual([`due ${today}`, `due ${plus(5)}`]);
    const none = await call<WorkOrderListResponse>(
      t.admin,
      'GET',
      `/work-orders?deviceId=${deviceId}&kind=preventive`,
    );
    expect(none.body.items).toEqual([]);
    expect((await call(t.admin, 'GET', '/work-orders?status=open,nonsense')).status).toBe(400);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: WorkOrderListResponse } = await call<WorkOrderListResponse>(
        t.admin,
        'GET',
        `/work-orders?deviceId=${deviceId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((w) => w.title));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([`due ${plus(-3)}`, `due ${today}`, `due ${plus(5)}`, 'due none']);
    const byQ = await call<WorkOrderListResponse>(
      t.admin,
      'GET',
      `/work-orders?q=${encodeURIComponent(`due ${today}`)}`,
    );
    expect(byQ.body.items.map((w) => w.title)).toContain(`due ${today}`);
  });

  it('bulk-assigns all or nothing', async () => {
    const deviceId = await device();
    const a = (await create({ deviceId })).body;
    const b = (await create({ deviceId })).body;
    const stale = await call(manager.client, 'POST', '/work-orders/bulk-assign', {
      items: [
        { id: a.id, version: a.version },
        { id: b.id, version: b.version + 7 },
      ],
      assignedUserId: tech.id,
    });
    expect(code(stale.body)).toBe('VERSION_CONFLICT');
    expect(
      (await call<WorkOrderDetail>(t.admin, 'GET', `/work-orders/${a.id}`)).body.assignedUserId,
    ).toBeNull();
    const ok = await call<{ items: { id: string; assignedUserId: string; status: string }[] }>(
      manager.client,
      'POST',
      '/work-orders/bulk-assign',
      {
        items: [
          { id: a.id, version: a.version },
          { id: b.id, version: b.version },
        ],
        assignedUserId: tech.id,
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((w) => [w.assignedUserId, w.status])).toEqual([
      [tech.id, 'assigned'],
      [tech.id, 'assigned'],
    ]);
  });

  it('writes due-soon and overdue notices once; notices are read one by one or all at once', async () => {
    const deviceId = await device();
    const plus = (d: number) => new Date(t.clock.now().getTime() + d * DAY).toISOString().slice(0, 10);
    const soon = (await create({ deviceId, dueDate: plus(3), assignedUserId: tech.id })).body;
    const late = (await create({ deviceId, dueDate: plus(-2), assignedUserId: tech.id })).body;
    const first = await t.services.dueNotices.notifyDue();
    expect(first.dueSoon).toBeGreaterThanOrEqual(1);
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    expect(await t.services.dueNotices.notifyDue()).toEqual({ dueSoon: 0, overdue: 0 });
    const list = await call<NotificationListResponse>(tech.client, 'GET', '/notifications');
    const kinds = list.body.items
      .filter((n) => n.workOrderId === soon.id || n.workOrderId === late.id)
      .map((n) => [n.workOrderId, n.kind]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        [soon.id, 'due_soon'],
        [late.id, 'overdue'],
      ]),
    );
    const one = list.body.items[0];
    if (!one) throw new Error('no notice');
    const read = await call<{ readAt: string | null }>(
      tech.client,
      'POST',
      `/notifications/${one.id}/read`,
      {},
    );
    expect(read.body.readAt).not.toBeNull();
    // Another user's notice is not found.
    const foreign = await call(manager.client, 'POST', `/notifications/${one.id}/read`, {});
    expect(foreign.status, JSON.stringify(foreign.body)).toBe(404);
    const all = await call<{ marked: number }>(tech.client, 'POST', '/notifications/read-all', {});
    expect(all.body.marked).toBe(list.body.unreadCount - 1);
    expect(
      (await call<NotificationListResponse>(tech.client, 'GET', '/notifications')).body.unreadCount,
    ).toBe(0);
  });

  it('answers the read models other modules use: last completed preventive work, failures per model', async () => {
    const { modelId: ownModel } = await seedModel(t.db.database.db, t.organizationId);
    const d1 = await seedDevice(t.db.database.db, t.organizationId, {
      modelId: ownModel,
      siteId,
      assetTag: 'RM-1',
    });
    const d2 = await seedDevice(t.db.database.db, t.organizationId, {
      modelId: ownModel,
      siteId,
      assetTag: 'RM-2',
    });
    const finish = async (payload: object, completion: object) => {
      let wo = (await create(payload)).body;
      wo = (await act(tech.client, wo.id, 'start', { version: wo.version })).body;
      return (
        await act(tech.client, wo.id, 'complete', { version: wo.version, password: PASSWORD, ...completion })
      ).body;
    };
    const pm = await finish({ deviceId: d1, kind: 'preventive' }, { finding: 'no_problem' });
    // Out for repair is not a completed PM: it does not anchor the plan.
    await finish(
      { deviceId: d2, kind: 'preventive' },
      { finding: 'hidden_failure', outcome: 'out_for_repair' },
    );
    await finish(
      { deviceId: d2, kind: 'corrective' },
      { finding: 'user_evident_failure', failureCause: 'battery' },
    );
    await finish({ deviceId: d1, kind: 'corrective' }, { finding: 'no_problem', failureCause: 'none' });
    await finish(
      { deviceId: d1, kind: 'damage' },
      { finding: 'no_problem', failureCause: 'abuse_or_damage' },
    );
    const last = await lastCompletedPreventive(t.db.database.db, t.organizationId, [d1, d2]);
    expect([...last.byDevice.keys()]).toEqual([d1]);
    expect(last.byDevice.get(d1)?.toISOString()).toBe(pm.completedAt);
    const failures = await correctiveFailureCounts(t.db.database.db, t.organizationId, {
      modelIds: [ownModel],
      since: new Date(t.clock.now().getTime() - 365 * DAY),
    });
    expect(failures.get(ownModel)).toBe(2);
  });

  it('records each rejected signature and slows an account down after repeated failures', async () => {
    const signer = await t.createUser('technician');
    const deviceId = await device();
    let wo = (await create({ deviceId })).body;
    wo = (await act(signer.client, wo.id, 'start', { version: wo.version })).body;
    const attempt = () =>
      act(signer.client, wo.id, 'complete', {
        version: wo.version,
        finding: 'no_problem',
        password: 'guess',
      });
    // OPENHTM_LOGIN_FAILURES_PER_ACCOUNT (default 10) applies to signatures too.
    for (let i = 0; i < 10; i++) expect(code((await attempt()).body)).toBe('SIGNATURE_REJECTED');
    const limited = await attempt();
    expect(limited.status).toBe(429);
    const rejected = await t.db.database.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_events WHERE action = 'signature.rejected' AND entity_id = $1`,
      [signer.id],
    );
    expect(Number(rejected.rows[0]?.n)).toBe(10);
    // Even the right password waits for the window to slide.
    const right = await act(signer.client, wo.id, 'complete', {
      version: wo.version,
      finding: 'no_problem',
      password: PASSWORD,
    });
    expect(right.status).toBe(429);
    expect((await call<WorkOrderDetail>(t.admin, 'GET', `/work-orders/${wo.id}`)).body.signedAt).toBeNull();
  });

  it('ends the work’s downtime when it is cancelled or ends out for repair; the device stays out of service', async () => {
    const deviceId = await device();
    let wo = (await create({ deviceId, deviceDown: true })).body;
    wo = (await act(manager.client, wo.id, 'cancel', { version: wo.version, reason: 'Raised twice' })).body;
    expect(wo).toMatchObject({ status: 'cancelled', deviceDown: false });
    expect(wo.downtime[0]?.endedAt).not.toBeNull();
    expect((await deviceOf(deviceId)).status).toBe('out_of_service');
    let repair = (await create({ deviceId, deviceDown: true })).body;
    repair = (await act(tech.client, repair.id, 'start', { version: repair.version })).body;
    repair = (
      await act(tech.client, repair.id, 'complete', {
        version: repair.version,
        outcome: 'out_for_repair',
        finding: 'hidden_failure',
        failureCause: 'component_failure',
        password: PASSWORD,
      })
    ).body;
    expect(repair).toMatchObject({ outcome: 'out_for_repair', deviceDown: false, returnedToServiceAt: null });
    expect(repair.downtime[0]?.endedAt).not.toBeNull();
    expect((await deviceOf(deviceId)).status).toBe('out_of_service');
  });

  it('retires a mistaken labor or parts entry with a reason; it stays in the audit trail', async () => {
    const deviceId = await device();
    let wo = (await create({ deviceId })).body;
    wo = (await act(tech.client, wo.id, 'start', { version: wo.version })).body;
    wo = (await act(tech.client, wo.id, 'labor', { version: wo.version, workDate: '2026-11-21', hours: 8 }))
      .body;
    wo = (await act(tech.client, wo.id, 'parts', { version: wo.version, partNumber: 'WRONG', quantity: 2 }))
      .body;
    const laborId = wo.labor[0]?.id ?? '';
    const partId = wo.parts[0]?.id ?? '';
    wo = (
      await act(tech.client, wo.id, 'labor/retire', { version: wo.version, entryId: laborId, reason: 'Typo' })
    ).body;
    wo = (
      await act(tech.client, wo.id, 'parts/retire', {
        version: wo.version,
        entryId: partId,
        reason: 'Wrong part',
      })
    ).body;
    expect(wo.labor).toEqual([]);
    expect(wo.parts).toEqual([]);
    const again = await act(tech.client, wo.id, 'labor/retire', {
      version: wo.version,
      entryId: laborId,
      reason: 'x',
    });
    expect(again.status).toBe(400);
    expect((again.body as unknown as ErrorBody).error.details[0]?.field).toBe('entryId');
    expect(await auditActions(wo.id)).toEqual(
      expect.arrayContaining(['work_order.labor_retired', 'work_order.part_retired']),
    );
    const rows = await t.db.database.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM work_order_labor WHERE work_order_id = $1 AND retired_at IS NOT NULL',
      [wo.id],
    );
    expect(Number(rows.rows[0]?.n)).toBe(1);
  });

  it('records an attempt once per Idempotency-Key', async () => {
    const deviceId = await device();
    const wo = (await create({ deviceId })).body;
    const key = { 'idempotency-key': `attempt-${wo.id}` };
    const body = { version: wo.version, result: 'could_not_locate' };
    const first = await call<WorkOrderDetail>(
      tech.client,
      'POST',
      `/work-orders/${wo.id}/attempts`,
      body,
      key,
    );
    const retry = await call<WorkOrderDetail>(
      tech.client,
      'POST',
      `/work-orders/${wo.id}/attempts`,
      body,
      key,
    );
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.attempts).toEqual(first.body.attempts);
    const now = (await call<WorkOrderDetail>(t.admin, 'GET', `/work-orders/${wo.id}`)).body;
    expect(now.cnlAttempts).toBe(1);
    expect(now.attempts).toHaveLength(1);
    const other = await call(
      tech.client,
      'POST',
      `/work-orders/${wo.id}/attempts`,
      { ...body, result: 'in_use' },
      key,
    );
    expect(code(other.body)).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
