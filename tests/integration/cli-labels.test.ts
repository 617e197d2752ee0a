// `dangan label` and `dangan print` as real processes against a SQLite file and a PostgreSQL database
// named by a config file: ZPL on stdout, a PDF whose Chinese text pdftotext reads back, binary-safe PNG on
// stdout, clear failures with exit code 1, and prints recorded like the web's.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/providers.js';
import { createPrintingService } from '../../server/services/printing.js';
import { verifyCustodyLog } from '../../server/store/custody-log.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve('.');

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function dangan(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}

describe.each(DIALECTS)('dangan label and dangan print on %s', { timeout: 90_000 }, (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let dir: string;
  let env: Record<string, string>;
  const spool = () => path.join(dir, 'spool');

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-cli-labels-'));
    const config = {
      dataDir: dir,
      logLevel: 'silent',
      demo: { loadOnFirstStart: false },
      database:
        dialect === 'sqlite' ? { client: 'sqlite', filename: t.location } : { client: 'pg', url: t.location },
      printers: [
        { name: 'spool', transport: { type: 'spool', dir: path.join(dir, 'spool') }, language: 'zpl' },
      ],
    };
    writeFileSync(path.join(dir, 'dangan.config.json'), JSON.stringify(config));
    env = { DANGAN_CONFIG: path.join(dir, 'dangan.config.json') };
  });

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.drop();
  });

  it('`dangan label folder F000000001 --format zpl` writes the ZPL job to stdout', async () => {
    const run = await dangan(['label', 'folder', a.items.c1, '--format', 'zpl'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const zpl = run.stdout.toString('utf8');
    expect(zpl.startsWith('^XA\n^CI28\n')).toBe(true);
    expect(zpl).toContain('^FDHY-3-2-1502^FS');
    expect(zpl).toContain('^FD华苑 3栋2单元1502^FS');
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
  });

  it('`--format pdf --out x.pdf` writes a PDF whose Chinese text pdftotext reads back', async () => {
    const out = path.join(dir, 'x.pdf');
    const run = await dangan(
      ['label', 'folder', a.items.c1, a.items.b1, '--format', 'pdf', '--out', out],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout.toString()).toContain(`wrote 2 folder labels as pdf`);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const { stdout: text } = await execFileAsync('pdftotext', ['-layout', out, '-']);
    for (const s of [
      'HY-3-2-1502',
      '华苑 3栋2单元1502',
      'A类 销售签约办证入伙',
      'C 秘密',
      'B 机密',
      '永久',
      'F000000001',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('writes PNG to stdout byte for byte (binary-safe)', async () => {
    const run = await dangan(['label', 'folder', a.items.c1, '--format', 'png', '--dpi', '203'], env);
    expect(run.code).toBe(0);
    const printing = createPrintingService({ db: t.db, bus: null, clock: systemClock, printers: [] });
    const expected = await printing.preview(
      { actor: null, station: 'test' },
      { kind: 'items', items: [a.items.c1] },
      'folder',
      'png',
      { dpi: 203 },
    );
    expect(run.stdout.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(run.stdout.equals(expected.bytes)).toBe(true);
  });

  it('renders location labels by code and badges by number', async () => {
    const [shelf, badge] = await Promise.all([
      dangan(['label', 'shelf', 'R1-C01-S2', '--format', 'svg'], env),
      dangan(['label', 'badge', a.badges.archivist!, '--format', 'html'], env),
    ]);
    expect(shelf.code).toBe(0);
    expect(shelf.stdout.toString('utf8')).toContain('1号档案柜 第2层');
    expect(badge.code).toBe(0);
    expect(badge.stdout.toString('utf8')).toContain('@page { size: 86mm 54mm; margin: 0 }');
  });

  it('exits 1 with a clear message for a bad id, template, format or printer', async () => {
    // Independent processes: run them side by side.
    const [badId, badTemplate, badFormat, badPrinter, boxAsFolder] = await Promise.all([
      dangan(['label', 'folder', 'F999999999', '--format', 'zpl'], env),
      dangan(['label', 'poster', a.items.c1, '--format', 'zpl'], env),
      dangan(['label', 'folder', a.items.c1, '--format', 'bmp'], env),
      dangan(['print', 'folder', a.items.c1, '--printer', 'nope'], env),
      dangan(['label', 'folder', a.items.box, '--format', 'zpl'], env),
    ]);
    expect(badId.code).toBe(1);
    expect(badId.stdout.length).toBe(0);
    expect(badId.stderr).toContain('ITEM_NOT_FOUND: No such item: F999999999');
    expect(badTemplate.code).toBe(1);
    expect(badTemplate.stderr).toContain(
      'LABEL_TEMPLATE_UNKNOWN: Unknown label template: poster (use folder, spine',
    );
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toContain('unknown format bmp');
    expect(badPrinter.code).toBe(1);
    expect(badPrinter.stderr).toContain('PRINTER_UNKNOWN: No printer named nope (configured: spool)');
    expect(boxAsFolder.code).toBe(1);
    expect(boxAsFolder.stderr).toContain('LABEL_SELECTION_MISMATCH');
  });

  it('`dangan print` sends the job and records it; a reprint needs --reason and is logged as relabel', async () => {
    const first = await dangan(['print', 'folder', a.items.c3, '--printer', 'spool'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.toString()).toMatch(
      /^printed 1 folder label on spool \(zpl, \d+ bytes, job-\S+\): F000000003 first/,
    );
    const files = readdirSync(spool());
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(spool(), files[0]!), 'utf8')).toContain('^CI28');
    const row = await t.db.knex('label_prints').where({ code: a.items.c3 }).first();
    expect(row).toMatchObject({ kind: 'first', actor_user_id: null, printer: 'spool' });
    expect(row.station).toMatch(/^cli:/);

    const again = await dangan(['print', 'folder', a.items.c3, '--printer', 'spool'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('REPRINT_REASON_REQUIRED');
    expect(readdirSync(spool())).toHaveLength(1);

    const reprint = await dangan(
      ['print', 'folder', a.items.c3, '--printer', 'spool', '--reason', '标签被水浸', '--user', 'archivist'],
      env,
    );
    expect(reprint.code).toBe(0);
    expect(reprint.stdout.toString()).toMatch(/F000000003 reprint \(custody #\d+\)/);
    const relabel = await t.db.knex('custody_log').where({ action: 'relabel' }).first();
    expect(relabel).toMatchObject({ reason: 'reprint: 标签被水浸', actor_user_id: a.users.archivist });
    expect(await verifyCustodyLog(t.db.knex)).toMatchObject({ ok: true });
    expect(readdirSync(spool())).toHaveLength(2);

    const staff = await dangan(['print', 'folder', a.items.c1, '--printer', 'spool', '--user', 'staff'], env);
    expect(staff.code).toBe(1);
    expect(staff.stderr).toContain('FORBIDDEN');
    expect(existsSync(spool())).toBe(true);
    expect(readdirSync(spool())).toHaveLength(2);
  });
});
