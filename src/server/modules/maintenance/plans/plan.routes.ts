import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ApplyPlanDefaultsRequest,
  ApplyPlanDefaultsResult,
  CreateMaintenancePlanRequest,
  CreatePlanTemplateRequest,
  DeviceMaintenancePlansResponse,
  DueWindow,
  DueWindowQuery,
  MaintenancePlan,
  MaintenancePlanListQuery,
  pageOf,
  PlanTemplate,
  PlanTemplateListQuery,
  RetirePlanRequest,
  UpdateMaintenancePlanRequest,
  UpdatePlanTemplateRequest,
} from '../../../../contracts/index.ts';
import { actorOf, errorResponses, IdParams } from '../../../platform/http/routing.ts';
import type { PlansService } from './plan.service.ts';

const tags = ['Maintenance plans'];
const read = { permission: 'maintenance.read' } as const;
const manage = { permission: 'maintenance.manage' } as const;

export const planRoutes =
  (plans: PlansService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/maintenance/due-window',
      {
        config: read,
        schema: {
          tags,
          summary: 'Due date and window for an interval (tolerance table, domain reference §1.4)',
          description:
            'due = anchor + interval; earliest and latest come from the effective due-date tolerance table (the row of the same frequency, else the nearest shorter one). With `anchor=fixed_calendar`, occurrences are `seriesStart` + n·interval and the answer is the first whose window opens after `lastCompleted` (or `after`).',
          querystring: DueWindowQuery,
          response: { 200: DueWindow, ...errorResponses },
        },
      },
      (req) => plans.getDueWindow(actorOf(req), req.query),
    );

    app.get(
      '/plan-templates',
      {
        config: read,
        schema: {
          tags,
          summary: 'List plan templates',
          querystring: PlanTemplateListQuery,
          response: { 200: pageOf(PlanTemplate), ...errorResponses },
        },
      },
      (req) => plans.listTemplates(actorOf(req), req.query),
    );
    app.get(
      '/plan-templates/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'One plan template',
          params: IdParams,
          response: { 200: PlanTemplate, ...errorResponses },
        },
      },
      (req) => plans.getTemplate(actorOf(req), req.params.id),
    );
    app.post(
      '/plan-templates',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a plan template for a model or a device type',
          description:
            'A basis of `aem` is refused with 409 AEM_NOT_ALLOWED when the model or device type may not be on AEM (CMS S&C 14-07).',
          body: CreatePlanTemplateRequest,
          response: { 201: PlanTemplate, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await plans.createTemplate(actorOf(req), req.body)),
    );
    app.patch(
      '/plan-templates/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a plan template (send the version you read and a reason)',
          params: IdParams,
          body: UpdatePlanTemplateRequest,
          response: { 200: PlanTemplate, ...errorResponses },
        },
      },
      (req) => plans.updateTemplate(actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/plan-templates/:id/retire',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Retire a plan template (plans made from it stay)',
          params: IdParams,
          body: RetirePlanRequest,
          response: { 200: PlanTemplate, ...errorResponses },
        },
      },
      (req) => plans.retireTemplate(actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/maintenance-plans',
      {
        config: read,
        schema: {
          tags,
          summary: 'List maintenance plans (by device, site, template, basis, shop) with their next due date',
          querystring: MaintenancePlanListQuery,
          response: { 200: pageOf(MaintenancePlan), ...errorResponses },
        },
      },
      (req) => plans.listPlans(actorOf(req), req.query),
    );
    app.post(
      '/maintenance-plans/apply-defaults',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Give devices the plans of their model’s templates, else their device type’s',
          description:
            'Creates only the plans a device does not have yet (one per template; a retired plan is not recreated), so running it again changes nothing. Retired and disposed devices are skipped.',
          body: ApplyPlanDefaultsRequest,
          response: { 200: ApplyPlanDefaultsResult, ...errorResponses },
        },
      },
      (req) => plans.applyDefaults(actorOf(req), req.body),
    );
    app.get(
      '/maintenance-plans/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'One maintenance plan with its next due date and window',
          params: IdParams,
          response: { 200: MaintenancePlan, ...errorResponses },
        },
      },
      (req) => plans.getPlan(actorOf(req), req.params.id),
    );
    app.post(
      '/maintenance-plans',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a maintenance plan for a device (optionally copied from a template)',
          body: CreateMaintenancePlanRequest,
          response: { 201: MaintenancePlan, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await plans.createPlan(actorOf(req), req.body)),
    );
    app.patch(
      '/maintenance-plans/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a device’s plan (send the version you read and a reason)',
          params: IdParams,
          body: UpdateMaintenancePlanRequest,
          response: { 200: MaintenancePlan, ...errorResponses },
        },
      },
      (req) => plans.updatePlan(actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/maintenance-plans/:id/retire',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Retire a maintenance plan (no further work is scheduled from it)',
          params: IdParams,
          body: RetirePlanRequest,
          response: { 200: MaintenancePlan, ...errorResponses },
        },
      },
      (req) => plans.retirePlan(actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/devices/:id/maintenance-plans',
      {
        config: read,
        schema: {
          tags,
          summary: 'A device’s maintenance plans (retired included) with next due dates and windows',
          params: IdParams,
          response: { 200: DeviceMaintenancePlansResponse, ...errorResponses },
        },
      },
      (req) => plans.listDevicePlans(actorOf(req), req.params.id),
    );
  };
