// What the benchmarks over the demo archive share: the demo generated into a database (a fresh SQLite file
// or one given), Dangan served in this process over it (demo loading off, silent), and a JSON call or a
// sign-in against it. Not a benchmark itself (bench/run.ts does not list it).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDanganApp, type DanganApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { generateDemo, type DemoSummary } from '../server/demo/index.js';
import { DEMO_PASSWORD } from '../server/demo/people.js';
import { systemClock } from '../server/providers.js';
import { migrate, openDatabase, type Database } from '../server/store/db.js';
import { createFieldCipher } from '../server/store/secrets.js';

/** A data key for one run (the fields it encrypts live as long as the run's database). */
export const randomDataKey = (): string => randomBytes(32).toString('hex');

/**
 * Migrates `db` and generates the demo archive into it (seed 1, the fields encrypted with `dataKey`);
 * `generateMs` is the generation's time alone, the migrations not counted.
 */
export async function generateInto(
  db: Database,
  households: number,
  dataKey: string,
): Promise<{ summary: DemoSummary; generateMs: number }> {
  await migrate(db);
  const started = performance.now();
  const summary = await generateDemo(db, {
    households,
    seed: 1,
    clock: systemClock,
    cipher: createFieldCipher(dataKey),
  });
  return { summary, generateMs: Math.round(performance.now() - started) };
}

export interface DemoFile {
  /** The temp directory holding the file. */
  dir: string;
  filename: string;
  db: Database;
  dataKey: string;
  summary: DemoSummary;
  generateMs: number;
  /** Closes the database and removes the directory. */
  dispose(): Promise<void>;
}

/** A fresh SQLite file in a temp directory named `prefix…`, with the demo archive generated into it. */
export async function demoSqliteFile(
  prefix: string,
  households: number,
  dataKey = randomDataKey(),
): Promise<DemoFile> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const filename = path.join(dir, 'dangan.sqlite');
  const db = openDatabase({ client: 'sqlite', filename });
  const dispose = async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { summary, generateMs } = await generateInto(db, households, dataKey);
    return { dir, filename, db, dataKey, summary, generateMs, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** Sign-in limits out of the way: a benchmark signs in more often than a person may. */
export function signInRates(perMinute: number) {
  const rate = { burst: perMinute, perMinute };
  return { address: rate, account: rate, badge: rate };
}

/**
 * Dangan over `db` in this process, listening on a free loopback port: demo loading off, log silent, its
 * data key `dataKey`, its key file `keyFile` in `dataDir`; `overrides` merged in (e.g. hardware, sign-in
 * rates). `origin` is http://127.0.0.1:PORT.
 */
export async function serveBench(
  db: Database,
  o: {
    dataDir: string;
    dataKey: string;
    keyFile: string;
    signInRate?: ReturnType<typeof signInRates>;
    overrides?: Record<string, unknown>;
  },
): Promise<{ app: DanganApp; origin: string }> {
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir: o.dataDir,
      logLevel: 'silent',
      demo: { loadOnFirstStart: false },
      ...o.overrides,
      security: {
        dataKey: o.dataKey,
        keyFile: path.join(o.dataDir, o.keyFile),
        ...(o.signInRate ? { signInRate: o.signInRate } : {}),
      },
    },
  });
  const app = await createDanganApp({ config, db });
  const port = await app.listen(0, '127.0.0.1');
  return { app, origin: `http://127.0.0.1:${port}` };
}

/** A JSON call to `${origin}/api/v1${url}`; a refusal throws with the server's code. */
export async function api<T>(
  origin: string,
  method: string,
  url: string,
  token: string | null,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${origin}/api/v1${url}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { code?: string };
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${json.code}`);
  return json;
}

/** A bearer token for a demo account. */
export const login = async (origin: string, username: string): Promise<string> =>
  (await api<{ token: string }>(origin, 'POST', '/auth/login', null, { username, password: DEMO_PASSWORD }))
    .token;
