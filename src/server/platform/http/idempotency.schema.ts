import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Answers given to requests that carried an `Idempotency-Key` header, per organization and user: a retry with
 * the same key and the same body gets the same answer; a different body is refused (422). No FKs: platform code
 * knows no module tables. `status_code` is null while the first request is still being answered.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    organizationId: uuid('organization_id').notNull(),
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    /** Which operation the key was used on (method and route), and the SHA-256 of its canonical body. */
    operation: text('operation').notNull(),
    requestSha256: text('request_sha256').notNull(),
    statusCode: integer('status_code'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId, t.key] })],
);
