import { sql } from 'drizzle-orm';
import {
  SchedulingPolicy,
  ToleranceTableContent,
  type SchedulingPolicy as SchedulingPolicyT,
  type ToleranceTableContent as ToleranceTableContentT,
} from '../../../../contracts/index.ts';
import type { DbOrTx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';

/**
 * The reference data plans and scheduling read: the due-date tolerance table (domain-reference §1.4) and the
 * scheduling policy, each the organization's newest active version else the newest shipped one. The reference
 * module owns the table; this reads its effective row by the same rule.
 */
export interface EffectiveContent<T> {
  id: string;
  version: number;
  edition: string;
  content: T;
}

async function effective<T>(
  db: DbOrTx,
  organizationId: string,
  kind: string,
  key: string,
  parse: (v: unknown) => T,
): Promise<EffectiveContent<T>> {
  const res = await db.execute<{ id: string; version: number; edition: string; content: unknown }>(sql`
    select id, version, edition, content from reference_tables
    where kind = ${kind} and key = ${key}
      and (organization_id is null or (organization_id = ${organizationId} and active))
    order by organization_id is null, version desc
    limit 1`);
  const row = res.rows[0];
  if (!row)
    throw new AppError(
      'INVALID_STATE',
      `The reference table ${key} is not loaded; restart the server to load it`,
    );
  return { id: row.id, version: row.version, edition: row.edition, content: parse(row.content) };
}

export const toleranceTable = (db: DbOrTx, organizationId: string) =>
  effective<ToleranceTableContentT>(db, organizationId, 'tolerance_table', 'due-date-tolerance', (v) =>
    ToleranceTableContent.parse(v),
  );

export const schedulingPolicy = (db: DbOrTx, organizationId: string) =>
  effective<SchedulingPolicyT>(db, organizationId, 'policy', 'scheduling', (v) => SchedulingPolicy.parse(v));
