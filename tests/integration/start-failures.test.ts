// The server as an operator meets it: the installed `dangan` command as a child process. A start that cannot
// succeed (a taken port, a bad key file, a database from a newer build, a bad setting) exits 1 at once with a
// message in English and Chinese, instead of staying alive while nothing listens; commands that need an
// archive refuse to run where there is none and create nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';

const BIN = path.resolve('bin/dangan.js');

interface Run {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs `dangan …`; a process still alive after `timeoutMs` is killed and reported as code null. */
function dangan(
  args: string[],
  opts: { env: Record<string, string>; cwd?: string; timeoutMs?: number },
): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? path.resolve('.'),
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    }),
  );
}

describe('dangan start-up failures', { timeout: 120_000 }, () => {
  let root: string;
  let home: string;

  /** No DANGAN_* of ours, a home of its own (the key never lands in the real one). */
  function envFor(extra: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !k.startsWith('DANGAN_') && k !== 'XDG_CONFIG_HOME') env[k] = v;
    return {
      ...env,
      HOME: home,
      DANGAN_HOST: '127.0.0.1',
      DANGAN_LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      ...extra,
    };
  }
  const fresh = (name: string) => {
    const dir = path.join(root, name);
    mkdirSync(dir);
    return dir;
  };

  /** A small archive with sealed values (the demo), its own data and key file. */
  async function archive(name: string) {
    const dir = fresh(name);
    const env = envFor({
      DANGAN_DATA_DIR: path.join(dir, 'data'),
      DANGAN_KEY_FILE: path.join(dir, 'data.key'),
      DANGAN_PORT: '0',
    });
    const made = await dangan(['demo', '--households', '5'], { env, timeoutMs: 60_000 });
    expect(made.code, made.output).toBe(0);
    return { dir, env, db: path.join(dir, 'data', 'dangan.sqlite'), keyFile: path.join(dir, 'data.key') };
  }

  beforeAll(async () => {
    await buildOnce();
    root = mkdtempSync(path.join(os.tmpdir(), 'dangan-fail-'));
    home = path.join(root, 'home');
    mkdirSync(home);
  }, 240_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('a taken port exits 1 within 5 s, naming the port, before anything is written', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const dir = fresh('port');
      const run = await dangan(['serve', '--port', String(port)], {
        env: envFor({ DANGAN_DATA_DIR: path.join(dir, 'data'), DANGAN_KEY_FILE: path.join(dir, 'data.key') }),
      });
      expect(run.code, run.output).toBe(1);
      expect(run.ms).toBeLessThan(5000);
      expect(run.output).toContain(`PORT_IN_USE: Port ${port} on 127.0.0.1 is already in use`);
      expect(run.output).toContain(`127.0.0.1 上的端口 ${port} 已被占用`);
      // Refused before the archive was opened: no data directory, no key, no demo.
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('a taken port on an existing archive (a second server) exits 1 too', async () => {
    const a = await archive('second');
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const run = await dangan(['serve'], { env: { ...a.env, DANGAN_PORT: String(port) } });
      expect(run.code, run.output).toBe(1);
      expect(run.ms).toBeLessThan(5000);
      expect(run.output).toContain('PORT_IN_USE');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('an empty or garbled key file exits 1 with DATA_KEY_INVALID, never quoting the content', async () => {
    const a = await archive('key');
    for (const content of ['', '\n', 'not-a-key-0123']) {
      writeFileSync(a.keyFile, content);
      const run = await dangan(['serve'], { env: a.env });
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain(`DATA_KEY_INVALID: The data key file ${a.keyFile}`);
      expect(run.output).toContain(`数据密钥文件 ${a.keyFile}`);
      if (content.trim()) expect(run.output).not.toContain(content.trim());
    }
    const badEnv = await dangan(['serve'], { env: { ...a.env, DANGAN_DATA_KEY: 'abc' } });
    expect(badEnv.code).toBe(1);
    expect(badEnv.output).toContain(
      'security.dataKey from DANGAN_DATA_KEY: must be 64 hexadecimal characters',
    );
  });

  it('a database migrated by a newer build exits 1 with DATABASE_NEWER and is left as it was', async () => {
    const a = await archive('newer');
    const db = new Sqlite(a.db);
    const count = () => (db.prepare('SELECT count(*) AS n FROM knex_migrations').get() as { n: number }).n;
    const known = count();
    db.prepare(
      "INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('20990101_001_from_the_future', 99, '2099-01-01')",
    ).run();
    for (const args of [['serve'], ['migrate']]) {
      const run = await dangan(args, { env: a.env });
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain('DATABASE_NEWER');
      expect(run.output).toContain('20990101_001_from_the_future');
      expect(run.output).toContain('已由更新版本的 Dangan 迁移');
    }
    db.close();
    const after = new Sqlite(a.db, { readonly: true });
    const rows = after.prepare('SELECT count(*) AS n FROM knex_migrations').get() as { n: number };
    after.close();
    expect(rows.n).toBe(known + 1);
  });

  it.each([
    ['DANGAN_PORT', { DANGAN_PORT: '0x2090' }, [], 'port from DANGAN_PORT', '"0x2090"'],
    ['--port', {}, ['--port', '80a'], 'port from --port', '"80a"'],
  ])('a bad port from %s exits 1 quoting the value', async (_name, extra, args, where, quoted) => {
    const dir = fresh(`badport-${_name.replace(/\W/g, '')}`);
    const run = await dangan(['serve', ...args], {
      env: envFor({ DANGAN_DATA_DIR: path.join(dir, 'data'), ...extra }),
    });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`CONFIG_INVALID: Invalid configuration: ${where}: must be an integer`);
    expect(run.output).toContain(`got ${quoted}`);
    expect(run.output).toContain(`实际为 ${quoted}`);
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('a configuration file holding [] or "port": null is refused with exit 1', async () => {
    const dir = fresh('badfile');
    for (const [content, says] of [
      ['[]', 'must hold one JSON object ({ … }), got []'],
      ['{ "port": null }', 'port in config file dangan.config.json: must be an integer from 0 to 65535'],
    ] as const) {
      writeFileSync(path.join(dir, 'dangan.config.json'), content);
      const run = await dangan(['serve'], { cwd: dir, env: envFor() });
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain(says);
    }
    expect(readdirSync(dir)).toEqual(['dangan.config.json']);
  });

  it('migrate and verify-log where there is no archive exit 1, saying where they looked, creating nothing', async () => {
    const dir = fresh('nowhere');
    for (const command of ['migrate', 'verify-log']) {
      const run = await dangan([command], { cwd: dir, env: envFor() });
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain(`dangan ${command}: ARCHIVE_NOT_FOUND`);
      expect(run.output).toContain(`${path.join(dir, 'dangan.config.json')} (not found)`);
      expect(run.output).toContain(`the data directory ${path.join(dir, 'data')}`);
      expect(run.output).toContain('此处没有档案');
      expect(run.output).not.toMatch(/create table/i);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(readdirSync(home)).toEqual([]);
  });

  it('serve in a fresh directory (npm start in a new checkout) still creates ./data and listens', async () => {
    const dir = fresh('checkout');
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: dir,
      env: envFor({
        DANGAN_PORT: '0',
        DANGAN_DEMO: 'false',
        DANGAN_KEY_FILE: path.join(root, 'checkout.key'),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (!output.includes('listening on')) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`did not start:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(existsSync(path.join(dir, 'data', 'dangan.sqlite'))).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const migrated = await dangan(['migrate'], { cwd: dir, env: envFor() });
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toContain('schema is up to date');
  });
});
