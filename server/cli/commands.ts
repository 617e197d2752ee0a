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
import { checkDataDir, mayLoadDemo, type StartOptions } from './start-guard.js';

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

export async function runServe(config: Config, options: StartOptions = {}): Promise<number> {
  const logger = createLogger(config.logLevel);
  const { db, cipher } = await openArchive(config, logger, options);
  const demo = await isDemoArchive(db.knex);
  const { simulate } = config.hardware;
  const simulated =
    simulate === true || (simulate === 'auto' && demo && config.hardware.devices.length === 0)
      ? await createDemoHardware(db, {
          removalGraceSeconds: config.hardware.removalGraceSeconds,
          stationId: config.stations[0]?.id,
        })
      : null;
  const app: DanganApp = await createDanganApp({
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
  const stopSurviving = surviveUnhandledRejections(app.logger);
  await app.startDevices();
  simulated?.start({ circulation: app.services.circulation, logger: app.logger });
  if (demo) printDemoLogins();
  const port = await app.listen();
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(
    `\nDangan 档案 ${demo ? '[DEMO] ' : ''}listening on http://${host}:${port}/ (database ${db.describe})`,
  );
  if (simulated) console.log(`simulated devices: ${simulated.devices.map((d) => d.id).join(', ')}`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log('shutting down …');
  simulated?.stop();
  await app.close();
  stopSurviving();
  return 0;
}
