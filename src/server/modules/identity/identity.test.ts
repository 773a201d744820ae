import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../../../../test/support/app.ts';
import { engines } from '../../../../test/support/engines.ts';
import { currentTotp } from './identity.crypto.ts';

const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe.each(engines())('identity (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('refuses a wrong password with the same answer as an unknown email, and audits the failure', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@test.example', password: 'nope nope nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ghost@test.example', password: 'nope nope nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    const events = await t.admin.request({
      method: 'GET',
      url: '/api/v1/audit-events?action=auth.login-failed',
    });
    expect(events.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('slows down guessing on one account after repeated failures, and lets it in again after the window', async () => {
    const u = await t.createUser('technician');
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password } });
    for (let i = 0; i < 10; i++) expect((await attempt('wrong guess')).statusCode).toBe(401);
    const slowed = await attempt(PASSWORD);
    expect(slowed.statusCode).toBe(429);
    expect(errorCode(slowed.body)).toBe('RATE_LIMITED');
    t.clock.advance(15 * 60_000 + 1000);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
    t.admin = await t.login('admin@test.example');
  });

  it('issues a new session token at every sign-in and ends it at sign-out', async () => {
    const a = await t.login('admin@test.example');
    const b = await t.login('admin@test.example');
    expect(a.cookie).not.toBe(b.cookie);
    expect((await a.request({ method: 'POST', url: '/api/v1/auth/logout', payload: {} })).statusCode).toBe(
      200,
    );
    expect((await a.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await b.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const res = await t.admin.request({
      method: 'POST',
      url: '/api/v1/sites',
      headers: { 'x-csrf-token': 'forged' },
      payload: { name: 'X', code: 'X', timeZone: 'UTC' },
    });
    expect(res.statusCode).toBe(403);
    expect(errorCode(res.body)).toBe('CSRF_FAILED');
  });

  it('ends a session after 30 idle minutes and after 12 hours in any case', async () => {
    const s = await t.login('admin@test.example');
    t.clock.advance(29 * 60_000);
    expect((await s.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await s.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await s.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);

    const busy = await t.login('admin@test.example');
    for (let h = 0; h < 12 * 4; h++) {
      t.clock.advance(15 * 60_000);
      const r = await busy.request({ method: 'GET', url: '/api/v1/auth/me' });
      if (h < 12 * 4 - 1) expect(r.statusCode, `after ${(h + 1) * 15} minutes`).toBe(200);
      else expect(r.statusCode).toBe(401);
    }
    t.admin = await t.login('admin@test.example');
  });

  it('ends idle sessions in the background and records it in the audit trail', async () => {
    const u = await t.createUser('technician');
    t.clock.advance(31 * 60_000);
    const ended = await t.services.auth.endExpiredSessions();
    expect(ended).toBeGreaterThanOrEqual(1);
    t.admin = await t.login('admin@test.example');
    const events = await t.admin.request({
      method: 'GET',
      url: '/api/v1/audit-events?action=auth.sessions-expired',
    });
    const [event] = events.json<{
      items: { actorLabel: string; after: { sessions: { userId: string }[] } }[];
    }>().items;
    expect(event?.actorLabel).toContain('system');
    expect(event?.after.sessions.map((s) => s.userId)).toContain(u.id);
    expect((await u.client.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('requires the TOTP code after MFA is on, and refuses a code used twice', async () => {
    const u = await t.createUser('clinical_engineer');
    const setup = await u.client.request({ method: 'POST', url: '/api/v1/auth/mfa/setup', payload: {} });
    const { secret, qrSvg } = setup.json<{ secret: string; qrSvg: string }>();
    expect(qrSvg).toContain('<svg');
    expect(
      (
        await u.client.request({
          method: 'POST',
          url: '/api/v1/auth/mfa/enable',
          payload: { code: '000000' },
        })
      ).statusCode,
    ).toBe(401);
    const enable = await u.client.request({
      method: 'POST',
      url: '/api/v1/auth/mfa/enable',
      payload: { code: currentTotp(secret, t.clock.now()) },
    });
    expect(enable.statusCode).toBe(200);
    t.clock.advance(30_000);

    const step1 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.email, password: PASSWORD },
    });
    expect(step1.json<{ status: string }>().status).toBe('mfa_required');
    const cookie = `${step1.cookies[0]?.name}=${step1.cookies[0]?.value}`;
    const csrf = step1.json<{ csrfToken: string }>().csrfToken;
    // A half-signed-in session cannot use the API.
    expect(
      errorCode((await t.app.inject({ method: 'GET', url: '/api/v1/sites', headers: { cookie } })).body),
    ).toBe('MFA_REQUIRED');
    const code = currentTotp(secret, t.clock.now());
    const step2 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/mfa',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { code },
    });
    expect(step2.statusCode).toBe(200);
    expect(step2.json<{ status: string }>().status).toBe('ok');
    // The pending session was replaced by a fresh one.
    expect(step2.cookies[0]?.value).not.toBe(step1.cookies[0]?.value);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.email, password: PASSWORD },
    });
    const c2 = `${again.cookies[0]?.name}=${again.cookies[0]?.value}`;
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/mfa',
      headers: { cookie: c2, 'x-csrf-token': again.json<{ csrfToken: string }>().csrfToken },
      payload: { code },
    });
    expect(replay.statusCode).toBe(401);
    expect(errorCode(replay.body)).toBe('INVALID_MFA_CODE');
  });

  it('ends other sessions when the password changes', async () => {
    const u = await t.createUser('technician');
    const other = await t.login(u.email);
    const r = await u.client.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(r.statusCode).toBe(200);
    expect((await other.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await u.client.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    const weak = await u.client.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'a brand new passphrase', newPassword: 'password1234' },
    });
    expect(weak.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe(
      'newPassword',
    );
  });

  it('API tokens: shown once, scoped, revocable, never more than their user', async () => {
    const created = await t.admin.request({
      method: 'POST',
      url: '/api/v1/api-tokens',
      payload: { name: 'reader', scopes: ['read'], expiresInDays: 1 },
    });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json<{ token: string; apiToken: { id: string; prefix: string } }>();
    expect(token.startsWith(`oht_${apiToken.prefix}_`)).toBe(true);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sites', headers: bearer })).statusCode).toBe(
      200,
    );
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers: bearer,
      payload: { name: 'X', code: 'TOK', timeZone: 'UTC' },
    });
    expect(write.statusCode).toBe(403);
    const list = await t.admin.request({ method: 'GET', url: '/api/v1/api-tokens' });
    expect(list.body).not.toContain(token);
    expect(
      (
        await t.admin.request({
          method: 'POST',
          url: `/api/v1/api-tokens/${apiToken.id}/revoke`,
          payload: {},
        })
      ).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sites', headers: bearer })).statusCode).toBe(
      401,
    );

    const expiring = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/api-tokens',
        payload: { name: 'short', expiresInDays: 1 },
      })
    ).json<{ token: string }>();
    t.clock.advance(86_400_000 + 1000);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/sites',
          headers: { authorization: `Bearer ${expiring.token}` },
        })
      ).statusCode,
    ).toBe(401);
    t.admin = await t.login('admin@test.example');
  });

  it('refuses privilege escalation and keeps one active administrator', async () => {
    const manager = await t.createUser('htm_manager');
    const admins = await t.admin.request({ method: 'GET', url: '/api/v1/users?role=administrator' });
    const me = admins
      .json<{ items: { id: string; version: number; email: string }[] }>()
      .items.find((u) => u.email === 'admin@test.example');
    if (!me) throw new Error('admin not listed');
    // An HTM manager cannot manage users at all; an administrator cannot remove the last administrator.
    expect(
      (
        await manager.client.request({
          method: 'POST',
          url: '/api/v1/users',
          payload: { email: 'x@test.example', displayName: 'X', role: 'administrator', password: PASSWORD },
        })
      ).statusCode,
    ).toBe(403);
    const demote = await t.admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${me.id}`,
      payload: { version: me.version, role: 'technician' },
    });
    expect(demote.statusCode).toBe(409);
    expect(errorCode(demote.body)).toBe('INVALID_STATE');
    // Unknown properties such as organizationId in a body are not applied.
    const sneaky = await t.admin.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: 'sneaky@test.example',
        displayName: 'S',
        role: 'auditor',
        password: PASSWORD,
        organizationId: '00000000-0000-4000-8000-000000000000',
        id: '00000000-0000-4000-8000-000000000001',
      },
    });
    expect(sneaky.statusCode).toBe(201);
    expect(sneaky.json<{ id: string }>().id).not.toBe('00000000-0000-4000-8000-000000000001');
    const fetched = await t.admin.request({
      method: 'GET',
      url: `/api/v1/users/${sneaky.json<{ id: string }>().id}`,
    });
    expect(fetched.statusCode).toBe(200);
  });

  it('deactivating a user ends their sessions, and a stale save gets 409', async () => {
    const u = await t.createUser('technician');
    const read = (await t.admin.request({ method: 'GET', url: `/api/v1/users/${u.id}` })).json<{
      version: number;
    }>();
    const off = await t.admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { version: read.version, active: false, reason: 'left' },
    });
    expect(off.statusCode).toBe(200);
    expect((await u.client.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const stale = await t.admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { version: read.version, active: true },
    });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale.body)).toBe('VERSION_CONFLICT');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(401);
  });
});
