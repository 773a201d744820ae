import type { Permission, Role } from '../../../contracts/index.ts';
import { permissions as allPermissions } from '../../../contracts/index.ts';

/**
 * What each role may do. Later capabilities add their permissions here; the table is the single source for
 * the server's checks, the roles endpoint and the web app's navigation.
 */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  administrator: allPermissions,
  htm_manager: [
    'organization.read',
    'sites.read',
    'sites.manage',
    'users.read',
    'audit.read',
    'api-tokens.manage',
    'jobs.read',
    'inventory.read',
    'inventory.manage',
    'inventory.import',
    'catalog.manage',
    'maintenance.read',
    'maintenance.manage',
    'reference-data.manage',
    'work-orders.read',
    'work-orders.request',
    'work-orders.perform',
    'work-orders.manage',
    'work-orders.import',
    'schedule.run',
  ],
  clinical_engineer: [
    'organization.read',
    'sites.read',
    'users.read',
    'api-tokens.manage',
    'inventory.read',
    'inventory.manage',
    'inventory.import',
    'catalog.manage',
    'maintenance.read',
    'maintenance.manage',
    'work-orders.read',
    'work-orders.request',
    'work-orders.perform',
    'work-orders.manage',
    'work-orders.import',
    'schedule.run',
  ],
  technician: [
    'organization.read',
    'sites.read',
    'inventory.read',
    'inventory.manage',
    'maintenance.read',
    'work-orders.read',
    'work-orders.request',
    'work-orders.perform',
  ],
  clinical_staff: [
    'organization.read',
    'sites.read',
    'inventory.read',
    'work-orders.read',
    'work-orders.request',
  ],
  it_security: [
    'organization.read',
    'sites.read',
    'api-tokens.manage',
    'inventory.read',
    'maintenance.read',
    'work-orders.read',
    'work-orders.request',
  ],
  auditor: [
    'organization.read',
    'sites.read',
    'users.read',
    'audit.read',
    'jobs.read',
    'inventory.read',
    'maintenance.read',
    'work-orders.read',
  ],
  vendor: [],
};

export const permissionsOf = (role: Role): ReadonlySet<Permission> => new Set(rolePermissions[role]);

/** Roles a user may hand out: nobody grants a role with more power than their own (ASVS 8.2.3). */
export function mayAssignRole(assignerRole: Role | null, target: Role): boolean {
  if (assignerRole === null) return true;
  const mine = new Set(rolePermissions[assignerRole]);
  return rolePermissions[target].every((p) => mine.has(p));
}

/** Idle and absolute session limits (NIST 800-63B AAL2: 30 min inactivity, reauthenticate every 12 h). */
export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export function sessionExpired(
  s: { lastSeenAt: Date; absoluteExpiresAt: Date; endedAt: Date | null },
  now: Date,
  limits: SessionLimits,
): 'ended' | 'idle' | 'absolute' | null {
  if (s.endedAt) return 'ended';
  if (now >= s.absoluteExpiresAt) return 'absolute';
  if (now.getTime() - s.lastSeenAt.getTime() >= limits.idleMinutes * 60_000) return 'idle';
  return null;
}
