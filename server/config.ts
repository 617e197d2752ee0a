// The one configuration object. It is read from an optional JSON file and the environment once at start,
// validated, and passed down; nothing else in the server reads process.env.
import { readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DanganError } from './domain/errors.js';
import { CONFIDENTIALITY_LEVELS } from './domain/vocabulary.js';
import { printerDeviceIssues, printersConfigSchema } from './services/printing-config.js';
import { DEMO_COMPANY_PREFIX, validateDeviceConfigs, type DeviceConfig } from '../hardware/index.js';

// 0 asks the OS for a free port (tests, several instances on one machine).
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
/** Sign-in attempts allowed per source address, per username and per badge number (token buckets). */
const SIGN_IN_RATE = {
  address: { burst: 60, perMinute: 60 },
  account: { burst: 10, perMinute: 10 },
  badge: { burst: 10, perMinute: 10 },
};
/** A token bucket: `burst` requests at once, refilled at `perMinute`. */
const rateLimit = (defaults: { burst: number; perMinute: number }) =>
  z.object({ burst: positiveInt, perMinute: positiveInt }).strict().default(defaults);
const bool = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v)),
]);

export const configSchema = z
  .object({
    host: z.string().min(1).default('0.0.0.0'),
    port: port.default(8080),
    dataDir: z.string().min(1).default('./data'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    database: z
      .object({
        client: z.enum(['sqlite', 'pg']).default('sqlite'),
        /** SQLite file; relative paths are under dataDir. */
        filename: z.string().min(1).default('dangan.sqlite'),
        /** PostgreSQL connection string, required when client is pg. */
        url: z.string().min(1).optional(),
        busyTimeoutMs: positiveInt.default(5000),
        poolMax: positiveInt.default(10),
      })
      .strict()
      .default({ client: 'sqlite', filename: 'dangan.sqlite', busyTimeoutMs: 5000, poolMax: 10 })
      .refine((d) => d.client !== 'pg' || d.url, {
        message: 'database.url (DANGAN_DB_URL) is required when database.client is pg',
      }),
    demo: z
      .object({
        /** Load the demo archive when the database is empty (screens then say DEMO). */
        loadOnFirstStart: bool.default(true),
        households: positiveInt.default(600),
        seed: z.coerce.number().int().default(20261125),
      })
      .strict()
      .default({ loadOnFirstStart: true, households: 600, seed: 20261125 }),
    security: z
      .object({
        sessionHours: positiveInt.default(12),
        /** A kiosk (badge) session ends after this many minutes without activity. */
        badgeSessionMinutes: positiveInt.default(5),
        maxFailedAttempts: positiveInt.default(5),
        lockMinutes: positiveInt.default(15),
        /** Set true behind HTTPS so the session cookie carries `Secure`. */
        secureCookies: bool.default(false),
        /** Key for ID numbers and phones at rest: 64 hex chars. Without it the key file below is used. */
        dataKey: z
          .string()
          .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters')
          .optional(),
        /**
         * The data key's file, created (mode 0600) on the first start of a new archive. Kept outside dataDir by
         * default so that a copy of the data directory does not carry the key; see defaultKeyFile.
         */
        keyFile: z.string().min(1).optional(),
        allowedOrigins: z.array(z.string().url()).default([]),
        /** A paired screen's station token stops working this many days after pairing. */
        stationTokenDays: positiveInt.default(365),
        /** Sign-in attempts (/auth/login, /auth/badge) per source address, per username, per badge number. */
        signInRate: z
          .object({
            address: rateLimit(SIGN_IN_RATE.address),
            account: rateLimit(SIGN_IN_RATE.account),
            badge: rateLimit(SIGN_IN_RATE.badge),
          })
          .strict()
          .default(SIGN_IN_RATE),
      })
      .strict()
      .default({
        sessionHours: 12,
        badgeSessionMinutes: 5,
        maxFailedAttempts: 5,
        lockMinutes: 15,
        secureCookies: false,
        allowedOrigins: [],
        stationTokenDays: 365,
        signInRate: SIGN_IN_RATE,
      }),
    policy: z
      .object({
        /** Loan period in days by confidentiality level. */
        loanDays: z
          .object({ C: positiveInt.default(7), B: positiveInt.default(3), A: positiveInt.default(1) })
          .strict()
          .default({ C: 7, B: 3, A: 1 }),
        /** Levels at or above this need an approval reference before a folder leaves the room. */
        approvalFromLevel: z.enum(CONFIDENTIALITY_LEVELS).default('B'),
      })
      .strict()
      .default({ loanDays: { C: 7, B: 3, A: 1 }, approvalFromLevel: 'B' }),
    hardware: z
      .object({
        /**
         * Serial devices (see hardware/README.md): scanners bound to stations, RFID readers bound to cabinets
         * (antenna -> shelf code) or to the door gate. Validated by the hardware layer's own schema.
         */
        devices: z
          .array(z.unknown())
          .default([])
          .transform((list, ctx): DeviceConfig[] => {
            const result = validateDeviceConfigs(list);
            if (result.ok) return result.devices;
            for (const message of result.errors) ctx.addIssue({ code: 'custom', message });
            return z.NEVER;
          }),
        /**
         * Simulated cabinet readers, gate and door scanner in-process, so the demo archive's cabinets "see"
         * folders come and go. 'auto': on when the demo archive is loaded and no devices are configured.
         */
        simulate: z.union([z.literal('auto'), bool]).default('auto'),
        /** GS1 company prefix in folder EPCs (GIAI-96). The default is GS1's prefix for examples. */
        epcCompanyPrefix: z
          .string()
          .regex(/^\d{6,12}$/, 'must be 6 to 12 digits')
          .default(DEMO_COMPANY_PREFIX),
        /** A folder gone from its shelf with no check-out becomes an alarm after this long. */
        removalGraceSeconds: positiveInt.default(60),
        /** A folder that is out and reappears on its shelf is checked back in (inspection: intact). */
        autoCheckInOnReturn: bool.default(true),
        presence: z
          .object({ absentRounds: positiveInt.default(3), absentMs: positiveInt.default(3000) })
          .strict()
          .default({ absentRounds: 3, absentMs: 3000 }),
      })
      .strict()
      .default({
        devices: [],
        simulate: 'auto',
        epcCompanyPrefix: DEMO_COMPANY_PREFIX,
        removalGraceSeconds: 60,
        autoCheckInOnReturn: true,
        presence: { absentRounds: 3, absentMs: 3000 },
      }),
    /** Kiosk stations at archive-room doors: what a screen and its bound scanners are called. */
    stations: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and dashes'),
            name: z.string().min(1).max(100),
            /** The archive room (location code) this station guards. */
            room: z.string().min(1).max(64).optional(),
          })
          .strict(),
      )
      .default([{ id: 'kiosk-1', name: '档案室门口 Archive-room door', room: 'R1' }]),
    /** Label printers (server/services/printing-config.ts). */
    printers: printersConfigSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const issue of printerDeviceIssues(c.printers, c.hardware.devices)) {
      ctx.addIssue({ code: 'custom', ...issue });
    }
    const ids = c.stations.map((s) => s.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i)
        ctx.addIssue({ code: 'custom', path: ['stations', i, 'id'], message: `duplicate station ${id}` });
    });
    c.hardware.devices.forEach((d, i) => {
      const station = d.binding?.stationId;
      if (station && !ids.includes(station)) {
        ctx.addIssue({
          code: 'custom',
          path: ['hardware', 'devices', i],
          message: `device ${d.id} is bound to unknown station ${station}`,
        });
      }
    });
  });

export type Config = z.infer<typeof configSchema>;

/** Environment variables and where each lands in the config object. */
const ENV_MAP: Record<string, string[]> = {
  DANGAN_HOST: ['host'],
  DANGAN_PORT: ['port'],
  DANGAN_DATA_DIR: ['dataDir'],
  DANGAN_LOG_LEVEL: ['logLevel'],
  DANGAN_DB_CLIENT: ['database', 'client'],
  DANGAN_DB_FILE: ['database', 'filename'],
  DANGAN_DB_URL: ['database', 'url'],
  DANGAN_DEMO: ['demo', 'loadOnFirstStart'],
  DANGAN_DATA_KEY: ['security', 'dataKey'],
  DANGAN_KEY_FILE: ['security', 'keyFile'],
  DANGAN_SECURE_COOKIES: ['security', 'secureCookies'],
  DANGAN_ALLOWED_ORIGINS: ['security', 'allowedOrigins'],
};

export interface ConfigSources {
  env?: Record<string, string | undefined>;
  /** Overrides applied last (tests, CLI flags). */
  overrides?: Record<string, unknown>;
  cwd?: string;
}

/** Reads `DANGAN_CONFIG` (or ./dangan.config.json if present), then the environment, then overrides. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? {};
  const cwd = sources.cwd ?? process.cwd();
  const file =
    env.DANGAN_CONFIG ??
    (existsSync(path.join(cwd, 'dangan.config.json')) ? 'dangan.config.json' : undefined);
  let raw: Record<string, unknown> = {};
  if (file) {
    try {
      raw = JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw configError([`config file ${file}: ${(e as Error).message}`]);
    }
  }
  for (const [name, at] of Object.entries(ENV_MAP)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(raw, at, name === 'DANGAN_ALLOWED_ORIGINS' ? value.split(',').map((s) => s.trim()) : value);
  }
  raw = deepMerge(raw, sources.overrides ?? {});
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const envOf = (p: PropertyKey[]) =>
      Object.entries(ENV_MAP).find(([, at]) => at.join('.') === p.join('.'))?.[0];
    throw configError(
      parsed.error.issues.map((i) => {
        const where = i.path.join('.') || '(root)';
        const hint = envOf(i.path) ? ` (or ${envOf(i.path)})` : '';
        return `${where}${hint}: ${i.message}`;
      }),
    );
  }
  const config = parsed.data;
  config.dataDir = path.resolve(cwd, config.dataDir);
  config.security.keyFile = path.resolve(cwd, config.security.keyFile ?? defaultKeyFile(env));
  return config;
}

/**
 * The data key's default home: the user's configuration directory ($XDG_CONFIG_HOME/dangan/data.key, else
 * ~/.config/dangan/data.key). Not a sibling of dataDir: copying or archiving the install folder would carry
 * both; here the key stays with the account that runs the server and is backed up on its own.
 */
export function defaultKeyFile(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'dangan', 'data.key');
}

/** The data key file's absolute path (loadConfig always fills it in). */
export function keyFilePath(config: Config): string {
  return config.security.keyFile ?? defaultKeyFile({});
}

/** The SQLite file's absolute path. */
export function sqlitePath(config: Config): string {
  return path.resolve(config.dataDir, config.database.filename);
}

function configError(problems: string[]): DanganError {
  return new DanganError(
    'CONFIG_INVALID',
    { problems },
    {
      zh: `配置不正确：${problems.join('；')}`,
      en: `Invalid configuration: ${problems.join('; ')}`,
    },
  );
}

function setPath(target: Record<string, unknown>, at: string[], value: unknown): void {
  let node = target;
  for (const key of at.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[at[at.length - 1]!] = value;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      prev &&
      typeof prev === 'object' &&
      !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}
