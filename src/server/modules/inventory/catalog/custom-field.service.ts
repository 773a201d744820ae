import type {
  CreateCustomFieldRequest,
  CustomFieldDefinition,
  UpdateCustomFieldRequest,
} from '../../../../contracts/index.ts';
import { requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { notFound, versionConflict } from '../../../platform/errors.ts';
import { alreadyExists, invalidField, mapUniqueViolations } from './conflicts.ts';
import * as q from './custom-field.queries.ts';

export const toCustomField = (r: q.CustomFieldRow): CustomFieldDefinition => ({
  id: r.id,
  key: r.key,
  label: r.label,
  type: r.type as CustomFieldDefinition['type'],
  options: r.options,
  required: r.required,
  active: r.active,
  version: r.version,
});

/** A choice needs its options; other types keep none. Options are kept in the order given, once each. */
function optionsFor(type: string, options: readonly string[]): string[] {
  if (type !== 'choice') return [];
  const unique = [...new Set(options)];
  if (unique.length === 0) throw invalidField('options', 'a choice field needs at least one option');
  return unique;
}

export function createCustomFieldsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function listCustomFields(actor: Actor): Promise<{ items: CustomFieldDefinition[] }> {
    requirePermission(actor, 'inventory.read');
    return { items: (await q.listCustomFields(db, actor.organizationId)).map(toCustomField) };
  }

  async function createCustomField(
    actor: Actor,
    input: CreateCustomFieldRequest,
  ): Promise<CustomFieldDefinition> {
    requirePermission(actor, 'catalog.manage');
    const options = optionsFor(input.type, input.options);
    return db.transaction(async (tx) => {
      if (await q.findCustomFieldByKey(tx, actor.organizationId, input.key))
        throw alreadyExists('key', `A custom field with the key ${input.key} already exists`);
      const row = await mapUniqueViolations({ custom_field_definitions_org_key_uq: 'key' }, () =>
        q.insertCustomField(tx, {
          organizationId: actor.organizationId,
          key: input.key,
          label: input.label,
          type: input.type,
          options,
          required: input.required,
          createdAt: clock.now(),
          updatedAt: clock.now(),
        }),
      );
      const field = toCustomField(row);
      await recordAudit(tx, actor, clock, {
        action: 'custom_field.created',
        entityType: 'custom_field',
        entityId: row.id,
        after: field,
      });
      return field;
    });
  }

  async function updateCustomField(
    actor: Actor,
    id: string,
    input: UpdateCustomFieldRequest,
  ): Promise<CustomFieldDefinition> {
    requirePermission(actor, 'catalog.manage');
    const { version, reason, ...patch } = input;
    return db.transaction(async (tx) => {
      const before = await q.findCustomField(tx, actor.organizationId, id);
      if (!before) throw notFound('Custom field');
      if (before.version !== version) throw versionConflict('The custom field');
      const row = await q.updateCustomField(tx, actor.organizationId, id, version, {
        label: patch.label,
        options: patch.options && optionsFor(before.type, patch.options),
        required: patch.required,
        active: patch.active,
        updatedAt: clock.now(),
      });
      if (!row) throw versionConflict('The custom field');
      const field = toCustomField(row);
      await recordAudit(tx, actor, clock, {
        action: patch.active === false && before.active ? 'custom_field.deactivated' : 'custom_field.updated',
        entityType: 'custom_field',
        entityId: id,
        before: toCustomField(before),
        after: field,
        reason: reason ?? null,
      });
      return field;
    });
  }

  return { listCustomFields, createCustomField, updateCustomField };
}

export type CustomFieldsService = ReturnType<typeof createCustomFieldsService>;
