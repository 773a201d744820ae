import type { Permission, Role } from '../../contracts/index.ts';
import { AppError } from './errors.ts';

/**
 * Who is acting: a signed-in user, an API token's user, or the system (jobs, first-run setup, CLI maintenance).
 * Services receive it explicitly, so HTTP, CLI and jobs pass through the same policy checks.
 */
export interface Actor {
  kind: 'user' | 'system';
  organizationId: string;
  userId: string | null;
  label: string;
  role: Role | null;
  permissions: ReadonlySet<Permission>;
  allSites: boolean;
  siteIds: readonly string[];
  sessionId?: string | undefined;
  tokenId?: string | undefined;
  /** API tokens with only the `read` scope may not write. */
  readOnly?: boolean | undefined;
  ip?: string | null | undefined;
  requestId?: string | null | undefined;
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN', `This needs the "${permission}" permission`);
}

/** Site scoping: the sites an actor may see, or `undefined` for every site of the organization. */
export function permittedSiteIds(actor: Actor): readonly string[] | undefined {
  return actor.allSites ? undefined : actor.siteIds;
}

export function systemActor(
  organizationId: string,
  label = 'system',
  permissions: Iterable<Permission> = [],
): Actor {
  return {
    kind: 'system',
    organizationId,
    userId: null,
    label,
    role: null,
    permissions: new Set(permissions),
    allSites: true,
    siteIds: [],
  };
}
