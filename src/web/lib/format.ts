/** Dates are stored and sent as ISO 8601 with an offset; people see them in their browser's time zone. */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function toDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string | null | undefined, fallback = '—'): string {
  const date = toDate(iso);
  return date ? dateTime.format(date) : fallback;
}

export function formatDateTimePrecise(iso: string | null | undefined, fallback = '—'): string {
  const date = toDate(iso);
  return date ? dateTimeSeconds.format(date) : fallback;
}

export function formatDate(iso: string | null | undefined, fallback = '—'): string {
  const date = toDate(iso);
  return date ? dateOnly.format(date) : fallback;
}

/** The browser's IANA time zone, e.g. "America/Chicago". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A value of <input type="datetime-local"> (browser local time) as an ISO instant, or undefined. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined) return '—';
  return `${Math.round(fraction * 100)}%`;
}

/** A moment as seen at a place (a site's IANA time zone), with the zone's name; the browser's zone if none. */
export function formatDateTimeInZone(
  iso: string | null | undefined,
  timeZone: string | undefined,
  fallback = '—',
): string {
  const date = toDate(iso);
  if (!date) return fallback;
  try {
    return new Intl.DateTimeFormat(undefined, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }).format(date);
  } catch {
    // An unknown zone name (data from elsewhere): show the browser's local time rather than nothing.
    return dateTime.format(date);
  }
}
