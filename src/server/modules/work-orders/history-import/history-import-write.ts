import { sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/actor.ts';
import type { Tx } from '../../../platform/db/database.ts';
import type { PreparedWorkOrder } from './history-import.rules.ts';

/** Numbers for n new work orders of an organization, allocated in the caller's transaction (work-orders). */
export type AllocateNumbers = (tx: Tx, organizationId: string, n: number) => Promise<string[]>;

export interface WriteProgress {
  done: number;
  total: number;
}

/** Rows per INSERT statement: one JSON parameter each (`jsonb_to_recordset`), quick on PGlite too. */
const CHUNK = 2000;

/**
 * Writes imported history in the caller's transaction: each work order closed, `source = 'import'`, its legacy
 * number in `import_ref` (unique per organization, so a second import of a record fails here at the latest), one
 * status history row saying where it came from, and a labor entry for the technician's hours. No electronic
 * signature: the record is the legacy system's, not work signed in OpenHTM. Set-based: one statement per chunk.
 */
export async function writeImportedWorkOrders(
  tx: Tx,
  input: {
    actor: Actor;
    now: Date;
    allocateNumbers: AllocateNumbers;
    workOrders: readonly PreparedWorkOrder[];
    /** Where each row came from, for the history row ("Imported from legacy.csv row 12"). */
    origin: (row: number) => string;
    onProgress?: (p: WriteProgress) => Promise<void> | void;
  },
): Promise<void> {
  const { actor, now } = input;
  const total = input.workOrders.length;
  for (let i = 0; i < total; i += CHUNK) {
    const chunk = input.workOrders.slice(i, i + CHUNK);
    const numbers = await input.allocateNumbers(tx, actor.organizationId, chunk.length);
    const payload = chunk.map((w, j) => ({
      number: numbers[j],
      kind: w.kind,
      device_id: w.deviceId,
      site_id: w.siteId,
      title: w.title,
      problem: w.problem,
      reported_at: w.reportedAt.toISOString(),
      started_at: w.startedAt?.toISOString() ?? null,
      completed_at: w.completedAt.toISOString(),
      outcome: w.outcome,
      finding: w.finding,
      failure_cause: w.failureCause,
      resolution: w.resolution,
      assigned_vendor: w.vendor,
      vendor_cost: w.vendorCost,
      assigned_user_id: w.technicianUserId,
      import_ref: w.legacyNumber,
      technician_name: w.technicianName,
      hours: w.hours,
      work_date: w.completedDate,
      note:
        `${input.origin(w.row)} (legacy work order ${w.legacyNumber}; the legacy system's record, not signed in OpenHTM)` +
        (w.technicianName && !(w.hours && w.hours > 0) ? `; technician: ${w.technicianName}` : ''),
    }));
    await tx.execute(sql`
      WITH src AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(
          number text, kind text, device_id uuid, site_id uuid, title text, problem text,
          reported_at timestamptz, started_at timestamptz, completed_at timestamptz, outcome text, finding text,
          failure_cause text, resolution text, assigned_vendor text, vendor_cost numeric, assigned_user_id uuid,
          import_ref text, technician_name text, hours numeric, work_date date, note text)
      ),
      ins AS (
        INSERT INTO work_orders (organization_id, number, kind, priority, status, device_id, site_id, title, problem,
          assigned_user_id, assigned_vendor, reported_at, responded_at, started_at, completed_at, closed_at, outcome,
          finding, failure_cause, resolution, vendor_cost, source, import_ref, created_by, created_at, updated_at)
        SELECT ${actor.organizationId}::uuid, number, kind, 'routine', 'closed', device_id, site_id, title, problem,
          assigned_user_id, assigned_vendor, reported_at, started_at, started_at, completed_at, completed_at, outcome,
          finding, failure_cause, resolution, vendor_cost, 'import', import_ref, ${actor.label},
          ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        FROM src
        RETURNING id, import_ref
      ),
      history AS (
        INSERT INTO work_order_status_history (organization_id, work_order_id, from_status, to_status, reason,
          actor_id, actor_label, occurred_at)
        SELECT ${actor.organizationId}::uuid, ins.id, NULL, 'closed', src.note, ${actor.userId}::uuid,
          ${actor.label}, ${now.toISOString()}::timestamptz
        FROM ins JOIN src ON src.import_ref = ins.import_ref
      )
      INSERT INTO work_order_labor (organization_id, work_order_id, user_id, technician_name, work_date, hours, note)
      SELECT ${actor.organizationId}::uuid, ins.id, src.assigned_user_id,
        coalesce(src.technician_name, 'Not recorded in the legacy system'), src.work_date, src.hours,
        'Imported from the legacy system'
      FROM ins JOIN src ON src.import_ref = ins.import_ref
      WHERE src.hours > 0`);
    await input.onProgress?.({ done: Math.min(i + CHUNK, total), total });
  }
}
