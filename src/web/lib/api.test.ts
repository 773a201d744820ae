import { afterEach, describe, expect, it } from 'vitest';
import { Ok, Site } from '../../contracts/index.ts';
import { stubFetch } from '../testing/fetch-stub.ts';
import { aSite, anError } from '../testing/fixtures.ts';
import { ApiError, api, setCsrfToken, withQuery } from './api.ts';

afterEach(() => setCsrfToken(null));

describe('api client', () => {
  it('sends the CSRF token on writes only, with same-origin credentials', async () => {
    const fetch = stubFetch({
      'GET /api/v1/sites/:id': { body: aSite() },
      'POST /api/v1/auth/logout': { body: { ok: true } },
    });
    setCsrfToken('tok-1');
    await api.get('/api/v1/sites/x', Site);
    await api.post('/api/v1/auth/logout', Ok);
    expect(fetch.calls[0]?.headers.get('x-csrf-token')).toBeNull();
    expect(fetch.calls[1]?.headers.get('x-csrf-token')).toBe('tok-1');
    expect(fetch.calls[1]?.body).toEqual({});
  });

  it('throws ApiError with the code, message and details of the error body', async () => {
    stubFetch({
      'POST /api/v1/sites': {
        status: 400,
        body: anError('VALIDATION_FAILED', 'The request is not valid', [
          { field: 'code', message: 'is taken' },
        ]),
      },
    });
    const error = await api.post('/api/v1/sites', Site, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid',
    });
    expect((error as ApiError).details).toEqual([{ field: 'code', message: 'is taken' }]);
  });

  it('rejects a response that does not match the contract', async () => {
    stubFetch({ 'GET /api/v1/sites/:id': { body: { ...aSite(), kind: 'spaceship' } } });
    const error = await api.get('/api/v1/sites/x', Site).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INTERNAL',
      message: 'Unexpected response from GET /api/v1/sites/x',
    });
  });

  it('answers a non-JSON failure with a generic ApiError', async () => {
    stubFetch({ 'GET /api/v1/sites/:id': { status: 503 } });
    const error = await api.get('/api/v1/sites/x', Site).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/x', { q: 'a b', cursor: undefined, active: '', limit: 50 })).toBe('/x?q=a+b&limit=50');
  });
});
