import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/jobs.ts';
import { getPolicy } from '../reference/index.ts';
import { addDays, utcDate } from './work-order.rules.ts';

/**
 * Due-soon and overdue notices for the assigned technician (issue 4 item 10). Set-based per organization; each
 * notice has a dedupe key (work order, user, due date), so running again writes nothing new.
 */
export function createDueNoticesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function notifyDue(): Promise<{ dueSoon: number; overdue: number }> {
    const today = utcDate(clock.now());
    const now = clock.now().toISOString();
    const orgs = await db.execute<{ organization_id: string }>(sql`
      SELECT DISTINCT organization_id FROM work_orders
      WHERE status IN ('open','assigned','in_progress','on_hold') AND assigned_user_id IS NOT NULL
        AND due_date IS NOT NULL`);
    let dueSoon = 0;
    let overdue = 0;
    for (const { organization_id: org } of orgs.rows) {
      // The "due soon" horizon is policy data (reference-data/maintenance, scheduling.dueSoonDays).
      const policy = await getPolicy(db, org, 'scheduling');
      const horizon = addDays(today, policy.content.dueSoonDays);
      await db.transaction(async (tx) => {
        const soon = await tx.execute(sql`
          INSERT INTO notifications (organization_id, user_id, kind, title, body, link, work_order_id, dedupe_key, created_at)
          SELECT w.organization_id, w.assigned_user_id, 'due_soon',
                 w.number || ' due ' || to_char(w.due_date, 'YYYY-MM-DD') || ': ' || w.title,
                 'Due window ' || coalesce(to_char(w.window_start, 'YYYY-MM-DD'), to_char(w.due_date, 'YYYY-MM-DD'))
                   || ' to ' || coalesce(to_char(w.window_end, 'YYYY-MM-DD'), to_char(w.due_date, 'YYYY-MM-DD')) || '.',
                 '/work-orders/' || w.id, w.id,
                 'due_soon:' || w.id || ':' || w.assigned_user_id || ':' || w.due_date, ${now}::timestamptz
          FROM work_orders w
          WHERE w.organization_id = ${org} AND w.assigned_user_id IS NOT NULL
            AND w.status IN ('open','assigned','in_progress','on_hold')
            AND w.due_date >= ${today}::date AND w.due_date <= ${horizon}::date
          ON CONFLICT DO NOTHING`);
        const late = await tx.execute(sql`
          INSERT INTO notifications (organization_id, user_id, kind, title, body, link, work_order_id, dedupe_key, created_at)
          SELECT w.organization_id, w.assigned_user_id, 'overdue',
                 w.number || ' is overdue: ' || w.title,
                 'Its window ended ' || to_char(coalesce(w.window_end, w.due_date), 'YYYY-MM-DD') || '.',
                 '/work-orders/' || w.id, w.id,
                 'overdue:' || w.id || ':' || w.assigned_user_id || ':' || coalesce(w.window_end, w.due_date),
                 ${now}::timestamptz
          FROM work_orders w
          WHERE w.organization_id = ${org} AND w.assigned_user_id IS NOT NULL
            AND w.status IN ('open','assigned','in_progress','on_hold')
            AND coalesce(w.window_end, w.due_date) < ${today}::date
          ON CONFLICT DO NOTHING`);
        dueSoon += soon.rowCount ?? 0;
        overdue += late.rowCount ?? 0;
      });
    }
    return { dueSoon, overdue };
  }

  return { notifyDue };
}

export type DueNoticesService = ReturnType<typeof createDueNoticesService>;

export const notifyDueWorkJob = (due: DueNoticesService) =>
  defineJob({
    name: 'work-orders.notify-due',
    payload: z.looseObject({}),
    everyMinutes: 60,
    run: async () => due.notifyDue(),
  });
