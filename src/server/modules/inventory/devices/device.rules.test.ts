import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceStatuses, type DeviceStatus } from '../../../../contracts/index.ts';
import {
  allowedTransitions,
  deviceSearchText,
  formatAssetTag,
  mayTransition,
  normalizeMac,
  normalizeManufacturerName,
  normalizeModelNumber,
  udiOnDevice,
} from './device.rules.ts';

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'GE HealthCare',
    'GE HEALTHCARE INC.',
    'Ge Healthcare, Inc',
    'Dräger AG & Co. KG',
    'inc inc',
  ),
);

describe('manufacturer and model-number normalization', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = normalizeManufacturerName(s);
        expect(normalizeManufacturerName(once)).toBe(once);
        const m = normalizeModelNumber(s);
        expect(normalizeModelNumber(m)).toBe(m);
      }),
      { numRuns: 2000 },
    );
  });

  it('makes the spellings feeds use meet', () => {
    const names = ['GE HealthCare', 'GE HEALTHCARE INC.', 'Ge Healthcare, Inc', 'ge  healthcare llc'];
    expect(new Set(names.map(normalizeManufacturerName))).toEqual(new Set(['ge healthcare']));
    expect(normalizeManufacturerName('Drägerwerk AG & Co. KGaA')).toBe('dragerwerk');
    expect(normalizeManufacturerName('Johnson & Johnson')).toBe('johnson and johnson');
    // A name that is only a legal suffix keeps it rather than vanishing.
    expect(normalizeManufacturerName('Inc.')).toBe('inc');
    expect(new Set(['MX-450', 'mx 450', 'MX450', 'mx.450'].map(normalizeModelNumber))).toEqual(
      new Set(['mx450']),
    );
  });
});

describe('lifecycle transitions', () => {
  const status = fc.constantFrom(...deviceStatuses);

  it('never leaves disposed, and a device never "changes" to the status it has', () => {
    expect(allowedTransitions.disposed).toEqual([]);
    fc.assert(
      fc.property(status, (s) => {
        expect(mayTransition('disposed', s)).toBe(false);
        expect(mayTransition(s, s)).toBe(false);
      }),
    );
  });

  it('reaches every status from received', () => {
    const seen = new Set<DeviceStatus>(['received']);
    const queue: DeviceStatus[] = ['received'];
    for (let s = queue.shift(); s; s = queue.shift())
      for (const next of allowedTransitions[s])
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
    expect([...seen].sort()).toEqual([...deviceStatuses].sort());
  });

  it('only reaches disposed through retired, and a walk that disposed a device stays disposed', () => {
    fc.assert(
      fc.property(fc.array(status, { maxLength: 30 }), (requests) => {
        let current: DeviceStatus = 'received';
        for (const to of requests) {
          if (!mayTransition(current, to)) continue;
          if (to === 'disposed') expect(current).toBe('retired');
          current = to;
        }
        if (requests.includes('disposed') && current === 'disposed')
          for (const s of deviceStatuses) expect(mayTransition(current, s)).toBe(false);
      }),
    );
  });
});

describe('device helpers', () => {
  it('formats asset tags, MAC addresses and search text', () => {
    expect(formatAssetTag('BME-', 6, 42)).toBe('BME-000042');
    expect(normalizeMac('00-1b-44-11-3a-b7')).toBe('00:1B:44:11:3A:B7');
    expect(normalizeMac('001B.4411.3AB7')).toBe('00:1B:44:11:3A:B7');
    expect(deviceSearchText({ assetTag: 'A1', serialNumber: 'SN-9', room: '3 West', hostname: null })).toBe(
      'a1 sn-9 3 west',
    );
  });

  it('reads a UDI on a device and refuses a wrong check digit with the expected one', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const ok = udiOnDevice('(01)00208851107347(21)SN9\r\n', now);
    expect(ok).toMatchObject({
      ok: true,
      udiDeviceIdentifier: '00208851107347',
      udiRaw: '(01)00208851107347(21)SN9',
    });
    const bad = udiOnDevice('(01)00208851107345', now);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/expected 7/);
    expect(udiOnDevice('   ', now)).toEqual({ ok: true, udiRaw: null, udiDeviceIdentifier: null, udi: null });
  });
});
