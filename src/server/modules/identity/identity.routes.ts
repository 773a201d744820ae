import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  ApiTokenList,
  RoleList,
  SessionList,
  ChangePasswordRequest,
  CreateApiTokenRequest,
  CreatedApiToken,
  CreateUserRequest,
  LoginRequest,
  LoginResponse,
  Me,
  MfaDisableRequest,
  MfaEnableRequest,
  MfaSetupResponse,
  MfaVerifyRequest,
  Ok,
  pageOf,
  ResetPasswordRequest,
  roleLabels,
  roles,
  UpdateUserRequest,
  User,
  UserListQuery,
  uuid,
} from '../../../contracts/index.ts';
import { actorOf, EmptyBody, errorResponses, IdParams } from '../../platform/http/routing.ts';
import type { AuthService, RequestInfo } from './auth.service.ts';
import { rolePermissions } from './identity.policy.ts';
import type { TokensService } from './tokens.service.ts';
import type { UsersService } from './users.service.ts';

export interface SessionCookie {
  name: string;
  secure: boolean;
  absoluteHours: number;
}

export const requestInfo = (req: FastifyRequest): RequestInfo => ({
  ip: req.ip,
  userAgent: req.headers['user-agent'] ?? null,
  requestId: req.id,
});

const ok = { ok: true as const };

export const identityRoutes =
  (deps: {
    auth: AuthService;
    users: UsersService;
    tokens: TokensService;
    cookie: SessionCookie;
    loginRateLimit: number;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const { auth, users, tokens, cookie } = deps;
    const setSession = (reply: FastifyReply, token: string) =>
      reply.setCookie(cookie.name, token, {
        path: '/',
        httpOnly: true,
        secure: cookie.secure,
        sameSite: 'lax',
        maxAge: cookie.absoluteHours * 3600,
      });
    const clearSession = (reply: FastifyReply) =>
      reply.clearCookie(cookie.name, { path: '/', secure: cookie.secure, httpOnly: true, sameSite: 'lax' });
    const authTags = ['Authentication'];
    const loginLimit = { rateLimit: { max: deps.loginRateLimit, timeWindow: '1 minute' } };

    app.post(
      '/auth/login',
      {
        config: { public: true, ...loginLimit },
        schema: {
          tags: authTags,
          summary: 'Sign in with email and password',
          body: LoginRequest,
          response: { 200: LoginResponse, ...errorResponses },
        },
      },
      async (req, reply) => {
        const { token, response } = await auth.login(req.body.email, req.body.password, requestInfo(req));
        setSession(reply, token);
        return response;
      },
    );
    app.post(
      '/auth/login/mfa',
      {
        config: { public: true, ...loginLimit },
        schema: {
          tags: authTags,
          summary: 'Second sign-in step: the authenticator code',
          body: MfaVerifyRequest,
          response: { 200: LoginResponse, ...errorResponses },
        },
      },
      async (req, reply) => {
        const { token, response } = await auth.verifyMfa(
          req.cookies[cookie.name],
          req.body.code,
          requestInfo(req),
        );
        setSession(reply, token);
        return response;
      },
    );
    app.post(
      '/auth/logout',
      {
        config: { anyUser: true, mfaPending: true },
        schema: {
          tags: authTags,
          summary: 'Sign out (ends the session)',
          body: EmptyBody,
          response: { 200: Ok, ...errorResponses },
        },
      },
      async (req, reply) => {
        await auth.logout(actorOf(req));
        clearSession(reply);
        return ok;
      },
    );
    app.get(
      '/auth/me',
      {
        config: { anyUser: true },
        schema: {
          tags: authTags,
          summary: 'The signed-in user, permissions and CSRF token',
          response: { 200: Me, ...errorResponses },
        },
      },
      (req) => auth.currentUser(actorOf(req)),
    );
    app.get(
      '/auth/sessions',
      {
        config: { anyUser: true },
        schema: {
          tags: authTags,
          summary: 'My open sessions',
          response: { 200: SessionList, ...errorResponses },
        },
      },
      (req) => auth.listMySessions(actorOf(req)),
    );
    app.post(
      '/auth/sessions/:id/end',
      {
        config: { anyUser: true },
        schema: {
          tags: authTags,
          summary: 'End one of my sessions',
          params: z.object({ id: uuid }),
          body: EmptyBody,
          response: { 200: Ok, ...errorResponses },
        },
      },
      async (req) => {
        await auth.endMySession(actorOf(req), req.params.id);
        return ok;
      },
    );
    app.post(
      '/auth/password',
      {
        config: { anyUser: true, ...loginLimit },
        schema: {
          tags: authTags,
          summary: 'Change my password',
          body: ChangePasswordRequest,
          response: { 200: Ok, ...errorResponses },
        },
      },
      async (req) => {
        await auth.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword);
        return ok;
      },
    );
    app.post(
      '/auth/mfa/setup',
      {
        config: { anyUser: true },
        schema: {
          tags: authTags,
          summary: 'Start authenticator (TOTP) setup',
          body: EmptyBody,
          response: { 200: MfaSetupResponse, ...errorResponses },
        },
      },
      async (req) => {
        const { secret, otpauthUrl } = await auth.setupMfa(actorOf(req));
        return { secret, otpauthUrl, qrSvg: await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1 }) };
      },
    );
    app.post(
      '/auth/mfa/enable',
      {
        config: { anyUser: true, ...loginLimit },
        schema: {
          tags: authTags,
          summary: 'Confirm the authenticator with a code',
          body: MfaEnableRequest,
          response: { 200: Ok, ...errorResponses },
        },
      },
      async (req) => {
        await auth.enableMfa(actorOf(req), req.body.code);
        return ok;
      },
    );
    app.post(
      '/auth/mfa/disable',
      {
        config: { anyUser: true, ...loginLimit },
        schema: {
          tags: authTags,
          summary: 'Turn multi-factor authentication off',
          body: MfaDisableRequest,
          response: { 200: Ok, ...errorResponses },
        },
      },
      async (req) => {
        await auth.disableMfa(actorOf(req), req.body.password);
        return ok;
      },
    );

    const userTags = ['Users and roles'];
    app.get(
      '/roles',
      {
        config: { anyUser: true },
        schema: {
          tags: userTags,
          summary: 'Roles and the permissions each grants',
          response: { 200: RoleList, ...errorResponses },
        },
      },
      async () => ({
        items: roles.map((role) => ({
          role,
          label: roleLabels[role],
          permissions: [...rolePermissions[role]],
        })),
      }),
    );
    app.get(
      '/users',
      {
        config: { permission: 'users.read' },
        schema: {
          tags: userTags,
          summary: 'List users',
          querystring: UserListQuery,
          response: { 200: pageOf(User), ...errorResponses },
        },
      },
      (req) => users.listUsers(actorOf(req), req.query),
    );
    app.post(
      '/users',
      {
        config: { permission: 'users.manage' },
        schema: {
          tags: userTags,
          summary: 'Create a user',
          body: CreateUserRequest,
          response: { 201: User, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await users.createUser(actorOf(req), req.body)),
    );
    app.get(
      '/users/:id',
      {
        config: { permission: 'users.read' },
        schema: {
          tags: userTags,
          summary: 'One user',
          params: IdParams,
          response: { 200: User, ...errorResponses },
        },
      },
      (req) => users.getUser(actorOf(req), req.params.id),
    );
    app.patch(
      '/users/:id',
      {
        config: { permission: 'users.manage' },
        schema: {
          tags: userTags,
          summary: 'Change a user (optimistic: send the version you read)',
          params: IdParams,
          body: UpdateUserRequest,
          response: { 200: User, ...errorResponses },
        },
      },
      (req) => users.updateUser(actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/users/:id/reset-password',
      {
        config: { permission: 'users.manage' },
        schema: {
          tags: userTags,
          summary: 'Set a new password and end the user’s sessions',
          params: IdParams,
          body: ResetPasswordRequest,
          response: { 200: Ok, ...errorResponses },
        },
      },
      async (req) => {
        await users.resetPassword(actorOf(req), req.params.id, req.body.newPassword, req.body.reason);
        return ok;
      },
    );
    app.post(
      '/users/:id/end-sessions',
      {
        config: { permission: 'users.manage' },
        schema: {
          tags: userTags,
          summary: 'End every session of a user',
          params: IdParams,
          body: EmptyBody,
          response: { 200: Ok, ...errorResponses },
        },
      },
      async (req) => {
        await users.endSessions(actorOf(req), req.params.id);
        return ok;
      },
    );

    const tokenTags = ['API tokens'];
    app.get(
      '/api-tokens',
      {
        config: { permission: 'api-tokens.manage' },
        schema: {
          tags: tokenTags,
          summary: 'List API tokens',
          response: { 200: ApiTokenList, ...errorResponses },
        },
      },
      (req) => tokens.listTokens(actorOf(req)),
    );
    app.post(
      '/api-tokens',
      {
        config: { permission: 'api-tokens.manage' },
        schema: {
          tags: tokenTags,
          summary: 'Create an API token (shown once)',
          body: CreateApiTokenRequest,
          response: { 201: CreatedApiToken, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await tokens.createToken(actorOf(req), req.body)),
    );
    app.post(
      '/api-tokens/:id/revoke',
      {
        config: { permission: 'api-tokens.manage' },
        schema: {
          tags: tokenTags,
          summary: 'Revoke an API token',
          params: IdParams,
          body: EmptyBody,
          response: { 200: Ok, ...errorResponses },
        },
      },
      async (req) => {
        await tokens.revokeToken(actorOf(req), req.params.id);
        return ok;
      },
    );
  };
