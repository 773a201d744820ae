import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Permission, type Role } from '../../src/contracts/index.ts';
import { rolePermissions } from '../../src/server/modules/identity/index.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { engines } from '../support/engines.ts';
import { fillPath, operationsOf, sample, type Operation } from '../support/openapi.ts';
import { seedDevice, seedModel } from '../../src/server/modules/inventory/labels/test-fixtures.ts';

/**
 * Walks every operation the OpenAPI document publishes (new endpoints are covered automatically):
 * no credentials -> 401; a role without the permission -> 403; another organization's ids -> 404; no 5xx.
 */
describe.each(engines())('access control on every operation (%s)', (engine) => {
  let t: TestApp;
  let ops: Operation[];
  const clients = new Map<Role, Client>();
  /** Ids of organization A's objects, by the path they appear under. */
  let idsOfA: Record<string, string>;
  let otherAdmin: Client;
  const statuses: number[] = [];

  const call = async (client: Client | undefined, op: Operation, path: string, body?: unknown) => {
    const opts = {
      method: op.method as 'GET',
      url: path,
      ...(body !== undefined ? { payload: body as object } : {}),
    };
    const res = client ? await client.request(opts) : await t.app.inject(opts);
    statuses.push(res.statusCode);
    expect(res.statusCode, `${op.method} ${path}: ${res.body}`).toBeLessThan(500);
    expect(res.body).not.toMatch(/at .+\.ts:\d+|SELECT |INSERT |violates/);
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<unknown>();
    ops = operationsOf(doc);
    for (const role of roles) clients.set(role, (await t.createUser(role)).client);
    const site = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/sites',
        payload: { name: 'A site', code: 'A1', timeZone: 'UTC' },
      })
    ).json<{ id: string }>();
    const user = await t.createUser('technician');
    const token = (
      await t.admin.request({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'A token' } })
    ).json<{ apiToken: { id: string } }>();
    const sessions = (await t.admin.request({ method: 'GET', url: '/api/v1/auth/sessions' })).json<{
      items: { id: string }[];
    }>();
    const { modelId } = await seedModel(t.db.database.db, t.organizationId);
    const deviceId = await seedDevice(t.db.database.db, t.organizationId, {
      modelId,
      siteId: site.id,
      assetTag: 'ACCESS-1',
    });
    const document = (
      await t.admin.request({
        method: 'POST',
        url: `/api/v1/devices/${deviceId}/documents?fileName=notes.txt`,
        payload: 'Service notes',
        headers: { 'content-type': 'text/plain' },
      })
    ).json<{ id: string }>();
    const post = async (url: string, payload: object) =>
      (await t.admin.request({ method: 'POST', url: `/api/v1${url}`, payload })).json<{ id: string }>().id;
    const ownType = await post('/device-types', { name: 'Own type', productCode: 'OWN' });
    const customField = await post('/custom-fields', {
      key: 'cost_center',
      label: 'Cost center',
      type: 'text',
    });
    const deviceImport = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/device-imports?fileName=devices.csv',
        payload: 'Asset Tag,Site\nIMP-1,A1\n',
        headers: { 'content-type': 'text/csv' },
      })
    ).json<{ id: string }>().id;
    // Maintenance history import (H4): an uploaded legacy work order file.
    const workOrderImport = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/work-order-imports?fileName=history.csv',
        payload: 'Asset Tag,WO #,Type,Completed\nIMP-1,L-1,PM,2025-01-02\n',
        headers: { 'content-type': 'text/csv' },
      })
    ).json<{ id: string }>().id;
    // Maintenance plans (H3): a template for the seeded model and a plan for the seeded device.
    const planTemplate = await post('/plan-templates', {
      modelId,
      name: 'Annual PM',
      interval: 'P1Y',
      basis: 'policy',
      basisReference: 'Policy EM-1',
    });
    const plan = await post('/maintenance-plans', { deviceId, templateId: planTemplate });
    // Work orders (H2): one assigned to the technician, which also gives the technician a notification.
    const workOrder = await post('/work-orders', {
      deviceId,
      title: 'Access check',
      assignedUserId: user.id,
    });
    const notification = (
      await t.db.database.pool.query<{ id: string }>(
        'SELECT id FROM notifications WHERE work_order_id = $1',
        [workOrder],
      )
    ).rows[0]?.id;
    // Reference data, risk and AEM (H1): organization A's own versions of a policy and a risk model, an AEM draft.
    const tables = (await t.admin.request({ method: 'GET', url: '/api/v1/reference-tables' })).json<{
      items: { id: string; key: string; version: number }[];
    }>().items;
    const ownVersion = async (key: string) => {
      const base = tables.find((r) => r.key === key);
      const full = (
        await t.admin.request({ method: 'GET', url: `/api/v1/reference-tables/${base?.id}` })
      ).json<{
        content: object;
      }>();
      return post(`/reference-tables/${base?.id}/versions`, {
        version: base?.version,
        content: full.content,
        reason: 'Access test',
      });
    };
    const ownPolicy = await ownVersion('could-not-locate');
    const ownRiskModel = await ownVersion('fennigkoh-smith-1989');
    const aemAssessment = await post('/aem-assessments', {
      modelId,
      rationale: 'Access test',
      riskFactors: {
        use: 'u',
        consequenceOfFailure: 'c',
        backupAvailable: 'b',
        incidentHistory: 'i',
        maintenanceRequirements: 'm',
      },
      evidence: {
        failureDataPeriod: { from: '2025-01-01', to: '2025-12-31' },
        unitsObserved: 1,
        pmFindings: 0,
        pmPreventableFailures: 0,
      },
    });
    idsOfA = {
      '/api/v1/reference-tables/{id}': ownPolicy,
      '/api/v1/reference-tables/{id}/versions': ownPolicy,
      '/api/v1/reference-tables/{id}/retire': ownPolicy,
      '/api/v1/risk-models/{id}/evaluate': ownRiskModel,
      '/api/v1/devices/{id}/maintenance-profile': deviceId,
      '/api/v1/maintenance-profiles/{scope}/{targetId}': modelId,
      '/api/v1/aem-assessments/{id}': aemAssessment,
      '/api/v1/aem-assessments/{id}/approve': aemAssessment,
      '/api/v1/aem-assessments/{id}/retire': aemAssessment,
      '/api/v1/aem-assessments/{id}/reviews': aemAssessment,
      '/api/v1/device-imports/{id}': deviceImport,
      '/api/v1/device-imports/{id}/dry-run': deviceImport,
      '/api/v1/device-imports/{id}/apply': deviceImport,
      '/api/v1/work-order-imports/{id}': workOrderImport,
      '/api/v1/work-order-imports/{id}/dry-run': workOrderImport,
      '/api/v1/work-order-imports/{id}/apply': workOrderImport,
      '/api/v1/device-types/{id}': ownType,
      '/api/v1/manufacturers/{id}': (
        await t.admin.request({ method: 'GET', url: `/api/v1/models/${modelId}` })
      ).json<{ manufacturer: { id: string } }>().manufacturer.id,
      '/api/v1/models/{id}': modelId,
      '/api/v1/devices/{id}': deviceId,
      '/api/v1/devices/{id}/status': deviceId,
      '/api/v1/devices/{id}/history': deviceId,
      '/api/v1/devices/{id}/children': deviceId,
      '/api/v1/custom-fields/{id}': customField,
      '/api/v1/devices/{id}/label.pdf': deviceId,
      '/api/v1/devices/{id}/documents': deviceId,
      '/api/v1/models/{id}/documents': modelId,
      '/api/v1/documents/{id}/content': document.id,
      '/api/v1/documents/{id}/retire': document.id,
      '/api/v1/sites/{id}': site.id,
      '/api/v1/users/{id}': user.id,
      '/api/v1/users/{id}/reset-password': user.id,
      '/api/v1/users/{id}/end-sessions': user.id,
      '/api/v1/api-tokens/{id}/revoke': token.apiToken.id,
      '/api/v1/auth/sessions/{id}/end': sessions.items[0]?.id ?? '',
      '/api/v1/plan-templates/{id}': planTemplate,
      '/api/v1/plan-templates/{id}/retire': planTemplate,
      '/api/v1/maintenance-plans/{id}': plan,
      '/api/v1/maintenance-plans/{id}/retire': plan,
      '/api/v1/devices/{id}/maintenance-plans': deviceId,
      '/api/v1/work-orders/{id}': workOrder,
      '/api/v1/work-orders/{id}/assign': workOrder,
      '/api/v1/work-orders/{id}/start': workOrder,
      '/api/v1/work-orders/{id}/hold': workOrder,
      '/api/v1/work-orders/{id}/resume': workOrder,
      '/api/v1/work-orders/{id}/complete': workOrder,
      '/api/v1/work-orders/{id}/close': workOrder,
      '/api/v1/work-orders/{id}/cancel': workOrder,
      '/api/v1/work-orders/{id}/reopen': workOrder,
      '/api/v1/work-orders/{id}/labor': workOrder,
      '/api/v1/work-orders/{id}/parts': workOrder,
      '/api/v1/work-orders/{id}/labor/retire': workOrder,
      '/api/v1/work-orders/{id}/parts/retire': workOrder,
      '/api/v1/work-orders/{id}/attempts': workOrder,
      '/api/v1/work-orders/{id}/escalate-missing': workOrder,
      '/api/v1/work-orders/{id}/addenda': workOrder,
      '/api/v1/work-orders/{id}/signatures/verify': workOrder,
      '/api/v1/devices/{id}/work-orders': deviceId,
      '/api/v1/devices/{id}/found': deviceId,
      '/api/v1/notifications/{id}/read': notification ?? '',
    };
    otherAdmin = (await t.createOrganization('Other Hospital')).admin;
  });
  afterAll(async () => t?.close());

  it('publishes a permission for every operation that is neither public nor open to every user', () => {
    expect(ops.length).toBeGreaterThan(20);
    for (const op of ops.filter((o) => o.path.startsWith('/api/v1/'))) {
      if (op.isPublic) continue;
      // Notifications are each user's own (any signed-in user reads and marks only theirs).
      const openToAll = ['/api/v1/auth/', '/api/v1/roles', '/api/v1/udi/', '/api/v1/notifications'].some(
        (p) => op.path.startsWith(p),
      );
      expect(op.permission !== undefined || openToAll, `${op.method} ${op.path} names no permission`).toBe(
        true,
      );
    }
  });

  it('answers 401 without credentials', async () => {
    for (const op of ops.filter((o) => !o.isPublic && o.path.startsWith('/api/v1/'))) {
      const res = await call(
        undefined,
        op,
        fillPath(op.path, {}),
        op.method === 'GET' ? undefined : sample(op.body),
      );
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(401);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 403 to every role that lacks the permission', async () => {
    let checked = 0;
    for (const op of ops.filter((o) => o.permission)) {
      for (const role of roles) {
        if ((rolePermissions[role] as readonly string[]).includes(op.permission as Permission)) continue;
        const client = clients.get(role);
        if (!client) throw new Error(role);
        const res = await call(
          client,
          op,
          fillPath(op.path, idsOfA),
          op.method === 'GET' ? undefined : sample(op.body),
        );
        expect(res.statusCode, `${role} ${op.method} ${op.path}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("answers 404 to another organization's ids", async () => {
    const withIds = ops.filter((o) => o.pathParams.length > 0);
    expect(withIds.length).toBeGreaterThan(4);
    for (const op of withIds) {
      const id = idsOfA[op.path];
      expect(id, `no object of organization A for ${op.path}`).toBeTruthy();
      const res = await call(
        otherAdmin,
        op,
        // Maintenance profiles are addressed by scope and target id.
        fillPath(op.path, { id: id ?? '', scope: 'model', targetId: id ?? '' }),
        op.method === 'GET' ? undefined : sample(op.body),
      );
      expect(res.statusCode, `${op.method} ${op.path}: ${res.body}`).toBe(404);
    }
  });

  it('never answers 5xx to malformed input', async () => {
    const admin = t.admin;
    const bad: unknown[] = [
      'not json',
      [],
      { extra: '\u0000' },
      { name: 'x'.repeat(100_000) },
      { version: 'NaN', limit: 1e308 },
    ];
    for (const op of ops.filter(
      (o) => o.method !== 'GET' && o.path.startsWith('/api/v1/') && !o.path.includes('logout'),
    )) {
      for (const body of bad) {
        const res = await call(admin, op, fillPath(op.path, {}), body);
        expect(res.statusCode, `${op.method} ${op.path}`).toBeGreaterThanOrEqual(400);
      }
    }
    for (const op of ops.filter((o) => o.method === 'GET' && o.path.startsWith('/api/v1/'))) {
      for (const qs of [
        '?limit=1000000000',
        '?limit=-1',
        '?cursor=%27%20OR%201%3D1--',
        '?cursor=WyJ4Il0',
        '?q=%25_%5C',
        '?from=2024-02-30',
      ]) {
        await call(admin, op, fillPath(op.path, {}) + qs);
      }
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
