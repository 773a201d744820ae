import { bigint, index, inet, jsonb, pgTable, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit trail (45 CFR 164.312(b), 21 CFR 11.10(e)). One chain per organization;
 * `seq`, `prev_hash` and `hash` are set by a database trigger under an advisory lock, and UPDATE, DELETE and
 * TRUNCATE are refused by triggers (migration 0001).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey(),
    organizationId: uuid('organization_id'),
    seq: bigint('seq', { mode: 'bigint' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    requestId: text('request_id'),
    ip: inet('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_chain_seq_uq').on(t.organizationId, t.seq),
    index('audit_events_org_id_idx').on(t.organizationId, t.id),
    index('audit_events_entity_idx').on(t.organizationId, t.entityType, t.entityId, t.id),
    index('audit_events_actor_idx').on(t.organizationId, t.actorId, t.id),
  ],
);
