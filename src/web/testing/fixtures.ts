import {
  permissions as allPermissions,
  type AuditEvent,
  type ErrorResponse,
  type Me,
  type Permission,
  type Site,
  type User,
} from '../../contracts/index.ts';

/** Builders for contract-typed responses; every value is checked against the contract type by `satisfies`. */
export const ids = {
  org: '0b7c1e9a-3d4f-4a2b-9c8d-1e2f3a4b5c6d',
  admin: '3f1c9a52-8b2e-4c1d-9a7f-0e5b6c7d8e9f',
  tech: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  siteMain: '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
  siteEast: '9e0f1a2b-3c4d-4e5f-9a6b-7c8d9e0f1a2b',
};

const now = '2026-03-02T09:15:00.000Z';

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: ids.admin,
    email: 'ada.admin@example.org',
    displayName: 'Ada Admin',
    role: 'administrator',
    allSites: true,
    siteIds: [],
    mfaEnabled: false,
    active: true,
    qualified: true,
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: now,
    version: 1,
    ...overrides,
  } satisfies User;
}

export function aMe(permissions: readonly Permission[] = allPermissions, user: Partial<User> = {}): Me {
  return {
    user: aUser(user),
    organization: { id: ids.org, name: 'St. Example Health' },
    permissions: [...permissions],
    csrfToken: 'csrf-from-me',
    session: { idleExpiresAt: '2026-03-02T10:15:00.000Z', absoluteExpiresAt: '2026-03-02T21:15:00.000Z' },
  } satisfies Me;
}

export function aSite(overrides: Partial<Site> = {}): Site {
  return {
    id: ids.siteMain,
    name: 'Main Campus',
    code: 'MAIN',
    kind: 'hospital',
    timeZone: 'America/Chicago',
    address: '1 Hospital Way',
    active: true,
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: now,
    version: 1,
    ...overrides,
  } satisfies Site;
}

export function anAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: '101',
    seq: '101',
    occurredAt: now,
    actorId: ids.admin,
    actorLabel: 'ada.admin@example.org',
    action: 'site.created',
    entityType: 'site',
    entityId: ids.siteMain,
    before: null,
    after: { name: 'Main Campus', code: 'MAIN' },
    reason: null,
    requestId: 'req-1',
    ip: '10.0.0.5',
    hash: 'a'.repeat(64),
    ...overrides,
  } satisfies AuditEvent;
}

export function anError(
  code: ErrorResponse['error']['code'],
  message: string,
  details: ErrorResponse['error']['details'] = [],
): ErrorResponse {
  return { error: { code, message, details } } satisfies ErrorResponse;
}
