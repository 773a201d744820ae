import { and, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AuditEvent, AuditListQuery, AuditVerifyResult } from '../../../contracts/index.ts';
import type { Actor } from '../actor.ts';
import type { DbOrTx } from '../db/database.ts';
import type { Clock } from '../clock.ts';
import { auditEvents } from './audit.schema.ts';
import { containsPattern, decodeNumericCursor, toPage } from '../pagination.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null | undefined;
}

/** Keys never written to the audit trail (secrets stay out of logs: ASVS 16.2.5). */
const secretKeys = new Set([
  'passwordHash',
  'password',
  'mfaSecret',
  'mfaPendingSecret',
  'tokenHash',
  'csrfToken',
  'token',
]);

function redact(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        secretKeys.has(k) ? (v == null ? null : '[redacted]') : redact(v),
      ]),
    );
  }
  return value;
}

/**
 * Writes one audit event inside the caller's transaction, so the change and its record commit together.
 * The database assigns id, seq and the chain hashes (migration 0001).
 */
export async function recordAudit(tx: DbOrTx, actor: Actor, clock: Clock, entry: AuditEntry): Promise<void> {
  const before = entry.before === undefined ? null : JSON.stringify(redact(entry.before));
  const after = entry.after === undefined ? null : JSON.stringify(redact(entry.after));
  await tx.execute(sql`
    INSERT INTO audit_events (id, seq, prev_hash, hash, organization_id, occurred_at, actor_id, actor_label, action,
      entity_type, entity_id, before, after, reason, request_id, ip)
    VALUES (0, 0, '', '', ${actor.organizationId}, ${clock.now().toISOString()}, ${actor.userId}, ${actor.label},
      ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${before}::jsonb, ${after}::jsonb,
      ${entry.reason ?? null}, ${actor.requestId ?? null}, ${actor.ip ?? null})`);
}

type Row = typeof auditEvents.$inferSelect;
const toAuditEvent = (r: Row): AuditEvent => ({
  id: r.id.toString(),
  seq: r.seq.toString(),
  occurredAt: r.occurredAt.toISOString(),
  actorId: r.actorId,
  actorLabel: r.actorLabel,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  before: r.before ?? null,
  after: r.after ?? null,
  reason: r.reason,
  requestId: r.requestId,
  ip: r.ip,
  hash: r.hash,
});

/** Newest first, keyset-paginated on id, always scoped to one organization. */
export async function listAuditEvents(db: DbOrTx, organizationId: string, q: AuditListQuery) {
  const where: SQL[] = [eq(auditEvents.organizationId, organizationId)];
  if (q.entityType) where.push(eq(auditEvents.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditEvents.entityId, q.entityId));
  if (q.actorId) where.push(eq(auditEvents.actorId, q.actorId));
  if (q.action) where.push(eq(auditEvents.action, q.action));
  if (q.from) where.push(gte(auditEvents.occurredAt, new Date(q.from)));
  if (q.to) where.push(lte(auditEvents.occurredAt, new Date(q.to)));
  if (q.q) {
    const like = containsPattern(q.q);
    const text = or(
      ilike(auditEvents.actorLabel, like),
      ilike(auditEvents.action, like),
      sql`${auditEvents.after}::text ILIKE ${like}`,
      sql`${auditEvents.before}::text ILIKE ${like}`,
    );
    if (text) where.push(text);
  }
  const cursor = decodeNumericCursor(q.cursor);
  if (cursor) where.push(lt(auditEvents.id, BigInt(cursor)));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(q.limit + 1);
  return toPage(rows, q.limit, toAuditEvent, (r) => [r.id.toString()]);
}

/**
 * Walks one organization's chain (or the system chain) in seq order, recomputing each digest in the database
 * with the same function the insert trigger used. Reports the first broken link.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  organizationId: string | null,
): Promise<AuditVerifyResult> {
  const batch = 5000;
  let afterSeq = 0n;
  let prevHash = '0'.repeat(64);
  let checked = 0;
  for (;;) {
    const result = await db.execute<{
      id: string;
      seq: string;
      prev_hash: string;
      hash: string;
      expected: string;
    }>(sql`
      SELECT e.id::text, e.seq::text, e.prev_hash, e.hash, audit_event_digest(e) AS expected
      FROM audit_events e
      WHERE ${organizationId === null ? sql`e.organization_id IS NULL` : sql`e.organization_id = ${organizationId}`}
        AND e.seq > ${afterSeq.toString()}
      ORDER BY e.seq LIMIT ${batch}`);
    for (const r of result.rows) {
      const seq = BigInt(r.seq);
      const broken = (reason: string): AuditVerifyResult => ({
        ok: false,
        checked,
        firstBroken: { id: r.id, seq: r.seq, reason },
      });
      if (seq !== afterSeq + 1n) return broken(`event ${afterSeq + 1n} of the chain is missing`);
      if (r.prev_hash !== prevHash) return broken('its link to the previous event does not match');
      if (r.hash !== r.expected) return broken('its content no longer matches its hash (it was changed)');
      prevHash = r.hash;
      afterSeq = seq;
      checked++;
    }
    if (result.rows.length < batch) return { ok: true, checked, firstBroken: null };
  }
}

export async function listAuditChains(db: DbOrTx): Promise<(string | null)[]> {
  const r = await db.execute<{ organization_id: string | null }>(
    sql`SELECT DISTINCT organization_id::text FROM audit_events`,
  );
  return r.rows.map((x) => x.organization_id);
}
