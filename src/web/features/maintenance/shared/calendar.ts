import { DateTime } from 'luxon';

export interface CalendarDay {
  /** ISO calendar date, e.g. "2026-03-02". */
  date: string;
  day: number;
  inMonth: boolean;
}

/** "2026-03" → the month's weeks, Monday first, padded with the neighbouring months' days (ISO weeks). */
export function monthGrid(month: string): CalendarDay[][] {
  const first = DateTime.fromISO(`${month}-01`);
  if (!first.isValid) return [];
  const start = first.startOf('week');
  const end = first.endOf('month').endOf('week');
  const weeks: CalendarDay[][] = [];
  let cursor = start;
  while (cursor <= end) {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ date: cursor.toISODate() ?? '', day: cursor.day, inMonth: cursor.month === first.month });
      cursor = cursor.plus({ days: 1 });
    }
    weeks.push(week);
  }
  return weeks;
}

/** The first and last calendar dates of a month ("2026-02" → 2026-02-01 .. 2026-02-28). */
export function monthRange(month: string): { from: string; to: string } {
  const first = DateTime.fromISO(`${month}-01`);
  return { from: first.toISODate() ?? '', to: first.endOf('month').toISODate() ?? '' };
}

/** The month before or after ("2026-01", -1 → "2025-12"). */
export function shiftMonth(month: string, by: number): string {
  return DateTime.fromISO(`${month}-01`).plus({ months: by }).toFormat('yyyy-MM');
}

export function currentMonth(): string {
  return DateTime.local().toFormat('yyyy-MM');
}

/** "2026-03" → "March 2026" in the browser's language. */
export function monthLabel(month: string): string {
  return DateTime.fromISO(`${month}-01`).toLocaleString({ month: 'long', year: 'numeric' });
}

/** Monday..Sunday short names in the browser's language. */
export function weekdayNames(): string[] {
  const monday = DateTime.fromISO('2024-01-01');
  return Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }).toLocaleString({ weekday: 'short' }));
}
