import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WorkOrderImport,
  WorkOrderImportCheck,
  WorkOrderImportUploaded,
} from '../../../../contracts/index.ts';
import { createTestApp, type TestApp } from '../../../../../test/support/app.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; row?: number; message: string }[] };
}

const STACK_OR_SQL = /at .+\.ts:\d+|node_modules|SELECT |INSERT |violates|Error:/;

/** The HTTP edge of the history import: raw-body upload, dry run, apply as a job, poll. */
describe('work order history import API (pglite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { OPENHTM_MAX_UPLOAD_MB: '1' });
    const site = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/sites',
        payload: { name: 'Main', code: 'MAIN', timeZone: 'UTC' },
      })
    ).json<{ id: string }>();
    const maker = (
      await t.admin.request({ method: 'POST', url: '/api/v1/manufacturers', payload: { name: 'Masimo' } })
    ).json<{ id: string }>();
    const model = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/models',
        payload: { manufacturerId: maker.id, modelNumber: 'Radical-7', name: 'Radical-7 oximeter' },
      })
    ).json<{ id: string }>();
    const created = await t.admin.request({
      method: 'POST',
      url: '/api/v1/devices',
      payload: { assetTag: 'OX-1', modelId: model.id, siteId: site.id, status: 'in_service' },
    });
    expect(created.statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  const upload = (body: string, contentType = 'text/csv') =>
    t.admin.request({
      method: 'POST',
      url: '/api/v1/work-order-imports?fileName=history.csv',
      payload: body,
      headers: { 'content-type': contentType },
    });

  it('answers 415 to other content types and 400 naming the file when it has no rows', async () => {
    const json = await upload('{"a":1}', 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.json<ErrorBody>().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const empty = await upload('Asset tag,WO #\n');
    expect(empty.statusCode).toBe(400);
    expect(empty.json<ErrorBody>().error.details[0]?.field).toBe('file');
    expect(empty.body).not.toMatch(STACK_OR_SQL);
  });

  it('uploads, lists problems by row in the dry run, applies as a job and reports the result', async () => {
    const bad = await upload('Tag #,WO #,Type,Completed\nOX-1,A-1,PM,2025-02-30\n');
    expect(bad.statusCode).toBe(201);
    const badId = WorkOrderImportUploaded.parse(bad.json()).id;
    const check = await t.admin.request({
      method: 'POST',
      url: `/api/v1/work-order-imports/${badId}/dry-run`,
      payload: {},
    });
    expect(check.statusCode).toBe(200);
    expect(WorkOrderImportCheck.parse(check.json()).problems).toEqual([
      { row: 2, column: 'Completed', field: 'completedAt', message: '"2025-02-30" is not a date' },
    ]);

    const good = await upload('Tag #,WO #,Type,Completed,Tech,Hours\nOX-1,A-1,PM,2025-02-28,Pat Lee,0.5\n');
    const up = WorkOrderImportUploaded.parse(good.json());
    expect(up.suggestedMapping).toEqual({
      'Tag #': 'assetTag',
      'WO #': 'legacyNumber',
      Type: 'kind',
      Completed: 'completedAt',
      Tech: 'technician',
      Hours: 'hours',
    });
    const applied = await t.admin.request({
      method: 'POST',
      url: `/api/v1/work-order-imports/${up.id}/apply`,
      payload: { mapping: up.suggestedMapping },
    });
    expect(applied.statusCode).toBe(202);
    expect(WorkOrderImport.parse(applied.json()).status).toBe('queued');
    await t.services.queue.drain();
    const done = await t.admin.request({ method: 'GET', url: `/api/v1/work-order-imports/${up.id}` });
    expect(WorkOrderImport.parse(done.json())).toMatchObject({
      status: 'applied',
      progress: 1,
      result: { workOrderCount: 1, byKind: { preventive: 1 }, techniciansAsText: 1 },
    });
    const again = await t.admin.request({
      method: 'POST',
      url: `/api/v1/work-order-imports/${up.id}/apply`,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error.code).toBe('INVALID_STATE');
  });
});
