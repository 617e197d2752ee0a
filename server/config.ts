// The one configuration object. It is read from an optional JSON file and the environment once at start,
// validated, and passed down; nothing else in the server reads process.env.
import { readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DanganError } from './domain/errors.js';
import { CONFIDENTIALITY_LEVELS } from './domain/vocabulary.js';
import { printerDeviceIssues, printersConfigSchema } from './services/printing-config.js';
import { isNotificationSecret, notificationsConfigSchema } from './services/notification-config.js';
import { DEMO_COMPANY_PREFIX, validateDeviceConfigs, type DeviceConfig } from '../hardware/index.js';

// Numbers are JSON numbers: a string, null, false, "" or [8343] is refused, never coerced (a coerced null or ""
// is 0, a random port). The environment and flags give strings; loadConfig turns decimal digits into numbers
// for the settings in NUMERIC_SETTINGS before validation and leaves anything else to be refused here.
// 0 asks the OS for a free port (tests, several instances on one machine).
const port = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().positive();
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
        seed: z.number().int().min(0).default(20261125),
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
        /**
         * Refuse a new loan (BORROWER_OVERDUE) while the borrower holds an overdue one. Off by default: the
         * seeds ask for a due date and a return on time, but none bars an overdue borrower from borrowing.
         */
        blockLoansWhileOverdue: bool.default(false),
        /**
         * A folder gone from its cabinet without check-out is 未登记取出 (removed without check-out) for this
         * many hours, then recorded missing (遗失) if it is still unaccounted for.
         */
        unrecordedRemovalHours: positiveInt.default(24),
        /**
         * An open alarm nobody acknowledges within this many minutes climbs one level of the escalation
         * ladder (supervisor → site manager → general manager), and again after as long at each level.
         */
        alarmEscalationMinutes: positiveInt.max(7 * 24 * 60).default(30),
      })
      .strict()
      .default({
        loanDays: { C: 7, B: 3, A: 1 },
        approvalFromLevel: 'B',
        blockLoansWhileOverdue: false,
        unrecordedRemovalHours: 24,
        alarmEscalationMinutes: 30,
      }),
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
    /** E-mail and office-robot notifications through the outbox (server/services/notification-config.ts). */
    notifications: notificationsConfigSchema,
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

/** Settings that are whole numbers: from the environment or a flag, decimal digits only become a number. */
const NUMERIC_SETTINGS = new Set(['port', 'demo.households', 'demo.seed']);
const DECIMAL = /^[0-9]+$/;

export interface ConfigSources {
  env?: Record<string, string | undefined>;
  /** Command-line flags as typed (strings), keyed by setting path: `{ port: '8080' }`. */
  flags?: Record<string, string | undefined>;
  /** Overrides applied last, as typed values (tests). */
  overrides?: Record<string, unknown>;
  cwd?: string;
}

/** Where a setting's value came from, for error messages. */
type Origin = { en: string; zh: string };

/** The configuration file `loadConfig` reads: DANGAN_CONFIG, else ./dangan.config.json if present. */
export function configFilePath(sources: Pick<ConfigSources, 'env' | 'cwd'> = {}): {
  path: string;
  found: boolean;
  named: boolean;
} {
  const env = sources.env ?? {};
  const cwd = sources.cwd ?? process.cwd();
  if (env.DANGAN_CONFIG) return { path: path.resolve(cwd, env.DANGAN_CONFIG), found: true, named: true };
  const file = path.join(cwd, 'dangan.config.json');
  return { path: file, found: existsSync(file), named: false };
}

/**
 * Reads `DANGAN_CONFIG` (or ./dangan.config.json if present), then the environment, then flags, then
 * overrides. Keys that start with "//" are comments and are dropped from the file (see
 * dangan.config.example.json).
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? {};
  const cwd = sources.cwd ?? process.cwd();
  const file = configFilePath({ env, cwd });
  const origins = new Map<string, Origin>();
  let raw: Record<string, unknown> = {};
  if (file.found) {
    const shown = env.DANGAN_CONFIG ?? 'dangan.config.json';
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file.path, 'utf8'));
    } catch (e) {
      throw configError([
        {
          en: `config file ${shown} (${file.path}): ${(e as Error).message}`,
          zh: `配置文件 ${shown}（${file.path}）无法读取或不是 JSON：${(e as Error).message}`,
        },
      ]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      const got = describeValue(parsed);
      throw configError([
        {
          en: `config file ${shown} (${file.path}): must hold one JSON object ({ … }), got ${got}`,
          zh: `配置文件 ${shown}（${file.path}）须为一个 JSON 对象（{ … }），实际为 ${got}`,
        },
      ]);
    }
    raw = withoutComments(parsed) as Record<string, unknown>;
    origins.set('', { en: `in config file ${shown}`, zh: `来自配置文件 ${shown}` });
  }
  for (const [name, at] of Object.entries(ENV_MAP)) {
    const value = env[name];
    // An empty variable counts as unset (as `Environment=NAME=` in a unit file means).
    if (value === undefined || value === '') continue;
    const typed =
      name === 'DANGAN_ALLOWED_ORIGINS' ? value.split(',').map((s) => s.trim()) : fromText(at, value);
    setPath(raw, at, typed);
    origins.set(at.join('.'), { en: `from ${name}`, zh: `来自环境变量 ${name}` });
  }
  for (const [key, value] of Object.entries(sources.flags ?? {})) {
    if (value === undefined) continue;
    const at = key.split('.');
    setPath(raw, at, fromText(at, value));
    origins.set(key, { en: `from --${at[at.length - 1]}`, zh: `来自参数 --${at[at.length - 1]}` });
  }
  raw = deepMerge(raw, sources.overrides ?? {});
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw configError(parsed.error.issues.map((i) => describeIssue(i, raw, origins)));
  }
  const config = parsed.data;
  config.dataDir = path.resolve(cwd, config.dataDir);
  config.security.keyFile = path.resolve(cwd, config.security.keyFile ?? defaultKeyFile(env));
  return config;
}

/** A string from the environment or a flag, as the setting's type: decimal digits for a number setting. */
function fromText(at: string[], value: string): unknown {
  return NUMERIC_SETTINGS.has(at.join('.')) && DECIMAL.test(value) ? Number(value) : value;
}

/** Drops "//…" keys (comments) from every object, at any depth. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.startsWith('//'))
      .map(([k, v]) => [k, withoutComments(v)]),
  );
}

/** A value as it appears in a message: JSON, shortened; a string is quoted so "" and "0x2090" show as such. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}

function valueAt(raw: unknown, at: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of at) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function originOf(at: readonly PropertyKey[], origins: Map<string, Origin>): Origin | undefined {
  for (let n = at.length; n >= 0; n--) {
    const found = origins.get(at.slice(0, n).map(String).join('.'));
    if (found) return found;
  }
  return undefined;
}

const SECRET_SETTINGS = new Set(['security.dataKey']);

/** One validation problem: the setting, where its value came from, the value, what is wrong (en + zh). */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, origins: Map<string, Origin>): Problem {
  const where = issue.path.map(String).join('.') || '(root)';
  const envName = Object.entries(ENV_MAP).find(([, at]) => at.join('.') === where)?.[0];
  const origin = originOf(issue.path, origins);
  const from = origin ? ` ${origin.en}` : envName ? ` (or ${envName})` : '';
  const zhFrom = origin ? `（${origin.zh}）` : envName ? `（或环境变量 ${envName}）` : '';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (where === '(root)' ? k : `${where}.${k}`)).join(', ');
    return {
      en: `${keys}${from}: unknown setting (a typo?); remove it or see README Configuration`,
      zh: `${keys}${zhFrom}：未知的配置项（拼写错误？）；请删除，或参阅 README 的配置一节`,
    };
  }
  const value = valueAt(raw, issue.path);
  const secret = (SECRET_SETTINGS.has(where) || isNotificationSecret(where)) && typeof value === 'string';
  // A channel's object holds its URL and secret: shown as hidden, not as JSON.
  const hidden = !secret && isNotificationSecret(where) && value !== undefined;
  const got = secret
    ? `a value of ${value.length} characters`
    : hidden
      ? '(a value not shown: it may hold a secret)'
      : describeValue(value);
  const zhGot = secret
    ? `长度为 ${value.length} 的值`
    : hidden
      ? '（可能含密钥，不显示）'
      : describeValue(value);
  const why = explain(issue);
  return {
    en: `${where}${from}: ${why.en}, got ${got}`,
    zh: `${where}${zhFrom}：${why.zh}，实际为 ${zhGot}`,
  };
}

/** What a setting must be, in English (zod's words) and Chinese. */
function explain(issue: z.core.$ZodIssue): Problem {
  const en = issue.message;
  if (issue.path.join('.') === 'port' && ['invalid_type', 'too_big', 'too_small'].includes(issue.code))
    return {
      en: 'must be an integer from 0 to 65535 (a JSON number; in DANGAN_PORT or --port, decimal digits only)',
      zh: '须为 0 到 65535 的整数（JSON 中为数字；DANGAN_PORT 或 --port 中只能是十进制数字）',
    };
  switch (issue.code) {
    case 'invalid_type':
      return {
        en: `must be ${article(issue.expected)}`,
        zh: `须为${ZH_TYPES[issue.expected] ?? issue.expected}`,
      };
    case 'too_small':
      return {
        en: `must be at least ${issue.minimum}`,
        zh: issue.origin === 'number' ? `须不小于 ${issue.minimum}` : `长度须不小于 ${issue.minimum}`,
      };
    case 'too_big':
      return {
        en: `must be at most ${issue.maximum}`,
        zh: issue.origin === 'number' ? `须不大于 ${issue.maximum}` : `长度须不大于 ${issue.maximum}`,
      };
    case 'invalid_value':
      return {
        en: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        zh: `须为 ${issue.values.map((v) => JSON.stringify(v)).join('、')} 之一`,
      };
    case 'invalid_format':
      return { en, zh: ZH_FORMATS[en] ?? `格式不正确（${en}）` };
    case 'invalid_union':
      return { en: 'is not an accepted value', zh: '不是可接受的值' };
    default:
      return { en, zh: ZH_FORMATS[en] ?? `不正确（${en}）` };
  }
}

const ZH_FORMATS: Record<string, string> = {
  'must be 64 hexadecimal characters': '须为 64 位十六进制字符',
  'must be 6 to 12 digits': '须为 6 到 12 位数字',
  'lower-case letters, digits and dashes': '只能包含小写字母、数字和连字符',
  'must be an http(s) address': '须为 http(s) 地址',
  'must be an IANA time zone such as Asia/Shanghai': '须为 IANA 时区名，例如 Asia/Shanghai',
  'digits, optionally with a leading +': '只能是数字，可带前导 +',
  'user and pass go together': 'user 与 pass 须同时给出',
  'duplicate channel id': '通知渠道 id 重复',
};

const ZH_TYPES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '字符串',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
};

function article(type: string): string {
  if (type === 'int') return 'an integer';
  if (type === 'number') return 'a number';
  if (type === 'object' || type === 'array') return `an ${type}`;
  return `a ${type}`;
}

interface Problem {
  en: string;
  zh: string;
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

function configError(problems: Problem[]): DanganError {
  return new DanganError(
    'CONFIG_INVALID',
    { problems: problems.map((p) => p.en), problemsZh: problems.map((p) => p.zh) },
    {
      zh: `配置不正确：${problems.map((p) => p.zh).join('；')}`,
      en: `Invalid configuration: ${problems.map((p) => p.en).join('; ')}`,
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
