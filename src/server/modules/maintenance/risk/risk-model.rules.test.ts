import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskModelContent, type FactorValues } from '../../../../contracts/index.ts';
import { readShippedTables } from '../../reference/index.ts';
import { evaluateRiskModel, incidentBand } from './risk-model.rules.ts';

/** The risk models shipped in reference-data/maintenance (the tests read the data, not copies of it). */
const shipped = (key: string): RiskModelContent => {
  const table = readShippedTables().find((t) => t.kind === 'risk_model' && t.key === key);
  if (!table) throw new Error(`no shipped risk model ${key}`);
  return RiskModelContent.parse(table.content);
};
const fs = shipped('fennigkoh-smith-1989');
const five = shipped('five-category');
const pxs = shipped('probability-x-severity');

const score = (model: RiskModelContent, factorValues: FactorValues, incidentRate?: number) => {
  const r = evaluateRiskModel(model, { factorValues, incidentRate });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};
const factor = (model: RiskModelContent, key: string) => {
  const f = model.factors.find((x) => x.key === key);
  if (!f) throw new Error(`no factor ${key}`);
  return f;
};

describe('Fennigkoh–Smith EM number (domain reference §3.1, shipped table)', () => {
  const base = { function: 2, physicalRisk: 1, maintenance: 1, incidentHistory: 0 };

  it('equipment function: therapeutic life support 10 down to miscellaneous 2', () => {
    expect(factor(fs, 'function').options.map((o) => [o.value, o.label])).toEqual([
      [10, 'Therapeutic: life support'],
      [9, 'Therapeutic: surgical and intensive care'],
      [8, 'Therapeutic: physical therapy and treatment'],
      [7, 'Diagnostic: surgical and intensive care monitoring'],
      [6, 'Diagnostic: additional physiological monitoring and diagnostic'],
      [5, 'Analytical: analytical laboratory'],
      [4, 'Analytical: laboratory accessories'],
      [3, 'Analytical: computer and related'],
      [2, 'Miscellaneous: patient-related and other'],
    ]);
    for (const o of factor(fs, 'function').options)
      expect(score(fs, { ...base, function: o.value }).score).toBe(o.value + 2);
  });

  it('physical risk: patient death 5 down to no significant risk 1', () => {
    expect(factor(fs, 'physicalRisk').options.map((o) => [o.value, o.label])).toEqual([
      [5, 'Patient death'],
      [4, 'Patient or operator injury'],
      [3, 'Inappropriate therapy or misdiagnosis'],
      [2, 'Equipment damage'],
      [1, 'No significant identified risk'],
    ]);
    for (const o of factor(fs, 'physicalRisk').options)
      expect(score(fs, { ...base, physicalRisk: o.value }).score).toBe(o.value + 3);
  });

  it('maintenance requirements: extensive 5 down to minimal 1', () => {
    expect(factor(fs, 'maintenance').options.map((o) => [o.value, o.label])).toEqual([
      [5, 'Extensive'],
      [4, 'Above average'],
      [3, 'Average'],
      [2, 'Below average'],
      [1, 'Minimal'],
    ]);
  });

  it('incident history variant A from failures per unit-year; a boundary takes the higher band', () => {
    const bands = fs.incidentHistoryBands ?? [];
    const valueAt = (rate: number) => incidentBand(bands, rate)?.value;
    expect(valueAt(3)).toBe(2); // more than 1 failure every 6 months
    expect(valueAt(2)).toBe(2);
    expect(valueAt(1.5)).toBe(1); // 1 every 6–9 months
    expect(valueAt(1.1)).toBe(0); // 1 every 9–12 months
    expect(valueAt(1)).toBe(0);
    expect(valueAt(0.75)).toBe(-1); // 1 every 12–18 months
    expect(valueAt(0.5)).toBe(-2); // less than 1 in 18 months
    expect(valueAt(0)).toBe(-2);
    const { incidentHistory: _omitted, ...chosen } = base;
    const r = score(fs, chosen, 1.5);
    expect(r.score).toBe(5);
    expect(r.explanation.find((e) => e.key === 'incidentHistory')).toMatchObject({
      value: 1,
      source: 'incident_rate',
      optionLabel: 'Moderate',
    });
  });

  it('bands: EM 18+ quarterly, 15–17 semi-annual, 12–14 annual, below 12 not on scheduled PM', () => {
    const ventilator = score(fs, { function: 10, physicalRisk: 5, maintenance: 5, incidentHistory: -2 });
    expect([ventilator.score, ventilator.band.suggestedInterval]).toEqual([18, 'P3M']);
    const at17 = score(fs, { function: 9, physicalRisk: 4, maintenance: 4, incidentHistory: 0 });
    expect([at17.score, at17.band.suggestedInterval, at17.band.includeInPm]).toEqual([17, 'P6M', true]);
    const at15 = score(fs, { function: 8, physicalRisk: 4, maintenance: 3, incidentHistory: 0 });
    expect([at15.score, at15.band.suggestedInterval]).toEqual([15, 'P6M']);
    const at12 = score(fs, { function: 6, physicalRisk: 3, maintenance: 3, incidentHistory: 0 });
    expect([at12.score, at12.band.suggestedInterval, at12.band.suggestedStrategy]).toEqual([
      12,
      'P1Y',
      'OEM_INTERVAL',
    ]);
    const at11 = score(fs, { function: 6, physicalRisk: 3, maintenance: 3, incidentHistory: -1 });
    expect([at11.score, at11.band.includeInPm, at11.band.suggestedStrategy]).toEqual([
      11,
      false,
      'CORRECTIVE_ONLY_NOT_ON_PM',
    ]);
    expect(fs.caveats.some((c) => /deemed-status/.test(c))).toBe(true);
  });
});

describe('five-category model (§3.2 #1, shipped table)', () => {
  it('12 or more semi-annual, 9–11 annual, 8 or less biennial', () => {
    const top = {
      clinicalFunction: 5,
      physicalRisk: 4,
      problemAvoidance: 1,
      incidentHistory: 1,
      regulatoryRequirements: 1,
    };
    expect(score(five, top).band.suggestedInterval).toBe('P6M');
    expect(score(five, { ...top, physicalRisk: 3 }).band.suggestedInterval).toBe('P1Y');
    expect(score(five, { ...top, clinicalFunction: 3, physicalRisk: 3 }).band.suggestedInterval).toBe('P1Y');
    const low = score(five, { ...top, clinicalFunction: 1, physicalRisk: 3 });
    expect([low.score, low.band.suggestedInterval]).toEqual([7, 'P2Y']);
    expect(five.factors.every((f) => /\[U/.test(f.label))).toBe(true);
  });
});

describe('probability × severity (§2 AAMI 2018, shipped table)', () => {
  it('multiplies the two factors', () => {
    expect(score(pxs, { probability: 5, severity: 5 }).score).toBe(25);
    expect(score(pxs, { probability: 3, severity: 3 }).band.label).toMatch(/Medium/);
    const minimal = score(pxs, { probability: 1, severity: 3 });
    expect([minimal.score, minimal.band.suggestedStrategy, minimal.band.includeInPm]).toEqual([
      3,
      'RUN_TO_FAILURE',
      false,
    ]);
  });
});

describe('problems name the field', () => {
  it('refuses missing, unknown and off-table values, and a value given together with a rate', () => {
    const r = evaluateRiskModel(fs, {
      factorValues: { function: 11, maintenance: 3, incidentHistory: 0, colour: 2 },
      incidentRate: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { field: 'factorValues.colour', message: 'is not a factor of this risk model' },
      { field: 'factorValues.function', message: 'must be one of 10, 9, 8, 7, 6, 5, 4, 3, 2' },
      { field: 'factorValues.physicalRisk', message: 'is required' },
      { field: 'factorValues.incidentHistory', message: 'give either this value or incidentRate, not both' },
    ]);
  });
});

describe('properties over every shipped model', () => {
  const models = [fs, five, pxs];
  const choices = (m: RiskModelContent) =>
    fc
      .tuple(...m.factors.map((f) => fc.constantFrom(...f.options.map((o) => o.value))))
      .map((vals) => Object.fromEntries(m.factors.map((f, i) => [f.key, vals[i] ?? 0])));

  it('every choice of options lands in exactly one band, between the smallest and largest possible score', () => {
    for (const m of models) {
      const pick = (agg: (xs: number[]) => number) =>
        m.factors
          .map((f) => agg(f.options.map((o) => o.value)))
          .reduce((a, b) => (m.aggregate === 'SUM' ? a + b : a * b), m.aggregate === 'SUM' ? 0 : 1);
      const lo = pick((xs) => Math.min(...xs));
      const hi = pick((xs) => Math.max(...xs));
      fc.assert(
        fc.property(choices(m), (values) => {
          const r = score(m, values);
          const matching = m.bands.filter(
            (b) => (b.min === undefined || r.score >= b.min) && (b.max === undefined || r.score < b.max),
          );
          return r.score >= lo && r.score <= hi && matching.length === 1 && matching[0] === r.band;
        }),
      );
    }
  });

  it('raising one factor never lowers the score, and never moves a device out of scheduled PM', () => {
    for (const m of models) {
      fc.assert(
        fc.property(choices(m), fc.nat({ max: m.factors.length - 1 }), (values, i) => {
          const f = m.factors[i];
          if (!f) return true;
          const current = values[f.key] ?? 0;
          const higher = f.options.map((o) => o.value).filter((v) => v > current);
          if (higher.length === 0) return true;
          const before = score(m, values);
          const after = score(m, { ...values, [f.key]: Math.min(...higher) });
          return after.score >= before.score && (!before.band.includeInPm || after.band.includeInPm);
        }),
      );
    }
  });

  it('a higher incident rate never gives a lower incident-history value', () => {
    const bands = fs.incidentHistoryBands ?? [];
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const vl = incidentBand(bands, lo)?.value;
          const vh = incidentBand(bands, hi)?.value;
          return vl !== undefined && vh !== undefined && vh >= vl;
        },
      ),
    );
  });
});
