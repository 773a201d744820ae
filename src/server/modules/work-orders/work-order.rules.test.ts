import { describe, expect, it } from 'vitest';
import { workOrderStatuses, workOrderTransitions, type WorkOrderStatus } from '../../../contracts/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  allowedActions,
  assertTransition,
  attemptOnTime,
  canonicalJson,
  isOverdue,
  mayTransition,
  nextAttemptDate,
  recordHash,
} from './work-order.rules.ts';

/** The lifecycle of issue 4 item 6, written out pair by pair (independent of the table in the contracts). */
const legal = new Set([
  'open>assigned',
  'open>in_progress',
  'open>cancelled',
  'assigned>assigned',
  'assigned>in_progress',
  'assigned>cancelled',
  'in_progress>on_hold',
  'in_progress>completed',
  'in_progress>cancelled',
  'on_hold>in_progress',
  'on_hold>cancelled',
  'completed>closed',
  'cancelled>open',
]);

const pairs = workOrderStatuses.flatMap((from) => workOrderStatuses.map((to) => [from, to] as const));

describe('work order lifecycle', () => {
  it.each(pairs)('%s -> %s', (from, to) => {
    const ok = legal.has(`${from}>${to}`);
    expect(mayTransition(from, to)).toBe(ok);
    if (ok) expect(() => assertTransition(from, to)).not.toThrow();
    else {
      let err: unknown;
      try {
        assertTransition(from, to);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      const app = err as AppError;
      expect(app.code).toBe('INVALID_TRANSITION');
      expect(app.details[0]).toMatchObject({ field: 'status' });
      expect(app.details[0]?.message).toContain(`${from} -> ${to} is not allowed`);
    }
  });

  it('has closed as the only final status', () => {
    const finals = workOrderStatuses.filter((s) => workOrderTransitions[s].length === 0);
    expect(finals).toEqual(['closed']);
  });
});

describe('allowed actions', () => {
  const base = { signed: false, cnlAttempts: 0, maxCnlAttempts: 3, canPerform: true, canManage: true };
  const of = (status: WorkOrderStatus, extra: Partial<typeof base> = {}) =>
    allowedActions({ ...base, ...extra, status });

  it('offers the steps of each status', () => {
    expect(of('open')).toEqual(['edit', 'labor', 'parts', 'assign', 'start', 'attempt', 'cancel']);
    expect(of('in_progress')).toEqual([
      'edit',
      'labor',
      'parts',
      'assign',
      'hold',
      'complete',
      'attempt',
      'cancel',
    ]);
    expect(of('on_hold')).toEqual(['edit', 'labor', 'parts', 'assign', 'resume', 'cancel']);
    expect(of('cancelled')).toEqual(['reopen']);
    expect(of('closed')).toEqual([]);
  });

  it('offers only addenda and closing once signed', () => {
    expect(of('completed', { signed: true })).toEqual(['close', 'addendum']);
  });

  it('offers escalation to missing after the policy’s attempts, to managers only', () => {
    expect(of('assigned', { cnlAttempts: 2 })).not.toContain('escalate_missing');
    expect(of('assigned', { cnlAttempts: 3 })).toContain('escalate_missing');
    expect(of('assigned', { cnlAttempts: 3, canManage: false })).not.toContain('escalate_missing');
  });

  it('offers nothing to change to a reader', () => {
    expect(of('open', { canPerform: false, canManage: false })).toEqual([]);
  });
});

describe('could-not-locate attempts (domain reference §1.5)', () => {
  const wo = { dueDate: '2026-06-15', windowStart: '2026-05-16', windowEnd: '2026-07-15' };

  it('counts an attempt inside the window as on time', () => {
    expect(attemptOnTime('2026-05-16', wo)).toBe(true);
    expect(attemptOnTime('2026-07-15', wo)).toBe(true);
    expect(attemptOnTime('2026-07-16', wo)).toBe(false);
    expect(attemptOnTime('2026-05-15', wo)).toBe(false);
  });

  it('without a window, counts attempts on or before the due date', () => {
    const noWindow = { dueDate: '2026-06-15', windowStart: null, windowEnd: null };
    expect(attemptOnTime('2026-06-15', noWindow)).toBe(true);
    expect(attemptOnTime('2026-06-16', noWindow)).toBe(false);
  });

  it('retries after the configured days, across month ends', () => {
    expect(nextAttemptDate('2026-01-29', 5)).toBe('2026-02-03');
    expect(nextAttemptDate('2026-12-30', 5)).toBe('2027-01-04');
  });

  it('calls open work past its window end overdue, and nothing else', () => {
    expect(isOverdue({ status: 'assigned', ...wo }, '2026-07-16')).toBe(true);
    expect(isOverdue({ status: 'assigned', ...wo }, '2026-07-15')).toBe(false);
    expect(isOverdue({ status: 'completed', ...wo }, '2026-08-01')).toBe(false);
    expect(isOverdue({ status: 'open', dueDate: null, windowEnd: null }, '2026-08-01')).toBe(false);
  });
});

describe('signature hash', () => {
  const facts = { workOrder: { id: 'a', tasks: [{ text: 'x', result: 'pass' }] }, labor: [], parts: [] };
  const who = {
    signerUserId: 'u',
    printedName: 'Ann',
    meaning: 'performed',
    signedAt: '2026-01-01T00:00:00.000Z',
  };

  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const reordered = {
      parts: [],
      labor: [],
      workOrder: { tasks: [{ result: 'pass', text: 'x' }], id: 'a' },
    };
    expect(recordHash(reordered, who)).toBe(recordHash(facts, who));
  });

  it('changes with any fact or with the manifestation', () => {
    const h = recordHash(facts, who);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(recordHash({ ...facts, labor: [{ hours: '1.00' }] }, who)).not.toBe(h);
    expect(recordHash(facts, { ...who, meaning: 'reviewed' })).not.toBe(h);
    expect(recordHash(facts, { ...who, printedName: 'Bob' })).not.toBe(h);
  });
});
