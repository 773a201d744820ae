import type { FastifyInstance } from 'fastify';
import { buildApp } from './http.ts';
import { loadDemoHospital } from './modules/inventory/index.ts';
import { loadDemoMaintenance } from './modules/maintenance/index.ts';
import { createServices, loadReferenceData, type Services } from './services.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { openDatabase } from './platform/db/database.ts';
import type { Logger } from './platform/logger.ts';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  url: string;
  stop(): Promise<void>;
}

const consoleLogger: Logger = {
  info: (o, m) => console.log(m ?? '', o),
  warn: (o, m) => console.warn(m ?? '', o),
  error: (o, m) => console.error(m ?? '', typeof o === 'object' && 'err' in o ? String(o.err) : o),
};

/**
 * Opens (and migrates) the database, creates the first administrator on an empty one, then listens. The socket
 * is opened only after migrations, so /api/ready never answers before the schema is current.
 */
export async function startServer(
  config: Config,
  opts: { clock?: Clock; logger?: boolean; print?: (line: string) => void } = {},
): Promise<RunningServer> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const database = await openDatabase(config, { afterMigrate: loadReferenceData });
  let services: Services | undefined;
  let app: FastifyInstance | undefined;
  try {
    services = createServices({ database, config, clock: opts.clock ?? systemClock, log: consoleLogger });
    const first = await services.users.bootstrap({
      organizationName: config.admin.organizationName,
      email: config.admin.email,
      password: config.admin.password,
    });
    if (first) {
      print(
        `Created organization "${config.admin.organizationName}" and its first administrator ${first.email}.`,
      );
      if (first.generatedPassword) {
        print(`  Generated password (shown once; change it after signing in): ${first.generatedPassword}`);
      }
      // A trial on a new embedded data directory starts with a hospital to look at (OPENHTM_DEMO_DATA).
      if (config.demoData === 'true' || (config.demoData === 'auto' && database.mode === 'embedded')) {
        try {
          const demo = await loadDemoHospital(
            { db: database.db, clock: services.clock },
            { organizationId: first.organizationId },
          );
          print(
            `Loaded the demo hospital: ${demo.devices} devices at ${demo.sites} sites ` +
              `(${demo.buildMs + demo.insertMs} ms). Set OPENHTM_DEMO_DATA=false to start empty.`,
          );
          // Its maintenance program: templates per model, plans per device, five years of history.
          try {
            const program = await loadDemoMaintenance(
              { db: database.db, clock: services.clock, plans: services.plans },
              { organizationId: first.organizationId, hospital: demo.hospital },
            );
            print(
              `Loaded its maintenance program: ${program.templates} plan templates, ${program.plans} plans, ` +
                `${program.workOrders} past work orders (${program.plansMs} + ${program.historyMs} ms).`,
            );
          } catch (err) {
            // The history is one transaction; templates and plans written before a failure stay (audited).
            print(
              `The demo maintenance history was not loaded: ${err instanceof Error ? err.message : String(err)}`,
            );
          }
        } catch (err) {
          // The load is one transaction: on failure nothing of it remains, and the server starts empty.
          print(`The demo hospital was not loaded: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    app = await buildApp(services, { logger: opts.logger ?? true });
    app.log.level = config.logLevel;
    await app.listen({ port: config.port, host: config.host });
    if (config.worker === 'inline') services.queue.start();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}`;
    let stopping: Promise<void> | undefined;
    const running: RunningServer = {
      app,
      services,
      url,
      stop() {
        const s = services;
        const a = app;
        stopping ??= (async () => {
          await a?.close();
          await s?.queue.stop();
          await database.close();
        })();
        return stopping;
      },
    };
    return running;
  } catch (err) {
    await app?.close().catch(() => undefined);
    await services?.queue.stop();
    await database.close();
    throw err;
  }
}
