import type {
  FactorValues,
  IncidentHistoryBand,
  RiskBand,
  RiskFactorExplanation,
  RiskModelContent,
} from '../../../../contracts/index.ts';

/**
 * Risk scoring by a versioned risk model (domain reference §3): a generic weighted model whose factor tables and
 * bands are data (Fennigkoh–Smith EM number §3.1, five-category §3.2 #1, probability × severity §2/§3.2). Pure.
 */

export interface RuleProblem {
  field: string;
  message: string;
}

export interface RiskScore {
  score: number;
  band: RiskBand;
  explanation: RiskFactorExplanation[];
}

export type RiskScoreResult = { ok: true; value: RiskScore } | { ok: false; problems: RuleProblem[] };

/** The band a failure rate (failures per unit-year) falls in: min <= rate < max; on a boundary, the higher band. */
export function incidentBand(
  bands: readonly IncidentHistoryBand[],
  rate: number,
): IncidentHistoryBand | undefined {
  return bands.find((b) => rate >= b.min && (b.max === undefined || rate < b.max));
}

/** The score band: min <= score < max (an absent bound is open). */
export function scoreBand(bands: readonly RiskBand[], score: number): RiskBand | undefined {
  return bands.find((b) => (b.min === undefined || score >= b.min) && (b.max === undefined || score < b.max));
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/**
 * Scores factor values with a model. A factor derived from the incident rate (Fennigkoh–Smith incident history,
 * §3.1) is scored from `incidentRate` through the model's incident-history bands when a rate is given; otherwise
 * its value is chosen like any other. Every problem names the field (factorValues.<key>).
 */
export function evaluateRiskModel(
  model: RiskModelContent,
  input: { factorValues: FactorValues; incidentRate?: number | undefined },
): RiskScoreResult {
  const problems: RuleProblem[] = [];
  const explanation: RiskFactorExplanation[] = [];
  const known = new Set(model.factors.map((f) => f.key));
  for (const key of Object.keys(input.factorValues))
    if (!known.has(key))
      problems.push({ field: `factorValues.${key}`, message: 'is not a factor of this risk model' });

  for (const factor of model.factors) {
    const field = `factorValues.${factor.key}`;
    const chosen = input.factorValues[factor.key];
    if (factor.derivedFrom === 'INCIDENT_RATE' && input.incidentRate !== undefined) {
      if (chosen !== undefined) {
        problems.push({ field, message: 'give either this value or incidentRate, not both' });
        continue;
      }
      const band = incidentBand(model.incidentHistoryBands ?? [], input.incidentRate);
      const option = band && factor.options.find((o) => o.value === band.value);
      if (!band || !option) {
        problems.push({
          field: 'incidentRate',
          message: `${fmt(input.incidentRate)} failures per unit-year falls in no incident-history band of this model`,
        });
        continue;
      }
      explanation.push({
        key: factor.key,
        label: factor.label,
        value: option.value,
        optionLabel: option.label,
        source: 'incident_rate',
        note: `${fmt(input.incidentRate)} failures per unit-year: ${band.label}`,
      });
      continue;
    }
    if (chosen === undefined) {
      problems.push({
        field,
        message:
          factor.derivedFrom === 'INCIDENT_RATE'
            ? 'is required (or give incidentRate in failures per unit-year)'
            : 'is required',
      });
      continue;
    }
    const option = factor.options.find((o) => o.value === chosen);
    if (!option) {
      problems.push({
        field,
        message: `must be one of ${factor.options.map((o) => fmt(o.value)).join(', ')}`,
      });
      continue;
    }
    explanation.push({
      key: factor.key,
      label: factor.label,
      value: option.value,
      optionLabel: option.label,
      source: 'chosen',
      note: option.definition ?? null,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const values = explanation.map((e) => e.value);
  const score =
    model.aggregate === 'SUM' ? values.reduce((a, b) => a + b, 0) : values.reduce((a, b) => a * b, 1);
  const band = scoreBand(model.bands, score);
  if (!band)
    return {
      ok: false,
      problems: [
        { field: 'factorValues', message: `the score ${fmt(score)} falls in no band of this risk model` },
      ],
    };
  return { ok: true, value: { score, band, explanation } };
}
