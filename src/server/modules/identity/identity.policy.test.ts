import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roles } from '../../../contracts/index.ts';
import { mayAssignRole, rolePermissions, sessionExpired } from './identity.policy.ts';

const limits = { idleMinutes: 30, absoluteHours: 12 };

describe('role policy', () => {
  it('lets an administrator give every role and nobody give more than they hold', () => {
    for (const r of roles) expect(mayAssignRole('administrator', r)).toBe(true);
    expect(mayAssignRole('htm_manager', 'administrator')).toBe(false);
    expect(mayAssignRole('htm_manager', 'technician')).toBe(true);
    // A technician changes the inventory; a read-only auditor cannot hand that out.
    expect(mayAssignRole('auditor', 'technician')).toBe(false);
    // Clinical staff request repairs (a write), so a read-only auditor cannot hand that role out either.
    expect(mayAssignRole('auditor', 'clinical_staff')).toBe(false);
    expect(mayAssignRole('auditor', 'vendor')).toBe(true);
    for (const a of roles)
      for (const b of roles) {
        if (!mayAssignRole(a, b)) continue;
        for (const p of rolePermissions[b]) expect(rolePermissions[a]).toContain(p);
      }
  });

  it('keeps the auditor read-only and the vendor without organization-wide access', () => {
    expect(rolePermissions.auditor.filter((p) => p.endsWith('.manage'))).toEqual([]);
    expect(rolePermissions.vendor).toEqual([]);
  });
});

describe('session expiry', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  const session = (lastSeenMin: number) => ({
    lastSeenAt: new Date(start.getTime() + lastSeenMin * 60_000),
    absoluteExpiresAt: new Date(start.getTime() + 12 * 3_600_000),
    endedAt: null,
  });

  it('expires exactly at 30 idle minutes and at 12 hours, whichever comes first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 * 60 }),
        fc.integer({ min: 0, max: 24 * 60 }),
        (lastSeen, nowMin) => {
          fc.pre(nowMin >= lastSeen);
          const now = new Date(start.getTime() + nowMin * 60_000);
          const r = sessionExpired(session(lastSeen), now, limits);
          if (nowMin >= 12 * 60) expect(r).toBe('absolute');
          else if (nowMin - lastSeen >= 30) expect(r).toBe('idle');
          else expect(r).toBeNull();
        },
      ),
    );
  });

  it('treats an ended session as ended', () => {
    expect(sessionExpired({ ...session(0), endedAt: start }, start, limits)).toBe('ended');
  });
});
