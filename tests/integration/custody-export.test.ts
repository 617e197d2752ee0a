// Exporting the custody log from a real SQLite file and a real PostgreSQL database: in pages through the
// service, as `dangan export-log` run as a process, and over GET /custody/export; each export verified
// offline by `dangan verify-log --file` (no database), and damage to the file named at its seq.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyFields } from '../../server/domain/ledger.js';
import { createExportVerifier, parseSyslogLine } from '../../server/domain/ledger-export.js';
import { fixedClock } from '../../server/providers.js';
import { custodyExportLines, planCustodyExport } from '../../server/services/custody-export.js';
import { appendCustody, custodyHead } from '../../server/store/custody-log.js';
import { runWriteTransaction } from '../../server/store/write-lock.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, buildSmallArchive } from '../helpers/small-archive.js';

const ROOT = path.resolve('.');
const NASTY = 'he said "keep it" \\ and [shelf 3] ] 改过';
const EXTRA = 23; // rows appended after the small archive’s 7 registered rows; "round i" is seq 8 + i
const NASTY_SEQ = 7 + 5;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function dangan(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: out, stderr: err }));
  });
}

const entry = (itemId: number, i: number): Omit<CustodyFields, 'seq'> => ({
  at: new Date(Date.UTC(2026, 10, 26, 3, 0, i)).toISOString(),
  actorUserId: null,
  station: i % 2 ? 'kiosk-1' : null,
  action: 'seen',
  itemId,
  fromState: 'in_place',
  toState: 'in_place',
  fromLocationId: null,
  toLocationId: null,
  fromHolderId: null,
  toHolderId: null,
  reason: i === 4 ? NASTY : `round ${i}`,
  approvalRef: null,
});

function verifyText(text: string) {
  const v = createExportVerifier();
  for (const line of text.split('\n')) v.line(line);
  return v.end();
}

describe.each(DIALECTS)('custody log export on %s', { timeout: 90_000 }, (dialect) => {
  let t: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  let head: { seq: number; hash: string };
  let server: TestServer;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await buildSmallArchive(t.db);
    const item = (await t.db.knex('items').first('id')) as { id: number };
    await runWriteTransaction(t.db, (trx) =>
      appendCustody(
        trx,
        Array.from({ length: EXTRA }, (_, i) => entry(item.id, i)),
      ),
    );
    head = (await custodyHead(t.db.knex))!;
    dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-export-'));
    const config = {
      dataDir: dir,
      logLevel: 'silent',
      demo: { loadOnFirstStart: false },
      database:
        dialect === 'sqlite' ? { client: 'sqlite', filename: t.location } : { client: 'pg', url: t.location },
    };
    writeFileSync(path.join(dir, 'dangan.config.json'), JSON.stringify(config));
    env = { DANGAN_CONFIG: path.join(dir, 'dangan.config.json') };
    server = await startTestServer(t.db);
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.drop();
  });

  it('pages through the log and ends at the head, in both formats', async () => {
    expect(head.seq).toBe(7 + EXTRA);
    const clock = fixedClock('2026-12-01T00:00:00.000Z');
    for (const format of ['jsonl', 'syslog'] as const) {
      const plan = await planCustodyExport(t.db.knex, 1);
      let text = '';
      let chunks = 0;
      for await (const chunk of custodyExportLines(t.db.knex, plan, {
        format,
        hostname: 'archive-1',
        clock,
        pageSize: 4,
      })) {
        text += chunk;
        chunks += 1;
      }
      expect(chunks).toBe(Math.ceil(head.seq / 4) + 1); // one per page, then the head
      expect(verifyText(text)).toMatchObject({
        ok: true,
        rows: head.seq,
        firstSeq: 1,
        lastSeq: head.seq,
        head: { seq: head.seq, hash: head.hash, exportedAt: '2026-12-01T00:00:00.000Z' },
      });
    }
    await expect(planCustodyExport(t.db.knex, head.seq + 2)).rejects.toMatchObject({
      code: 'LOG_EXPORT_FROM_INVALID',
    });
  });

  it('`dangan export-log` writes a file that `dangan verify-log --file` verifies with no database', async () => {
    const file = path.join(dir, 'all.jsonl');
    const exported = await dangan(['export-log', '--format', 'jsonl', '--out', file], env);
    expect(exported.stderr).toContain(`exported seq 1..${head.seq}`);
    expect(exported.code).toBe(0);
    // No configuration at all: the file is everything the verifier has.
    const verified = await dangan(['verify-log', '--file', file], {
      DANGAN_CONFIG: path.join(dir, 'none.json'),
    });
    expect(verified.stdout).toContain(`verified ${head.seq} rows, seq 1..${head.seq}, head ${head.hash}`);
    expect(verified.code).toBe(0);
    const nasty = readFileSync(file, 'utf8').split('\n')[NASTY_SEQ - 1]!;
    expect(JSON.parse(nasty)).toMatchObject({ seq: NASTY_SEQ, reason: NASTY, station: null });
  });

  it('syslog on stdout from a later seq verifies on its own; a tampered reason is named at its seq', async () => {
    const from = 10;
    const exported = await dangan(['export-log', '--format', 'syslog', '--from', String(from)], env);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(head.seq - from + 2);
    const row = lines[NASTY_SEQ - from]!;
    expect(row).toMatch(/^<133>1 \S+ \S+ dangan - custody \[dangan@32473 seq="12" /);
    expect(row).toContain('reason="he said \\"keep it\\" \\\\ and [shelf 3\\] \\] 改过"');
    expect(parseSyslogLine(row)!.params.get('reason')).toBe(NASTY);
    const file = path.join(dir, 'from10.log');
    writeFileSync(file, exported.stdout);
    const ok = await dangan(['verify-log', '--file', file], {});
    expect(ok.stdout).toContain(
      `verified ${head.seq - from + 1} rows, seq ${from}..${head.seq}, head ${head.hash}`,
    );

    writeFileSync(file, exported.stdout.replace('reason="round 9"', 'reason="round 8"'));
    const tampered = await dangan(['verify-log', '--file', file], {});
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/BROKEN at seq 17 \(hash\)/);

    writeFileSync(file, lines.slice(0, -1).join('\n') + '\n');
    const truncated = await dangan(['verify-log', '--file', file], {});
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(new RegExp(`BROKEN at seq ${head.seq} \\(head\\)`));
  });

  it('refuses bad usage and an unreadable file with exit 2', async () => {
    const bad = await dangan(['export-log', '--format', 'xml'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: dangan export-log');
    expect((await dangan(['verify-log', '--file', path.join(dir, 'missing.jsonl')], {})).code).toBe(2);
    expect((await dangan(['verify-log', '--frobnicate'], {})).code).toBe(2);
    const beyond = await dangan(['export-log', '--format', 'jsonl', '--from', '9999'], env);
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toContain('LOG_EXPORT_FROM_INVALID');
  });

  it('GET /custody/export streams to gm and refuses a supervisor', async () => {
    const gm = client(server.url);
    await gm.login('gm', PASSWORD);
    const res = await fetch(`${server.url}/api/v1/custody/export?format=syslog&from=3`, {
      headers: { authorization: `Bearer ${await tokenOf('gm')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(verifyText(await res.text())).toMatchObject({ ok: true, firstSeq: 3, rows: head.seq - 2 });

    const jsonl = await fetch(`${server.url}/api/v1/custody/export`, {
      headers: { authorization: `Bearer ${await tokenOf('admin')}` },
    });
    expect(jsonl.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(verifyText(await jsonl.text())).toMatchObject({ ok: true, rows: head.seq, format: 'jsonl' });

    const beyond = await fetch(`${server.url}/api/v1/custody/export?from=9999`, {
      headers: { authorization: `Bearer ${await tokenOf('gm')}` },
    });
    expect(beyond.status).toBe(400);
    expect(await beyond.json()).toMatchObject({ code: 'LOG_EXPORT_FROM_INVALID' });

    const supervisor = client(server.url);
    await supervisor.login('supervisor', PASSWORD);
    const refused = await supervisor.get('/custody/export?format=jsonl');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  async function tokenOf(username: string): Promise<string> {
    const c = client(server.url);
    const res = await c.login(username, PASSWORD);
    return (res.body as { token: string }).token;
  }
});
