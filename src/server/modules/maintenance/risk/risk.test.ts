import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DeviceMaintenanceProfile,
  IncidentRate,
  RiskAssessment,
  RiskEvaluation,
  RiskModel,
} from '../../../../contracts/index.ts';
import { createTestApp, PASSWORD, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';
import { callWith, createFleet, type Fleet } from '../profiles/test-fixtures.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}
const call = callWith();

describe.each(engines())('risk models and assessments (%s)', (engine) => {
  let t: TestApp;
  let fleet: Fleet;
  beforeAll(async () => {
    t = await createTestApp(engine);
    fleet = await createFleet(t, call);
  });
  afterAll(async () => t?.close());

  /** A corrective work order completed with a user-evident failure (H2's work-order API). */
  async function failure(deviceId: string) {
    const wo = await call<{ id: string; version: number }>(t.admin, 'POST', '/work-orders', {
      deviceId,
      kind: 'corrective',
      title: 'Occlusion alarm will not clear',
    });
    expect(wo.status).toBe(201);
    const started = await call<{ version: number }>(t.admin, 'POST', `/work-orders/${wo.body.id}/start`, {
      version: wo.body.version,
    });
    const done = await call(t.admin, 'POST', `/work-orders/${wo.body.id}/complete`, {
      version: started.body.version,
      finding: 'user_evident_failure',
      failureCause: 'component_failure',
      resolution: 'Replaced pressure sensor',
      password: PASSWORD,
    });
    expect(done.status).toBe(200);
  }

  it('lists the shipped risk models with factor tables, bands and caveats', async () => {
    const res = await call<{ items: RiskModel[] }>(t.admin, 'GET', '/risk-models');
    expect(res.body.items.map((m) => m.key).sort()).toEqual([
      'fennigkoh-smith-1989',
      'five-category',
      'probability-x-severity',
    ]);
    const fs = res.body.items.find((m) => m.key === 'fennigkoh-smith-1989');
    expect(fs?.content.factors.map((f) => f.key)).toEqual([
      'function',
      'physicalRisk',
      'maintenance',
      'incidentHistory',
    ]);
    expect(fs?.content.caveats.length).toBeGreaterThan(2);
  });

  it('evaluates live by key or id, explaining each factor and naming the model version used', async () => {
    const body = { factorValues: { function: 10, physicalRisk: 5, maintenance: 4 }, incidentRate: 0.2 };
    const byKey = await call<RiskEvaluation>(
      t.admin,
      'POST',
      '/risk-models/fennigkoh-smith-1989/evaluate',
      body,
    );
    expect(byKey.status).toBe(200);
    expect(byKey.body).toMatchObject({
      score: 17,
      suggestedInterval: 'P6M',
      suggestedStrategy: 'OEM_INTERVAL',
      includeInPm: true,
      model: { key: 'fennigkoh-smith-1989', version: 1 },
    });
    expect(byKey.body.explanation.map((e) => [e.key, e.value, e.source])).toEqual([
      ['function', 10, 'chosen'],
      ['physicalRisk', 5, 'chosen'],
      ['maintenance', 4, 'chosen'],
      ['incidentHistory', -2, 'incident_rate'],
    ]);
    const byId = await call<RiskEvaluation>(
      t.admin,
      'POST',
      `/risk-models/${byKey.body.model.id}/evaluate`,
      body,
    );
    expect(byId.body.score).toBe(17);

    const bad = await call<ErrorBody>(t.admin, 'POST', '/risk-models/fennigkoh-smith-1989/evaluate', {
      factorValues: { function: 1, physicalRisk: 5, maintenance: 4 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field)).toEqual([
      'factorValues.function',
      'factorValues.incidentHistory',
    ]);
    expect((await call(t.admin, 'POST', '/risk-models/no-such-model/evaluate', body)).status).toBe(404);
    const tech = await t.createUser('technician');
    expect((await call(tech.client, 'POST', '/risk-models/five-category/evaluate', body)).status).toBe(400);
  });

  it('derives the incident rate from corrective work of the model, and a new assessment supersedes', async () => {
    const modelId = await fleet.model('FRN');
    // Two units in service for the whole 24-month look-back: 4 unit-years; 6 failures -> 1.5 per unit-year.
    const [a = '', b = ''] = await fleet.devices(modelId, 2, '2024-01-01');
    for (const d of [a, a, a, b, b, b]) await failure(d);

    const rate = await call<IncidentRate>(t.admin, 'GET', `/incident-rate?scope=model&targetId=${modelId}`);
    expect(rate.status).toBe(200);
    expect(rate.body.failures).toBe(6);
    expect(rate.body.unitYears).toBeCloseTo(4, 1);
    expect(rate.body.rate).toBeCloseTo(1.5, 1);

    const first = await call<RiskAssessment>(t.admin, 'POST', '/risk-assessments', {
      scope: 'model',
      targetId: modelId,
      factorValues: { function: 9, physicalRisk: 4, maintenance: 3 },
      rationale: 'Annual review of the pump fleet',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      incidentSource: 'derived',
      score: 17,
      band: 'EM 15–17',
      suggestedInterval: 'P6M',
    });
    expect(first.body.incidentRate).toBeCloseTo(1.5, 1);
    expect(first.body.factorValues.incidentHistory).toBe(1);

    const noReason = await call<ErrorBody>(t.admin, 'POST', '/risk-assessments', {
      scope: 'model',
      targetId: modelId,
      factorValues: { function: 9, physicalRisk: 4, maintenance: 3 },
      incidentRate: 0.1,
      rationale: 'Manual rate',
    });
    expect([noReason.status, noReason.body.error.details[0]?.field]).toEqual([400, 'incidentRateReason']);

    const second = await call<RiskAssessment>(t.admin, 'POST', '/risk-assessments', {
      scope: 'model',
      targetId: modelId,
      factorValues: { function: 9, physicalRisk: 4, maintenance: 3 },
      incidentRate: 0.1,
      incidentRateReason: 'Failures were a recalled sensor batch, since replaced',
      rationale: 'Reassessed after the field correction',
    });
    expect(second.body).toMatchObject({ incidentSource: 'manual', score: 14, suggestedInterval: 'P1Y' });

    const current = await call<{ items: RiskAssessment[] }>(
      t.admin,
      'GET',
      `/risk-assessments?scope=model&targetId=${modelId}`,
    );
    expect(current.body.items.map((i) => i.id)).toEqual([second.body.id]);
    const all = await call<{ items: RiskAssessment[] }>(
      t.admin,
      'GET',
      `/risk-assessments?scope=model&targetId=${modelId}&includeSuperseded=true`,
    );
    expect(all.body.items.map((i) => [i.id, i.supersededAt === null])).toEqual([
      [second.body.id, true],
      [first.body.id, false],
    ]);

    // The database keeps assessments as recorded: no edits, no deletion, superseded once.
    const db = t.services.database.db;
    await expect(
      db.execute(sql`UPDATE risk_assessments SET score = 99 WHERE id = ${second.body.id}`),
    ).rejects.toThrow();
    await expect(
      db.execute(sql`UPDATE risk_assessments SET superseded_at = now() WHERE id = ${first.body.id}`),
    ).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM risk_assessments WHERE id = ${first.body.id}`)).rejects.toThrow();

    const profile = await call<DeviceMaintenanceProfile>(t.admin, 'GET', `/devices/${a}/maintenance-profile`);
    expect(profile.body.riskAssessment?.id).toBe(second.body.id);

    const audit = await t.services.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'risk-assessment.created'
          AND entity_id IN (${first.body.id}, ${second.body.id})`,
    );
    expect(audit.rows[0]?.n).toBe(2);
  });

  it('needs a chosen incident value when nothing is in service to derive a rate from', async () => {
    const modelId = await fleet.model('FRN');
    const res = await call<ErrorBody>(t.admin, 'POST', '/risk-assessments', {
      scope: 'model',
      targetId: modelId,
      factorValues: { function: 9, physicalRisk: 4, maintenance: 3 },
      rationale: 'New model',
    });
    expect([res.status, res.body.error.details[0]?.field]).toEqual([400, 'factorValues.incidentHistory']);
    const chosen = await call<RiskAssessment>(t.admin, 'POST', '/risk-assessments', {
      scope: 'model',
      targetId: modelId,
      factorValues: { function: 9, physicalRisk: 4, maintenance: 3, incidentHistory: 0 },
      rationale: 'New model, average history assumed',
    });
    expect([chosen.status, chosen.body.incidentSource, chosen.body.score]).toEqual([201, null, 16]);
  });

  it('lets only maintenance managers record assessments', async () => {
    const tech = await t.createUser('technician');
    const modelId = await fleet.model('FRN');
    const res = await call(tech.client, 'POST', '/risk-assessments', {
      scope: 'model',
      targetId: modelId,
      factorValues: { function: 9, physicalRisk: 4, maintenance: 3, incidentHistory: 0 },
      rationale: 'x',
    });
    expect(res.status).toBe(403);
  });
});
