import type { CreateApiTokenRequest } from '../../../contracts/index.ts';
import { can, requirePermission, type Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { randomToken, sha256 } from './identity.crypto.ts';
import { toApiToken } from './identity.mappers.ts';
import * as q from './identity.queries.ts';

/**
 * API tokens for integrations: `oht_<prefix>_<secret>`, shown once, stored as SHA-256 only, scoped (read or
 * read+write), expiring and revocable. A token acts as its user, never with more rights.
 */
export function createTokensService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function createToken(actor: Actor, input: CreateApiTokenRequest) {
    requirePermission(actor, 'api-tokens.manage');
    if (!actor.userId) throw new AppError('INVALID_STATE', 'API tokens belong to a user');
    if (actor.tokenId) throw new AppError('FORBIDDEN', 'An API token cannot create other tokens');
    const prefix = randomToken(6);
    const token = `oht_${prefix}_${randomToken(32)}`;
    const now = clock.now();
    const userId = actor.userId;
    return db.transaction(async (tx) => {
      const row = await q.insertApiToken(tx, {
        organizationId: actor.organizationId,
        userId,
        name: input.name,
        prefix,
        tokenHash: sha256(token),
        scopes: [...new Set(input.scopes)],
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      });
      const user = await q.findUser(tx, actor.organizationId, userId);
      const apiToken = toApiToken(row, user?.email ?? '');
      await recordAudit(tx, actor, clock, {
        action: 'api-token.created',
        entityType: 'api-token',
        entityId: row.id,
        after: apiToken,
      });
      return { token, apiToken };
    });
  }

  /** Administrators see every token of the organization; others see their own. */
  async function listTokens(actor: Actor) {
    requirePermission(actor, 'api-tokens.manage');
    const all = can(actor, 'organization.manage');
    const rows = await q.listApiTokens(db, actor.organizationId, all ? undefined : (actor.userId ?? ''));
    return { items: rows.map((r) => toApiToken(r.token, r.email)) };
  }

  async function revokeToken(actor: Actor, id: string): Promise<void> {
    requirePermission(actor, 'api-tokens.manage');
    await db.transaction(async (tx) => {
      const found = await q.findApiToken(tx, actor.organizationId, id);
      if (!found || (found.token.userId !== actor.userId && !can(actor, 'organization.manage')))
        throw notFound('API token');
      if (found.token.revokedAt) throw new AppError('INVALID_STATE', 'The token is already revoked');
      const now = clock.now();
      await q.revokeApiToken(tx, id, now);
      await recordAudit(tx, actor, clock, {
        action: 'api-token.revoked',
        entityType: 'api-token',
        entityId: id,
        before: toApiToken(found.token, found.email),
        after: toApiToken({ ...found.token, revokedAt: now }, found.email),
      });
    });
  }

  return { createToken, listTokens, revokeToken };
}

export type TokensService = ReturnType<typeof createTokensService>;
