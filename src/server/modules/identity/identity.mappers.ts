import type { ApiToken, Role, Session, TokenScope, User } from '../../../contracts/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { ApiTokenRow, SessionRow, UserRow } from './identity.queries.ts';
import { permissionsOf } from './identity.policy.ts';

export const toUser = (r: UserRow, siteIds: string[]): User => ({
  id: r.id,
  email: r.email,
  displayName: r.displayName,
  role: r.role as Role,
  allSites: r.allSites,
  siteIds,
  mfaEnabled: r.mfaEnabled,
  active: r.active,
  qualified: r.qualified,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  version: r.version,
});

export const toSession = (r: SessionRow, currentId: string | undefined): Session => ({
  id: r.id,
  current: r.id === currentId,
  createdAt: r.createdAt.toISOString(),
  lastSeenAt: r.lastSeenAt.toISOString(),
  absoluteExpiresAt: r.absoluteExpiresAt.toISOString(),
  ip: r.ip,
  userAgent: r.userAgent,
});

export const toApiToken = (r: ApiTokenRow, userEmail: string): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes as TokenScope[],
  userId: r.userId,
  userEmail,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

export function actorForUser(
  user: UserRow,
  siteIds: string[],
  extra: Pick<Actor, 'sessionId' | 'tokenId' | 'readOnly' | 'ip' | 'requestId'> = {},
): Actor {
  return {
    kind: 'user',
    organizationId: user.organizationId,
    userId: user.id,
    label: `${user.displayName} <${user.email}>`,
    role: user.role as Role,
    permissions: permissionsOf(user.role as Role),
    allSites: user.allSites,
    siteIds,
    ...extra,
  };
}
