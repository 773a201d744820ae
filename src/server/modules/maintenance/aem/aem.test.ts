import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AemAssessment,
  AemProgram,
  AemReview,
  MaintenanceProfile,
} from '../../../../contracts/index.ts';
import { ADMIN_EMAIL, createTestApp, type Client, type TestApp } from '../../../../../test/support/app.ts';
import { engines } from '../../../../../test/support/engines.ts';
import { callWith, createFleet, type Fleet } from '../profiles/test-fixtures.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}
const call = callWith();
const DAY = 86_400_000;

const draft = (target: { modelId?: string; deviceTypeId?: string }) => ({
  ...target,
  oemTasks: ['Replace battery', 'Performance verification', 'Electrical safety test'],
  oemInterval: 'P6M',
  aemTasks: ['Performance verification', 'Electrical safety test'],
  aemInterval: 'P1Y',
  rationale: 'Two years of PM findings show no PM-preventable failures at six months',
  riskFactors: {
    use: 'General-care infusion, many units in use',
    consequenceOfFailure: 'Alarmed occlusion; delay of therapy',
    backupAvailable: 'Pool of spare pumps in biomed',
    incidentHistory: 'No incidents attributed to maintenance in 24 months',
    maintenanceRequirements: 'Battery per OEM; otherwise performance checks',
  },
  evidence: {
    failureDataPeriod: { from: '2024-11-01', to: '2026-10-31' },
    unitsObserved: 5,
    pmFindings: 2,
    pmPreventableFailures: 0,
  },
});

describe.each(engines())('AEM program (%s)', (engine) => {
  let t: TestApp;
  let fleet: Fleet;
  let qualified: Client;
  let qualifiedEmail = '';
  let pumpModel: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    fleet = await createFleet(t, call);
    const manager = await t.createUser('htm_manager');
    const user = await call<{ version: number }>(t.admin, 'GET', `/users/${manager.id}`);
    const set = await call(t.admin, 'PATCH', `/users/${manager.id}`, {
      version: user.body.version,
      qualified: true,
      reason: 'Clinical engineer, CCE',
    });
    expect(set.status).toBe(200);
    qualified = manager.client;
    qualifiedEmail = manager.email;
    pumpModel = await fleet.model('FRN');
    await fleet.devices(pumpModel, 5, '2021-03-01');
  });
  afterAll(async () => t?.close());

  let assessment: AemAssessment;

  it('starts a draft per model and names the fields of a bad request', async () => {
    const created = await call<AemAssessment>(
      t.admin,
      'POST',
      '/aem-assessments',
      draft({ modelId: pumpModel }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: 1, aemInterval: 'P1Y', approvedBy: null });
    assessment = created.body;

    const both = await call<ErrorBody>(t.admin, 'POST', '/aem-assessments', {
      ...draft({ modelId: pumpModel }),
      deviceTypeId: await fleet.typeId('FRN'),
    });
    expect([both.status, both.body.error.details[0]?.field]).toEqual([400, 'modelId']);
    const noUse = draft({ modelId: pumpModel });
    const missing = await call<ErrorBody>(t.admin, 'POST', '/aem-assessments', {
      ...noUse,
      riskFactors: { ...noUse.riskFactors, use: '' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d) => d.field)).toContain('riskFactors.use');
    const badInterval = await call<ErrorBody>(t.admin, 'POST', '/aem-assessments', {
      ...noUse,
      aemInterval: 'yearly',
    });
    expect(badInterval.body.error.details.map((d) => d.field)).toContain('aemInterval');
  });

  it('edits a draft at the version read', async () => {
    const edited = await call<AemAssessment>(t.admin, 'PATCH', `/aem-assessments/${assessment.id}`, {
      version: 1,
      aemInterval: 'P18M',
    });
    expect([edited.status, edited.body.aemInterval, edited.body.version]).toEqual([200, 'P18M', 2]);
    const stale = await call<ErrorBody>(t.admin, 'PATCH', `/aem-assessments/${assessment.id}`, {
      version: 1,
      aemInterval: 'P2Y',
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'VERSION_CONFLICT']);
    assessment = edited.body;
  });

  it('is approved only by a person marked qualified (TJC EC.02.04.01 EP6), with the review due from policy', async () => {
    const refused = await call<ErrorBody>(t.admin, 'POST', `/aem-assessments/${assessment.id}/approve`, {
      version: assessment.version,
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(refused.body.error.message).toMatch(/qualified/);
    expect(refused.body.error.details[0]?.field).toBe('qualified');

    const approved = await call<AemAssessment>(
      qualified,
      'POST',
      `/aem-assessments/${assessment.id}/approve`,
      {
        version: assessment.version,
        note: 'Approved at the EOC committee',
      },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.approvedBy?.name).toMatch(/htm_manager/);
    expect(approved.body.reviewDue).toBe('2027-11-21'); // clock 2026-11-21 + reviewPeriodMonths 12
    assessment = approved.body;

    const edit = await call<ErrorBody>(t.admin, 'PATCH', `/aem-assessments/${assessment.id}`, {
      version: assessment.version,
      aemInterval: 'P2Y',
    });
    expect([edit.status, edit.body.error.code]).toEqual([409, 'INVALID_STATE']);
    const audit = await t.services.database.db.execute<{ action: string }>(
      sql`SELECT action FROM audit_events WHERE entity_id = ${assessment.id} ORDER BY seq`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'aem-assessment.created',
      'aem-assessment.updated',
      'aem-assessment.approved',
    ]);
    // The approval names the reference versions its rules came from.
    const approval = await t.services.database.db.execute<{ after: { policyReferenceId?: string } }>(
      sql`SELECT after FROM audit_events WHERE entity_id = ${assessment.id} AND action = 'aem-assessment.approved'`,
    );
    const policy = await t.services.database.db.execute<{ id: string }>(
      sql`SELECT id FROM reference_tables WHERE key = 'aem-eligibility' AND organization_id IS NULL`,
    );
    expect(approval.rows[0]?.after.policyReferenceId).toBe(policy.rows[0]?.id);
  });

  it('refuses to approve AEM for excluded equipment, naming each reason', async () => {
    const laserModel = await fleet.model('GEX');
    await fleet.devices(laserModel, 2, '2026-06-01');
    const created = await call<AemAssessment>(
      t.admin,
      'POST',
      '/aem-assessments',
      draft({ modelId: laserModel }),
    );
    const res = await call<ErrorBody>(qualified, 'POST', `/aem-assessments/${created.body.id}/approve`, {
      version: created.body.version,
    });
    expect([res.status, res.body.error.code]).toEqual([409, 'AEM_NOT_ALLOWED']);
    expect(res.body.error.details.map((d) => d.field)).toEqual(['MEDICAL_LASER', 'INSUFFICIENT_HISTORY']);
    const still = await call<AemAssessment>(t.admin, 'GET', `/aem-assessments/${created.body.id}`);
    expect(still.body.status).toBe('draft');
    const retired = await call<AemAssessment>(t.admin, 'POST', `/aem-assessments/${created.body.id}/retire`, {
      version: created.body.version,
      reason: 'Lasers stay on OEM maintenance',
    });
    expect(retired.body.status).toBe('retired');
    const list = await call<{ items: AemAssessment[] }>(t.admin, 'GET', '/aem-assessments?status=retired');
    expect(list.body.items.map((i) => i.id)).toEqual([created.body.id]);
  });

  it('lists the devices on AEM with the assessment covering them', async () => {
    const profile = await call<MaintenanceProfile>(
      t.admin,
      'PUT',
      `/maintenance-profiles/model/${pumpModel}`,
      {
        version: 0,
        reason: 'AEM assessment approved',
        strategy: 'AEM_INTERVAL',
      },
    );
    expect(profile.status).toBe(200);
    const program = await call<AemProgram>(t.admin, 'GET', '/aem/program');
    expect(program.body.items).toHaveLength(5);
    expect(
      program.body.items.every((i) => i.strategySource === 'model' && i.assessment?.id === assessment.id),
    ).toBe(true);
  });

  it('lists reviews due, and records periodic reviews by a qualified person (append-only)', async () => {
    const none = await call<{ items: AemAssessment[] }>(t.admin, 'GET', '/aem/reviews-due?within=P30D');
    expect(none.body.items).toEqual([]);
    t.clock.advance(340 * DAY); // 2027-10-27: due 2027-11-21 is within 30 days
    // Sessions end over that time: sign in again.
    t.admin = await t.login(ADMIN_EMAIL);
    qualified = await t.login(qualifiedEmail);
    const due = await call<{ items: AemAssessment[] }>(t.admin, 'GET', '/aem/reviews-due?within=P30D');
    expect(due.body.items.map((i) => i.id)).toEqual([assessment.id]);
    const bad = await call<ErrorBody>(t.admin, 'GET', '/aem/reviews-due?within=soon');
    expect([bad.status, bad.body.error.details[0]?.field]).toEqual([400, 'querystring.within']);

    const unqualified = await call<ErrorBody>(t.admin, 'POST', `/aem-assessments/${assessment.id}/reviews`, {
      version: assessment.version,
      outcome: 'continue',
      note: 'No change',
    });
    expect(unqualified.status).toBe(403);
    const review = await call<AemReview>(qualified, 'POST', `/aem-assessments/${assessment.id}/reviews`, {
      version: assessment.version,
      outcome: 'continue',
      note: 'No PM-preventable failures in the period; continue at 18 months',
    });
    expect(review.status).toBe(201);
    expect(review.body).toMatchObject({ outcome: 'continue', nextReviewDue: '2028-10-27' });
    const after = await call<AemAssessment>(t.admin, 'GET', `/aem-assessments/${assessment.id}`);
    expect(after.body.reviewDue).toBe('2028-10-27');
    expect((await call<{ items: AemAssessment[] }>(t.admin, 'GET', '/aem/reviews-due')).body.items).toEqual(
      [],
    );

    t.clock.advance(DAY);
    t.admin = await t.login(ADMIN_EMAIL);
    qualified = await t.login(qualifiedEmail);
    const withdraw = await call<AemReview>(qualified, 'POST', `/aem-assessments/${assessment.id}/reviews`, {
      version: after.body.version,
      outcome: 'withdraw',
      note: 'Two hidden failures found; back to OEM',
    });
    expect(withdraw.body.nextReviewDue).toBeNull();
    const retired = await call<AemAssessment>(t.admin, 'GET', `/aem-assessments/${assessment.id}`);
    expect(retired.body.status).toBe('retired');
    const reviews = await call<{ items: AemReview[] }>(
      t.admin,
      'GET',
      `/aem-assessments/${assessment.id}/reviews`,
    );
    expect(reviews.body.items.map((r) => r.outcome)).toEqual(['withdraw', 'continue']);

    await expect(
      t.services.database.db.execute(
        sql`UPDATE aem_reviews SET note = 'rewritten' WHERE assessment_id = ${assessment.id}`,
      ),
    ).rejects.toThrow();
  });

  it('keeps assessments inside the organization', async () => {
    const other = await t.createOrganization('Elsewhere');
    expect((await call(other.admin, 'GET', `/aem-assessments/${assessment.id}`)).status).toBe(404);
    expect((await call<{ items: unknown[] }>(other.admin, 'GET', '/aem-assessments')).body.items).toEqual([]);
    const foreign = await call<ErrorBody>(
      other.admin,
      'POST',
      '/aem-assessments',
      draft({ modelId: pumpModel }),
    );
    expect([foreign.status, foreign.body.error.details[0]?.field]).toEqual([400, 'modelId']);
  });
});
