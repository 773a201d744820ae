import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  workOrderStatusLabels,
  workOrderTransitions,
  type WorkOrderAction,
  type WorkOrderStatus,
} from '../../../contracts/index.ts';
import { AppError } from '../../platform/errors.ts';

/** The lifecycle table lives in the contracts so the web offers only the steps allowed here. */
export const mayTransition = (from: WorkOrderStatus, to: WorkOrderStatus): boolean =>
  workOrderTransitions[from].includes(to);

/**
 * 409 INVALID_TRANSITION naming from and to, and what the current status allows (or, for a step that applies to
 * some statuses only — resume applies to work on hold — which those are).
 */
export function invalidTransition(
  from: WorkOrderStatus,
  to: WorkOrderStatus,
  step?: string,
  stepFrom?: readonly WorkOrderStatus[],
): AppError {
  const allowed = workOrderTransitions[from];
  if (step && stepFrom)
    return new AppError(
      'INVALID_TRANSITION',
      `"${step}" does not apply to a work order that is ${workOrderStatusLabels[from].toLowerCase()}`,
      [
        {
          field: 'status',
          message: `${from} -> ${to} by ${step} is not allowed; ${step} applies to ${stepFrom.join(', ')}`,
        },
      ],
    );
  return new AppError(
    'INVALID_TRANSITION',
    `A work order that is ${workOrderStatusLabels[from].toLowerCase()} cannot become ${workOrderStatusLabels[to].toLowerCase()}`,
    [
      {
        field: 'status',
        message: `${from} -> ${to} is not allowed; from ${from} a work order may go to ${allowed.length ? allowed.join(', ') : 'nothing (final)'}`,
      },
    ],
  );
}

export function assertTransition(from: WorkOrderStatus, to: WorkOrderStatus): void {
  if (!mayTransition(from, to)) throw invalidTransition(from, to);
}

/** The status an action moves a work order to (actions that only record facts keep the status). */
export const actionTargets: Partial<Record<WorkOrderAction, WorkOrderStatus>> = {
  assign: 'assigned',
  start: 'in_progress',
  hold: 'on_hold',
  resume: 'in_progress',
  complete: 'completed',
  close: 'closed',
  cancel: 'cancelled',
  reopen: 'open',
  escalate_missing: 'completed',
};

const OPEN: readonly WorkOrderStatus[] = ['open', 'assigned', 'in_progress', 'on_hold'];

export interface ActionContext {
  status: WorkOrderStatus;
  signed: boolean;
  cnlAttempts: number;
  maxCnlAttempts: number;
  /** Permissions the caller holds among the work order ones. */
  canPerform: boolean;
  canManage: boolean;
}

/**
 * What the caller may do now. A signed work order takes no changes (21 CFR 11.10(e)-style integrity), only
 * addenda and closing; escalation to missing needs the could-not-locate attempts the policy asks for (§1.5).
 */
export function allowedActions(c: ActionContext): WorkOrderAction[] {
  const out: WorkOrderAction[] = [];
  const open = OPEN.includes(c.status);
  const step = (a: WorkOrderAction) => {
    const to = actionTargets[a];
    return to !== undefined && mayTransition(c.status, to);
  };
  if (c.canPerform && !c.signed && open) out.push('edit', 'labor', 'parts');
  if (c.canManage && !c.signed && open) out.push('assign');
  if (c.canPerform && (c.status === 'open' || c.status === 'assigned')) out.push('start');
  if (c.canPerform && c.status === 'in_progress') out.push('hold', 'complete');
  if (c.canPerform && c.status === 'on_hold' && step('resume')) out.push('resume');
  if (c.canPerform && open && c.status !== 'on_hold') out.push('attempt');
  if (c.canManage && open && c.cnlAttempts >= c.maxCnlAttempts) out.push('escalate_missing');
  if (c.canManage && step('close')) out.push('close');
  if (c.canManage && step('cancel')) out.push('cancel');
  if (c.canManage && step('reopen')) out.push('reopen');
  if (c.canPerform && c.signed) out.push('addendum');
  return out;
}

/**
 * Domain reference §1.5 rule 2: an attempt counts as on time when made inside the due window, or on or before the
 * due date when the work order has no window (no due date at all: on time).
 */
export function attemptOnTime(
  attemptDate: string,
  wo: { dueDate: string | null; windowStart: string | null; windowEnd: string | null },
): boolean {
  if (wo.windowStart && wo.windowEnd) return attemptDate >= wo.windowStart && attemptDate <= wo.windowEnd;
  if (wo.windowEnd) return attemptDate <= wo.windowEnd;
  if (wo.dueDate) return attemptDate <= wo.dueDate;
  return true;
}

/** The date of the next attempt: `cnlRetryDays` (policy, §1.5 rule 3) after this one. */
export const nextAttemptDate = (attemptDate: string, retryDays: number): string =>
  DateTime.fromISO(attemptDate, { zone: 'utc' }).plus({ days: retryDays }).toISODate() ?? attemptDate;

/** The UTC calendar date of an instant. */
export const utcDate = (d: Date): string => DateTime.fromJSDate(d, { zone: 'utc' }).toISODate() ?? '';

/** The calendar date of an instant in a site's time zone (attempts compare with the site's due dates). */
export const localDate = (d: Date, zone: string): string =>
  DateTime.fromJSDate(d, { zone }).toISODate() ?? utcDate(d);

export const addDays = (date: string, days: number): string =>
  DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;

/** Open work past the end of its window (or its due date without one). */
export function isOverdue(
  wo: { status: string; dueDate: string | null; windowEnd: string | null },
  today: string,
): boolean {
  if (!OPEN.includes(wo.status as WorkOrderStatus)) return false;
  const last = wo.windowEnd ?? wo.dueDate;
  return last !== null && last < today;
}

// --- Signatures ----------------------------------------------------------------------------------------------

/** Version of the field set hashed for a signature; a change to `signedFacts` must bump it. */
export const CANONICAL_VERSION = 1;

/** JSON with object keys sorted at every depth: one byte sequence for one set of facts. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface SignedFacts {
  workOrder: Record<string, unknown>;
  labor: Record<string, unknown>[];
  parts: Record<string, unknown>[];
  /** For an addendum signature: the addendum's own facts. */
  addendum?: Record<string, unknown> | undefined;
}

/** The hash a signature is bound to (SHA-256 of the canonical JSON of the facts and the signer's manifestation). */
export const recordHash = (
  facts: SignedFacts,
  manifestation: { signerUserId: string; printedName: string; meaning: string; signedAt: string },
): string => sha256Hex(canonicalJson({ v: CANONICAL_VERSION, facts, manifestation }));
