import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Job, JobListQuery, pageOf } from '../../../contracts/index.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { actorOf, EmptyBody, errorResponses } from '../../platform/http/routing.ts';
import type { OperationsService } from './operations.service.ts';

export const operationsRoutes =
  (ops: OperationsService, queue: JobQueue): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Operations'];
    app.get(
      '/jobs',
      {
        config: { permission: 'jobs.read' },
        schema: {
          tags,
          summary: 'Background jobs',
          querystring: JobListQuery,
          response: { 200: pageOf(Job), ...errorResponses },
        },
      },
      (req) => ops.listJobs(actorOf(req), req.query),
    );
    app.post(
      '/backups',
      {
        config: { permission: 'jobs.manage', rateLimit: { max: 10, timeWindow: '1 hour' } },
        schema: {
          tags,
          summary: 'Take a backup now (runs as a job)',
          body: EmptyBody,
          response: { 202: z.object({ jobId: z.string() }), ...errorResponses },
        },
      },
      async (req, reply) => reply.code(202).send(await ops.requestBackup(actorOf(req), queue)),
    );
  };
