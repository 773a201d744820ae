import type { ErrorDetail } from '../../../../contracts/index.ts';

export type CustomFieldScalar = string | number | boolean;

export interface CustomFieldRule {
  key: string;
  label: string;
  type: string;
  options: readonly string[];
  required: boolean;
  active: boolean;
}

const isIsoDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

function checkValue(def: CustomFieldRule, value: CustomFieldScalar): string | null {
  switch (def.type) {
    case 'text':
      return typeof value === 'string' ? null : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? null : 'must be a date (YYYY-MM-DD)';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'choice':
      return typeof value === 'string' && def.options.includes(value)
        ? null
        : `must be one of: ${def.options.join(', ')}`;
    default:
      return 'has an unknown type';
  }
}

/**
 * A device's custom fields after applying `changes` to `current`: each changed key must be an active field of
 * the organization with a value of its type (null removes the value); every active required field must end up
 * with a value. Errors name `customFields.<key>`.
 */
export function applyCustomFields(
  defs: readonly CustomFieldRule[],
  current: Readonly<Record<string, unknown>>,
  changes: Readonly<Record<string, CustomFieldScalar | null>>,
): { values: Record<string, unknown>; errors: ErrorDetail[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const values = new Map(Object.entries(current));
  const errors: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const field = `customFields.${key}`;
    const def = byKey.get(key);
    if (!def || !def.active) {
      errors.push({ field, message: 'is not a custom field of this organization' });
      continue;
    }
    if (value === null || value === '') {
      values.delete(key);
      continue;
    }
    const problem = checkValue(def, value);
    if (problem) errors.push({ field, message: problem });
    else values.set(key, value);
  }
  for (const def of defs) {
    if (!def.active || !def.required) continue;
    const v = values.get(def.key);
    if (
      (v === undefined || v === null || v === '') &&
      !errors.some((e) => e.field === `customFields.${def.key}`)
    )
      errors.push({ field: `customFields.${def.key}`, message: `${def.label} is required` });
  }
  return { values: Object.fromEntries(values), errors };
}
