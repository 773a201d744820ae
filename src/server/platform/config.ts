import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The only place that reads process.env. Every setting is validated once at boot; a bad value stops the
 * process with a message that names the variable. The README's configuration table mirrors this schema.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const EnvSchema = z.object({
  PORT: int(0, 65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  OPENHTM_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.url().optional(),
  OPENHTM_ADMIN_EMAIL: z.email().optional(),
  OPENHTM_ADMIN_PASSWORD: z.string().min(12).optional(),
  OPENHTM_ORG_NAME: z.string().min(1).max(200).default('My Hospital'),
  OPENHTM_PUBLIC_URL: z.url().optional(),
  OPENHTM_COOKIE_SECURE: bool.default(true),
  OPENHTM_SESSION_IDLE_MINUTES: int(1, 30).default(30),
  OPENHTM_SESSION_ABSOLUTE_HOURS: int(1, 12).default(12),
  OPENHTM_WORKER: z.enum(['inline', 'off']).default('inline'),
  OPENHTM_BACKUP_DIR: z.string().optional(),
  OPENHTM_BACKUP_INTERVAL_HOURS: int(0, 24 * 7).default(24),
  OPENHTM_BACKUP_KEEP: int(1, 365).default(30),
  OPENHTM_FILES_DIR: z.string().optional(),
  OPENHTM_MAX_UPLOAD_MB: int(1, 1024).default(25),
  OPENHTM_DB_POOL_SIZE: int(1, 100).default(10),
  OPENHTM_STATEMENT_TIMEOUT_MS: int(0, 3_600_000).default(30_000),
  OPENHTM_DB_TRACE_FILE: z.string().optional(),
  OPENHTM_TRUST_PROXY: bool.default(false),
  OPENHTM_LOGIN_RATE_PER_MINUTE: int(1, 10_000).default(20),
  OPENHTM_LOGIN_FAILURES_PER_ACCOUNT: int(1, 1000).default(10),
  OPENHTM_API_RATE_PER_MINUTE: int(1, 1_000_000).default(600),
  OPENHTM_DEMO_DATA: z.enum(['auto', 'true', 'false']).default('auto'),
  OPENHTM_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  OPENHTM_MAIL_FROM: z.string().min(3).max(200).default('OpenHTM <openhtm@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  admin: { email: string | undefined; password: string | undefined; organizationName: string };
  publicUrl: string | undefined;
  cookieSecure: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  worker: 'inline' | 'off';
  backup: { dir: string; intervalHours: number; keep: number };
  /** Uploaded documents and photos, stored by content hash outside the database. */
  files: { dir: string; maxUploadBytes: number };
  db: { poolSize: number; statementTimeoutMs: number; traceFile: string | undefined };
  trustProxy: boolean;
  rateLimits: { loginPerMinute: number; apiPerMinute: number; failuresPerAccount: number };
  logLevel: Env['LOG_LEVEL'];
  /**
   * The demo hospital on first start: `auto` loads it into a brand-new embedded data directory only (a trial),
   * `true` also on a new PostgreSQL database, `false` never. It never loads into a database that has data.
   */
  demoData: Env['OPENHTM_DEMO_DATA'];
  /** Email for notifications: off unless an SMTP URL is set (in-app notifications always). */
  mail: { smtpUrl: string | undefined; from: string };
  version: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.OPENHTM_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    admin: {
      email: e.OPENHTM_ADMIN_EMAIL,
      password: e.OPENHTM_ADMIN_PASSWORD,
      organizationName: e.OPENHTM_ORG_NAME,
    },
    publicUrl: e.OPENHTM_PUBLIC_URL,
    cookieSecure: e.OPENHTM_COOKIE_SECURE,
    session: { idleMinutes: e.OPENHTM_SESSION_IDLE_MINUTES, absoluteHours: e.OPENHTM_SESSION_ABSOLUTE_HOURS },
    worker: e.OPENHTM_WORKER,
    backup: {
      dir: resolve(e.OPENHTM_BACKUP_DIR ?? `${dataDir}/backups`),
      intervalHours: e.OPENHTM_BACKUP_INTERVAL_HOURS,
      keep: e.OPENHTM_BACKUP_KEEP,
    },
    files: {
      dir: resolve(e.OPENHTM_FILES_DIR ?? `${dataDir}/files`),
      maxUploadBytes: e.OPENHTM_MAX_UPLOAD_MB * 1024 * 1024,
    },
    db: {
      poolSize: e.OPENHTM_DB_POOL_SIZE,
      statementTimeoutMs: e.OPENHTM_STATEMENT_TIMEOUT_MS,
      traceFile: e.OPENHTM_DB_TRACE_FILE ? resolve(e.OPENHTM_DB_TRACE_FILE) : undefined,
    },
    trustProxy: e.OPENHTM_TRUST_PROXY,
    rateLimits: {
      loginPerMinute: e.OPENHTM_LOGIN_RATE_PER_MINUTE,
      apiPerMinute: e.OPENHTM_API_RATE_PER_MINUTE,
      failuresPerAccount: e.OPENHTM_LOGIN_FAILURES_PER_ACCOUNT,
    },
    logLevel: e.LOG_LEVEL,
    demoData: e.OPENHTM_DEMO_DATA,
    mail: { smtpUrl: e.OPENHTM_SMTP_URL, from: e.OPENHTM_MAIL_FROM },
    version: '0.1.0',
  };
}
