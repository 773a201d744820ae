import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UdiParseResult } from '../../../contracts/index.ts';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';

describe('POST /api/v1/udi/parse', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(async () => t?.close());

  it('answers the agency, identifiers and ISO dates, and reports a wrong check digit with the expected one', async () => {
    const ok = await t.admin.request({
      method: 'POST',
      url: '/api/v1/udi/parse',
      payload: { code: '(01)00208851107347(17)250300(10)A1B2(21)SN9' },
    });
    expect(ok.statusCode).toBe(200);
    const r = ok.json<UdiParseResult>();
    expect(r).toMatchObject({
      issuingAgency: 'GS1',
      deviceIdentifier: '00208851107347',
      lot: 'A1B2',
      serial: 'SN9',
      expiryDate: '2025-03-31',
    });
    expect(r.errors).toEqual([]);

    const bad = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/udi/parse',
        payload: { code: '(01)00208851107345(17)150331' },
      })
    ).json<UdiParseResult>();
    expect(bad.errors.find((e) => e.code === 'GTIN_CHECK_DIGIT')?.expected).toBe('7');
  });

  it('names the field when the body is wrong and needs a signed-in user', async () => {
    const res = await t.admin.request({ method: 'POST', url: '/api/v1/udi/parse', payload: { code: 42 } });
    expect(res.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('code');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/udi/parse', payload: { code: 'x' } })).statusCode,
    ).toBe(401);
  });
});
