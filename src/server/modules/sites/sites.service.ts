import type { CreateSiteRequest, Site, UpdateSiteRequest } from '../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db/database.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import { decodeCursorKeys, toPage } from '../../platform/pagination.ts';
import * as q from './sites.queries.ts';

export const toSite = (r: q.SiteRow): Site => ({
  id: r.id,
  name: r.name,
  code: r.code,
  kind: r.kind as Site['kind'],
  timeZone: r.timeZone,
  address: r.address,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  version: r.version,
});

export interface SiteListInput {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  active?: 'true' | 'false' | undefined;
}

export function createSitesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  const visible = (actor: Actor, siteId: string) => {
    const ids = permittedSiteIds(actor);
    return ids === undefined || ids.includes(siteId);
  };

  async function getSite(actor: Actor, id: string): Promise<Site> {
    requirePermission(actor, 'sites.read');
    const row = await q.findSite(db, actor.organizationId, id);
    if (!row || !visible(actor, id)) throw notFound('Site');
    return toSite(row);
  }

  async function listSites(actor: Actor, input: SiteListInput) {
    requirePermission(actor, 'sites.read');
    const keys = decodeCursorKeys(input.cursor);
    const rows = await q.listSites(db, {
      organizationId: actor.organizationId,
      siteIds: permittedSiteIds(actor),
      q: input.q,
      active: input.active === undefined ? undefined : input.active === 'true',
      after: keys && keys.length === 2 ? { name: keys[0] ?? '', id: keys[1] ?? '' } : undefined,
      limit: input.limit + 1,
    });
    return toPage(rows, input.limit, toSite, (r) => [r.name, r.id]);
  }

  async function createSite(actor: Actor, input: CreateSiteRequest): Promise<Site> {
    requirePermission(actor, 'sites.manage');
    return db.transaction(async (tx) => {
      const row = await q.insertSite(tx, { ...input, organizationId: actor.organizationId });
      const site = toSite(row);
      await recordAudit(tx, actor, clock, {
        action: 'site.created',
        entityType: 'site',
        entityId: row.id,
        after: site,
      });
      return site;
    });
  }

  async function updateSite(actor: Actor, id: string, input: UpdateSiteRequest): Promise<Site> {
    requirePermission(actor, 'sites.manage');
    const { version, reason, ...patch } = input;
    return db.transaction(async (tx) => {
      const before = await q.findSite(tx, actor.organizationId, id);
      if (!before || !visible(actor, id)) throw notFound('Site');
      if (before.version !== version) throw versionConflict('The site');
      const row = await q.updateSite(tx, actor.organizationId, id, version, {
        ...patch,
        updatedAt: clock.now(),
      });
      if (!row) throw versionConflict('The site');
      const site = toSite(row);
      const action = patch.active === false && before.active ? 'site.deactivated' : 'site.updated';
      await recordAudit(tx, actor, clock, {
        action,
        entityType: 'site',
        entityId: id,
        before: toSite(before),
        after: site,
        reason: reason ?? null,
      });
      return site;
    });
  }

  /** Throws when any id is not a site of the actor's organization (used when granting site access). */
  async function assertSitesExist(tx: DbOrTx, organizationId: string, ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if ((await q.countSitesIn(tx, organizationId, unique)) !== unique.length) {
      throw new AppError('VALIDATION_FAILED', 'Unknown site', [
        { field: 'siteIds', message: 'contains a site that does not exist' },
      ]);
    }
  }

  async function getOrganization(actor: Actor) {
    requirePermission(actor, 'organization.read');
    const row = await q.findOrganization(db, actor.organizationId);
    if (!row) throw notFound('Organization');
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as 'hospital',
      createdAt: row.createdAt.toISOString(),
    };
  }

  return { getSite, listSites, createSite, updateSite, assertSitesExist, getOrganization };
}

export type SitesService = ReturnType<typeof createSitesService>;
