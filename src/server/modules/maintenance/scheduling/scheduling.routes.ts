import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Forecast,
  ForecastQuery,
  pageOf,
  ScheduleRun,
  ScheduleRunListQuery,
  ScheduleRunRequest,
} from '../../../../contracts/index.ts';
import { actorOf, errorResponses } from '../../../platform/http/routing.ts';
import type { SchedulingService } from './schedule.service.ts';

const tags = ['Maintenance scheduling'];

export const schedulingRoutes =
  (scheduling: SchedulingService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/maintenance/schedule-runs',
      {
        config: { permission: 'schedule.run' },
        schema: {
          tags,
          summary: 'Generate preventive work orders through a date (default: the policy’s horizon)',
          description:
            'For every current plan of a device in service (received, in service, out of service), creates the work due up to `through` with its due date and window; work already generated (in any status) is not generated again, so a second run creates nothing. Open, unstarted scheduled work of retired or disposed devices is cancelled, of missing devices held, each with a reason. One audit event per run.',
          body: ScheduleRunRequest,
          response: { 201: ScheduleRun, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await scheduling.runSchedule(actorOf(req), req.body)),
    );
    app.get(
      '/maintenance/schedule-runs',
      {
        config: { permission: 'maintenance.read' },
        schema: {
          tags,
          summary: 'Past schedule runs, newest first',
          querystring: ScheduleRunListQuery,
          response: { 200: pageOf(ScheduleRun), ...errorResponses },
        },
      },
      (req) => scheduling.listRuns(actorOf(req), req.query),
    );
    app.get(
      '/maintenance/forecast',
      {
        config: { permission: 'maintenance.read' },
        schema: {
          tags,
          summary:
            'Workload forecast: hours of scheduled and projected preventive work by site, shop, technician or month',
          description:
            'Scheduled = open preventive work orders due in the period; projected = occurrences of current plans not generated yet (beyond the schedule horizon), with the plan’s estimated hours and default assignee. Limited to the sites you may see.',
          querystring: ForecastQuery,
          response: { 200: Forecast, ...errorResponses },
        },
      },
      (req) => scheduling.forecast(actorOf(req), req.query),
    );
  };
