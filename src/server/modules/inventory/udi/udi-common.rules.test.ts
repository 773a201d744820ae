import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, newDraft, parseDate, resolveYear, setField } from './udi-common.rules.ts';

const at = (iso: string): Date => new Date(`${iso}T12:00:00Z`);

describe('resolveYear (GS1 General Specifications §7.12 century window)', () => {
  it('keeps two-digit years within 49 years back and 50 years ahead of now', () => {
    const now = at('2026-06-15');
    expect(resolveYear(26, now)).toBe(2026);
    expect(resolveYear(76, now)).toBe(2076); // +50: current century
    expect(resolveYear(77, now)).toBe(1977); // +51: previous century
    expect(resolveYear(0, now)).toBe(2000);
    expect(resolveYear(99, now)).toBe(1999);
  });

  it('rolls into the next century near its end', () => {
    const now = at('2080-01-01');
    expect(resolveYear(30, now)).toBe(2130); // −50: next century
    expect(resolveYear(31, now)).toBe(2031); // −49: current century
    expect(resolveYear(99, now)).toBe(2099);
  });

  it('always lands within now −49 … now +50', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2400 }), fc.integer({ min: 0, max: 99 }), (year, yy) => {
        const resolved = resolveYear(yy, at(`${year}-03-01`));
        expect(resolved % 100).toBe(yy);
        expect(resolved - year).toBeGreaterThanOrEqual(-49);
        expect(resolved - year).toBeLessThanOrEqual(50);
      }),
    );
  });
});

describe('parseDate', () => {
  const now = at('2026-06-15');

  it('reads DD 00 as the last day of the month (yymmd0)', () => {
    expect(parseDate('260200', 'YYMMD0', now)).toMatchObject({ ok: true, date: '2026-02-28' });
    expect(parseDate('280200', 'YYMMD0', now)).toMatchObject({ ok: true, date: '2028-02-29' });
    expect(parseDate('261100', 'YYMMD0', now)).toMatchObject({ ok: true, date: '2026-11-30' });
    expect(parseDate('261200', 'YYMMD0', now)).toMatchObject({ ok: true, date: '2026-12-31' });
  });

  it('refuses DD 00 where the pattern has no such rule', () => {
    expect(parseDate('260200', 'YYMMDD', now)).toMatchObject({ ok: false, offset: 4 });
  });

  it('names the wrong part and where it is', () => {
    expect(parseDate('261301', 'YYMMD0', now)).toEqual({
      ok: false,
      problem: 'month 13 is not within 01-12',
      offset: 2,
    });
    expect(parseDate('260230', 'YYMMD0', now)).toEqual({
      ok: false,
      problem: 'day 30 does not exist in 2026-02',
      offset: 4,
    });
    expect(parseDate('2601012460', 'YYMMDDHHMI', now)).toMatchObject({ ok: false, offset: 6 });
    expect(parseDate('2601012360', 'YYMMDDHHMI', now)).toMatchObject({ ok: false, offset: 8 });
    expect(parseDate('26123', 'YYMMD0', now)).toMatchObject({ ok: false, offset: 0 });
    expect(parseDate('26A231', 'YYMMD0', now)).toMatchObject({ ok: false, offset: 0 });
  });

  it('reads Julian days, leap years included', () => {
    expect(parseDate('26001', 'YYJJJ', now)).toMatchObject({ ok: true, date: '2026-01-01' });
    expect(parseDate('28060', 'YYJJJ', now)).toMatchObject({ ok: true, date: '2028-02-29' });
    expect(parseDate('28366', 'YYJJJ', now)).toMatchObject({ ok: true, date: '2028-12-31' });
    expect(parseDate('26366', 'YYJJJ', now)).toMatchObject({ ok: false, offset: 2 });
    expect(parseDate('26000', 'YYJJJ', now)).toMatchObject({ ok: false, offset: 2 });
    expect(parseDate('2603214', 'YYJJJHH', now)).toEqual({
      ok: true,
      date: '2026-02-01',
      normalized: '2026-02-01T14:00',
    });
  });

  it('reads MMYY as the last day of that month, and four-digit years as given', () => {
    expect(parseDate('0228', 'MMYY', now)).toMatchObject({ ok: true, date: '2028-02-29' });
    expect(parseDate('123126', 'MMDDYY', now)).toMatchObject({ ok: true, date: '2026-12-31' });
    expect(parseDate('21000229', 'YYYYMMDD', now)).toMatchObject({ ok: false, offset: 6 }); // 2100 is not leap
    expect(parseDate('20000229', 'YYYYMMDD', now)).toMatchObject({ ok: true, date: '2000-02-29' });
  });

  it('agrees with the JavaScript calendar on month lengths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1901, max: 2399 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        expect(daysInMonth(year, month)).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
      }),
    );
  });
});

describe('setField', () => {
  it('keeps the first value and reports a different second one', () => {
    const draft = newDraft();
    setField(draft, 'lot', 'A1', 0);
    setField(draft, 'lot', 'A1', 5);
    expect(draft.errors).toEqual([]);
    setField(draft, 'lot', 'B2', 9);
    expect(draft.fields.lot).toBe('A1');
    expect(draft.errors).toEqual([
      {
        code: 'CONFLICTING_VALUES',
        message: expect.stringContaining('"A1" and "B2"') as unknown,
        position: 9,
      },
    ]);
  });
});
