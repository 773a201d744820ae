import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.session).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    expect(c.cookieSecure).toBe(true);
  });

  it('names every bad variable', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', OPENHTM_SESSION_IDLE_MINUTES: '90', DATABASE_URL: 'nope' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', OPENHTM_SESSION_IDLE_MINUTES: '90', DATABASE_URL: 'nope' });
    } catch (err) {
      const message = (err as Error).message;
      for (const name of ['PORT', 'OPENHTM_SESSION_IDLE_MINUTES', 'DATABASE_URL'])
        expect(message).toContain(name);
    }
  });

  it('refuses a short first-administrator password', () => {
    expect(() => loadConfig({ OPENHTM_ADMIN_PASSWORD: 'short' })).toThrow(/OPENHTM_ADMIN_PASSWORD/);
  });
});
