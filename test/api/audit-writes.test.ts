import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/server/modules/identity/index.ts';
import { verifyAuditChain } from '../../src/server/platform/audit/audit.ts';
import { createTestApp, PASSWORD, type Client, type TestApp } from '../support/app.ts';
import { engines } from '../support/engines.ts';
import { operationsOf, type Operation } from '../support/openapi.ts';
import { seedDevice, seedModel } from '../../src/server/modules/inventory/labels/test-fixtures.ts';

interface AuditRow {
  action: string;
  actor_id: string | null;
  actor_label: string;
  before: unknown;
  after: unknown;
}

/**
 * Each write operation in the OpenAPI document has a scenario here that calls it validly; the test fails when an
 * operation has none, so a new write endpoint cannot ship without proving it writes exactly one audit event.
 */
describe.each(engines())('audit trail of every write (%s)', (engine) => {
  let t: TestApp;
  let ops: Operation[];

  const count = async () =>
    Number(
      (await t.db.database.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_events')).rows[0]?.n,
    );
  const newest = async () =>
    (
      await t.db.database.pool.query<AuditRow>(
        'SELECT action, actor_id, actor_label, before, after FROM audit_events ORDER BY id DESC LIMIT 1',
      )
    ).rows[0];

  beforeAll(async () => {
    t = await createTestApp(engine);
    ops = operationsOf(
      (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<unknown>(),
    ).filter((o) => o.method !== 'GET' && o.path.startsWith('/api/v1/'));
  });
  afterAll(async () => t?.close());

  it('writes exactly one audit event, with actor and before/after, for every write operation', async () => {
    const admin = t.admin;
    const site = (
      await admin.request({
        method: 'POST',
        url: '/api/v1/sites',
        payload: { name: 'S', code: 'S1', timeZone: 'UTC' },
      })
    ).json<{ id: string; version: number }>();
    const tech = await t.createUser('technician');
    const token = (
      await admin.request({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 't' } })
    ).json<{ apiToken: { id: string } }>();
    const mfaUser = await t.createUser('clinical_engineer');
    const { modelId } = await seedModel(t.db.database.db, t.organizationId);
    const deviceId = await seedDevice(t.db.database.db, t.organizationId, {
      modelId,
      siteId: site.id,
      assetTag: 'AUDIT-1',
    });
    const get = async <T>(url: string): Promise<T & { version: number }> =>
      (await admin.request({ method: 'GET', url: `/api/v1${url}` })).json<T & { version: number }>();
    const post = (url: string, payload: object) =>
      admin.request({ method: 'POST', url: `/api/v1${url}`, payload });
    const inventorySite = (await post('/sites', { name: 'Inventory', code: 'INV', timeZone: 'UTC' })).json<{
      id: string;
    }>().id;
    const manufacturerId = (await get<{ manufacturer: { id: string } }>(`/models/${modelId}`)).manufacturer
      .id;
    const uploadDevices = () =>
      admin.request({
        method: 'POST',
        url: '/api/v1/device-imports?fileName=devices.csv',
        payload: 'Asset Tag,Manufacturer,Model,Site\nIMP-1,Maker,M-1,INV\n',
        headers: { 'content-type': 'text/csv' },
      });
    const uploadHistory = () =>
      admin.request({
        method: 'POST',
        url: '/api/v1/work-order-imports?fileName=history.csv',
        payload: 'Asset Tag,WO #,Type,Completed\nNOPE-1,L-1,PM,2025-01-02\n',
        headers: { 'content-type': 'text/csv' },
      });
    let historyImportId = '';
    const importMapping = {
      'Asset Tag': 'assetTag',
      Manufacturer: 'manufacturer',
      Model: 'modelNumber',
      Site: 'siteCode',
    };
    let importId = '';
    let ownTypeId = '';
    let customFieldId = '';
    let documentId = '';
    let secret = '';
    let second: Client | undefined;

    type Scenario = {
      kind: 'create' | 'update' | 'event';
      /** Set-up that writes its own events (signing in) runs before counting. */
      prepare?: () => Promise<void>;
      run: () => Promise<{ statusCode: number; body: string }>;
    };
    let extraSession: Client | undefined;
    const scenarios: Record<string, Scenario> = {
      'POST /api/v1/auth/login': {
        kind: 'event',
        run: () =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email: tech.email, password: PASSWORD },
          }),
      },
      'POST /api/v1/auth/mfa/setup': {
        kind: 'event',
        run: async () => {
          const r = await mfaUser.client.request({
            method: 'POST',
            url: '/api/v1/auth/mfa/setup',
            payload: {},
          });
          secret = r.json<{ secret: string }>().secret;
          return r;
        },
      },
      'POST /api/v1/auth/mfa/enable': {
        kind: 'update',
        run: () =>
          mfaUser.client.request({
            method: 'POST',
            url: '/api/v1/auth/mfa/enable',
            payload: { code: currentTotp(secret, t.clock.now()) },
          }),
      },
      'POST /api/v1/auth/login/mfa': {
        kind: 'event',
        run: async () => {
          t.clock.advance(30_000);
          const step1 = await t.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email: mfaUser.email, password: PASSWORD },
          });
          const cookie = step1.cookies[0];
          const csrf = step1.json<{ csrfToken: string }>().csrfToken;
          const before = await count();
          const r = await t.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login/mfa',
            headers: { cookie: `${cookie?.name}=${cookie?.value}`, 'x-csrf-token': csrf },
            payload: { code: currentTotp(secret, t.clock.now()) },
          });
          // the password step wrote its own event; the MFA step must add exactly one more
          expect(await count()).toBe(before + 1);
          return { statusCode: r.statusCode, body: r.body, skipCount: true } as never;
        },
      },
      'POST /api/v1/auth/mfa/disable': {
        kind: 'update',
        run: () =>
          mfaUser.client.request({
            method: 'POST',
            url: '/api/v1/auth/mfa/disable',
            payload: { password: PASSWORD },
          }),
      },
      'POST /api/v1/auth/password': {
        kind: 'event',
        prepare: async () => {
          second = await t.login(tech.email);
        },
        run: async () => {
          if (!second) throw new Error('not prepared');
          return second.request({
            method: 'POST',
            url: '/api/v1/auth/password',
            payload: { currentPassword: PASSWORD, newPassword: `${PASSWORD} 2` },
          });
        },
      },
      'POST /api/v1/auth/sessions/{id}/end': {
        kind: 'event',
        prepare: async () => {
          await t.login('admin@test.example');
        },
        run: async () => {
          const list = (await admin.request({ method: 'GET', url: '/api/v1/auth/sessions' })).json<{
            items: { id: string; current: boolean }[];
          }>();
          const other = list.items.find((s) => !s.current);
          return admin.request({
            method: 'POST',
            url: `/api/v1/auth/sessions/${other?.id}/end`,
            payload: {},
          });
        },
      },
      'POST /api/v1/auth/logout': {
        kind: 'event',
        prepare: async () => {
          extraSession = await t.login('admin@test.example');
        },
        run: async () => {
          if (!extraSession) throw new Error('not prepared');
          return extraSession.request({ method: 'POST', url: '/api/v1/auth/logout', payload: {} });
        },
      },
      'POST /api/v1/users': {
        kind: 'create',
        run: () =>
          admin.request({
            method: 'POST',
            url: '/api/v1/users',
            payload: {
              email: 'new.user@test.example',
              displayName: 'New User',
              role: 'technician',
              password: PASSWORD,
              allSites: false,
              siteIds: [site.id],
            },
          }),
      },
      'PATCH /api/v1/users/{id}': {
        kind: 'update',
        run: async () => {
          const u = (await admin.request({ method: 'GET', url: `/api/v1/users/${tech.id}` })).json<{
            version: number;
          }>();
          return admin.request({
            method: 'PATCH',
            url: `/api/v1/users/${tech.id}`,
            payload: { version: u.version, qualified: true, reason: 'completed training' },
          });
        },
      },
      'POST /api/v1/users/{id}/reset-password': {
        kind: 'event',
        run: () =>
          admin.request({
            method: 'POST',
            url: `/api/v1/users/${tech.id}/reset-password`,
            payload: { newPassword: PASSWORD, reason: 'forgot' },
          }),
      },
      'POST /api/v1/users/{id}/end-sessions': {
        kind: 'event',
        run: () =>
          admin.request({ method: 'POST', url: `/api/v1/users/${tech.id}/end-sessions`, payload: {} }),
      },
      'POST /api/v1/api-tokens': {
        kind: 'create',
        run: () =>
          admin.request({
            method: 'POST',
            url: '/api/v1/api-tokens',
            payload: { name: 'integration', scopes: ['read', 'write'] },
          }),
      },
      'POST /api/v1/api-tokens/{id}/revoke': {
        kind: 'update',
        run: () =>
          admin.request({
            method: 'POST',
            url: `/api/v1/api-tokens/${token.apiToken.id}/revoke`,
            payload: {},
          }),
      },
      'POST /api/v1/sites': {
        kind: 'create',
        run: () =>
          admin.request({
            method: 'POST',
            url: '/api/v1/sites',
            payload: { name: 'Clinic', code: 'C2', kind: 'clinic', timeZone: 'America/Denver' },
          }),
      },
      'PATCH /api/v1/sites/{id}': {
        kind: 'update',
        run: () =>
          admin.request({
            method: 'PATCH',
            url: `/api/v1/sites/${site.id}`,
            payload: { version: site.version, active: false, reason: 'closed' },
          }),
      },
      'POST /api/v1/backups': {
        kind: 'event',
        run: () => admin.request({ method: 'POST', url: '/api/v1/backups', payload: {} }),
      },
      // Reads that use POST write nothing.
      'POST /api/v1/udi/parse': {
        kind: 'event',
        run: () =>
          admin.request({
            method: 'POST',
            url: '/api/v1/udi/parse',
            payload: { code: '(01)00208851107347(17)150331' },
          }),
      },
      'POST /api/v1/devices/{id}/documents': {
        kind: 'create',
        run: async () => {
          const r = await admin.request({
            method: 'POST',
            url: `/api/v1/devices/${deviceId}/documents?kind=service_report&fileName=report.txt`,
            payload: 'Preventive maintenance done; all checks passed.',
            headers: { 'content-type': 'text/plain' },
          });
          documentId = r.json<{ id: string }>().id;
          return r;
        },
      },
      'POST /api/v1/models/{id}/documents': {
        kind: 'create',
        run: () =>
          admin.request({
            method: 'POST',
            url: `/api/v1/models/${modelId}/documents?kind=operator_manual&fileName=manual.txt&documentVersion=Rev%20B`,
            payload: 'Operator manual, revision B',
            headers: { 'content-type': 'text/plain' },
          }),
      },
      'POST /api/v1/documents/{id}/retire': {
        kind: 'update',
        run: () =>
          admin.request({
            method: 'POST',
            url: `/api/v1/documents/${documentId}/retire`,
            payload: { reason: 'superseded' },
          }),
      },
      'POST /api/v1/labels': {
        kind: 'event',
        run: () =>
          admin.request({
            method: 'POST',
            url: '/api/v1/labels',
            payload: { deviceIds: [deviceId], layout: 'sheet' },
          }),
      },
      'POST /api/v1/device-imports': {
        kind: 'create',
        run: () => uploadDevices(),
      },
      'POST /api/v1/device-imports/{id}/dry-run': {
        kind: 'update',
        prepare: async () => {
          importId = (await uploadDevices()).json<{ id: string }>().id;
        },
        run: () => post(`/device-imports/${importId}/dry-run`, { mapping: importMapping }),
      },
      'POST /api/v1/device-imports/{id}/apply': {
        kind: 'update',
        prepare: async () => {
          importId = (await uploadDevices()).json<{ id: string }>().id;
        },
        run: () => post(`/device-imports/${importId}/apply`, { mapping: importMapping }),
      },
      'POST /api/v1/work-order-imports': {
        kind: 'create',
        run: () => uploadHistory(),
      },
      'POST /api/v1/work-order-imports/{id}/dry-run': {
        kind: 'update',
        prepare: async () => {
          historyImportId = (await uploadHistory()).json<{ id: string }>().id;
        },
        run: () => post(`/work-order-imports/${historyImportId}/dry-run`, {}),
      },
      'POST /api/v1/work-order-imports/{id}/apply': {
        kind: 'update',
        prepare: async () => {
          historyImportId = (await uploadHistory()).json<{ id: string }>().id;
        },
        run: () => post(`/work-order-imports/${historyImportId}/apply`, {}),
      },
      'POST /api/v1/device-types': {
        kind: 'create',
        run: () => post('/device-types', { name: 'Surgical light, own', productCode: 'L01' }),
      },
      'PATCH /api/v1/device-types/{id}': {
        kind: 'update',
        prepare: async () => {
          ownTypeId = (await post('/device-types', { name: 'To change' })).json<{ id: string }>().id;
        },
        run: async () =>
          admin.request({
            method: 'PATCH',
            url: `/api/v1/device-types/${ownTypeId}`,
            payload: { version: (await get(`/device-types/${ownTypeId}`)).version, deviceClass: '2' },
          }),
      },
      'POST /api/v1/manufacturers': {
        kind: 'create',
        run: () => post('/manufacturers', { name: 'Mindray', aliases: ['Shenzhen Mindray Bio-Medical'] }),
      },
      'PATCH /api/v1/manufacturers/{id}': {
        kind: 'update',
        run: async () =>
          admin.request({
            method: 'PATCH',
            url: `/api/v1/manufacturers/${manufacturerId}`,
            payload: {
              version: (await get(`/manufacturers/${manufacturerId}`)).version,
              name: 'Renamed maker',
              aliases: ['Old maker name'],
            },
          }),
      },
      'POST /api/v1/models': {
        kind: 'create',
        run: () =>
          post('/models', {
            manufacturerId,
            modelNumber: 'NEW-1',
            name: 'New model',
            deviceIdentifiers: ['(01)00208851107347'],
          }),
      },
      'PATCH /api/v1/models/{id}': {
        kind: 'update',
        run: async () =>
          admin.request({
            method: 'PATCH',
            url: `/api/v1/models/${modelId}`,
            payload: { version: (await get(`/models/${modelId}`)).version, endOfSupport: '2031-06-30' },
          }),
      },
      'POST /api/v1/devices': {
        kind: 'create',
        run: () => post('/devices', { modelId, siteId: inventorySite, serialNumber: 'AUDIT-SN' }),
      },
      'PATCH /api/v1/devices/{id}': {
        kind: 'update',
        run: async () =>
          admin.request({
            method: 'PATCH',
            url: `/api/v1/devices/${deviceId}`,
            payload: { version: (await get(`/devices/${deviceId}`)).version, room: 'OR 2', reason: 'moved' },
          }),
      },
      'POST /api/v1/devices/{id}/status': {
        kind: 'update',
        run: async () =>
          post(`/devices/${deviceId}/status`, {
            version: (await get(`/devices/${deviceId}`)).version,
            status: 'out_of_service',
            reason: 'Failed the electrical safety test',
          }),
      },
      'POST /api/v1/custom-fields': {
        kind: 'create',
        run: () => post('/custom-fields', { key: 'pm_minutes', label: 'PM minutes', type: 'number' }),
      },
      'PATCH /api/v1/custom-fields/{id}': {
        kind: 'update',
        prepare: async () => {
          customFieldId = (
            await post('/custom-fields', { key: 'room_code', label: 'Room code', type: 'text' })
          ).json<{
            id: string;
          }>().id;
        },
        run: () =>
          admin.request({
            method: 'PATCH',
            url: `/api/v1/custom-fields/${customFieldId}`,
            payload: { version: 1, label: 'Room code (EHS)' },
          }),
      },
      'PUT /api/v1/inventory/asset-tag-settings': {
        kind: 'update',
        run: async () =>
          admin.request({
            method: 'PUT',
            url: '/api/v1/inventory/asset-tag-settings',
            payload: {
              version: (await get('/inventory/asset-tag-settings')).version,
              prefix: 'BME-',
              digits: 6,
            },
          }),
      },
      // Maintenance plans and scheduling (H3).
      ...(() => {
        let templateId = '';
        let planId = '';
        const template = async () =>
          (templateId = (
            await post('/plan-templates', {
              modelId,
              name: 'Audit PM',
              interval: 'P6M',
              basis: 'manufacturer',
              basisDocument: 'Service manual rev B',
            })
          ).json<{ id: string }>().id);
        const plan = async () =>
          (planId = (
            await post('/maintenance-plans', {
              deviceId,
              name: 'Audit plan',
              interval: 'P1Y',
              basis: 'policy',
              basisReference: 'Policy EM-1',
            })
          ).json<{ id: string }>().id);
        const scenariosH3: Record<string, Scenario> = {
          'POST /api/v1/plan-templates': {
            kind: 'create',
            run: () =>
              post('/plan-templates', {
                modelId,
                name: 'Created PM',
                interval: 'P1Y',
                basis: 'policy',
                basisReference: 'Policy EM-2',
              }),
          },
          'PATCH /api/v1/plan-templates/{id}': {
            kind: 'update',
            prepare: async () => {
              await template();
            },
            run: () =>
              admin.request({
                method: 'PATCH',
                url: `/api/v1/plan-templates/${templateId}`,
                payload: { version: 1, estimatedHours: 2, reason: 'Measured' },
              }),
          },
          'POST /api/v1/plan-templates/{id}/retire': {
            kind: 'update',
            prepare: async () => {
              await template();
            },
            run: () => post(`/plan-templates/${templateId}/retire`, { version: 1, reason: 'Superseded' }),
          },
          'POST /api/v1/maintenance-plans': {
            kind: 'create',
            run: () =>
              post('/maintenance-plans', {
                deviceId,
                name: 'Created plan',
                interval: 'P3M',
                basis: 'policy',
                basisReference: 'Policy EM-3',
              }),
          },
          'PATCH /api/v1/maintenance-plans/{id}': {
            kind: 'update',
            prepare: async () => {
              await plan();
            },
            run: () =>
              admin.request({
                method: 'PATCH',
                url: `/api/v1/maintenance-plans/${planId}`,
                payload: { version: 1, shop: 'Biomed', reason: 'Shop assigned' },
              }),
          },
          'POST /api/v1/maintenance-plans/{id}/retire': {
            kind: 'update',
            prepare: async () => {
              await plan();
            },
            run: () => post(`/maintenance-plans/${planId}/retire`, { version: 1, reason: 'Sold' }),
          },
          'POST /api/v1/maintenance-plans/apply-defaults': {
            kind: 'event',
            run: () => post('/maintenance-plans/apply-defaults', {}),
          },
          'POST /api/v1/maintenance/schedule-runs': {
            kind: 'event',
            run: () => post('/maintenance/schedule-runs', {}),
          },
        };
        return scenariosH3;
      })(),
      // Work orders and notifications (H2): each scenario builds the state it needs in `prepare`.
      ...(() => {
        type Wo = { id: string; version: number; cnlPolicy: { maxCnlAttempts: number } };
        let wo: Wo = { id: '', version: 0, cnlPolicy: { maxCnlAttempts: 0 } };
        let woDevice = '';
        let noticeId = '';
        // Earlier scenarios end the technician's sessions: sign in again (that event is written in prepare).
        let reader: Client | undefined;
        const json = async (r: Promise<{ json: () => unknown; statusCode: number; body: string }>) => {
          const res = await r;
          if (res.statusCode >= 300) throw new Error(res.body);
          return res.json() as Wo;
        };
        const fresh = async (payload: object = {}) => {
          woDevice ||= await seedDevice(t.db.database.db, t.organizationId, {
            modelId,
            siteId: site.id,
            assetTag: 'AUDIT-WO',
          });
          return (wo = await json(
            post('/work-orders', { deviceId: woDevice, title: 'Audit work', ...payload }),
          ));
        };
        const step = async (action: string, payload: object = {}) =>
          (wo = await json(post(`/work-orders/${wo.id}/${action}`, { version: wo.version, ...payload })));
        const started = async () => {
          await fresh();
          await step('start');
        };
        const signed = async () => {
          await started();
          await step('complete', { finding: 'no_problem', password: PASSWORD });
        };
        const attemptsDone = async () => {
          const d = await seedDevice(t.db.database.db, t.organizationId, {
            modelId,
            siteId: site.id,
            assetTag: `AUDIT-CNL-${Math.random().toString(36).slice(2, 8)}`,
          });
          wo = await json(post('/work-orders', { deviceId: d, title: 'Audit PM' }));
          for (let i = 0; i < wo.cnlPolicy.maxCnlAttempts; i++)
            await step('attempts', { result: 'could_not_locate' });
          return d;
        };
        let missingDevice = '';
        const scenariosH2: Record<string, Scenario> = {
          'POST /api/v1/work-orders': {
            kind: 'create',
            run: () => post('/work-orders', { deviceId, title: 'Noisy fan' }),
          },
          'PATCH /api/v1/work-orders/{id}': {
            kind: 'update',
            prepare: async () => {
              await fresh();
            },
            run: () =>
              admin.request({
                method: 'PATCH',
                url: `/api/v1/work-orders/${wo.id}`,
                payload: { version: wo.version, problem: 'Fan noise at startup' },
              }),
          },
          'POST /api/v1/work-orders/{id}/assign': {
            kind: 'update',
            prepare: async () => {
              await fresh();
            },
            run: () => post(`/work-orders/${wo.id}/assign`, { version: wo.version, assignedUserId: tech.id }),
          },
          'POST /api/v1/work-orders/bulk-assign': {
            kind: 'update',
            prepare: async () => {
              await fresh();
            },
            run: () =>
              post('/work-orders/bulk-assign', {
                items: [{ id: wo.id, version: wo.version }],
                assignedTeam: 'Biomed',
              }),
          },
          'POST /api/v1/work-orders/{id}/start': {
            kind: 'update',
            prepare: async () => {
              await fresh();
            },
            run: () => post(`/work-orders/${wo.id}/start`, { version: wo.version }),
          },
          'POST /api/v1/work-orders/{id}/hold': {
            kind: 'update',
            prepare: started,
            run: () => post(`/work-orders/${wo.id}/hold`, { version: wo.version, reason: 'Parts' }),
          },
          'POST /api/v1/work-orders/{id}/resume': {
            kind: 'update',
            prepare: async () => {
              await started();
              await step('hold', { reason: 'Parts' });
            },
            run: () => post(`/work-orders/${wo.id}/resume`, { version: wo.version }),
          },
          'POST /api/v1/work-orders/{id}/labor': {
            kind: 'update',
            prepare: started,
            run: () =>
              post(`/work-orders/${wo.id}/labor`, { version: wo.version, workDate: '2026-11-21', hours: 1 }),
          },
          'POST /api/v1/work-orders/{id}/parts': {
            kind: 'update',
            prepare: started,
            run: () =>
              post(`/work-orders/${wo.id}/parts`, { version: wo.version, partNumber: 'FAN-1', quantity: 1 }),
          },
          'POST /api/v1/work-orders/{id}/labor/retire': {
            kind: 'update',
            prepare: async () => {
              await started();
              await step('labor', { workDate: '2026-11-21', hours: 9 });
            },
            run: async () =>
              post(`/work-orders/${wo.id}/labor/retire`, {
                version: wo.version,
                entryId: (await get<{ labor: { id: string }[] }>(`/work-orders/${wo.id}`)).labor[0]?.id,
                reason: 'Typo',
              }),
          },
          'POST /api/v1/work-orders/{id}/parts/retire': {
            kind: 'update',
            prepare: async () => {
              await started();
              await step('parts', { partNumber: 'P-1', quantity: 1 });
            },
            run: async () =>
              post(`/work-orders/${wo.id}/parts/retire`, {
                version: wo.version,
                entryId: (await get<{ parts: { id: string }[] }>(`/work-orders/${wo.id}`)).parts[0]?.id,
                reason: 'Wrong part',
              }),
          },
          'POST /api/v1/work-orders/{id}/complete': {
            kind: 'update',
            prepare: started,
            run: () =>
              post(`/work-orders/${wo.id}/complete`, {
                version: wo.version,
                finding: 'no_problem',
                password: PASSWORD,
              }),
          },
          'POST /api/v1/work-orders/{id}/addenda': {
            kind: 'create',
            prepare: signed,
            run: () =>
              post(`/work-orders/${wo.id}/addenda`, { text: 'Serial label replaced', password: PASSWORD }),
          },
          'POST /api/v1/work-orders/{id}/close': {
            kind: 'update',
            prepare: signed,
            run: () => post(`/work-orders/${wo.id}/close`, { version: wo.version }),
          },
          'POST /api/v1/work-orders/{id}/cancel': {
            kind: 'update',
            prepare: async () => {
              await fresh();
            },
            run: () => post(`/work-orders/${wo.id}/cancel`, { version: wo.version, reason: 'Duplicate' }),
          },
          'POST /api/v1/work-orders/{id}/reopen': {
            kind: 'update',
            prepare: async () => {
              await fresh();
              await step('cancel', { reason: 'Duplicate' });
            },
            run: () =>
              post(`/work-orders/${wo.id}/reopen`, { version: wo.version, reason: 'Not a duplicate' }),
          },
          'POST /api/v1/work-orders/{id}/attempts': {
            kind: 'update',
            prepare: async () => {
              await fresh();
            },
            run: () => post(`/work-orders/${wo.id}/attempts`, { version: wo.version, result: 'in_use' }),
          },
          'POST /api/v1/work-orders/{id}/escalate-missing': {
            kind: 'update',
            prepare: async () => {
              await attemptsDone();
            },
            run: () =>
              post(`/work-orders/${wo.id}/escalate-missing`, { version: wo.version, password: PASSWORD }),
          },
          'POST /api/v1/devices/{id}/found': {
            kind: 'create',
            prepare: async () => {
              missingDevice = await attemptsDone();
              await step('escalate-missing', { password: PASSWORD });
            },
            run: async () =>
              post(`/devices/${missingDevice}/found`, {
                version: (await get(`/devices/${missingDevice}`)).version,
              }),
          },
          'POST /api/v1/notifications/{id}/read': {
            kind: 'update',
            prepare: async () => {
              reader = await t.login(tech.email);
              await fresh({ assignedUserId: tech.id });
              noticeId =
                (
                  await t.db.database.pool.query<{ id: string }>(
                    'SELECT id FROM notifications WHERE work_order_id = $1',
                    [wo.id],
                  )
                ).rows[0]?.id ?? '';
            },
            run: () =>
              (reader ?? tech.client).request({
                method: 'POST',
                url: `/api/v1/notifications/${noticeId}/read`,
                payload: {},
              }),
          },
          'POST /api/v1/notifications/read-all': {
            kind: 'event',
            prepare: async () => {
              reader = await t.login(tech.email);
              await fresh({ assignedUserId: tech.id });
            },
            run: () =>
              (reader ?? tech.client).request({
                method: 'POST',
                url: '/api/v1/notifications/read-all',
                payload: {},
              }),
          },
        };
        return scenariosH2;
      })(),
      // Reference data, risk assessments, maintenance profiles and the AEM program (H1).
      ...(() => {
        let aemModel = '';
        let draftId = '';
        let ownVersionId = '';
        const aemBody = (target: string) => ({
          modelId: target,
          aemInterval: 'P1Y',
          rationale: 'Audit AEM',
          riskFactors: {
            use: 'u',
            consequenceOfFailure: 'c',
            backupAvailable: 'b',
            incidentHistory: 'i',
            maintenanceRequirements: 'm',
          },
          evidence: {
            failureDataPeriod: { from: '2025-01-01', to: '2025-12-31' },
            unitsObserved: 5,
            pmFindings: 0,
            pmPreventableFailures: 0,
          },
        });
        /** A model with five units in service for years, so AEM may be approved (S&C 14-07 history rule). */
        const eligibleModel = async () => {
          if (aemModel) return aemModel;
          aemModel = (
            await post('/models', { manufacturerId, modelNumber: 'AEM-AUDIT', name: 'AEM audit pump' })
          ).json<{ id: string }>().id;
          for (let i = 0; i < 5; i++)
            await post('/devices', {
              modelId: aemModel,
              siteId: inventorySite,
              inServiceDate: '2020-01-01',
              status: 'in_service',
            });
          // TJC EC.02.04.01 EP6: approvals and reviews are by a person marked qualified.
          await t.db.database.pool.query(
            `UPDATE users SET qualified = true WHERE email = 'admin@test.example'`,
          );
          return aemModel;
        };
        const newDraft = async () =>
          (draftId = (await post('/aem-assessments', aemBody(await eligibleModel()))).json<{ id: string }>()
            .id);
        const scenariosH1: Record<string, Scenario> = {
          'POST /api/v1/reference-tables/{id}/versions': {
            kind: 'create',
            run: async () => {
              const list = await get<{ items: { id: string; key: string; version: number }[] }>(
                '/reference-tables?kind=policy',
              );
              const cnl = list.items.find((i) => i.key === 'could-not-locate');
              return post(`/reference-tables/${cnl?.id}/versions`, {
                version: cnl?.version,
                content: { maxCnlAttempts: 2, cnlRetryDays: 3, autoInactivateAfterDays: 30 },
                reason: 'Hospital CNL policy',
              });
            },
          },
          'POST /api/v1/reference-tables/{id}/retire': {
            kind: 'update',
            prepare: async () => {
              const list = await get<{ items: { id: string; key: string; version: number }[] }>(
                '/reference-tables?kind=policy',
              );
              const scheduling = list.items.find((i) => i.key === 'scheduling');
              ownVersionId = (
                await post(`/reference-tables/${scheduling?.id}/versions`, {
                  version: scheduling?.version,
                  content: { horizonDays: 60, anchor: 'last_completion', dueSoonDays: 7 },
                  reason: 'Shorter horizon',
                })
              ).json<{ id: string }>().id;
            },
            run: () =>
              post(`/reference-tables/${ownVersionId}/retire`, { reason: 'Back to the shipped policy' }),
          },
          'POST /api/v1/risk-models/{id}/evaluate': {
            kind: 'event',
            run: () =>
              post('/risk-models/five-category/evaluate', {
                factorValues: {
                  clinicalFunction: 4,
                  physicalRisk: 4,
                  problemAvoidance: 2,
                  incidentHistory: 1,
                  regulatoryRequirements: 1,
                },
              }),
          },
          'POST /api/v1/risk-assessments': {
            kind: 'create',
            run: () =>
              post('/risk-assessments', {
                scope: 'model',
                targetId: modelId,
                factorValues: { function: 9, physicalRisk: 4, maintenance: 3, incidentHistory: 0 },
                rationale: 'Audit assessment',
              }),
          },
          'PUT /api/v1/maintenance-profiles/{scope}/{targetId}': {
            kind: 'update',
            run: () =>
              admin.request({
                method: 'PUT',
                url: `/api/v1/maintenance-profiles/model/${modelId}`,
                payload: { version: 0, reason: 'Life support', lifeSupport: true },
              }),
          },
          'POST /api/v1/aem-assessments': {
            kind: 'create',
            prepare: async () => {
              await eligibleModel();
            },
            run: async () => post('/aem-assessments', aemBody(await eligibleModel())),
          },
          'PATCH /api/v1/aem-assessments/{id}': {
            kind: 'update',
            prepare: async () => {
              await newDraft();
            },
            run: () =>
              admin.request({
                method: 'PATCH',
                url: `/api/v1/aem-assessments/${draftId}`,
                payload: { version: 1, aemInterval: 'P18M' },
              }),
          },
          'POST /api/v1/aem-assessments/{id}/approve': {
            kind: 'update',
            prepare: async () => {
              await newDraft();
            },
            run: () => post(`/aem-assessments/${draftId}/approve`, { version: 1 }),
          },
          'POST /api/v1/aem-assessments/{id}/retire': {
            kind: 'update',
            prepare: async () => {
              await newDraft();
            },
            run: () => post(`/aem-assessments/${draftId}/retire`, { version: 1, reason: 'Not pursued' }),
          },
          'POST /api/v1/aem-assessments/{id}/reviews': {
            kind: 'update',
            prepare: async () => {
              await newDraft();
              await post(`/aem-assessments/${draftId}/approve`, { version: 1 });
            },
            run: () =>
              post(`/aem-assessments/${draftId}/reviews`, {
                version: 2,
                outcome: 'continue',
                note: 'Effective; continue',
              }),
          },
        };
        return scenariosH1;
      })(),
      'POST /api/v1/audit-events/verify': {
        kind: 'event',
        run: () => admin.request({ method: 'POST', url: '/api/v1/audit-events/verify', payload: {} }),
      },
    };
    const readsViaPost = new Set([
      'POST /api/v1/audit-events/verify',
      'POST /api/v1/udi/parse',
      'POST /api/v1/labels',
      'POST /api/v1/risk-models/{id}/evaluate',
    ]);

    for (const op of ops)
      expect(
        scenarios[`${op.method} ${op.path}`],
        `no audit scenario for ${op.method} ${op.path}`,
      ).toBeDefined();
    expect(Object.keys(scenarios).sort()).toEqual(ops.map((o) => `${o.method} ${o.path}`).sort());
    const order = [
      'POST /api/v1/auth/mfa/setup',
      'POST /api/v1/auth/mfa/enable',
      'POST /api/v1/auth/login/mfa',
      'POST /api/v1/auth/mfa/disable',
    ];
    const keys = [...order, ...Object.keys(scenarios).filter((k) => !order.includes(k))];
    for (const key of keys) {
      const scenario = scenarios[key];
      if (!scenario) continue;
      await scenario.prepare?.();
      const before = await count();
      const res = (await scenario.run()) as { statusCode: number; body: string; skipCount?: boolean };
      expect(res.statusCode, `${key}: ${res.body}`).toBeLessThan(300);
      if (res.skipCount) continue;
      const added = (await count()) - before;
      if (readsViaPost.has(key)) {
        expect(added, key).toBe(0);
        continue;
      }
      expect(added, `${key} wrote ${added} audit events`).toBe(1);
      const ev = await newest();
      expect(ev?.actor_label, key).toBeTruthy();
      if (scenario.kind === 'create') expect(ev?.after, key).not.toBeNull();
      if (scenario.kind === 'update') {
        expect(ev?.before, key).not.toBeNull();
        expect(ev?.after, key).not.toBeNull();
      }
    }
    // secrets never reach the audit trail
    const all = await t.db.database.pool.query<{ t: string }>(
      'SELECT before::text || after::text AS t FROM audit_events WHERE before IS NOT NULL OR after IS NOT NULL',
    );
    for (const r of all.rows) expect(r.t ?? '').not.toMatch(/\$argon2|oht_[A-Za-z0-9_-]{20,}/);
  });

  it('refuses UPDATE and DELETE on the audit table, and detects a row changed behind its back', async () => {
    const pool = t.db.database.pool;
    await expect(pool.query("UPDATE audit_events SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(t.db.database.db, t.organizationId)).ok).toBe(true);

    // Someone with superuser rights disables the guard and edits an event.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
      const { rows } = await client.query<{ id: string }>(
        "UPDATE audit_events SET after = jsonb_set(after, '{name}', '\"Forged\"') WHERE action = 'site.created' AND organization_id = $1 RETURNING id::text",
        [t.organizationId],
      );
      await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
      await client.query('COMMIT');
      const result = await verifyAuditChain(t.db.database.db, t.organizationId);
      expect(result.ok).toBe(false);
      expect(result.firstBroken?.id).toBe(rows[0]?.id);
      expect(result.firstBroken?.reason).toMatch(/changed/);
    } finally {
      client.release();
    }

    // The CLI reports it too (and exits non-zero). Embedded data is held by this process; use the server mode.
    if (engine === 'postgres') {
      const url = t.db.config.databaseUrl ?? '';
      let out: string;
      let code = 0;
      try {
        out = execFileSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'audit', 'verify'], {
          env: { ...process.env, DATABASE_URL: url },
          encoding: 'utf8',
        });
      } catch (err) {
        const e = err as { status: number; stdout: string };
        code = e.status;
        out = e.stdout;
      }
      expect(code).toBe(1);
      expect(out).toMatch(/BROKEN at event id/);
    }
  });
});
