// Composition root: builds the store, services and HTTP application from one config, and nothing else.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { keyFilePath, type Config } from './config.js';
import { EventBus } from './events.js';
import { createHttpApp } from './http/app.js';
import type { AnyRoute } from './http/route.js';
import { authRoutes } from './http/routes/auth.js';
import { catalogueRoutes } from './http/routes/catalogue.js';
import { circulationRoutes } from './http/routes/circulation.js';
import { dashboardRoutes } from './http/routes/dashboard.js';
import { dashboardPeopleRoutes } from './http/routes/dashboard-people.js';
import { createBoardService } from './services/board.js';
import { createStationPresence } from './services/station-presence.js';
import { reportRoutes } from './http/routes/reports.js';
import { searchRoutes } from './http/routes/search.js';
import { timelineRoutes } from './http/routes/timeline.js';
import { systemRoutes } from './http/routes/system.js';
import { sessionAuthenticator } from './http/session.js';
import { createLogger, type Logger } from './logger.js';
import { attachRealtime } from './realtime/channel.js';
import { describeEntries } from './realtime/feed.js';
import { systemClock, systemRandom, type Clock, type Random } from './providers.js';
import { createAuthService } from './services/auth.js';
import { createCatalogueService } from './services/catalogue.js';
import { createCirculationService } from './services/circulation.js';
import { createReportsService } from './services/reports.js';
import { createSearchService } from './services/search.js';
import { createItemsService } from './services/items.js';
import { createTimelineService } from './services/timeline.js';
import { startRemovalEscalation, type RemovalEscalation } from './services/removal-escalation.js';
import { startAlarmEscalation, type AlarmEscalation } from './services/alarm-escalation.js';
import { createAlarmService } from './services/alarms.js';
import {
  createDispatcher,
  createNotifier,
  createOutboxService,
  type Dispatcher,
} from './services/notifications.js';
import { createOverdueDigest, startOverdueDigest, type DigestSchedule } from './services/overdue-digest.js';
import { notificationRoutes } from './http/routes/notifications.js';
import { createDeviceService, type DeviceService, type DeviceServiceOptions } from './services/devices.js';
import { deviceRoutes } from './http/routes/devices.js';
import { dashboardDeviceRoutes } from './http/routes/dashboard-devices.js';
import { stationRoutes } from './http/routes/stations.js';
import { labelRoutes } from './http/routes/labels.js';
import { createPrintingService } from './services/printing.js';
import { createStationService } from './services/stations.js';
import type { DeviceConfig } from '../hardware/index.js';
import { databaseOptions, migrate, openDatabase, type Database } from './store/db.js';
import { openDataKey, type DataKeySources } from './store/data-key.js';
import { createFieldCipher, type FieldCipher } from './store/secrets.js';
import { isDemoArchive } from './store/settings.js';
import { PACKAGE_ROOT, VERSION } from './version.js';
import path from 'node:path';
import { existsSync } from 'node:fs';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  /** An already open database (tests); otherwise opened from config. */
  db?: Database;
  /** More routes (the demo's own). */
  extraRoutes?: AnyRoute[];
  /** Devices to run instead of config.hardware.devices, and how to reach them (the demo's simulators). */
  hardware?: { devices: readonly DeviceConfig[]; ports?: DeviceServiceOptions['ports'] };
  /** A cipher whose key was already opened against this database (`dangan serve`); otherwise opened here. */
  cipher?: FieldCipher;
}

export function dataKeySources(config: Config): DataKeySources {
  return { configured: config.security.dataKey, keyFile: keyFilePath(config), dataDir: config.dataDir };
}

export interface DanganApp {
  config: Config;
  db: Database;
  bus: EventBus;
  cipher: FieldCipher;
  clock: Clock;
  logger: Logger;
  services: ReturnType<typeof buildServices>;
  devices: DeviceService;
  express: Express;
  /** Opens the serial devices and starts watching cabinets and the gate. */
  startDevices(): Promise<void>;
  /** Starts listening; resolves with the bound port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Stops the HTTP server only. */
  closeHttp(): Promise<void>;
  /** Stops the HTTP server and closes the database. */
  close(): Promise<void>;
}

function buildServices(
  db: Database,
  bus: EventBus,
  config: Config,
  clock: Clock,
  random: Random,
  cipher: FieldCipher,
  logger: Logger,
) {
  return {
    auth: createAuthService({ db, bus, clock, random, security: config.security }),
    circulation: createCirculationService({ db, bus, clock, policy: config.policy }),
    items: createItemsService({ db, clock, policy: config.policy }),
    catalogue: createCatalogueService({ db, bus, clock, cipher }),
    search: createSearchService({ db, clock, cipher }),
    timeline: createTimelineService({
      db,
      stationNames: new Map(config.stations.map((s) => [s.id, s.name])),
    }),
    reports: createReportsService({ db, clock }),
    alarms: createAlarmService({
      db,
      bus,
      clock,
      stationNames: new Map(config.stations.map((s) => [s.id, s.name])),
      notifier: createNotifier(config.notifications),
      escalationMinutes: config.policy.alarmEscalationMinutes,
    }),
    outbox: createOutboxService({ db, config: config.notifications, clock }),
    digest: createOverdueDigest({ db, config: config.notifications, clock, logger }),
    stations: createStationService({
      db,
      bus,
      clock,
      random,
      stations: config.stations,
      tokenDays: config.security.stationTokenDays,
    }),
  };
}

/** The archive's cipher: its data key found and checked against the database (or refused). */
export async function openCipher(db: Database, config: Config, logger: Logger): Promise<FieldCipher> {
  const opened = await openDataKey(db.knex, dataKeySources(config));
  for (const warning of opened.warnings) logger.warn(warning);
  if (opened.source === 'created') logger.info({ keyFile: keyFilePath(config) }, 'created a new data key');
  return createFieldCipher(opened.key);
}

export async function createDanganApp(options: AppOptions): Promise<DanganApp> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = options.db ?? openDatabase(databaseOptions(config));
  await migrate(db);
  const cipher = options.cipher ?? (await openCipher(db, config, logger));
  const bus = new EventBus(logger);
  const services = buildServices(db, bus, config, clock, random, cipher, logger);

  const devices = createDeviceService({
    db,
    bus,
    logger,
    hardware: config.hardware,
    devices: options.hardware?.devices ?? config.hardware.devices,
    ports: options.hardware?.ports,
    circulation: services.circulation,
    alarms: services.alarms,
  });
  let devicesStarted = false;
  const printing = createPrintingService({
    db,
    bus,
    clock,
    random,
    printers: config.printers,
    serialStatus: (id) => devices.hub.statuses().find((s) => s.id === id) ?? null,
    serialWrite: (id, bytes) => devices.hub.write(id, bytes),
  });

  // Which stations have a paired screen connected: the live channel reports it, the board reads it.
  const presence = createStationPresence();
  const board = createBoardService({
    db,
    clock,
    stations: () => services.stations.list(),
    describe: (entries) =>
      describeEntries(db.knex, entries, new Map(config.stations.map((s) => [s.id, s.name]))),
    presence,
  });
  const routes: AnyRoute[] = [
    ...systemRoutes(db, VERSION, () => isDemoArchive(db.knex), clock),
    ...authRoutes(services.auth, config.security, {
      stationByToken: (token) => services.stations.authenticate(token),
      clock,
      overdueOf: (userId) => services.items.overdueOf(userId),
    }),
    ...circulationRoutes(services.circulation, services.items),
    ...dashboardRoutes(services.items, () => clock.now()),
    ...dashboardPeopleRoutes(board, () => clock.now()),
    ...catalogueRoutes(services.catalogue),
    ...searchRoutes(services.search),
    ...timelineRoutes(services.timeline, services.items, () => clock.now()),
    ...reportRoutes(services.reports, clock, logger),
    ...deviceRoutes(devices, services.alarms, () => printing.health()),
    ...dashboardDeviceRoutes(
      devices,
      () => printing.health(),
      () => clock.now(),
    ),
    ...stationRoutes(services.stations, () => isDemoArchive(db.knex)),
    ...labelRoutes(printing),
    ...notificationRoutes(services.outbox),
    ...(options.extraRoutes ?? []),
  ];
  const staticDir = path.join(PACKAGE_ROOT, 'kiosk', 'dist');
  const app = createHttpApp({
    routes,
    authenticate: sessionAuthenticator(services.auth),
    logger,
    version: VERSION,
    https: config.security.secureCookies,
    allowedOrigins: config.security.allowedOrigins,
    staticDir: existsSync(staticDir) ? staticDir : undefined,
  });

  let server: http.Server | null = null;
  let escalation: RemovalEscalation | null = null;
  let alarmEscalation: AlarmEscalation | null = null;
  let dispatcher: Dispatcher | null = null;
  let digest: DigestSchedule | null = null;
  let realtime: ReturnType<typeof attachRealtime> | null = null;
  async function closeHttp() {
    if (!server) return;
    const s = server;
    server = null;
    s.closeAllConnections();
    // Closing socket.io closes the HTTP server it is attached to as well.
    await realtime?.close();
    realtime = null;
    if (s.listening) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  return {
    config,
    db,
    bus,
    cipher,
    clock,
    logger,
    services,
    express: app,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server = http.createServer(app);
        realtime = attachRealtime(server, {
          db,
          bus,
          auth: services.auth,
          clock,
          logger,
          allowedOrigins: config.security.allowedOrigins,
          stations: config.stations,
          alarmVisible: (actor, alarm) => services.alarms.visible(actor, alarm),
          stationByToken: (token) => services.stations.authenticate(token),
          openAlarms: () => services.alarms.open(),
          presence,
        });
        server.once('error', reject);
        server.listen(port, host, () => resolve((server!.address() as AddressInfo).port));
      });
    },
    closeHttp,
    devices,
    async startDevices() {
      if (devicesStarted) return;
      devicesStarted = true;
      await devices.start();
      // Cabinets record removals; this turns the ones that stay unaccounted for into missing.
      escalation = startRemovalEscalation({ circulation: services.circulation, logger });
      // Alarms nobody acknowledges climb to the next level after policy.alarmEscalationMinutes.
      alarmEscalation = startAlarmEscalation({ alarms: services.alarms, logger });
      // Notices wait in the outbox table; the dispatcher sends them, and looks at once after an alarm.
      if (config.notifications.channels.length > 0) {
        const d = createDispatcher({ db, config: config.notifications, clock, logger });
        dispatcher = d;
        bus.subscribe('alarm', () => d.kick());
        d.start();
        // The daily overdue digest: looks every minute, makes the day's once (also after a restart).
        if (services.digest.enabled)
          digest = startOverdueDigest({ digest: services.digest, logger, onEnqueued: () => d.kick() });
      }
    },
    async close() {
      await closeHttp();
      escalation?.stop();
      await escalation?.settled();
      digest?.stop();
      await digest?.settled();
      alarmEscalation?.stop();
      await alarmEscalation?.settled();
      await dispatcher?.close();
      if (devicesStarted) await devices.stop();
      await db.close();
    },
  };
}
