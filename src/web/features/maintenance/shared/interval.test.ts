import { describe, expect, it } from 'vitest';
import { monthGrid, monthRange, shiftMonth } from './calendar.ts';
import { describeInterval, fromIsoDuration, toIsoDuration } from './interval.ts';

describe('interval picker values', () => {
  it('produces ISO 8601 durations and reads them back', () => {
    expect(toIsoDuration({ count: 6, unit: 'months' })).toBe('P6M');
    expect(toIsoDuration({ count: 1, unit: 'years' })).toBe('P1Y');
    expect(toIsoDuration({ count: 2, unit: 'weeks' })).toBe('P2W');
    expect(toIsoDuration({ count: 10, unit: 'days' })).toBe('P10D');
    expect(toIsoDuration({ count: 0, unit: 'days' })).toBeNull();
    expect(toIsoDuration({ count: 1.5, unit: 'years' })).toBeNull();
    expect(fromIsoDuration('P36M')).toEqual({ count: 36, unit: 'months' });
    expect(fromIsoDuration('P1W')).toEqual({ count: 1, unit: 'weeks' });
    expect(fromIsoDuration('P1Y6M')).toBeNull();
    expect(fromIsoDuration('PT8H')).toBeNull();
    expect(fromIsoDuration('yearly')).toBeNull();
  });

  it('names intervals the way people say them', () => {
    expect(describeInterval('P1Y')).toBe('Annual (P1Y)');
    expect(describeInterval('P10D')).toBe('Every 10 days (P10D)');
    expect(describeInterval('P1D')).toBe('Every day (P1D)');
    expect(describeInterval(null)).toBe('—');
  });
});

describe('month calendar', () => {
  it('lays a month out in Monday-first weeks', () => {
    const weeks = monthGrid('2026-02');
    // 1 Feb 2026 is a Sunday: the first week starts on Monday 26 January.
    expect(weeks[0]?.[0]).toEqual({ date: '2026-01-26', day: 26, inMonth: false });
    expect(weeks[0]?.[6]).toEqual({ date: '2026-02-01', day: 1, inMonth: true });
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(28);
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
  });
});
