import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type {
  Forecast,
  ForecastQuery,
  ScheduleRun,
  ScheduleRunRequest,
} from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, systemActor, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { decodeCursorKeys, toPage } from '../../../platform/pagination.ts';
import { organizations, sites } from '../../sites/index.ts';
import { users } from '../../identity/index.ts';
import {
  allocateWorkOrderNumbers,
  distinctPlanIntervals,
  forecastRows,
  insertStagedWorkOrders,
  settleWorkOfRemovedDevices,
  stageOccurrences,
  type IntervalTolerance,
} from '../../work-orders/index.ts';
import { selectToleranceRow, type ToleranceTableLike } from '../plans/due-window.rules.ts';
import { getPolicy, getToleranceTable } from '../../reference/index.ts';
import { scheduleRuns } from '../maintenance-plans.schema.ts';

type RunRow = typeof scheduleRuns.$inferSelect;

const toRun = (r: RunRow): ScheduleRun => ({
  id: r.id,
  through: r.through,
  horizonDays: r.horizonDays,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  created: r.created,
  cancelled: r.cancelled,
  held: r.held,
  plansConsidered: r.plansConsidered,
  toleranceReferenceId: r.toleranceReferenceId,
  actor: r.actorLabel,
});

/** The tolerance row of each interval the plans use, for the set-based SQL (rules choose; SQL applies). */
export function tolerancesFor(
  table: ToleranceTableLike,
  intervals: readonly { count: number; unit: IntervalTolerance['unit'] }[],
): IntervalTolerance[] {
  return intervals.map(({ count, unit }) => {
    const row = selectToleranceRow(table, `P${count}${unit.slice(0, 1).toUpperCase()}`)?.row;
    if (!row) return { count, unit, kind: 'none', days: 0, calendarUnit: null };
    return row.window.kind === 'days'
      ? { count, unit, kind: 'days', days: row.window.days, calendarUnit: null }
      : { count, unit, kind: 'calendar', days: 0, calendarUnit: row.window.unit };
  });
}

export const SCHEDULE_RUN_ACTION = 'maintenance.schedule-run';

export function createSchedulingService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const today = () => DateTime.fromJSDate(clock.now(), { zone: 'utc' }).toISODate() ?? '';

  /**
   * One schedule run for the actor's organization: settle work of devices that left service, then generate every
   * occurrence due through the horizon. One transaction, serialized per organization; running it again creates
   * nothing new (occurrences that have a work order in any status are skipped; the unique index backs it).
   */
  async function runSchedule(actor: Actor, input: ScheduleRunRequest = {}): Promise<ScheduleRun> {
    requirePermission(actor, 'schedule.run');
    const orgId = actor.organizationId;
    const [policy, table] = await Promise.all([
      getPolicy(db, orgId, 'scheduling'),
      getToleranceTable(db, orgId),
    ]);
    const runDate = today();
    const horizonDays = input.through ? null : policy.content.horizonDays;
    const through =
      input.through ??
      DateTime.fromISO(runDate).plus({ days: policy.content.horizonDays }).toISODate() ??
      runDate;
    if (through < runDate)
      throw new AppError('VALIDATION_FAILED', 'through must not be before today', [
        { field: 'through', message: 'must not be before today' },
      ]);
    return db.transaction(async (tx) => {
      // Two runs of one organization never interleave (the job and a CLI run, or two nodes).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`openhtm.schedule:${orgId}`}))`);
      const startedAt = clock.now();
      const actorId = actor.kind === 'user' ? actor.userId : null;
      const common = { organizationId: orgId, actorId, actorLabel: actor.label, now: startedAt };
      // Retired or disposed devices need no maintenance: open, unstarted scheduled work is cancelled.
      const cancelled = await settleWorkOfRemovedDevices(tx, {
        ...common,
        deviceStatuses: ['retired', 'disposed'],
        toStatus: 'cancelled',
        reason: 'Device retired or disposed; cancelled by the schedule run',
      });
      // Missing devices (could-not-locate escalation, §1.5): held until found, not cancelled.
      const held = await settleWorkOfRemovedDevices(tx, {
        ...common,
        deviceStatuses: ['missing'],
        toStatus: 'on_hold',
        reason: 'Device missing; held by the schedule run until it is found',
      });
      const tolerances = tolerancesFor(table.content, await distinctPlanIntervals(tx, orgId));
      const staged = await stageOccurrences(tx, { organizationId: orgId, through, runDate, tolerances });
      const numbers = staged.staged > 0 ? await allocateWorkOrderNumbers(tx, orgId, staged.staged) : [];
      for (const n of numbers)
        if (!/^[A-Za-z0-9._-]+$/.test(n)) throw new Error(`unexpected work order number ${n}`);
      const created =
        staged.staged > 0
          ? await insertStagedWorkOrders(tx, { ...common, numbers, toleranceReferenceId: table.id })
          : 0;
      // Planner statistics after a large generation, as after large device imports: the next run's anti-join
      // against work_orders is otherwise planned as if the table were empty (bench, 260k rows: second run 500 s on
      // PGlite without statistics, 10 s on PostgreSQL).
      if (created >= 5000) await tx.execute(sql`analyze work_orders, work_order_status_history`);
      await tx.execute(sql`
        update maintenance_plans set tolerance_reference_id = ${table.id}
        where organization_id = ${orgId} and retired_at is null and interval is not null
          and tolerance_reference_id is distinct from ${table.id}::uuid`);
      const [run] = await tx
        .insert(scheduleRuns)
        .values({
          organizationId: orgId,
          through,
          horizonDays,
          startedAt,
          finishedAt: clock.now(),
          created,
          cancelled: cancelled.length,
          held: held.length,
          plansConsidered: staged.plans,
          toleranceReferenceId: table.id,
          actorId,
          actorLabel: actor.label,
        })
        .returning();
      if (!run) throw new Error('schedule run not recorded');
      await recordAudit(tx, actor, clock, {
        action: SCHEDULE_RUN_ACTION,
        entityType: 'schedule_run',
        entityId: run.id,
        after: {
          through,
          horizonDays,
          created,
          cancelled: cancelled.length,
          held: held.length,
          cancelledWorkOrderIds: cancelled,
          heldWorkOrderIds: held,
          toleranceTable: { id: table.id, version: table.version, edition: table.edition },
        },
      });
      return toRun(run);
    });
  }

  async function listRuns(actor: Actor, input: { limit: number; cursor?: string | undefined }) {
    requirePermission(actor, 'maintenance.read');
    const keys = decodeCursorKeys(input.cursor);
    const after = keys?.length === 2 ? { at: new Date(keys[0] ?? ''), id: keys[1] ?? '' } : undefined;
    const r = scheduleRuns;
    const rows = await db
      .select()
      .from(r)
      .where(
        and(
          eq(r.organizationId, actor.organizationId),
          after
            ? or(lt(r.startedAt, after.at), and(eq(r.startedAt, after.at), lt(r.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(desc(r.startedAt), desc(r.id))
      .limit(input.limit + 1);
    return toPage(rows, input.limit, toRun, (x) => [x.startedAt.toISOString(), x.id]);
  }

  /** Hours of open preventive work and of plan occurrences not generated yet, in [from, to], grouped. */
  async function forecast(actor: Actor, input: ForecastQuery): Promise<Forecast> {
    requirePermission(actor, 'maintenance.read');
    if (input.to < input.from)
      throw new AppError('VALIDATION_FAILED', 'to must not be before from', [
        { field: 'to', message: 'must not be before from' },
      ]);
    const span = DateTime.fromISO(input.to).diff(DateTime.fromISO(input.from), 'days').days;
    if (span > 3 * 366)
      throw new AppError('VALIDATION_FAILED', 'The period is at most three years', [
        { field: 'to', message: 'must be within three years of from' },
      ]);
    const orgId = actor.organizationId;
    const table = await getToleranceTable(db, orgId);
    const tolerances = tolerancesFor(table.content, await distinctPlanIntervals(db, orgId));
    const rows = await forecastRows(db, {
      organizationId: orgId,
      from: input.from,
      through: input.to,
      runDate: today(),
      tolerances,
      siteIds: permittedSiteIds(actor),
      siteId: input.siteId,
      groupBy: input.groupBy,
    });
    const labels = await labelsFor(
      db,
      input.groupBy,
      rows.map((r) => r.key),
    );
    const out = rows.map((r) => ({
      ...r,
      label: labelOf(input.groupBy, r.key, labels),
      totalHours: round(r.scheduledHours + r.projectedHours),
    }));
    const sum = (f: (r: (typeof out)[number]) => number) => round(out.reduce((a, r) => a + f(r), 0));
    return {
      from: input.from,
      to: input.to,
      groupBy: input.groupBy,
      rows: out,
      totals: {
        scheduledCount: sum((r) => r.scheduledCount),
        scheduledHours: sum((r) => r.scheduledHours),
        projectedCount: sum((r) => r.projectedCount),
        projectedHours: sum((r) => r.projectedHours),
      },
    };
  }

  /** The recurring job: one run per organization, as the system. */
  async function runForAllOrganizations(): Promise<{ organizations: number; created: number }> {
    const orgs = await db.select({ id: organizations.id }).from(organizations);
    let created = 0;
    for (const o of orgs) {
      const run = await runSchedule(systemActor(o.id, 'scheduler', ['schedule.run']));
      created += run.created;
    }
    return { organizations: orgs.length, created };
  }

  return { runSchedule, listRuns, forecast, runForAllOrganizations };
}

const round = (n: number) => Math.round(n * 100) / 100;

async function labelsFor(db: DbOrTx, groupBy: ForecastQuery['groupBy'], keys: (string | null)[]) {
  const ids = keys.filter((k): k is string => k !== null);
  const map = new Map<string, string>();
  if (ids.length === 0) return map;
  if (groupBy === 'site') {
    const rows = await db
      .select({ id: sites.id, name: sites.name })
      .from(sites)
      .where(
        sql`${sites.id} in (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})`,
      );
    for (const r of rows) map.set(r.id, r.name);
  } else if (groupBy === 'technician') {
    const rows = await db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(
        sql`${users.id} in (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})`,
      );
    for (const r of rows) map.set(r.id, r.name);
  }
  return map;
}

function labelOf(groupBy: ForecastQuery['groupBy'], key: string | null, labels: Map<string, string>): string {
  if (key === null) return groupBy === 'technician' ? 'Unassigned' : groupBy === 'shop' ? 'No shop' : '—';
  if (groupBy === 'month') return DateTime.fromISO(`${key}-01`).toFormat('LLLL yyyy');
  return labels.get(key) ?? key;
}

export type SchedulingService = ReturnType<typeof createSchedulingService>;
