import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { Health, Ready } from '../contracts/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { identityRoutes, requestInfo, type Authenticated } from './modules/identity/index.ts';
import { inventoryRoutes } from './modules/inventory/index.ts';
import { documentsRoutes } from './modules/inventory/documents/index.ts';
import { importExportRoutes } from './modules/inventory/import-export/index.ts';
import { labelsRoutes } from './modules/inventory/labels/index.ts';
import {
  aemRoutes,
  planRoutes,
  profileRoutes,
  riskRoutes,
  schedulingRoutes,
} from './modules/maintenance/index.ts';
import { operationsRoutes } from './modules/operations/index.ts';
import { referenceRoutes } from './modules/reference/index.ts';
import { sitesRoutes } from './modules/sites/index.ts';
import { historyImportRoutes, workOrdersRoutes } from './modules/work-orders/index.ts';
import { notificationsRoutes } from './modules/notifications/index.ts';
import { AppError } from './platform/errors.ts';
import { installErrorHandling } from './platform/http/error-handler.ts';
import './platform/http/types.ts';
import type { Services } from './services.ts';

const webRoot = fileURLToPath(new URL('../../dist/web/', import.meta.url));
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_BODY_LIMIT = 1024 * 1024;

export const sessionCookieName = (secure: boolean) => (secure ? '__Host-openhtm' : 'openhtm_session');

function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export async function buildApp(
  services: Services,
  opts: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const { config } = services;
  const cookieName = sessionCookieName(config.cookieSecure);
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
          },
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimits.apiPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (req) => req.ip,
    allowList: (req) => !req.url.startsWith('/api/'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenHTM API',
        version: config.version,
        description:
          'Healthcare technology management. Authenticate with the session cookie from `POST /api/v1/auth/login` ' +
          '(send `x-csrf-token` on writes) or with an API token as `Authorization: Bearer`. ' +
          'Each operation lists the permission it needs in `x-permission`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: cookieName },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const cfg = input.route.config as { permission?: string; public?: boolean } | undefined;
      const schema = out.schema as Record<string, unknown>;
      if (cfg?.permission) schema['x-permission'] = cfg.permission;
      if (cfg?.public) schema.security = [];
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.actor = null;
    if (!req.url.startsWith('/api/v1/')) return;
    const cfg = req.routeOptions.config;
    const info = requestInfo(req);
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    let auth: Authenticated | null = null;
    if (bearer) {
      auth = await services.auth.authenticateToken(bearer, info);
      if (!auth) throw new AppError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked');
    } else {
      const token = req.cookies[cookieName];
      if (token) auth = await services.auth.authenticateSession(token, info);
    }
    const unsafe = !SAFE_METHODS.has(req.method);
    // Cookie-authenticated writes must echo the session's anti-forgery token (ASVS 3.5.1).
    const checkCsrf = (a: Authenticated) => {
      const sent = req.headers['x-csrf-token'];
      if (!bearer && unsafe && (typeof sent !== 'string' || !a.csrfToken || !safeEqual(sent, a.csrfToken))) {
        throw new AppError('CSRF_FAILED', 'Missing or wrong x-csrf-token header; reload the page');
      }
    };
    if (cfg.public) {
      if (auth?.mfaPending && cfg.mfaPending) checkCsrf(auth);
      return;
    }
    if (!auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    if (auth.mfaPending && !cfg.mfaPending)
      throw new AppError('MFA_REQUIRED', 'Enter your authentication code first');
    checkCsrf(auth);
    if (auth.actor.readOnly && unsafe) throw new AppError('FORBIDDEN', 'This API token may only read');
    if (cfg.permission && !auth.actor.permissions.has(cfg.permission)) {
      throw new AppError('FORBIDDEN', `This needs the "${cfg.permission}" permission`);
    }
    req.actor = auth.actor;
  });

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: { tags: ['Operations'], summary: 'Liveness', response: { 200: Health } },
    },
    async () => ({
      status: 'ok' as const,
      version: config.version,
    }),
  );
  app.get(
    '/api/ready',
    {
      config: { public: true },
      schema: {
        tags: ['Operations'],
        summary: 'Readiness: database open and migrated',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_req, reply) => {
      try {
        await services.database.pool.query('SELECT 1');
        return { ready: true, database: services.database.mode, migrations: services.database.migrations };
      } catch {
        return reply
          .code(503)
          .send({ ready: false, database: services.database.mode, migrations: services.database.migrations });
      }
    },
  );
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(
    async (v1) => {
      await v1.register(
        identityRoutes({
          auth: services.auth,
          users: services.users,
          tokens: services.tokens,
          cookie: {
            name: cookieName,
            secure: config.cookieSecure,
            absoluteHours: config.session.absoluteHours,
          },
          loginRateLimit: config.rateLimits.loginPerMinute,
        }),
      );
      await v1.register(sitesRoutes(services.sites));
      await v1.register(auditRoutes(services.database.db));
      await v1.register(operationsRoutes(services.operations, services.queue));
      await v1.register(inventoryRoutes({ clock: services.clock, inventory: services.inventory }));
      await v1.register(referenceRoutes(services.reference));
      await v1.register(planRoutes(services.plans));
      await v1.register(riskRoutes(services.risk));
      await v1.register(profileRoutes(services.profiles));
      await v1.register(aemRoutes(services.aem));
      await v1.register(schedulingRoutes(services.scheduling));
      await v1.register(workOrdersRoutes(services.workOrders));
      await v1.register(notificationsRoutes(services.notifications));
      await v1.register(labelsRoutes({ labels: services.labels, publicUrl: config.publicUrl }));
      // Uploads read raw bytes up to OPENHTM_MAX_UPLOAD_MB inside their own scope; the rest stays JSON at 1 MB.
      await v1.register(documentsRoutes({ documents: services.documents }));
      // The device-file upload, like documents, reads raw bytes up to OPENHTM_MAX_UPLOAD_MB in its own scope.
      await v1.register(
        importExportRoutes({
          imports: services.imports,
          exports: services.exports,
          maxUploadBytes: config.files.maxUploadBytes,
        }),
      );
      // The maintenance history upload, like the device file, reads raw bytes in its own scope.
      await v1.register(
        historyImportRoutes({
          imports: services.historyImports,
          maxUploadBytes: config.files.maxUploadBytes,
        }),
      );
    },
    { prefix: '/api/v1' },
  );

  const hasWeb = existsSync(`${webRoot}index.html`);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !hasWeb || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such endpoint', details: [] } });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
