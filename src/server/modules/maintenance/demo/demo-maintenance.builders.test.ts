import { describe, expect, it } from 'vitest';
import { buildDemoHospital, DEMO_MODELS } from '../../inventory/index.ts';
import {
  buildDemoHistory,
  buildDemoTemplates,
  DEMO_HISTORY_YEARS,
  demoHistoryCsv,
} from './demo-maintenance.builders.ts';

const TODAY = '2026-11-21';

describe('demo maintenance builders', () => {
  const hospital = buildDemoHospital({ today: TODAY, devices: 600 });

  it('gives every demo model a manufacturer-basis template with an ISO 8601 interval', () => {
    const templates = buildDemoTemplates();
    expect(templates).toHaveLength(DEMO_MODELS.length);
    const intervals = new Set(templates.map((t) => t.request.interval));
    expect([...intervals].sort()).toEqual(['P1M', 'P1W', 'P1Y', 'P36M', 'P3M', 'P6M']);
    const annual = templates.filter((t) => t.request.interval === 'P1Y').length;
    expect(annual).toBeGreaterThan(templates.length / 2);
  });

  it('builds the same history for the same hospital, within five years, before today, with unique numbers', () => {
    const a = buildDemoHistory(hospital);
    const b = buildDemoHistory(hospital);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(1000);
    const earliest = `${Number(TODAY.slice(0, 4)) - DEMO_HISTORY_YEARS}${TODAY.slice(4)}`;
    for (const r of a) {
      expect(r.completed < TODAY && r.completed >= earliest).toBe(true);
      expect(r.reported <= r.started && r.started <= r.completed).toBe(true);
    }
    expect(new Set(a.map((r) => r.legacyNumber)).size).toBe(a.length);
    expect(a.some((r) => r.kind === 'corrective')).toBe(true);
    expect(demoHistoryCsv(a.slice(0, 1)).toString('utf8').split('\n')[0]).toBe(
      'Asset tag,Legacy work order number,Work order kind,Reported date,Started date,Completed date,Outcome,Finding,Failure cause,Technician,Hours,Description,Resolution,Vendor,Vendor cost',
    );
  });
});
