import { DateTime, Duration } from 'luxon';

/** The units a plan interval is picked in (domain reference §1.4: days, weeks, months, years). */
export type IntervalUnit = 'days' | 'weeks' | 'months' | 'years';

export interface PickedInterval {
  count: number;
  unit: IntervalUnit;
}

export const intervalUnitLabels: Record<IntervalUnit, string> = {
  days: 'days',
  weeks: 'weeks',
  months: 'months',
  years: 'years',
};

/** Common intervals as people name them; any other count and unit can still be picked. */
export const commonIntervals: readonly { iso: string; label: string }[] = [
  { iso: 'P1W', label: 'Weekly' },
  { iso: 'P1M', label: 'Monthly' },
  { iso: 'P3M', label: 'Quarterly' },
  { iso: 'P6M', label: 'Semi-annual' },
  { iso: 'P1Y', label: 'Annual' },
  { iso: 'P2Y', label: 'Every 2 years' },
  { iso: 'P36M', label: 'Every 36 months' },
];

/** A picked interval as an ISO 8601 duration ("P6M", "P2W"); null when the count is not a positive whole number. */
export function toIsoDuration(picked: PickedInterval): string | null {
  if (!Number.isInteger(picked.count) || picked.count <= 0) return null;
  return Duration.fromObject({ [picked.unit]: picked.count }).toISO();
}

/** An ISO 8601 duration of a single unit as a picker value; null for anything else (e.g. "P1Y6M", "PT8H"). */
export function fromIsoDuration(iso: string): PickedInterval | null {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return null;
  const units: IntervalUnit[] = ['years', 'months', 'weeks', 'days'];
  const values = duration.toObject();
  const present = Object.entries(values).filter(([, value]) => value !== undefined && value !== 0);
  if (present.length !== 1) return null;
  const [unitName, count] = present[0] ?? [];
  const unit = units.find((u) => u === unitName);
  if (unit === undefined || typeof count !== 'number' || !Number.isInteger(count) || count <= 0) return null;
  return { count, unit };
}

/** "P6M" → "Semi-annual (P6M)", "P10D" → "Every 10 days (P10D)"; unknown text is shown as it is. */
export function describeInterval(iso: string | null | undefined): string {
  if (!iso) return '—';
  const common = commonIntervals.find((c) => c.iso === iso);
  if (common) return `${common.label} (${iso})`;
  const picked = fromIsoDuration(iso);
  if (!picked) return iso;
  const unit = picked.count === 1 ? picked.unit.slice(0, -1) : picked.unit;
  return `Every ${picked.count === 1 ? '' : `${picked.count} `}${unit} (${iso})`;
}

/** A calendar date ("2026-03-15") shown in the browser's language, without time-zone shifts. */
export function formatCalendarDate(date: string | null | undefined): string {
  if (!date) return '—';
  const parsed = DateTime.fromISO(date.slice(0, 10));
  return parsed.isValid ? parsed.toLocaleString(DateTime.DATE_MED) : date;
}

/** Today as a calendar date in the browser's zone. */
export function todayIsoDate(): string {
  return DateTime.local().toISODate() ?? '';
}
