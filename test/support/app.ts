import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/contracts/index.ts';
import { buildApp, sessionCookieName } from '../../src/server/http.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { systemActor } from '../../src/server/platform/actor.ts';
import { permissions } from '../../src/contracts/index.ts';
import type { Clock } from '../../src/server/platform/clock.ts';
import { silentLogger } from '../../src/server/platform/logger.ts';
import { openTestDatabase, type Engine, type TestDatabase } from './engines.ts';

export const ADMIN_EMAIL = 'admin@test.example';
export const PASSWORD = 'correct horse battery staple';

/** A clock tests can move; everything else is the real thing. */
export class TestClock implements Clock {
  constructor(private t = new Date('2026-11-21T12:00:00Z').getTime()) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

export interface Client {
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  csrf: string;
  cookie: string;
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  db: TestDatabase;
  clock: TestClock;
  organizationId: string;
  admin: Client;
  login(email: string, password?: string): Promise<Client>;
  createUser(
    role: Role,
    opts?: { email?: string; allSites?: boolean; siteIds?: string[]; organizationId?: string },
  ): Promise<{ id: string; email: string; client: Client }>;
  createOrganization(name: string): Promise<{ organizationId: string; admin: Client }>;
  close(): Promise<void>;
}

let seq = 0;

export async function createTestApp(engine: Engine, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await openTestDatabase(engine, {
    OPENHTM_LOGIN_RATE_PER_MINUTE: '10000',
    OPENHTM_API_RATE_PER_MINUTE: '1000000',
    ...env,
  });
  const clock = new TestClock();
  const services = createServices({ database: db.database, config: db.config, clock, log: silentLogger });
  const first = await services.users.bootstrap({
    organizationName: 'Test Hospital',
    email: ADMIN_EMAIL,
    password: PASSWORD,
  });
  if (!first) throw new Error('bootstrap did not run on a fresh database');
  const organizationId = first.organizationId;
  const app = await buildApp(services, { logger: false });
  await app.ready();
  const cookieName = sessionCookieName(db.config.cookieSecure);

  async function login(email: string, password = PASSWORD): Promise<Client> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const body = res.json<{ status: string; me?: { csrfToken: string }; csrfToken?: string }>();
    const set = res.cookies.find((c) => c.name === cookieName);
    if (!set) throw new Error('no session cookie');
    const cookie = `${cookieName}=${set.value}`;
    const csrf = body.me?.csrfToken ?? body.csrfToken ?? '';
    return {
      csrf,
      cookie,
      request: (opts) =>
        app.inject({ ...opts, headers: { cookie, 'x-csrf-token': csrf, ...(opts.headers ?? {}) } }),
    };
  }

  const admin = await login(ADMIN_EMAIL);

  async function createUser(
    role: Role,
    opts: { email?: string; allSites?: boolean; siteIds?: string[]; organizationId?: string } = {},
  ) {
    const email = opts.email ?? `${role}.${++seq}@test.example`;
    const orgId = opts.organizationId ?? organizationId;
    const user = await services.users.createUser(systemActor(orgId, 'test setup', permissions), {
      email,
      displayName: `${role} ${seq}`,
      role,
      allSites: opts.allSites ?? true,
      siteIds: opts.siteIds ?? [],
      password: PASSWORD,
      qualified: false,
    });
    return { id: user.id, email, client: await login(email) };
  }

  async function createOrganization(name: string) {
    const { insertOrganization } = await import('../../src/server/modules/sites/index.ts');
    const org = await insertOrganization(db.database.db, { name });
    const a = await createUser('administrator', {
      organizationId: org.id,
      email: `admin.${++seq}@other.example`,
    });
    return { organizationId: org.id, admin: a.client };
  }

  return {
    app,
    services,
    db,
    clock,
    organizationId: first.organizationId,
    admin,
    login,
    createUser,
    createOrganization,
    async close() {
      await app.close();
      await services.queue.stop();
      await db.cleanup();
    },
  };
}
