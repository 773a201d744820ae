import { z } from 'zod';
import { isoDateTime, requiredText, text, uuid } from './common.ts';

/** IANA zone names only; checked against the runtime's list on the server. */
export const TimeZone = z
  .string()
  .trim()
  .max(64)
  .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', {
    message: 'must be an IANA time zone such as America/Chicago',
  });

export const siteKinds = [
  'hospital',
  'clinic',
  'ambulatory_surgery_center',
  'long_term_care',
  'depot',
  'other',
] as const;
export const SiteKind = z.enum(siteKinds);

export const Site = z.object({
  id: uuid,
  name: z.string(),
  code: z.string(),
  kind: SiteKind,
  timeZone: z.string(),
  address: z.string(),
  active: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Site = z.infer<typeof Site>;

export const SiteCode = requiredText(20).pipe(
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, "-" and "_" only'),
);

export const CreateSiteRequest = z.object({
  name: requiredText(200),
  code: SiteCode,
  kind: SiteKind.default('hospital'),
  timeZone: TimeZone,
  address: text(500).default(''),
});
export type CreateSiteRequest = z.infer<typeof CreateSiteRequest>;

export const UpdateSiteRequest = z.object({
  version: z.number().int(),
  name: requiredText(200).optional(),
  kind: SiteKind.optional(),
  timeZone: TimeZone.optional(),
  address: text(500).optional(),
  active: z.boolean().optional(),
  reason: text(500).optional(),
});
export type UpdateSiteRequest = z.infer<typeof UpdateSiteRequest>;

export const SiteListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: text(100).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const Organization = z.object({
  id: uuid,
  name: z.string(),
  kind: z.enum(['hospital', 'health_system', 'service_organization']),
  createdAt: isoDateTime,
});
