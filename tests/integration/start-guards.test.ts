// `dangan serve` as a real process on real SQLite files, then the composition root on SQLite and PostgreSQL:
// the data directory and its files are owner-only whatever the umask, the data key lives outside the data
// directory, a copy of the data without its key (or with another key) refuses to start, and the demo goes
// only into a brand-new data directory, never into one that held an archive.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDanganApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { isDanganError } from '../../server/domain/errors.js';
import { createFieldCipher, keyFingerprint } from '../../server/store/secrets.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const ROOT = path.resolve('.');
const KEY_A = 'a7'.repeat(32);
const KEY_B = 'b8'.repeat(32);
const mode = (p: string) => statSync(p).mode & 0o777;

interface Exit {
  code: number | null;
  output: string;
}

describe('dangan serve: files, key and demo guards', { timeout: 120_000 }, () => {
  let root: string;
  let configFile: string;
  const children: ChildProcess[] = [];

  /** The environment of a real start: no DANGAN_* of ours, a home of its own, a small quick demo. */
  function envFor(home: string, extra: Record<string, string> = {}) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !k.startsWith('DANGAN_') && k !== 'XDG_CONFIG_HOME') env[k] = v;
    return {
      ...env,
      HOME: home,
      DANGAN_CONFIG: configFile,
      DANGAN_PORT: '0',
      DANGAN_HOST: '127.0.0.1',
      DANGAN_LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      ...extra,
    };
  }

  /** Starts `dangan serve` under umask 000, so nothing is private unless the server makes it so. */
  function start(dataDir: string, env: Record<string, string>, args: string[] = []) {
    const child = spawn(
      '/bin/sh',
      [
        '-c',
        'umask 000 && exec "$0" "$@"',
        process.execPath,
        '--import',
        'tsx',
        'server/main.ts',
        'serve',
        ...args,
      ],
      { cwd: ROOT, env: { ...env, DANGAN_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<Exit>((resolve) => child.once('exit', (code) => resolve({ code, output })));
    return {
      exited,
      output: () => output,
      async listening(): Promise<string> {
        const deadline = Date.now() + 90_000;
        while (!/listening on (http:\/\/\S+?)\/ /.test(output)) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${output}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        return /listening on (http:\/\/\S+?)\/ /.exec(output)![1]!.replace('localhost', '127.0.0.1');
      },
      async stop(): Promise<Exit> {
        child.kill('SIGTERM');
        return exited;
      },
    };
  }

  const health = async (base: string) =>
    (await (await fetch(`${base}/api/v1/health`)).json()) as { status: string; demo: boolean };
  const readDb = <T>(file: string, sql: string): T => {
    const db = new Sqlite(file, { readonly: true });
    try {
      return db.prepare(sql).get() as T;
    } finally {
      db.close();
    }
  };

  let dataDir: string;
  let homeA: string;
  let keyA: string;
  let folders = 0;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'dangan-guards-'));
    configFile = path.join(root, 'dangan.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ demo: { households: 12 }, hardware: { simulate: false }, logLevel: 'warn' }),
    );
    dataDir = path.join(root, 'data');
    homeA = path.join(root, 'home-a');
    mkdirSync(homeA);
  });
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('a brand-new data directory gets the demo, owner-only files and a key outside it, under umask 000', async () => {
    const server = start(dataDir, envFor(homeA));
    const base = await server.listening();
    expect(await health(base)).toMatchObject({ status: 'ok', demo: true });

    const db = path.join(dataDir, 'dangan.sqlite');
    expect(mode(dataDir)).toBe(0o700);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) expect(mode(file), file).toBe(0o600);
    // The key went to the account's configuration directory, not into the data directory.
    const keyFile = path.join(homeA, '.config', 'dangan', 'data.key');
    expect(mode(keyFile)).toBe(0o600);
    expect(mode(path.dirname(keyFile))).toBe(0o700);
    expect(readdirSync(dataDir).filter((f) => !f.startsWith('dangan.sqlite'))).toEqual([]);
    expect((await server.stop()).code).toBe(0);

    keyA = readFileSync(keyFile, 'utf8').trim();
    const stored = readDb<{ value: string }>(
      db,
      "SELECT value FROM settings WHERE key = 'data_key_fingerprint'",
    );
    expect(stored.value).toBe(keyFingerprint(keyA));
    expect(stored.value).not.toContain(keyA.slice(0, 16));
    folders = readDb<{ n: number }>(db, 'SELECT count(*) AS n FROM items').n;
    expect(folders).toBeGreaterThan(0);
  });

  it('a copy of the data directory without its key refuses to start, and makes no new key', async () => {
    const copy = path.join(root, 'copied');
    cpSync(dataDir, copy, { recursive: true });
    const homeB = path.join(root, 'home-b');
    mkdirSync(homeB);
    const run = await start(copy, envFor(homeB)).exited;
    expect(run.code).toBe(1);
    expect(run.output).toContain('DATA_KEY_MISSING');
    expect(run.output).toContain(path.join(homeB, '.config', 'dangan', 'data.key'));
    expect(run.output).toMatch(/找不到数据密钥/);
    expect(existsSync(path.join(homeB, '.config', 'dangan', 'data.key'))).toBe(false);
  });

  it('a different key refuses to start; the right key, named by DANGAN_KEY_FILE, starts it without a new demo', async () => {
    const copy = path.join(root, 'copied');
    const wrong = await start(copy, envFor(homeA, { DANGAN_DATA_KEY: KEY_B })).exited;
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain('DATA_KEY_MISMATCH');
    expect(wrong.output).toContain(keyFingerprint(KEY_B));

    const keyFile = path.join(root, 'restored.key');
    writeFileSync(keyFile, `${keyA}\n`, { mode: 0o600 });
    const homeC = path.join(root, 'home-c');
    mkdirSync(homeC);
    const server = start(copy, envFor(homeC, { DANGAN_KEY_FILE: keyFile }));
    expect(await health(await server.listening())).toMatchObject({ status: 'ok', demo: true });
    expect(server.output()).not.toContain('loading the demo');
    expect((await server.stop()).code).toBe(0);
    expect(readDb<{ n: number }>(path.join(copy, 'dangan.sqlite'), 'SELECT count(*) AS n FROM items').n).toBe(
      folders,
    );
  });

  it('a 0-byte or missing dangan.sqlite beside other files gets no demo and a clear stop', async () => {
    const zeroByte = path.join(root, 'zero-byte');
    mkdirSync(zeroByte);
    writeFileSync(path.join(zeroByte, 'data.key'), `${KEY_A}\n`, { mode: 0o600 });
    writeFileSync(path.join(zeroByte, 'dangan.sqlite'), '');
    const lost = path.join(root, 'lost');
    mkdirSync(path.join(lost, 'backups'), { recursive: true });

    for (const dir of [zeroByte, lost]) {
      const run = await start(dir, envFor(homeA)).exited;
      expect(run.code, dir).toBe(1);
      expect(run.output, dir).toContain('DATABASE_MISSING');
      expect(run.output, dir).toContain('dangan serve --init');
      expect(run.output, dir).not.toContain('loading the demo');
    }
    expect(statSync(path.join(zeroByte, 'dangan.sqlite')).size).toBe(0);
    expect(existsSync(path.join(lost, 'dangan.sqlite'))).toBe(false);
  });

  it('--init starts a new, empty archive there, reading a key left in the data directory with a warning', async () => {
    const dir = path.join(root, 'zero-byte');
    const server = start(dir, envFor(path.join(root, 'home-b')), ['--init']);
    expect(await health(await server.listening())).toMatchObject({ status: 'ok', demo: false });
    expect(server.output()).toMatch(/inside the data directory.*Move it/s);
    expect((await server.stop()).code).toBe(0);
    const db = path.join(dir, 'dangan.sqlite');
    expect(mode(db)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(readDb<{ n: number }>(db, 'SELECT count(*) AS n FROM items').n).toBe(0);
    expect(
      readDb<{ value: string }>(db, "SELECT value FROM settings WHERE key = 'data_key_fingerprint'").value,
    ).toBe(keyFingerprint(KEY_A));
  });
});

describe.each(DIALECTS)('the data key against the database on %s', (dialect) => {
  let t: TestDatabase;
  let dir: string;
  const configFor = (security: Record<string, unknown>) =>
    loadConfig({
      env: {},
      overrides: {
        dataDir: path.join(dir, 'data'),
        logLevel: 'silent',
        demo: { loadOnFirstStart: false },
        security,
      },
    });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => (isDanganError(e) ? e.code : String(e)),
    );
  const fingerprintRow = async () =>
    (
      (await t.db.knex('settings').where({ key: 'data_key_fingerprint' }).first('value')) as
        { value: string } | undefined
    )?.value;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-key-'));
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a key file for a new archive and stores its fingerprint, never the key', async () => {
    const keyFile = path.join(dir, 'keys', 'data.key');
    await createDanganApp({ config: configFor({ keyFile }), db: t.db });
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(mode(keyFile)).toBe(0o600);
    expect(await fingerprintRow()).toBe(keyFingerprint(key));
    const values = (await t.db.knex('settings').select('value')) as Array<{ value: string }>;
    expect(values.some((v) => v.value.includes(key.slice(0, 16)))).toBe(false);
    // Sealed values from now on.
    await t.db.knex('parties').insert({
      kind: 'person',
      name: '张伟',
      id_number_enc: createFieldCipher(key).encrypt('110101199003071234'),
      created_at: '2026-11-25T00:00:00.000Z',
    });
  });

  it('refuses another key and a missing key once sealed values exist, and creates no key file', async () => {
    expect(await refusal(createDanganApp({ config: configFor({ dataKey: KEY_B }), db: t.db }))).toBe(
      'DATA_KEY_MISMATCH',
    );
    const absent = path.join(dir, 'elsewhere', 'data.key');
    expect(await refusal(createDanganApp({ config: configFor({ keyFile: absent }), db: t.db }))).toBe(
      'DATA_KEY_MISSING',
    );
    expect(existsSync(absent)).toBe(false);
    const key = readFileSync(path.join(dir, 'keys', 'data.key'), 'utf8').trim();
    const app = await createDanganApp({ config: configFor({ dataKey: key }), db: t.db });
    const sealed = (await t.db.knex('parties').first('id_number_enc')) as { id_number_enc: string };
    expect(app.cipher.decrypt(sealed.id_number_enc)).toBe('110101199003071234');
  });

  it('checks an archive from before fingerprints against one of its sealed values', async () => {
    await t.db.knex('settings').where({ key: 'data_key_fingerprint' }).delete();
    expect(await refusal(createDanganApp({ config: configFor({ dataKey: KEY_B }), db: t.db }))).toBe(
      'DATA_KEY_MISMATCH',
    );
    expect(await fingerprintRow()).toBeUndefined();
    const key = readFileSync(path.join(dir, 'keys', 'data.key'), 'utf8').trim();
    await createDanganApp({ config: configFor({ keyFile: path.join(dir, 'keys', 'data.key') }), db: t.db });
    expect(await fingerprintRow()).toBe(keyFingerprint(key));
  });
});
