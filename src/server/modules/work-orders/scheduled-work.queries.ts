import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';

/**
 * Scheduled preventive work, set-based (owned by the maintenance scheduler; lives here because it writes
 * work_orders). Plans are read by table name: maintenance sits above work-orders in the module DAG, so nothing
 * here imports it.
 *
 * Occurrences of a calendar plan (domain-reference §1.4):
 * - anchor = last completion: the anchor is the later of the last completed preventive work (on the plan, or on
 *   the device without a plan: imported history) and the latest open occurrence already generated; without either,
 *   the plan's start date, the device's in-service date, or the plan's creation. Occurrences are
 *   anchor + k·interval (counted from the anchor, so month ends clamp once, as luxon does).
 * - fixed calendar: occurrences are seriesStart + n·interval and never drift; the ones whose window opens after
 *   the last completion are due.
 * In both, only the first due occurrence may lie in the past (overdue work is generated once, not once per missed
 * interval), and an occurrence that already has a work order in any status, cancelled included, is not
 * generated again (a planner's cancellation sticks).
 */

/** The window of one tolerance row, per plan interval (chosen in TypeScript by the due-window rules). */
export interface IntervalTolerance {
  count: number;
  unit: 'day' | 'week' | 'month' | 'year';
  kind: 'days' | 'calendar' | 'none';
  days: number;
  calendarUnit: 'month' | 'week' | null;
}

/** Devices in these statuses get scheduled work (the others are retired, disposed, missing or inactive). */
export const SCHEDULABLE_DEVICE_STATUSES = ['received', 'in_service', 'out_of_service'] as const;

const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((s) => sql`${s}::uuid`),
    sql`, `,
  );

export async function distinctPlanIntervals(db: DbOrTx, organizationId: string) {
  const res = await db.execute<{ count: number; unit: string }>(sql`
    select distinct interval_count as count, interval_unit as unit from maintenance_plans
    where organization_id = ${organizationId} and retired_at is null and interval_count is not null`);
  return res.rows.map((r) => ({ count: r.count, unit: r.unit as IntervalTolerance['unit'] }));
}

function toleranceValues(tolerances: readonly IntervalTolerance[]): SQL {
  if (tolerances.length === 0)
    return sql`(select null::int as n, null::text as u, null::text as kind, 0 as days, null::text as cal where false)`;
  const rows = tolerances.map(
    (t) => sql`(${t.count}::int, ${t.unit}::text, ${t.kind}::text, ${t.days}::int, ${t.calendarUnit}::text)`,
  );
  return sql`(values ${sql.join(rows, sql`, `)})`;
}

const plus = (date: SQL, n: SQL, u: SQL, k: SQL): SQL => sql`(${date} + make_interval(
  years => case when ${u} = 'year' then ${n} * ${k} else 0 end,
  months => case when ${u} = 'month' then ${n} * ${k} else 0 end,
  weeks => case when ${u} = 'week' then ${n} * ${k} else 0 end,
  days => case when ${u} = 'day' then ${n} * ${k} else 0 end))::date`;

/** Smallest number of days an interval can span, to bound the series generated. */
const minDays = (n: SQL, u: SQL): SQL =>
  sql`(${n} * case ${u} when 'day' then 1 when 'week' then 7 when 'month' then 28 else 365 end)`;

export interface OccurrenceFilter {
  organizationId: string;
  /** Inclusive. */
  through: string;
  /** Today in the organization's terms: the first due occurrence may be before it, later ones may not. */
  runDate: string;
  tolerances: readonly IntervalTolerance[];
  siteIds?: readonly string[] | undefined;
  siteId?: string | undefined;
  planIds?: readonly string[] | undefined;
}

/**
 * A SELECT of every occurrence not yet generated, due up to `through`: plan, device, site, due date and window.
 * Columns: plan_id, device_id, site_id, name, tasks, estimated_hours, shop, default_assignee_id, due, earliest,
 * latest.
 */
export function pendingOccurrences(f: OccurrenceFilter): SQL {
  const scope: SQL[] = [
    sql`p.organization_id = ${f.organizationId}`,
    sql`p.retired_at is null`,
    sql`p.interval_count is not null`,
    sql`d.status in ('received', 'in_service', 'out_of_service')`,
  ];
  if (f.siteIds !== undefined)
    scope.push(f.siteIds.length ? sql`d.site_id in (${uuidList(f.siteIds)})` : sql`false`);
  if (f.siteId) scope.push(sql`d.site_id = ${f.siteId}::uuid`);
  if (f.planIds) scope.push(f.planIds.length ? sql`p.id in (${uuidList(f.planIds)})` : sql`false`);
  const through = sql`${f.through}::date`;
  const runDate = sql`${f.runDate}::date`;
  return sql`
    with plan_base as (
      select p.id as plan_id, p.device_id, d.site_id, p.name, p.tasks, p.interval_count as n, p.interval_unit as u,
             p.anchor, p.estimated_hours, p.shop, p.default_assignee_id,
             coalesce(p.start_date, d.in_service_date, (p.created_at at time zone s.time_zone)::date) as start_date
      from maintenance_plans p
      join devices d on d.id = p.device_id
      join sites s on s.id = d.site_id
      where ${sql.join(scope, sql` and `)}
    ),
    plan_done as (
      select w.plan_id, max((w.completed_at at time zone s.time_zone)::date) as done
      from work_orders w join sites s on s.id = w.site_id
      where w.organization_id = ${f.organizationId} and w.plan_id is not null and w.kind = 'preventive'
        and w.outcome = 'completed' and w.completed_at is not null
      group by w.plan_id
    ),
    device_done as (
      select w.device_id, max((w.completed_at at time zone s.time_zone)::date) as done
      from work_orders w join sites s on s.id = w.site_id
      where w.organization_id = ${f.organizationId} and w.plan_id is null and w.kind = 'preventive'
        and w.outcome = 'completed' and w.completed_at is not null
      group by w.device_id
    ),
    plan_open as (
      select w.plan_id, max(w.due_date) as due
      from work_orders w
      where w.organization_id = ${f.organizationId} and w.plan_id is not null
        and w.status not in ('completed', 'closed', 'cancelled') and w.due_date is not null
      group by w.plan_id
    ),
    anchored as (
      select b.*, tol.kind as tol_kind, coalesce(tol.days, 0) as tol_days, tol.cal as tol_cal,
             greatest(pd.done, dd.done) as done,
             case when b.anchor = 'fixed_calendar' then b.start_date
                  else greatest(coalesce(greatest(pd.done, dd.done), b.start_date), po.due) end as anchor_date
      from plan_base b
      left join plan_done pd on pd.plan_id = b.plan_id
      left join device_done dd on dd.device_id = b.device_id
      left join plan_open po on po.plan_id = b.plan_id
      left join ${toleranceValues(f.tolerances)} as tol(n, u, kind, days, cal) on tol.n = b.n and tol.u = b.u
    ),
    series as (
      select a.*, k, ${plus(sql`a.anchor_date`, sql`a.n`, sql`a.u`, sql`k`)} as due
      from anchored a,
           generate_series(1, greatest(1, least(5000, (${through} - a.anchor_date) / ${minDays(sql`a.n`, sql`a.u`)} + 2))) as k
    ),
    windowed as (
      select s.*,
             case when s.tol_kind = 'days' then s.due - s.tol_days
                  when s.tol_kind = 'calendar' then date_trunc(s.tol_cal, s.due)::date
                  else s.due end as earliest,
             case when s.tol_kind = 'days' then s.due + s.tol_days
                  when s.tol_kind = 'calendar'
                    then (date_trunc(s.tol_cal, s.due) + ('1 ' || s.tol_cal)::interval - interval '1 day')::date
                  else s.due end as latest
      from series s
      where s.due <= ${through}
    ),
    due_after_completion as (
      select w.*, row_number() over (partition by w.plan_id order by w.k) as nth
      from windowed w
      where w.anchor <> 'fixed_calendar' or w.done is null or w.earliest > w.done
    )
    select o.plan_id, o.device_id, o.site_id, o.name, o.tasks, o.estimated_hours, o.shop, o.default_assignee_id,
           o.due, o.earliest, o.latest
    from due_after_completion o
    where (o.nth = 1 or o.due >= ${runDate})
      and not exists (select 1 from work_orders x where x.plan_id = o.plan_id and x.due_date = o.due)`;
}

/** Stages the occurrences to generate in a temporary table (dropped at commit); returns how many. */
export async function stageOccurrences(
  tx: DbOrTx,
  f: OccurrenceFilter,
): Promise<{ staged: number; plans: number }> {
  await tx.execute(sql`drop table if exists pg_temp.scheduled_occurrences`);
  await tx.execute(sql`
    create temporary table scheduled_occurrences on commit drop as
    select row_number() over (order by q.due, q.plan_id) as ord, q.*
    from (${pendingOccurrences(f)}) q`);
  const res = await tx.execute<{ staged: number; plans: number }>(sql`
    select count(*)::int as staged, count(distinct plan_id)::int as plans from scheduled_occurrences`);
  return { staged: res.rows[0]?.staged ?? 0, plans: res.rows[0]?.plans ?? 0 };
}

/**
 * Inserts the staged occurrences as preventive work orders with the given numbers (one per staged row, in
 * order), plus their first status history row. ON CONFLICT on the partial unique index (plan_id, due_date) makes
 * a concurrent duplicate a no-op. Returns the number created.
 */
export async function insertStagedWorkOrders(
  tx: DbOrTx,
  f: {
    organizationId: string;
    numbers: readonly string[];
    toleranceReferenceId: string | null;
    actorId: string | null;
    actorLabel: string;
    now: Date;
  },
): Promise<number> {
  const res = await tx.execute<{ created: number }>(sql`
    with nums as (
      select num, ord from unnest(${`{${f.numbers.map((n) => `"${n}"`).join(',')}}`}::text[]) with ordinality as u(num, ord)
    ),
    ins as (
      insert into work_orders (organization_id, number, kind, priority, status, device_id, site_id, title, plan_id,
        due_date, window_start, window_end, tolerance_reference_id, tasks, estimated_hours, shop, assigned_user_id,
        reported_at, source, created_by, created_at, updated_at)
      select ${f.organizationId}, nums.num, 'preventive', 'routine',
             case when o.default_assignee_id is null then 'open' else 'assigned' end,
             o.device_id, o.site_id, o.name, o.plan_id, o.due, o.earliest, o.latest, ${f.toleranceReferenceId},
             coalesce((select jsonb_agg(jsonb_build_object('text', t->>'text')) from jsonb_array_elements(o.tasks) t),
                      '[]'::jsonb),
             o.estimated_hours, o.shop, o.default_assignee_id, ${f.now}, 'scheduled', ${f.actorLabel}, ${f.now},
             ${f.now}
      from scheduled_occurrences o join nums on nums.ord = o.ord
      on conflict (plan_id, due_date) where plan_id is not null and status <> 'cancelled' do nothing
      returning id, status
    ),
    hist as (
      insert into work_order_status_history (organization_id, work_order_id, from_status, to_status, reason,
        actor_id, actor_label, occurred_at)
      select ${f.organizationId}, ins.id, null, ins.status, 'Generated by the schedule run', ${f.actorId}::uuid,
             ${f.actorLabel}, ${f.now}
      from ins
      returning 1
    )
    select count(*)::int as created from ins`);
  return res.rows[0]?.created ?? 0;
}

/**
 * Open scheduled work that has not started, on devices that left service: retired or disposed → cancelled,
 * missing → on hold; each with a reason and a status history row. Returns the ids changed.
 */
export async function settleWorkOfRemovedDevices(
  tx: DbOrTx,
  f: {
    organizationId: string;
    deviceStatuses: readonly string[];
    toStatus: 'cancelled' | 'on_hold';
    reason: string;
    actorId: string | null;
    actorLabel: string;
    now: Date;
  },
): Promise<string[]> {
  const set =
    f.toStatus === 'cancelled'
      ? sql`status = 'cancelled', cancelled_at = ${f.now}, cancel_reason = ${f.reason}`
      : sql`status = 'on_hold', hold_reason = ${f.reason}`;
  const res = await tx.execute<{ id: string }>(sql`
    with target as (
      select w.id, w.status from work_orders w join devices d on d.id = w.device_id
      where w.organization_id = ${f.organizationId} and w.source = 'scheduled' and w.kind = 'preventive'
        and w.status in ('open', 'assigned') and w.started_at is null
        and d.status in (${sql.join(
          f.deviceStatuses.map((s) => sql`${s}`),
          sql`, `,
        )})
      for update of w
    ),
    upd as (
      update work_orders w set ${set}, updated_at = ${f.now}, version = w.version + 1
      from target where w.id = target.id
      returning w.id, target.status as from_status
    ),
    hist as (
      insert into work_order_status_history (organization_id, work_order_id, from_status, to_status, reason,
        actor_id, actor_label, occurred_at)
      select ${f.organizationId}, upd.id, upd.from_status, ${f.toStatus}, ${f.reason}, ${f.actorId}::uuid,
             ${f.actorLabel}, ${f.now}
      from upd
      returning 1
    )
    select id from upd`);
  return res.rows.map((r) => r.id);
}

export type ForecastKey = 'site' | 'shop' | 'technician' | 'month';

const scheduledKey: Record<ForecastKey, SQL> = {
  site: sql`w.site_id::text`,
  shop: sql`w.shop`,
  technician: sql`w.assigned_user_id::text`,
  month: sql`to_char(w.due_date, 'YYYY-MM')`,
};
const projectedKey: Record<ForecastKey, SQL> = {
  site: sql`o.site_id::text`,
  shop: sql`o.shop`,
  technician: sql`o.default_assignee_id::text`,
  month: sql`to_char(o.due, 'YYYY-MM')`,
};

/**
 * Workload: hours of open preventive work due in [from, to] and of plan occurrences not generated yet, grouped.
 */
export async function forecastRows(db: DbOrTx, f: OccurrenceFilter & { from: string; groupBy: ForecastKey }) {
  const scope: SQL[] = [
    sql`w.organization_id = ${f.organizationId}`,
    sql`w.kind = 'preventive'`,
    sql`w.status not in ('completed', 'closed', 'cancelled')`,
    sql`w.due_date between ${f.from}::date and ${f.through}::date`,
  ];
  if (f.siteIds !== undefined)
    scope.push(f.siteIds.length ? sql`w.site_id in (${uuidList(f.siteIds)})` : sql`false`);
  if (f.siteId) scope.push(sql`w.site_id = ${f.siteId}::uuid`);
  const res = await db.execute<{
    key: string | null;
    scheduled_count: number;
    scheduled_hours: string;
    projected_count: number;
    projected_hours: string;
  }>(sql`
    with scheduled as (
      select ${scheduledKey[f.groupBy]} as key, count(*)::int as c, coalesce(sum(w.estimated_hours), 0) as h
      from work_orders w where ${sql.join(scope, sql` and `)}
      group by 1
    ),
    projected as (
      select ${projectedKey[f.groupBy]} as key, count(*)::int as c, coalesce(sum(o.estimated_hours), 0) as h
      from (${pendingOccurrences(f)}) o
      where o.due >= ${f.from}::date
      group by 1
    )
    select key, sum(sc)::int as scheduled_count, sum(sh)::text as scheduled_hours, sum(pc)::int as projected_count,
           sum(ph)::text as projected_hours
    from (select key, c as sc, h as sh, 0 as pc, 0 as ph from scheduled
          union all
          select key, 0, 0, c, h from projected) x
    group by key
    order by 1 nulls last`);
  return res.rows.map((r) => ({
    key: r.key,
    scheduledCount: r.scheduled_count,
    scheduledHours: Number(r.scheduled_hours),
    projectedCount: r.projected_count,
    projectedHours: Number(r.projected_hours),
  }));
}

/** Per plan: the last completed preventive work (plan's, else the device's unplanned) and the open occurrences. */
export async function planAnchorFacts(db: DbOrTx, organizationId: string, planIds: readonly string[]) {
  if (planIds.length === 0) return new Map<string, { planDone: string | null; deviceDone: string | null }>();
  const res = await db.execute<{ plan_id: string; plan_done: string | null; device_done: string | null }>(sql`
    select p.id as plan_id,
      (select max((w.completed_at at time zone s.time_zone)::date)::text from work_orders w join sites s on s.id = w.site_id
        where w.plan_id = p.id and w.kind = 'preventive' and w.outcome = 'completed' and w.completed_at is not null) as plan_done,
      (select max((w.completed_at at time zone s.time_zone)::date)::text from work_orders w join sites s on s.id = w.site_id
        where w.device_id = p.device_id and w.plan_id is null and w.kind = 'preventive' and w.outcome = 'completed'
          and w.completed_at is not null and w.organization_id = ${organizationId}) as device_done
    from maintenance_plans p
    where p.organization_id = ${organizationId} and p.id in (${uuidList(planIds)})`);
  return new Map(res.rows.map((r) => [r.plan_id, { planDone: r.plan_done, deviceDone: r.device_done }]));
}
