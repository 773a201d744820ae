import { DateTime, Duration } from 'luxon';

/**
 * Due dates and due windows (domain-reference §1.4): due = anchor + interval, earliest = due − tolerance,
 * latest = due + tolerance, with the tolerance per frequency taken from the `due-date-tolerance` reference table
 * (never from code). Pure: no I/O, dates are ISO `YYYY-MM-DD` strings in and out.
 */

export type IntervalUnit = 'day' | 'week' | 'month' | 'year';
export interface ParsedInterval {
  count: number;
  unit: IntervalUnit;
}

/** Structurally the reference module's `ToleranceTableContent` (contracts/reference.ts). */
export interface ToleranceRowLike {
  interval: string;
  label: string;
  window: { kind: 'days'; days: number } | { kind: 'calendar'; unit: 'month' | 'week' };
  confidence: string;
  citation: string;
}
export interface ToleranceTableLike {
  rows: readonly ToleranceRowLike[];
  fallback: 'nearest_shorter';
}

const units: Record<string, IntervalUnit> = { D: 'day', W: 'week', M: 'month', Y: 'year' };

/** `P1Y`, `P6M`, `P2W`, `P14D` → count and unit; anything else (several units, time parts, zero) → null. */
export function parseInterval(iso: string): ParsedInterval | null {
  const m = /^P([1-9]\d{0,2})([DWMY])$/.exec(iso.trim().toUpperCase());
  const unit = m?.[2] && units[m[2]];
  if (!m?.[1] || !unit) return null;
  return { count: Number(m[1]), unit };
}

function requireInterval(iso: string): ParsedInterval {
  const p = parseInterval(iso);
  if (!p) throw new RangeError(`not a supported interval: ${iso}`);
  return p;
}

/**
 * Comparable length of an interval in months (years ×12) or days (weeks ×7): P12M and P1Y are the same
 * frequency; days and months are ordered with luxon's long-term conversion (a month ≈ 30.44 days).
 */
function lengthInDays(p: ParsedInterval): number {
  return Duration.fromObject({ [`${p.unit}s`]: p.count }, { conversionAccuracy: 'longterm' }).as('days');
}

function sameFrequency(a: ParsedInterval, b: ParsedInterval): boolean {
  const months = (p: ParsedInterval) =>
    p.unit === 'year' ? p.count * 12 : p.unit === 'month' ? p.count : null;
  const days = (p: ParsedInterval) => (p.unit === 'week' ? p.count * 7 : p.unit === 'day' ? p.count : null);
  const ma = months(a);
  const mb = months(b);
  if (ma !== null || mb !== null) return ma === mb;
  return days(a) === days(b);
}

/**
 * The row for an interval: the row of the same frequency, else (the table's `nearest_shorter` fallback) the row
 * of the longest interval shorter than it. None when every row is longer (e.g. a daily check): no tolerance.
 */
export function selectToleranceRow(
  table: ToleranceTableLike,
  interval: string,
): { row: ToleranceRowLike; fallback: boolean } | null {
  const target = requireInterval(interval);
  let best: { row: ToleranceRowLike; days: number } | null = null;
  for (const row of table.rows) {
    const p = parseInterval(row.interval);
    if (!p) continue;
    if (sameFrequency(p, target)) return { row, fallback: false };
    const d = lengthInDays(p);
    if (d < lengthInDays(target) && (!best || d > best.days)) best = { row, days: d };
  }
  return best ? { row: best.row, fallback: true } : null;
}

const toDate = (iso: string): DateTime => {
  const d = DateTime.fromISO(iso, { zone: 'utc' });
  if (!d.isValid) throw new RangeError(`not a date: ${iso}`);
  return d.startOf('day');
};
const fmt = (d: DateTime): string => d.toISODate() ?? '';

/**
 * The n-th occurrence after an anchor, counted from the anchor (not chained), so month ends clamp once:
 * Jan 31 + P1M = Feb 28 (29), Jan 31 + 2×P1M = Mar 31.
 */
export function addIntervals(anchorDate: string, interval: string, n: number): string {
  const p = requireInterval(interval);
  return fmt(toDate(anchorDate).plus({ [`${p.unit}s`]: p.count * n }));
}

export interface Window {
  earliest: string;
  latest: string;
}

/** The window around a due date for a tolerance row; no row → the due date alone. */
export function windowAround(due: string, row: ToleranceRowLike | null): Window {
  const d = toDate(due);
  if (!row) return { earliest: due, latest: due };
  const w = row.window;
  if (w.kind === 'days')
    return { earliest: fmt(d.minus({ days: w.days })), latest: fmt(d.plus({ days: w.days })) };
  // Monthly / weekly (§1.4 [K]): once in the calendar month / ISO week (Monday to Sunday) of the due date.
  return { earliest: fmt(d.startOf(w.unit)), latest: fmt(d.endOf(w.unit).startOf('day')) };
}

export interface DueWindowResult {
  due: string;
  earliest: string;
  latest: string;
  toleranceRow: ToleranceRowLike | null;
  fallback: boolean;
}

/** §1.4: due = anchor + interval, window from the tolerance table. */
export function dueWindow(input: {
  interval: string;
  anchorDate: string;
  table: ToleranceTableLike;
}): DueWindowResult {
  const due = addIntervals(input.anchorDate, input.interval, 1);
  return windowFor(due, input.interval, input.table);
}

export function windowFor(due: string, interval: string, table: ToleranceTableLike): DueWindowResult {
  const sel = selectToleranceRow(table, interval);
  return {
    due,
    ...windowAround(due, sel?.row ?? null),
    toleranceRow: sel?.row ?? null,
    fallback: sel?.fallback ?? false,
  };
}

/**
 * Fixed calendar (§1.4 policy "fixed schedule"): occurrences are seriesStart + n·interval (n ≥ 1) and do not
 * drift with completions. The next one is the first whose window opens after the last completion (a completion
 * inside a window satisfies that occurrence); without a completion, the first of the series.
 */
export function nextFixedCalendar(input: {
  interval: string;
  seriesStart: string;
  lastCompleted: string | null;
  table: ToleranceTableLike;
}): DueWindowResult & { anchorDate: string; occurrence: number } {
  const row = selectToleranceRow(input.table, input.interval);
  const p = requireInterval(input.interval);
  const start = toDate(input.seriesStart);
  let n = 1;
  if (input.lastCompleted) {
    const done = toDate(input.lastCompleted);
    // Start near the answer: the number of whole intervals between the series start and the completion.
    const elapsed = done.diff(start, `${p.unit}s`).as(`${p.unit}s`);
    n = Math.max(1, Math.floor(elapsed / p.count) - 1);
    for (;;) {
      const due = addIntervals(input.seriesStart, input.interval, n);
      if (toDate(windowAround(due, row?.row ?? null).earliest) > done) break;
      n += 1;
    }
  }
  const due = addIntervals(input.seriesStart, input.interval, n);
  return {
    ...windowFor(due, input.interval, input.table),
    anchorDate: n === 1 ? input.seriesStart : addIntervals(input.seriesStart, input.interval, n - 1),
    occurrence: n,
  };
}
