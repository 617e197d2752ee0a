// What each `dangan` subcommand does. Output for people goes to stdout; problems to stderr.
import type { Config } from '../config.js';
import { createDanganApp, openCipher, type DanganApp } from '../app.js';
import { surviveUnhandledRejections } from '../background-errors.js';
import { DEMO_LOGINS, generateDemo } from '../demo/index.js';
import { createDemoHardware } from '../demo/simulation.js';
import { demoRoutes } from '../demo/routes.js';
import { systemClock } from '../providers.js';
import { verifyCustodyLog } from '../store/custody-log.js';
import { createLogger, type Logger } from '../logger.js';
import { hasNoItems, isPristine } from '../store/archive-state.js';
import { databaseOptions, migrate, openDatabase, type Database } from '../store/db.js';
import type { FieldCipher } from '../store/secrets.js';
import { isDemoArchive, markDemoArchive } from '../store/settings.js';
import { checkDataDir, checkPortFree, listenError, mayLoadDemo, type StartOptions } from './start-guard.js';

async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const db = openDatabase(databaseOptions(config));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

async function loadDemo(db: Database, config: Config, cipher: FieldCipher, log: (line: string) => void) {
  const summary = await generateDemo(db, {
    households: config.demo.households,
    seed: config.demo.seed,
    clock: systemClock,
    cipher,
    onProgress: log,
  });
  await markDemoArchive(db.knex);
  return summary;
}

function printDemoLogins(): void {
  console.log('\nDEMO archive — sign-ins (演示账号):');
  for (const login of DEMO_LOGINS) {
    console.log(
      `  ${login.username.padEnd(12)} ${login.role.padEnd(11)} password ${login.password}   badge ${login.badge} PIN ${login.pin}   ${login.displayName}`,
    );
  }
}

export async function runMigrate(config: Config): Promise<number> {
  return withDatabase(config, async (db) => {
    const applied = await migrate(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    return 0;
  });
}

export async function runDemo(config: Config): Promise<number> {
  return withDatabase(config, async (db) => {
    await migrate(db);
    if (!(await hasNoItems(db.knex))) {
      console.error(
        `dangan demo: ${db.describe} already holds an archive; the demo fills only an empty database`,
      );
      return 1;
    }
    const cipher = await openCipher(db, config, createLogger(config.logLevel));
    const summary = await loadDemo(db, config, cipher, (line) => console.log(line));
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  });
}

export async function runVerifyLog(config: Config): Promise<number> {
  return withDatabase(config, async (db) => {
    const result = await verifyCustodyLog(db.knex);
    if (result.ok) {
      console.log(`custody log OK: ${result.rows} rows, last seq ${result.lastSeq}`);
      return 0;
    }
    console.error(
      `custody log BROKEN at seq ${result.firstBad!.seq} (${result.firstBad!.problem}); ${result.rows} rows before it verify`,
    );
    return 1;
  });
}

/** Opens and checks the archive for `serve`: data directory, database, data key, and the demo if new. */
async function openArchive(config: Config, logger: Logger, options: StartOptions) {
  const dataDir = checkDataDir(config, options);
  const db = openDatabase(databaseOptions(config));
  try {
    await migrate(db);
    const pristine = await isPristine(db.knex);
    const cipher = await openCipher(db, config, logger);
    if (mayLoadDemo(config, dataDir, pristine, options)) {
      console.log(`loading the demo archive (${config.demo.households} households) into ${db.describe} …`);
      const summary = await loadDemo(db, config, cipher, (line) => console.log(`  ${line}`));
      console.log(`demo archive ready: ${summary.items.folder ?? 0} folders in ${summary.elapsedMs} ms`);
    } else if (config.demo.loadOnFirstStart && pristine && !options.init) {
      console.log(`no demo: ${config.dataDir} was not a new, empty data directory`);
    }
    return { db, cipher };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/**
 * `dangan serve`. Any failure before the server listens (a taken port, a bad key, a newer database, a device
 * that will not open) closes everything opened so far and is thrown, so the command exits 1 at once instead
 * of leaving a process that a service manager reports as running while nothing listens.
 */
export async function runServe(config: Config, options: StartOptions = {}): Promise<number> {
  const logger = createLogger(config.logLevel);
  await checkPortFree(config.host, config.port);
  const { db, cipher } = await openArchive(config, logger, options);
  let simulated: Awaited<ReturnType<typeof createDemoHardware>> | null = null;
  let app: DanganApp | null = null;
  let stopSurviving: (() => void) | null = null;
  const closeAll = async () => {
    simulated?.stop();
    if (app) await app.close();
    else await db.close();
    stopSurviving?.();
  };
  let port: number;
  try {
    const demo = await isDemoArchive(db.knex);
    const { simulate } = config.hardware;
    simulated =
      simulate === true || (simulate === 'auto' && demo && config.hardware.devices.length === 0)
        ? await createDemoHardware(db, {
            removalGraceSeconds: config.hardware.removalGraceSeconds,
            stationId: config.stations[0]?.id,
          })
        : null;
    app = await createDanganApp({
      config,
      db,
      cipher,
      logger,
      ...(simulated
        ? {
            hardware: { devices: simulated.devices, ports: simulated.ports },
            extraRoutes: demoRoutes(simulated, db),
          }
        : {}),
    });
    stopSurviving = surviveUnhandledRejections(app.logger);
    await app.startDevices();
    simulated?.start({ circulation: app.services.circulation, logger: app.logger });
    try {
      port = await app.listen();
    } catch (e) {
      throw listenError(e, config.host, config.port);
    }
    if (demo) printDemoLogins();
    const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
    console.log(
      `\nDangan 档案 ${demo ? '[DEMO] ' : ''}listening on http://${host}:${port}/ (database ${db.describe})`,
    );
    if (simulated) console.log(`simulated devices: ${simulated.devices.map((d) => d.id).join(', ')}`);
  } catch (e) {
    await closeAll().catch((closing: unknown) =>
      logger.warn({ err: closing }, 'closing after a failed start failed too'),
    );
    throw e;
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log('shutting down …');
  await closeAll();
  return 0;
}
