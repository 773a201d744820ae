import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateReferenceVersionRequest,
  ReferenceTable,
  ReferenceTableList,
  ReferenceTableListQuery,
  ReferenceTableVersionList,
  RetireReferenceVersionRequest,
} from '../../../contracts/index.ts';
import { actorOf, errorResponses, IdParams } from '../../platform/http/routing.ts';
import type { ReferenceService } from './reference.service.ts';

const tags = ['Reference data'];
const read = { permission: 'maintenance.read' } as const;
const manage = { permission: 'reference-data.manage' } as const;

/** Versioned reference tables: tolerances, policies, risk models, AEM exclusions, regulatory references. */
export const referenceRoutes =
  (reference: ReferenceService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/reference-tables',
      {
        config: read,
        schema: {
          tags,
          summary: 'The effective version of each reference table',
          description:
            'Per kind and key: the organization’s newest active version, else the one shipped with OpenHTM, with the number of versions.',
          querystring: ReferenceTableListQuery,
          response: { 200: ReferenceTableList, ...errorResponses },
        },
      },
      (req) => reference.listTables(actorOf(req), req.query.kind),
    );
    app.get(
      '/reference-tables/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'One version of a reference table, with its content',
          params: IdParams,
          response: { 200: ReferenceTable, ...errorResponses },
        },
      },
      (req) => reference.getTable(actorOf(req), req.params.id),
    );
    app.get(
      '/reference-tables/:id/versions',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every version of the table (shipped and the organization’s), newest first',
          params: IdParams,
          response: { 200: ReferenceTableVersionList, ...errorResponses },
        },
      },
      (req) => reference.listVersions(actorOf(req), req.params.id),
    );
    app.post(
      '/reference-tables/:id/versions',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add an organization version edited from this one',
          description:
            'The content is validated by the kind’s rules (errors name the field, e.g. `content.rows.0.window.days`); a reason is required; `version` must be the newest version number, else 409 VERSION_CONFLICT.',
          params: IdParams,
          body: CreateReferenceVersionRequest,
          response: { 201: ReferenceTable, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await reference.createVersion(actorOf(req), req.params.id, req.body)),
    );
    app.post(
      '/reference-tables/:id/retire',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Retire one of the organization’s versions (the previous one, or the shipped one, applies again)',
          params: IdParams,
          body: RetireReferenceVersionRequest,
          response: { 200: ReferenceTable, ...errorResponses },
        },
      },
      (req) => reference.retireVersion(actorOf(req), req.params.id, req.body),
    );
  };
