import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEvent, AuditListQuery, AuditVerifyResult, pageOf } from '../../../contracts/index.ts';
import { requirePermission } from '../../platform/actor.ts';
import { listAuditEvents, verifyAuditChain } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { actorOf, EmptyBody, errorResponses } from '../../platform/http/routing.ts';

export const auditRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Audit trail'];
    app.get(
      '/audit-events',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags,
          summary: 'Search the audit trail (newest first)',
          querystring: AuditListQuery,
          response: { 200: pageOf(AuditEvent), ...errorResponses },
        },
      },
      (req) => {
        const actor = actorOf(req);
        requirePermission(actor, 'audit.read');
        return listAuditEvents(db, actor.organizationId, req.query);
      },
    );
    app.post(
      '/audit-events/verify',
      {
        config: { permission: 'organization.manage', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Verify the organization’s audit hash chain',
          body: EmptyBody,
          response: { 200: AuditVerifyResult, ...errorResponses },
        },
      },
      (req) => {
        const actor = actorOf(req);
        requirePermission(actor, 'organization.manage');
        return verifyAuditChain(db, actor.organizationId);
      },
    );
  };
