import type { AuditEvent } from '../../../contracts/index.ts';

const labelKeys = ['name', 'email', 'displayName', 'title', 'code', 'label', 'prefix'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (!isRecord(value)) return null;
  const parts: string[] = [];
  for (const key of labelKeys) {
    const v = value[key];
    if ((typeof v === 'string' || typeof v === 'number') && String(v) !== '' && !parts.includes(String(v))) {
      parts.push(String(v));
    }
    if (parts.length === 2) break;
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** A short human summary of what the event touched: the after-value's name/email/code, else the before-value's. */
export function summarize(event: AuditEvent): string {
  return (
    describe(event.after) ?? describe(event.before) ?? (event.entityId ? `#${shortId(event.entityId)}` : '—')
  );
}

export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 8) : id;
}
