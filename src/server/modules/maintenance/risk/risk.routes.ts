import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateRiskAssessmentRequest,
  EvaluateRiskRequest,
  IncidentRate,
  ProfileScope,
  RiskAssessment,
  RiskAssessmentList,
  RiskAssessmentListQuery,
  RiskEvaluation,
  RiskModelList,
  uuid,
} from '../../../../contracts/index.ts';
import { actorOf, errorResponses } from '../../../platform/http/routing.ts';
import type { RiskService } from './risk.service.ts';

const tags = ['Maintenance program'];
const read = { permission: 'maintenance.read' } as const;
const manage = { permission: 'maintenance.manage' } as const;

export const riskRoutes =
  (risk: RiskService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/risk-models',
      {
        config: read,
        schema: {
          tags,
          summary: 'Risk models (effective version of each), with factor tables, bands and caveats',
          response: { 200: RiskModelList, ...errorResponses },
        },
      },
      (req) => risk.listModels(actorOf(req)),
    );
    app.post(
      '/risk-models/:id/evaluate',
      {
        config: read,
        schema: {
          tags,
          summary: 'Score factor values with a risk model (reference table id or key); nothing is stored',
          description:
            'Returns the score, band, suggested strategy and interval, a per-factor explanation and the model version used. `incidentRate` (failures per unit-year) scores the incident-history factor through the model’s bands.',
          params: z.object({ id: z.string().trim().min(1).max(100) }),
          body: EvaluateRiskRequest,
          response: { 200: RiskEvaluation, ...errorResponses },
        },
      },
      (req) => risk.evaluate(actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/risk-assessments',
      {
        config: read,
        schema: {
          tags,
          summary: 'Risk assessments of a device type, model or device (current; with superseded on request)',
          querystring: RiskAssessmentListQuery,
          response: { 200: RiskAssessmentList, ...errorResponses },
        },
      },
      (req) => risk.listAssessments(actorOf(req), req.query),
    );
    app.post(
      '/risk-assessments',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a risk assessment (supersedes the target’s current one)',
          body: CreateRiskAssessmentRequest,
          response: { 201: RiskAssessment, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await risk.createAssessment(actorOf(req), req.body)),
    );
    app.get(
      '/incident-rate',
      {
        config: read,
        schema: {
          tags,
          summary: 'Failures per unit-year from corrective work orders of a model or a device type’s models',
          querystring: z.object({
            scope: ProfileScope,
            targetId: uuid,
            months: z.coerce.number().int().min(1).max(240).optional(),
          }),
          response: { 200: IncidentRate, ...errorResponses },
        },
      },
      (req) => risk.incidentRate(actorOf(req), req.query.scope, req.query.targetId, req.query.months),
    );
  };
