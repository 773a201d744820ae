import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { userInfo } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import {
  CreateApiTokenRequest,
  CreateUserRequest,
  DeviceExportQuery,
  DeviceImportField,
  DeviceImportRequest,
  NewPassword,
  Role,
  roles,
  ScheduleRunRequest,
  type DeviceImportMapping,
  type DeviceImportProblem,
  type Permission,
  WorkOrderImportField,
  type WorkOrderImportMapping,
} from '../contracts/index.ts';
import { permissions as allPermissions } from '../contracts/index.ts';
import { createServices, loadReferenceData } from './services.ts';
import { startServer } from './server.ts';
import { systemActor, type Actor } from './platform/actor.ts';
import { listAuditChains, verifyAuditChain } from './platform/audit/audit.ts';
import { systemClock } from './platform/clock.ts';
import { ConfigError, loadConfig, type Config } from './platform/config.ts';
import { restoreBackup, writeBackup } from './platform/db/backup.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { DataDirectoryError, embeddedPaths, lockOwner } from './platform/db/embedded.ts';
import { migrate } from './platform/db/migrate.ts';
import { AppError } from './platform/errors.ts';
import { silentLogger } from './platform/logger.ts';
import { generatePassword } from './modules/identity/identity.crypto.ts';

/**
 * Opens the database for a CLI command. With embedded data that a running server holds, the command talks to
 * that server's database through its Unix socket instead of opening the files (which the lock forbids).
 */
async function openForCli(config: Config, opts: { migrate?: boolean } = {}): Promise<Database> {
  if (!config.databaseUrl) {
    const paths = embeddedPaths(config.dataDir);
    const owner = lockOwner(paths);
    if (owner !== undefined) {
      // A server that is still starting holds the lock before its socket exists: wait for it rather than fail.
      const deadline = Date.now() + 120_000;
      while (!existsSync(paths.socketPath)) {
        if (Date.now() > deadline || lockOwner(paths) === undefined)
          throw new DataDirectoryError(
            `The OpenHTM process (pid ${owner}) that holds ${config.dataDir} is not serving its database; ` +
              'wait until it is ready, or stop it and run the command again.',
          );
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return openDatabase(config, {
        attachTo: paths.socketDir,
        poolSize: 2,
        migrate: opts.migrate ?? true,
        afterMigrate: loadReferenceData,
      });
    }
  }
  return openDatabase(config, {
    poolSize: 2,
    migrate: opts.migrate ?? true,
    afterMigrate: loadReferenceData,
  });
}

async function withServices<T>(
  config: Config,
  fn: (s: ReturnType<typeof createServices>) => Promise<T>,
): Promise<T> {
  const database = await openForCli(config);
  try {
    return await fn(createServices({ database, config, clock: systemClock, log: silentLogger }));
  } finally {
    await database.close();
  }
}

/** The CLI runs as the machine's operator: a system actor of the user's organization, named in the audit trail. */
const cliActor = (organizationId: string): Actor =>
  systemActor(organizationId, `cli (${userInfo().username})`, allPermissions as readonly Permission[]);

/** The CLI is an edge like HTTP: input is parsed with the same contract schemas, errors name the field. */
function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError(
    'VALIDATION_FAILED',
    'Invalid input',
    r.error.issues.map((i) => ({ field: i.path.join('.') || undefined, message: i.message })),
  );
}

const parseRole = (v: string) => {
  const r = Role.safeParse(v);
  if (!r.success) throw new InvalidArgumentError(`must be one of ${roles.join(', ')}`);
  return r.data;
};

export async function runCli(argv: string[]): Promise<void> {
  const program = new Command('openhtm')
    .description('OpenHTM: healthcare technology management')
    .showHelpAfterError();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }

  program
    .command('serve', { isDefault: true })
    .description('serve the web application and API')
    .action(async () => {
      const server = await startServer(config);
      // performance.now() counts from process start: the figure is what a person waiting for the server sees.
      const ms = Math.round(performance.now());
      console.log(
        `OpenHTM is ready at ${server.url} (${config.databaseUrl ? 'PostgreSQL server' : `embedded database in ${config.dataDir}`}; started in ${ms} ms)`,
      );
      let signalled = false;
      const shutdown = (signal: string) => {
        if (signalled) return;
        signalled = true;
        console.log(`${signal}: finishing requests, checkpointing and closing the database…`);
        server.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    });

  program
    .command('worker')
    .description('run background jobs only (for extra nodes on a PostgreSQL server)')
    .action(async () => {
      if (!config.databaseUrl)
        throw new AppError(
          'INVALID_STATE',
          'A separate worker needs DATABASE_URL; embedded mode runs jobs inside `serve`',
        );
      const database = await openDatabase(config, { afterMigrate: loadReferenceData });
      const services = createServices({ database, config, clock: systemClock, log: console });
      services.queue.start();
      console.log('Worker running; stop with Ctrl-C');
      const stop = () =>
        void services.queue
          .stop()
          .then(() => database.close())
          .then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const database = await openForCli(config, { migrate: false });
      try {
        const r = await migrate(database.pool);
        console.log(
          r.applied.length ? `Applied ${r.applied.join(', ')}` : `Up to date (${r.total} migrations)`,
        );
      } finally {
        await database.close();
      }
    });

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>', 'display name')
    .option('--role <role>', `one of ${roles.join(', ')}`, parseRole, 'technician')
    .option('--password <password>', 'initial password (generated and printed when omitted)')
    .option('--all-sites', 'access to every site', false)
    .option('--organization <id>', 'organization id (needed when the installation serves several)')
    .action(
      async (o: {
        email: string;
        name: string;
        role: Role;
        password?: string;
        allSites: boolean;
        organization?: string;
      }) => {
        await withServices(config, async (s) => {
          const organizationId = o.organization ?? (await soleOrganization(s.database));
          const password = o.password ?? generatePassword();
          const input = parseInput(CreateUserRequest, {
            email: o.email,
            displayName: o.name,
            role: o.role,
            allSites: o.allSites,
            siteIds: [],
            password,
            qualified: false,
          });
          const created = await s.users.createUser(cliActor(organizationId), input);
          console.log(`Created ${created.role} ${created.email} (${created.id})`);
          if (!o.password) console.log(`Password (shown once): ${password}`);
        });
      },
    );
  user
    .command('reset-password')
    .requiredOption('--email <email>')
    .option('--password <password>', 'new password (generated and printed when omitted)')
    .action(async (o: { email: string; password?: string }) => {
      await withServices(config, async (s) => {
        const target = await s.users.findByEmail(o.email);
        if (!target) throw new AppError('NOT_FOUND', `No user with the email ${o.email}`);
        const password = parseInput(NewPassword, o.password ?? generatePassword());
        await s.users.resetPassword(
          cliActor(target.organizationId),
          target.id,
          password,
          'reset from the command line',
        );
        console.log(`Password of ${target.email} reset; their sessions were ended.`);
        if (!o.password) console.log(`New password (shown once): ${password}`);
      });
    });

  program
    .command('token')
    .description('API tokens')
    .command('create')
    .requiredOption('--user <email>')
    .requiredOption('--name <name>')
    .option('--scopes <scopes>', 'read or read,write', 'read')
    .option('--days <n>', 'days until it expires', (v) => Number.parseInt(v, 10), 90)
    .action(async (o: { user: string; name: string; scopes: string; days: number }) => {
      await withServices(config, async (s) => {
        const actor = await s.users.actorFor(o.user);
        const input = parseInput(CreateApiTokenRequest, {
          name: o.name,
          scopes: o.scopes.split(',').map((x) => x.trim()),
          expiresInDays: o.days,
        });
        const { token, apiToken } = await s.tokens.createToken(
          { ...actor, label: `${actor.label} (cli)` },
          input,
        );
        console.log(token);
        console.error(
          `Token ${apiToken.prefix} for ${apiToken.userEmail}, expires ${apiToken.expiresAt}. It is shown only this once.`,
        );
      });
    });

  program
    .command('backup [file]')
    .description('write a consistent backup (works while the server runs)')
    .action(async (file?: string) => {
      const database = await openForCli(config);
      try {
        const target = file ?? `openhtm-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl.gz`;
        const r = await writeBackup(database.pool, target);
        console.log(`Backup written to ${r.file}: ${r.rows} rows in ${r.tables} tables, ${r.bytes} bytes`);
      } finally {
        await database.close();
      }
    });

  program
    .command('restore <file>')
    .description('restore a backup into an empty database (embedded or DATABASE_URL)')
    .action(async (file: string) => {
      const database = await openForCli(config, { migrate: false });
      try {
        const r = await restoreBackup(database.pool, file);
        console.log(`Restored ${r.rows} rows into ${r.tables} tables.`);
      } finally {
        await database.close();
      }
    });

  program
    .command('audit')
    .description('audit trail')
    .command('verify')
    .description('recompute every audit chain and report the first broken link')
    .action(async () => {
      const database = await openForCli(config);
      try {
        let broken = false;
        for (const org of await listAuditChains(database.db)) {
          const r = await verifyAuditChain(database.db, org);
          const name = org ?? 'system';
          if (r.ok) console.log(`chain ${name}: ${r.checked} events, intact`);
          else {
            broken = true;
            console.log(
              `chain ${name}: BROKEN at event id ${r.firstBroken?.id} (seq ${r.firstBroken?.seq}): ${r.firstBroken?.reason}; ${r.checked} events before it are intact`,
            );
          }
        }
        if (broken) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });

  const importCommand = program.command('import').description('import data from files');
  importCommand
    .command('devices <file>')
    .description(
      'import devices from a CSV or XLSX file: checked first, then applied whole or not at all (rows are numbered ' +
        'as a spreadsheet shows them: the header is row 1)',
    )
    .option('--dry-run', 'check the file and list every problem; import nothing', false)
    .option(
      '--mapping <json>',
      'the whole mapping as JSON: {"file column": "field", ...} (default: suggested)',
    )
    .option(
      '--map <column=field>',
      'map one column (repeatable; an empty field ignores the column)',
      collect,
      [],
    )
    .option('--site <code>', 'site code for rows without one')
    .option('--status <status>', 'status for rows without one (default in_service)')
    .option('--ownership <ownership>', 'ownership for rows without one (default owned)')
    .option('--service-provider <provider>', 'service provider for rows without one (default in_house)')
    .option('--create-missing', 'create manufacturers and models the catalog lacks (audited)', false)
    .option('--organization <id>', 'organization id (needed when the installation serves several)')
    .action(async (file: string, o: ImportDevicesOptions) => {
      const bytes = readFileSync(file);
      await withServices(config, async (s) => {
        const actor = cliActor(o.organization ?? (await soleOrganization(s.database)));
        const ext = extname(file).toLowerCase();
        const uploaded = await s.imports.uploadImport(actor, {
          fileName: basename(file),
          bytes,
          declaredFormat: ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : undefined,
        });
        const mapping = mappingFrom(uploaded.suggestedMapping, o);
        const request = parseInput(DeviceImportRequest, {
          mapping,
          defaults: {
            siteCode: o.site,
            status: o.status,
            ownership: o.ownership,
            serviceProvider: o.serviceProvider,
          },
          createMissingCatalog: o.createMissing,
        });
        console.log(`${uploaded.fileName}: ${uploaded.rowCount} rows (import ${uploaded.id})`);
        for (const column of uploaded.columns)
          console.log(`  ${column} -> ${mapping[column] ?? '(not imported)'}`);
        const started = performance.now();
        const outcome = o.dryRun
          ? await s.imports.dryRun(actor, uploaded.id, request)
          : await s.imports.runImport(actor, uploaded.id, request, progressPrinter());
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (outcome.allProblems.length > 0) {
          printProblems(outcome.allProblems);
          console.log(`Nothing was imported: ${outcome.allProblems.length} problems.`);
          process.exitCode = 1;
          return;
        }
        const sum = outcome.summary;
        const created = [
          sum.generatedAssetTags ? `${sum.generatedAssetTags} asset tags generated` : '',
          sum.newManufacturers.length ? `new manufacturers: ${sum.newManufacturers.join(', ')}` : '',
          sum.newModels.length ? `new models: ${sum.newModels.join(', ')}` : '',
        ].filter(Boolean);
        const extra = created.length ? ` (${created.join('; ')})` : '';
        console.log(
          o.dryRun
            ? `No problems: ${sum.deviceCount} devices would be imported${extra}. Checked in ${seconds} s.`
            : `Imported ${sum.deviceCount} devices${extra} in ${seconds} s.`,
        );
      });
    });

  importCommand
    .command('work-orders <file>')
    .description(
      'import maintenance history (legacy work orders) from a CSV or XLSX file: checked first, then applied whole ' +
        'or not at all; imported work orders are closed, marked imported and not e-signed (rows are numbered as a ' +
        'spreadsheet shows them: the header is row 1)',
    )
    .option('--dry-run', 'check the file and list every problem; import nothing', false)
    .option(
      '--map <column=field>',
      'map one column (repeatable; an empty field ignores the column)',
      collect,
      [],
    )
    .option('--organization <id>', 'organization id (needed when the installation serves several)')
    .action(async (file: string, o: { dryRun: boolean; map: string[]; organization?: string }) => {
      const bytes = readFileSync(file);
      await withServices(config, async (s) => {
        const actor = cliActor(o.organization ?? (await soleOrganization(s.database)));
        const ext = extname(file).toLowerCase();
        const uploaded = await s.historyImports.uploadImport(actor, {
          fileName: basename(file),
          bytes,
          declaredFormat: ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : undefined,
        });
        const mapping: WorkOrderImportMapping = { ...uploaded.suggestedMapping };
        for (const pair of o.map) {
          const at = pair.lastIndexOf('=');
          if (at <= 0)
            throw new AppError('VALIDATION_FAILED', 'Invalid input', [
              { field: 'map', message: `"${pair}" is not column=field` },
            ]);
          const field = pair.slice(at + 1).trim();
          mapping[pair.slice(0, at).trim()] = field ? parseInput(WorkOrderImportField, field) : null;
        }
        console.log(`${uploaded.fileName}: ${uploaded.rowCount} rows (import ${uploaded.id})`);
        for (const column of uploaded.columns)
          console.log(`  ${column} -> ${mapping[column] ?? '(not imported)'}`);
        const started = performance.now();
        const outcome = o.dryRun
          ? await s.historyImports.dryRun(actor, uploaded.id, { mapping })
          : await s.historyImports.runImport(actor, uploaded.id, { mapping }, progressPrinter('work orders'));
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (outcome.allProblems.length > 0) {
          printProblems(outcome.allProblems);
          console.log(`Nothing was imported: ${outcome.allProblems.length} problems.`);
          process.exitCode = 1;
          return;
        }
        const sum = outcome.summary;
        const kinds = Object.entries(sum.byKind)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ');
        const what = `${sum.workOrderCount} work orders (${kinds}) for ${sum.deviceCount} devices`;
        console.log(
          o.dryRun
            ? `No problems: ${what} would be imported. Checked in ${seconds} s.`
            : `Imported ${what} in ${seconds} s.`,
        );
      });
    });

  program
    .command('schedule')
    .description('preventive maintenance scheduling')
    .command('run')
    .description(
      'generate preventive work orders for every current plan through --through (default: today + the ' +
        'scheduling policy horizon); running it again creates nothing new; open work of retired or disposed ' +
        'devices is cancelled, of missing devices held',
    )
    .option('--through <date>', 'last due date to generate (YYYY-MM-DD)')
    .option('--organization <id>', 'organization id (needed when the installation serves several)')
    .action(async (o: { through?: string; organization?: string }) => {
      await withServices(config, async (s) => {
        const actor = cliActor(o.organization ?? (await soleOrganization(s.database)));
        const started = performance.now();
        const run = await s.scheduling.runSchedule(
          actor,
          parseInput(ScheduleRunRequest, { through: o.through }),
        );
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `Scheduled through ${run.through}: ${run.created} work orders created for ${run.plansConsidered} plans, ` +
            `${run.cancelled} cancelled (devices retired or disposed), ${run.held} held (devices missing) in ${seconds} s.`,
        );
      });
    });

  program
    .command('export')
    .description('export data to files')
    .command('devices')
    .description('export devices as CSV or XLSX, with the same filters as the device list (all pages)')
    .option('--format <format>', 'csv or xlsx', 'csv')
    .option('--out <file>', 'where to write ("-" for standard output; default devices-<date>.<format>)')
    .option('--q <text>', 'the search box: asset tag, serial number, UDI, model, manufacturer or words')
    .option('--site-id <id>')
    .option('--status <statuses>', 'one status or several, comma-separated')
    .option('--model-id <id>')
    .option('--manufacturer-id <id>')
    .option('--device-type-id <id>')
    .option('--department <name>')
    .option('--ownership <ownership>')
    .option('--parent-id <id>')
    .option('--sort <key>', 'assetTag, serialNumber, status, updatedAt, model or department')
    .option('--order <order>', 'asc or desc')
    .option('--organization <id>', 'organization id (needed when the installation serves several)')
    .action(async (o: Record<string, string | undefined>) => {
      const { out, organization, ...filters } = o;
      const query = parseInput(DeviceExportQuery, filters);
      await withServices(config, async (s) => {
        const actor = cliActor(organization ?? (await soleOrganization(s.database)));
        const file = await s.exports.exportDevices(actor, query);
        if (out === '-') {
          await pipeline(file.body, process.stdout);
          return;
        }
        const target = out ?? file.fileName;
        await pipeline(file.body, createWriteStream(target));
        console.error(`Devices written to ${target}`);
      });
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof AppError) {
      console.error(
        `${err.message}${err.details.length ? `: ${err.details.map((d) => `${d.field ?? ''} ${d.message}`).join('; ')}` : ''}`,
      );
    } else if (err instanceof DataDirectoryError || err instanceof ConfigError) {
      console.error(err.message);
    } else {
      console.error(err instanceof Error ? err.message : String(err));
    }
    process.exit(1);
  }
}

async function soleOrganization(database: Database): Promise<string> {
  const r = await database.pool.query<{ id: string }>(
    'SELECT id FROM organizations ORDER BY created_at LIMIT 2',
  );
  if (r.rows.length !== 1 || !r.rows[0])
    throw new AppError('VALIDATION_FAILED', 'Name the organization with --organization');
  return r.rows[0].id;
}

interface ImportDevicesOptions {
  dryRun: boolean;
  mapping?: string;
  map: string[];
  site?: string;
  status?: string;
  ownership?: string;
  serviceProvider?: string;
  createMissing: boolean;
  organization?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The suggested mapping, replaced by --mapping and then adjusted column by column with --map. */
function mappingFrom(suggested: DeviceImportMapping, o: ImportDevicesOptions): DeviceImportMapping {
  let mapping: DeviceImportMapping = { ...suggested };
  if (o.mapping) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(o.mapping);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'Invalid input', [
        { field: 'mapping', message: 'is not JSON' },
      ]);
    }
    mapping = parseInput(DeviceImportRequest.shape.mapping, parsed);
  }
  for (const pair of o.map) {
    const at = pair.lastIndexOf('=');
    if (at <= 0)
      throw new AppError('VALIDATION_FAILED', 'Invalid input', [
        { field: 'map', message: `"${pair}" is not column=field` },
      ]);
    const field = pair.slice(at + 1).trim();
    mapping[pair.slice(0, at).trim()] = field ? parseInput(DeviceImportField, field) : null;
  }
  return mapping;
}

function printProblems(problems: readonly DeviceImportProblem[]): void {
  console.log('Problems (rows as a spreadsheet shows them: the header is row 1):');
  for (const p of problems)
    console.log(`  row ${p.row}${p.column === null ? '' : `, column "${p.column}"`}: ${p.message}`);
}

/** Progress on standard error: rewritten in place on a terminal, a line per tenth otherwise. */
function progressPrinter(noun = 'devices') {
  let lastTenth = -1;
  return (p: { phase: string; done: number; total: number; fraction: number }) => {
    const percent = Math.floor(p.fraction * 100);
    const line =
      p.phase === 'checking'
        ? `Checking ${p.total} rows... ${percent}%`
        : `Writing ${p.done} of ${p.total} ${noun}... ${percent}%`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}`.padEnd(60) + (p.fraction >= 1 ? '\n' : ''));
      return;
    }
    const tenth = Math.floor(p.fraction * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`${line}\n`);
    }
  };
}
