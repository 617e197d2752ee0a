import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, sqlitePath } from '../../server/config.js';
import { DanganError } from '../../server/domain/errors.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DanganError);
    expect((e as DanganError).code).toBe('CONFIG_INVALID');
    return ((e as DanganError).details as { problems: string[] }).problems;
  }
  throw new Error('config was accepted');
}

describe('configuration', () => {
  it('defaults to an embedded SQLite file under ./data on port 8080 with the demo on first start', () => {
    const c = loadConfig({ env: {}, cwd: '/srv/dangan' });
    expect(c.port).toBe(8080);
    expect(c.database.client).toBe('sqlite');
    expect(sqlitePath(c)).toBe('/srv/dangan/data/dangan.sqlite');
    expect(c.demo.loadOnFirstStart).toBe(true);
    expect(c.security.secureCookies).toBe(false);
  });

  it('keeps the data key file outside dataDir by default, in the user configuration directory', () => {
    const home = loadConfig({ env: { HOME: '/home/archivist' }, cwd: '/srv/dangan' });
    expect(home.security.keyFile).toBe('/home/archivist/.config/dangan/data.key');
    expect(home.security.keyFile!.startsWith(`${home.dataDir}/`)).toBe(false);
    const xdg = loadConfig({ env: { HOME: '/home/archivist', XDG_CONFIG_HOME: '/etc/xdg-a' }, cwd: '/srv' });
    expect(xdg.security.keyFile).toBe('/etc/xdg-a/dangan/data.key');
    // A relative XDG_CONFIG_HOME is invalid by the spec and ignored; DANGAN_KEY_FILE is relative to the cwd.
    expect(loadConfig({ env: { HOME: '/h', XDG_CONFIG_HOME: 'cfg' } }).security.keyFile).toBe(
      '/h/.config/dangan/data.key',
    );
    expect(
      loadConfig({ env: { HOME: '/h', DANGAN_KEY_FILE: 'keys/dangan.key' }, cwd: '/srv/dangan' }).security
        .keyFile,
    ).toBe('/srv/dangan/keys/dangan.key');
  });

  it('reads the environment and a JSON file, the environment winning', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-cfg-'));
    writeFileSync(
      path.join(dir, 'dangan.config.json'),
      JSON.stringify({ port: 9000, policy: { loanDays: { C: 14 } } }),
    );
    const c = loadConfig({
      env: {
        DANGAN_PORT: '9100',
        DANGAN_DEMO: 'false',
        DANGAN_ALLOWED_ORIGINS: 'http://a.test, http://b.test',
      },
      cwd: dir,
    });
    expect(c.port).toBe(9100);
    expect(c.demo.loadOnFirstStart).toBe(false);
    expect(c.policy.loanDays).toEqual({ C: 14, B: 3, A: 1 });
    expect(c.security.allowedOrigins).toEqual(['http://a.test', 'http://b.test']);
  });

  it('names each bad value and where it came from', () => {
    const problems = problemsOf(() =>
      loadConfig({
        env: { DANGAN_PORT: 'eighty', DANGAN_DB_CLIENT: 'pg', DANGAN_DATA_KEY: 'short' },
        cwd: '/tmp',
      }),
    );
    expect(problems.join('\n')).toMatch(/port \(or DANGAN_PORT\)/);
    expect(problems.join('\n')).toMatch(
      /security\.dataKey \(or DANGAN_DATA_KEY\): must be 64 hexadecimal characters/,
    );
    expect(problems.join('\n')).toMatch(/database\.url \(DANGAN_DB_URL\) is required/);
  });

  it('refuses unknown keys (a typo must not be silently ignored)', () => {
    expect(problemsOf(() => loadConfig({ env: {}, overrides: { prot: 8080 } })).join()).toMatch(/prot/);
    expect(
      problemsOf(() => loadConfig({ env: {}, overrides: { policy: { approvalFromLevel: 'Z' } } })).join(),
    ).toMatch(/policy\.approvalFromLevel/);
  });

  it('reports a config file that is not JSON', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-cfg-'));
    writeFileSync(path.join(dir, 'broken.json'), '{ port: ');
    expect(problemsOf(() => loadConfig({ env: { DANGAN_CONFIG: 'broken.json' }, cwd: dir })).join()).toMatch(
      /config file broken\.json/,
    );
  });
});
