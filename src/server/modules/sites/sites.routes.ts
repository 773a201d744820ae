import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateSiteRequest,
  Organization,
  pageOf,
  Site,
  SiteListQuery,
  UpdateSiteRequest,
} from '../../../contracts/index.ts';
import { actorOf, errorResponses, IdParams } from '../../platform/http/routing.ts';
import type { SitesService } from './sites.service.ts';

export const sitesRoutes =
  (sites: SitesService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Organization and sites'];
    app.get(
      '/organization',
      {
        config: { permission: 'organization.read' },
        schema: {
          tags,
          summary: 'The caller’s organization',
          response: { 200: Organization, ...errorResponses },
        },
      },
      (req) => sites.getOrganization(actorOf(req)),
    );
    app.get(
      '/sites',
      {
        config: { permission: 'sites.read' },
        schema: {
          tags,
          summary: 'List the sites the caller may see',
          querystring: SiteListQuery,
          response: { 200: pageOf(Site), ...errorResponses },
        },
      },
      (req) => sites.listSites(actorOf(req), req.query),
    );
    app.post(
      '/sites',
      {
        config: { permission: 'sites.manage' },
        schema: {
          tags,
          summary: 'Create a site',
          body: CreateSiteRequest,
          response: { 201: Site, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await sites.createSite(actorOf(req), req.body)),
    );
    app.get(
      '/sites/:id',
      {
        config: { permission: 'sites.read' },
        schema: { tags, summary: 'One site', params: IdParams, response: { 200: Site, ...errorResponses } },
      },
      (req) => sites.getSite(actorOf(req), req.params.id),
    );
    app.patch(
      '/sites/:id',
      {
        config: { permission: 'sites.manage' },
        schema: {
          tags,
          summary: 'Change or deactivate a site (optimistic: send the version you read)',
          params: IdParams,
          body: UpdateSiteRequest,
          response: { 200: Site, ...errorResponses },
        },
      },
      (req) => sites.updateSite(actorOf(req), req.params.id, req.body),
    );
  };
