import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AemAssessment,
  AemAssessmentListQuery,
  AemAssessmentPage,
  AemProgram,
  AemReview,
  AemReviewList,
  AemReviewsDue,
  AemReviewsDueQuery,
  AemStatusChangeRequest,
  CreateAemAssessmentRequest,
  CreateAemReviewRequest,
  RetireAemAssessmentRequest,
  UpdateAemAssessmentRequest,
} from '../../../../contracts/index.ts';
import { actorOf, errorResponses, IdParams } from '../../../platform/http/routing.ts';
import type { AemService } from './aem.service.ts';

const tags = ['Maintenance program'];
const read = { permission: 'maintenance.read' } as const;
const manage = { permission: 'maintenance.manage' } as const;

export const aemRoutes =
  (aem: AemService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/aem/program',
      {
        config: read,
        schema: {
          tags,
          summary: 'Devices on alternate equipment management, with the approved assessment covering each',
          response: { 200: AemProgram, ...errorResponses },
        },
      },
      (req) => aem.program(actorOf(req)),
    );
    app.get(
      '/aem/reviews-due',
      {
        config: read,
        schema: {
          tags,
          summary: 'Approved AEM assessments whose periodic review is due within a period (default P30D)',
          querystring: AemReviewsDueQuery,
          response: { 200: AemReviewsDue, ...errorResponses },
        },
      },
      (req) => aem.reviewsDue(actorOf(req), req.query.within),
    );
    app.get(
      '/aem-assessments',
      {
        config: read,
        schema: {
          tags,
          summary: 'AEM assessments, newest first',
          querystring: AemAssessmentListQuery,
          response: { 200: AemAssessmentPage, ...errorResponses },
        },
      },
      (req) => aem.listAssessments(actorOf(req), req.query),
    );
    app.get(
      '/aem-assessments/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'One AEM assessment',
          params: IdParams,
          response: { 200: AemAssessment, ...errorResponses },
        },
      },
      (req) => aem.getAssessment(actorOf(req), req.params.id),
    );
    app.post(
      '/aem-assessments',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Start an AEM assessment (draft) for a device type or a model',
          body: CreateAemAssessmentRequest,
          response: { 201: AemAssessment, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await aem.createAssessment(actorOf(req), req.body)),
    );
    app.patch(
      '/aem-assessments/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Edit a draft AEM assessment',
          params: IdParams,
          body: UpdateAemAssessmentRequest,
          response: { 200: AemAssessment, ...errorResponses },
        },
      },
      (req) => aem.updateAssessment(actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/aem-assessments/:id/approve',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Approve a draft (a qualified person; refused with AEM_NOT_ALLOWED for excluded equipment)',
          params: IdParams,
          body: AemStatusChangeRequest,
          response: { 200: AemAssessment, ...errorResponses },
        },
      },
      (req) => aem.approveAssessment(actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/aem-assessments/:id/retire',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Retire an AEM assessment (kept, with the reason)',
          params: IdParams,
          body: RetireAemAssessmentRequest,
          response: { 200: AemAssessment, ...errorResponses },
        },
      },
      (req) => aem.retireAssessment(actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/aem-assessments/:id/reviews',
      {
        config: read,
        schema: {
          tags,
          summary: 'Periodic reviews of an AEM assessment',
          params: IdParams,
          response: { 200: AemReviewList, ...errorResponses },
        },
      },
      (req) => aem.listReviews(actorOf(req), req.params.id),
    );
    app.post(
      '/aem-assessments/:id/reviews',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a periodic review by a qualified person (continue, revise or withdraw)',
          params: IdParams,
          body: CreateAemReviewRequest,
          response: { 201: AemReview, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await aem.createReview(actorOf(req), req.params.id, req.body)),
    );
  };
