import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('HTTP hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { OPENHTM_LOGIN_RATE_PER_MINUTE: '5' });
  });
  afterAll(async () => t?.close());

  it('sends security headers on the API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('rate-limits sign-in per client address with a clear error', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'x@test.example', password: 'wrong password' },
      });
      codes.push(r.statusCode);
      if (r.statusCode === 429) expect(r.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
    }
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(codes).toContain(429);
  });

  it('refuses oversized, non-JSON and deeply nested bodies without a 5xx', async () => {
    const big = await t.admin.request({
      method: 'POST',
      url: '/api/v1/sites',
      headers: { 'content-type': 'application/json' },
      payload: `{"name":"${'x'.repeat(1_100_000)}"}`,
    });
    expect(big.statusCode).toBe(413);
    const form = await t.admin.request({
      method: 'POST',
      url: '/api/v1/sites',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=x',
    });
    expect(form.statusCode).toBe(415);
    const deep = await t.admin.request({
      method: 'POST',
      url: '/api/v1/sites',
      headers: { 'content-type': 'application/json' },
      payload: '['.repeat(5000) + ']'.repeat(5000),
    });
    expect(deep.statusCode).toBe(400);
  });

  it('answers unknown API paths with a JSON 404 and serves the OpenAPI document and docs', async () => {
    const missing = await t.admin.request({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.json<{ openapi: string }>().openapi).toMatch(/^3\./);
    expect((await t.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });
});
