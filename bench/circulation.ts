// Circulation throughput on a real SQLite file (and PostgreSQL when reachable), next to the machine's own
// ceiling: better-sqlite3 committing one row per BEGIN IMMEDIATE transaction with WAL + synchronous=FULL.
// Prints one JSON object. Usage: tsx bench/circulation.ts [--ops 1000] [--pg postgres://…/test]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { systemClock } from '../server/providers.js';
import { createCirculationService } from '../server/services/circulation.js';
import { openDatabase, type Database } from '../server/store/db.js';
import { generateInto } from './demo-archive.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '1000' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const OPS = Number(values.ops);
const policy = {
  loanDays: { C: 7, B: 3, A: 1 },
  approvalFromLevel: 'B' as const,
  blockLoansWhileOverdue: false,
  unrecordedRemovalHours: 24,
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

function rawSqliteCeiling(dir: string, n: number) {
  const db = new Sqlite(path.join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, item INTEGER, state TEXT, at TEXT, hash TEXT)');
  const insert = db.prepare('INSERT INTO t (item, state, at, hash) VALUES (?, ?, ?, ?)');
  const one = db.transaction((i: number) => insert.run(i, 'out', new Date().toISOString(), 'x'.repeat(64)));
  const start = performance.now();
  for (let i = 0; i < n; i++) one.immediate(i);
  const ms = performance.now() - start;
  db.close();
  return { transactionsPerSecond: round((n / ms) * 1000, 0) };
}

async function circulationOn(db: Database, label: string) {
  await generateInto(db, Math.max(600, Math.ceil(OPS / 2)), 'ab'.repeat(32));
  const archivist = (await db.knex('users').where({ username: 'archivist' }).first('id')) as { id: number };
  const actor = {
    userId: archivist.id,
    role: 'archivist' as const,
    departmentId: null,
    estateIds: 'all' as const,
  };
  const barcodes = (
    (await db
      .knex('items as i')
      .join('dossiers as d', 'd.id', 'i.dossier_id')
      .where({ 'i.state': 'in_place', 'd.confidentiality': 'C', 'i.kind': 'folder' })
      .orderBy('i.id')
      .limit(OPS + 50 * 20)
      .select('i.barcode')) as Array<{ barcode: string }>
  ).map((r) => r.barcode);
  const circulation = createCirculationService({ db, bus: null, clock: systemClock, policy });

  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < OPS; i++) {
    const t0 = performance.now();
    if (i % 2 === 0)
      await circulation.checkOut({ actor }, { item: { barcode: barcodes[i >> 1]! }, purpose: 'bench' });
    else await circulation.checkIn({ actor }, { item: { barcode: barcodes[i >> 1]! }, inspection: 'intact' });
    latencies.push(performance.now() - t0);
  }
  const ms = performance.now() - start;
  latencies.sort((a, b) => a - b);

  const batchItems = barcodes.slice(OPS, OPS + 50 * 20);
  const batchStart = performance.now();
  for (let b = 0; b < 20; b++) {
    await circulation.checkOutMany(
      { actor },
      batchItems.slice(b * 50, b * 50 + 50).map((barcode) => ({ item: { barcode }, purpose: 'bench batch' })),
    );
  }
  const batchMs = performance.now() - batchStart;
  return {
    database: label,
    singleOperations: OPS,
    operationsPerSecond: round((OPS / ms) * 1000, 0),
    latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
    batchCheckOut: {
      itemsPerTransaction: 50,
      itemsPerSecond: round((batchItems.length / batchMs) * 1000, 0),
    },
  };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-bench-'));
const results: Record<string, unknown> = {
  benchmark: 'circulation',
  machine: { cpus: os.cpus().length, node: process.version },
};
try {
  results.rawSqliteCeiling = rawSqliteCeiling(dir, 3000);
  const sqlite = openDatabase({ client: 'sqlite', filename: path.join(dir, 'dangan.sqlite') });
  results.sqlite = await circulationOn(sqlite, 'sqlite');
  await sqlite.close();

  const name = `dangan_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: values.pg });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(values.pg!);
    url.pathname = `/${name}`;
    const pgdb = openDatabase({ client: 'pg', url: url.toString() });
    try {
      results.postgresql = await circulationOn(pgdb, 'postgresql');
    } finally {
      await pgdb.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } catch (e) {
    results.postgresql = { skipped: `PostgreSQL not reachable: ${(e as Error).message}` };
  } finally {
    await admin.end().catch(() => undefined);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(results, null, 2));
