import { z } from 'zod';
import { isoDateTime, text, uuid } from './common.ts';

export const AuditEvent = z.object({
  id: z.string(),
  seq: z.string(),
  occurredAt: isoDateTime,
  actorId: uuid.nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  entityType: text(60).optional(),
  entityId: text(100).optional(),
  actorId: uuid.optional(),
  action: text(100).optional(),
  q: text(100).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ id: z.string(), seq: z.string(), reason: z.string() }).nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
