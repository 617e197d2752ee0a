// The two-command start, for real: build, run the installed `dangan` command on a fresh data directory,
// get a demo archive and a healthy server; then check the custody log with `dangan verify-log` and see it
// name the first bad row after someone edits the SQLite file behind the triggers' back.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/dangan.js');

describe('npm start on a fresh data directory', () => {
  let dataDir: string;
  // The data key lives outside the data directory; in tests, in a temp folder rather than the real home.
  let keyDir: string;
  let server: ChildProcess | undefined;
  let output = '';
  let base = '';
  const env = () => ({
    ...process.env,
    DANGAN_DATA_DIR: dataDir,
    DANGAN_KEY_FILE: path.join(keyDir, 'data.key'),
    DANGAN_PORT: '0',
    DANGAN_HOST: '127.0.0.1',
    DANGAN_LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    await buildOnce();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-start-'));
    keyDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-start-key-'));
    server = spawn(process.execPath, [BIN, 'serve'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!/listening on (http:\/\/\S+?)\/ /.test(output)) {
      if (Date.now() > deadline || server.exitCode !== null)
        throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    base = /listening on (http:\/\/\S+?)\/ /.exec(output)![1]!.replace('localhost', '127.0.0.1');
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  it('migrates a SQLite file under the data directory, loads the demo and prints its sign-ins', async () => {
    expect(existsSync(path.join(dataDir, 'dangan.sqlite'))).toBe(true);
    expect(output).toContain('[DEMO]');
    expect(output).toMatch(/archivist\s+archivist\s+password dangan-demo/);
    const health = await (await fetch(`${base}/api/v1/health`)).json();
    expect(health).toMatchObject({
      status: 'ok',
      demo: true,
      database: { client: 'sqlite', pendingMigrations: 0 },
    });
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor', password: 'dangan-demo' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const holdings = (await (
      await fetch(`${base}/api/v1/holdings/all?overdue=true`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      total: number;
    };
    expect(holdings.total).toBeGreaterThan(0); // the demo has overdue folders
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('verify-log passes on the demo log and names the first bad seq after tampering', async () => {
    const ok = await run(process.execPath, [BIN, 'verify-log'], { env: env() });
    expect(ok.stdout).toMatch(/custody log OK: \d+ rows/);

    // Someone with the file edits a row after removing the guard trigger.
    const db = new Sqlite(path.join(dataDir, 'dangan.sqlite'));
    db.exec('DROP TRIGGER custody_log_no_update');
    db.prepare("UPDATE custody_log SET reason = '改过' WHERE seq = 17").run();
    db.close();

    const broken = await run(process.execPath, [BIN, 'verify-log'], { env: env() }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(broken).not.toBeNull();
    expect(broken!.code).toBe(1);
    expect(broken!.stderr).toMatch(/BROKEN at seq 17 \(hash\)/);
  });

  it('refuses bad flags and bad configuration with a clear message and a non-zero exit', async () => {
    const bad = await run(process.execPath, [BIN, 'serve', '--port', 'x'], { env: env() }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad!.code).toBe(1);
    expect(bad!.stderr).toMatch(/CONFIG_INVALID.*port/s);
    const unknown = await run(process.execPath, [BIN, 'frobnicate'], { env: env() }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(unknown!.code).toBe(2);
    expect(unknown!.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
