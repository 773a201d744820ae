import { z } from 'zod';
import { isoDateTime, requiredText, text, uuid } from './common.ts';

export const roles = [
  'administrator',
  'htm_manager',
  'clinical_engineer',
  'technician',
  'clinical_staff',
  'it_security',
  'auditor',
  'vendor',
] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const roleLabels: Record<Role, string> = {
  administrator: 'Administrator',
  htm_manager: 'HTM manager',
  clinical_engineer: 'Clinical engineer',
  technician: 'Technician (BMET)',
  clinical_staff: 'Clinical staff',
  it_security: 'IT security',
  auditor: 'Auditor (read-only)',
  vendor: 'Vendor (restricted)',
};

export const permissions = [
  'organization.read',
  'organization.manage',
  'sites.read',
  'sites.manage',
  'users.read',
  'users.manage',
  'audit.read',
  'api-tokens.manage',
  'jobs.read',
  'jobs.manage',
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
] as const;
export const Permission = z.enum(permissions);
export type Permission = z.infer<typeof Permission>;

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

/** ASVS 6.2.1/6.2.9: at least 8 characters (15 recommended), 64+ allowed, no composition rules. */
export const NewPassword = z
  .string()
  .min(12, { message: 'must be at least 12 characters' })
  .max(256, { message: 'must be at most 256 characters' });

export const LoginRequest = z.object({
  email: Email,
  password: z.string().min(1, { message: 'is required' }).max(256),
});
export const MfaVerifyRequest = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be 6 digits'),
});

export const SiteAccess = z.object({ allSites: z.boolean(), siteIds: z.array(uuid) });

export const User = z.object({
  id: uuid,
  email: z.string(),
  displayName: z.string(),
  role: Role,
  allSites: z.boolean(),
  siteIds: z.array(uuid),
  mfaEnabled: z.boolean(),
  active: z.boolean(),
  qualified: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type User = z.infer<typeof User>;

export const Me = z.object({
  user: User,
  organization: z.object({ id: uuid, name: z.string() }),
  permissions: z.array(Permission),
  csrfToken: z.string(),
  session: z.object({ idleExpiresAt: isoDateTime, absoluteExpiresAt: isoDateTime }),
});
export type Me = z.infer<typeof Me>;

export const LoginResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), me: Me }),
  z.object({ status: z.literal('mfa_required'), csrfToken: z.string() }),
]);
export type LoginResponse = z.infer<typeof LoginResponse>;

export const CreateUserRequest = z.object({
  email: Email,
  displayName: requiredText(120),
  role: Role,
  allSites: z.boolean().default(false),
  siteIds: z.array(uuid).max(5000).default([]),
  password: NewPassword,
  qualified: z.boolean().default(false),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UpdateUserRequest = z.object({
  version: z.number().int(),
  displayName: requiredText(120).optional(),
  role: Role.optional(),
  allSites: z.boolean().optional(),
  siteIds: z.array(uuid).max(5000).optional(),
  active: z.boolean().optional(),
  qualified: z.boolean().optional(),
  reason: text(500).optional(),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const ResetPasswordRequest = z.object({ newPassword: NewPassword, reason: text(500).optional() });
export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: NewPassword,
});

export const UserListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: text(100).optional(),
  role: Role.optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const Session = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: isoDateTime,
  lastSeenAt: isoDateTime,
  absoluteExpiresAt: isoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type Session = z.infer<typeof Session>;

export const MfaSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export const MfaEnableRequest = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be 6 digits'),
});
export const MfaDisableRequest = z.object({ password: z.string().min(1).max(256) });

export const tokenScopes = ['read', 'write'] as const;
export const TokenScope = z.enum(tokenScopes);
export type TokenScope = z.infer<typeof TokenScope>;

export const ApiToken = z.object({
  id: uuid,
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(TokenScope),
  userId: uuid,
  userEmail: z.string(),
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateApiTokenRequest = z.object({
  name: requiredText(100),
  scopes: z.array(TokenScope).min(1).default(['read']),
  expiresInDays: z.number().int().min(1).max(730).default(90),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;
export const CreatedApiToken = z.object({ token: z.string(), apiToken: ApiToken });

export const RoleInfo = z.object({ role: Role, label: z.string(), permissions: z.array(Permission) });
export type RoleInfo = z.infer<typeof RoleInfo>;
export const RoleList = z.object({ items: z.array(RoleInfo) });
export const SessionList = z.object({ items: z.array(Session) });
export const ApiTokenList = z.object({ items: z.array(ApiToken) });
