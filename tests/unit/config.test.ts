import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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
    expect(problems.join('\n')).toMatch(/port from DANGAN_PORT: must be an integer .*got "eighty"/);
    expect(problems.join('\n')).toMatch(
      /security\.dataKey from DANGAN_DATA_KEY: must be 64 hexadecimal characters, got a value of 5 characters/,
    );
    // The key's value itself is never echoed.
    expect(problems.join('\n')).not.toContain('short');
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

  const fileWith = (content: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-cfg-'));
    writeFileSync(path.join(dir, 'dangan.config.json'), content);
    return dir;
  };
  const refusal = (content: string) => {
    try {
      loadConfig({ env: {}, cwd: fileWith(content) });
    } catch (e) {
      expect((e as DanganError).code).toBe('CONFIG_INVALID');
      return (e as DanganError).messages;
    }
    throw new Error(`accepted: ${content}`);
  };

  it.each([
    ['null', 'null'],
    ['false', 'false'],
    ['""', '""'],
    ['[8343]', '[8343]'],
    ['"0x2090"', '"0x2090"'],
    ['"8080"', '"8080"'],
    ['8080.5', '8080.5'],
    ['65536', '65536'],
    ['-1', '-1'],
  ])('refuses "port": %s in the file, quoting it in English and Chinese', (json, quoted) => {
    const { en, zh } = refusal(`{ "port": ${json} }`);
    expect(en).toContain(`port in config file dangan.config.json: must be an integer from 0 to 65535`);
    expect(en).toContain(`got ${quoted}`);
    expect(zh).toContain('port（来自配置文件 dangan.config.json）：须为 0 到 65535 的整数');
    expect(zh).toContain(`实际为 ${quoted}`);
  });

  it('takes DANGAN_PORT and --port as decimal digits only', () => {
    expect(loadConfig({ env: { DANGAN_PORT: '8343' } }).port).toBe(8343);
    expect(loadConfig({ env: {}, flags: { port: '0' } }).port).toBe(0);
    for (const bad of ['0x2090', ' 80', '1e3', '-1', '8080.0', '65536']) {
      expect(problemsOf(() => loadConfig({ env: { DANGAN_PORT: bad } })).join()).toContain(
        `port from DANGAN_PORT: must be an integer from 0 to 65535`,
      );
      expect(problemsOf(() => loadConfig({ env: {}, flags: { port: bad } })).join()).toContain(
        `port from --port: must be an integer from 0 to 65535 (a JSON number; in DANGAN_PORT or --port, decimal digits only), got ${bad === '65536' ? bad : JSON.stringify(bad)}`,
      );
    }
  });

  it('refuses a file that is not one JSON object', () => {
    for (const content of ['[]', 'null', '8080', '"x"']) {
      const { en, zh } = refusal(content);
      expect(en).toMatch(/dangan\.config\.json .*must hold one JSON object/);
      expect(en).toContain(`got ${content}`);
      expect(zh).toContain('须为一个 JSON 对象');
    }
  });

  it('refuses numbers given as strings, arrays or booleans elsewhere too', () => {
    const { en } = refusal('{ "demo": { "households": "600" }, "security": { "sessionHours": [12] } }');
    expect(en).toContain('demo.households in config file dangan.config.json: must be a number, got "600"');
    expect(en).toContain(
      'security.sessionHours in config file dangan.config.json: must be a number, got [12]',
    );
  });

  it('refuses a printer port or copies given as a string or an array', () => {
    const { en } = refusal(
      JSON.stringify({
        printers: [
          { name: 'z', transport: { type: 'tcp', host: 'p', port: [9100] }, language: 'zpl', copies: '2' },
        ],
      }),
    );
    expect(en).toContain(
      'printers.0.transport.port in config file dangan.config.json: must be a number, got [9100]',
    );
    expect(en).toContain('printers.0.copies in config file dangan.config.json: must be a number, got "2"');
  });

  it('names unknown keys in both languages', () => {
    const { en, zh } = refusal('{ "prot": 8080, "security": { "dataKeys": "x" } }');
    expect(en).toContain('prot in config file dangan.config.json: unknown setting');
    expect(en).toContain('security.dataKeys in config file dangan.config.json: unknown setting');
    expect(zh).toContain('prot（来自配置文件 dangan.config.json）：未知的配置项');
  });

  it('drops "//" comment keys at any depth of the file', () => {
    const dir = fileWith(
      JSON.stringify({ '//': 'a note', port: 9001, stations: [{ '//': 'door', id: 'k-1', name: 'Door' }] }),
    );
    const c = loadConfig({ env: {}, cwd: dir });
    expect(c.port).toBe(9001);
    expect(c.stations).toEqual([{ id: 'k-1', name: 'Door' }]);
  });

  it('the example configuration at the repository root loads and validates', () => {
    expect(readdirSync('.')).toContain('dangan.config.example.json');
    const c = loadConfig({ env: { DANGAN_CONFIG: path.resolve('dangan.config.example.json') } });
    const kinds = c.hardware.devices.map((d) => `${d.protocol}/${d.role}`).sort();
    expect(kinds).toEqual(
      ['barcode/kiosk-scanner', 'chafon/cabinet-reader', 'r2000/gate-reader', 'raw/label-printer'].sort(),
    );
    expect(c.printers.map((p) => p.transport.type).sort()).toEqual(['browser', 'serial', 'spool', 'tcp']);
    expect(c.stations.length).toBeGreaterThan(1);
  });
});
