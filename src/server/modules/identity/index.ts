export { createAuthService, type AuthService, type Authenticated } from './auth.service.ts';
export { createUsersService, type UsersService } from './users.service.ts';
export { createTokensService, type TokensService } from './tokens.service.ts';
export { identityRoutes, requestInfo, type SessionCookie } from './identity.routes.ts';
export { endExpiredSessionsJob } from './identity.jobs.ts';
export { rolePermissions, permissionsOf } from './identity.policy.ts';
export { currentTotp } from './identity.crypto.ts';
export { users } from './identity.schema.ts';
export { verifySigner, type Signer } from './signer.ts';
