import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addIntervals,
  dueWindow,
  nextFixedCalendar,
  parseInterval,
  selectToleranceRow,
  type ToleranceTableLike,
  windowAround,
} from './due-window.rules.ts';

/** The shipped table (reference-data/maintenance/due-date-tolerance.json), read as the application reads it. */
const shipped = JSON.parse(
  readFileSync(
    new URL('../../../../../reference-data/maintenance/due-date-tolerance.json', import.meta.url),
    'utf8',
  ),
) as { content: ToleranceTableLike };
const table = shipped.content;

const dateArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const intervalArb = fc
  .tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom('D', 'W', 'M', 'Y'))
  .map(([n, u]) => `P${n}${u}`);

describe('due window for each row of the shipped tolerance table (domain-reference §1.4)', () => {
  it('ships the six frequencies', () => {
    expect(table.rows.map((r) => r.interval).sort()).toEqual(['P1M', 'P1W', 'P1Y', 'P36M', 'P3M', 'P6M']);
  });

  for (const row of table.rows) {
    it(`${row.interval} (${row.label})`, () => {
      const w = dueWindow({ interval: row.interval, anchorDate: '2026-03-15', table });
      expect(w.toleranceRow).toEqual(row);
      expect(w.fallback).toBe(false);
      const due = DateTime.fromISO(w.due);
      expect(w.due).toBe(addIntervals('2026-03-15', row.interval, 1));
      if (row.window.kind === 'days') {
        expect(DateTime.fromISO(w.earliest).plus({ days: row.window.days }).toISODate()).toBe(w.due);
        expect(due.plus({ days: row.window.days }).toISODate()).toBe(w.latest);
      } else {
        expect(w.earliest).toBe(due.startOf(row.window.unit).toISODate());
        expect(w.latest).toBe(due.endOf(row.window.unit).toISODate());
      }
    });
  }

  it('annual from 2026-03-15: due 2027-03-15, window 2027-02-13 .. 2027-04-14', () => {
    expect(dueWindow({ interval: 'P1Y', anchorDate: '2026-03-15', table })).toMatchObject({
      due: '2027-03-15',
      earliest: '2027-02-13',
      latest: '2027-04-14',
    });
  });
  it('semi-annual ± 20 days, quarterly ± 10 days, 36 months ± 45 days', () => {
    expect(dueWindow({ interval: 'P6M', anchorDate: '2026-01-10', table })).toMatchObject({
      due: '2026-07-10',
      earliest: '2026-06-20',
      latest: '2026-07-30',
    });
    expect(dueWindow({ interval: 'P3M', anchorDate: '2026-01-10', table })).toMatchObject({
      due: '2026-04-10',
      earliest: '2026-03-31',
      latest: '2026-04-20',
    });
    expect(dueWindow({ interval: 'P36M', anchorDate: '2026-01-10', table })).toMatchObject({
      due: '2029-01-10',
      earliest: '2028-11-26',
      latest: '2029-02-24',
    });
  });
  it('monthly is the calendar month of the due date; weekly the ISO week (Monday–Sunday)', () => {
    expect(dueWindow({ interval: 'P1M', anchorDate: '2026-01-20', table })).toMatchObject({
      due: '2026-02-20',
      earliest: '2026-02-01',
      latest: '2026-02-28',
    });
    // 2026-03-04 is a Wednesday.
    expect(dueWindow({ interval: 'P1W', anchorDate: '2026-02-25', table })).toMatchObject({
      due: '2026-03-04',
      earliest: '2026-03-02',
      latest: '2026-03-08',
    });
  });
});

describe('interval arithmetic', () => {
  it('clamps month ends and counts from the anchor, not chained', () => {
    expect(addIntervals('2026-01-31', 'P1M', 1)).toBe('2026-02-28');
    expect(addIntervals('2028-01-31', 'P1M', 1)).toBe('2028-02-29');
    expect(addIntervals('2026-01-31', 'P1M', 2)).toBe('2026-03-31');
    expect(addIntervals('2024-02-29', 'P1Y', 1)).toBe('2025-02-28');
  });
  it('reads single-unit ISO 8601 durations only', () => {
    expect(parseInterval('P1Y')).toEqual({ count: 1, unit: 'year' });
    expect(parseInterval('p36m')).toEqual({ count: 36, unit: 'month' });
    for (const bad of ['P0Y', 'P1Y6M', 'PT1H', '1Y', 'P', 'P1000D', 'yearly'])
      expect(parseInterval(bad)).toBeNull();
  });
});

describe('fallback: nearest shorter row', () => {
  it('P12M is the annual row; P2Y, P18M take the annual row; P4M the quarterly; P2W the weekly', () => {
    expect(selectToleranceRow(table, 'P12M')).toMatchObject({ row: { interval: 'P1Y' }, fallback: false });
    expect(selectToleranceRow(table, 'P3Y')).toMatchObject({ row: { interval: 'P36M' }, fallback: false });
    expect(selectToleranceRow(table, 'P2Y')).toMatchObject({ row: { interval: 'P1Y' }, fallback: true });
    expect(selectToleranceRow(table, 'P18M')).toMatchObject({ row: { interval: 'P1Y' }, fallback: true });
    expect(selectToleranceRow(table, 'P4M')).toMatchObject({ row: { interval: 'P3M' }, fallback: true });
    expect(selectToleranceRow(table, 'P2W')).toMatchObject({ row: { interval: 'P1W' }, fallback: true });
    expect(selectToleranceRow(table, 'P5Y')).toMatchObject({ row: { interval: 'P36M' }, fallback: true });
  });
  it('an interval shorter than every row has no tolerance: the window is the due date', () => {
    expect(selectToleranceRow(table, 'P3D')).toBeNull();
    expect(dueWindow({ interval: 'P3D', anchorDate: '2026-01-01', table })).toMatchObject({
      due: '2026-01-04',
      earliest: '2026-01-04',
      latest: '2026-01-04',
      toleranceRow: null,
    });
  });
});

describe('properties', () => {
  it('earliest ≤ due ≤ latest, and due is after the anchor', () => {
    fc.assert(
      fc.property(dateArb, intervalArb, (anchor, interval) => {
        const w = dueWindow({ interval, anchorDate: anchor, table });
        return w.earliest <= w.due && w.due <= w.latest && w.due > anchor;
      }),
    );
  });
  it('is monotonic in the anchor', () => {
    fc.assert(
      fc.property(dateArb, dateArb, intervalArb, (a, b, interval) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const wl = dueWindow({ interval, anchorDate: lo, table });
        const wh = dueWindow({ interval, anchorDate: hi, table });
        return wl.due <= wh.due && wl.earliest <= wh.earliest && wl.latest <= wh.latest;
      }),
    );
  });
  it('the row applied is never of a longer interval than the plan’s', () => {
    const days = (iso: string) => Duration.fromISO(iso, { conversionAccuracy: 'longterm' }).as('days');
    fc.assert(
      fc.property(intervalArb, (interval) => {
        const sel = selectToleranceRow(table, interval);
        return sel === null || days(sel.row.interval) <= days(interval) + 0.01;
      }),
    );
  });
  it('fixed calendar: the next occurrence is on the series, after the completion, and none is skipped', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.constantFrom('P1Y', 'P6M', 'P3M', 'P1M', 'P1W', 'P36M'),
        fc.integer({ min: 0, max: 2000 }),
        (start, interval, offset) => {
          const done = DateTime.fromISO(start).plus({ days: offset }).toISODate() ?? start;
          const next = nextFixedCalendar({ interval, seriesStart: start, lastCompleted: done, table });
          const row = selectToleranceRow(table, interval)?.row ?? null;
          const previousOpened =
            next.occurrence === 1 ||
            windowAround(addIntervals(start, interval, next.occurrence - 1), row).earliest <= done;
          return (
            next.due === addIntervals(start, interval, next.occurrence) &&
            next.earliest > done &&
            previousOpened
          );
        },
      ),
    );
  });
});
