// Fresh databases for store tests: a real SQLite file in a temp directory and a real PostgreSQL database
// created for the test on the local server (127.0.0.1:5432, trust auth), dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, openDatabase, type Database, type Dialect } from '../../server/store/db.js';

export const DIALECTS: Dialect[] = ['sqlite', 'pg'];

const PG_ADMIN = process.env.DANGAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  /** The SQLite file or PostgreSQL URL, to open a second connection. */
  location: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: Dialect, { migrated = true } = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-test-'));
    const filename = path.join(dir, 'dangan.sqlite');
    const db = openDatabase({ client: 'sqlite', filename });
    if (migrated) await migrate(db);
    return {
      db,
      location: filename,
      drop: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `dangan_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const db = openDatabase({ client: 'pg', url: url.toString(), poolMax: 5 });
  if (migrated) await migrate(db);
  return {
    db,
    location: url.toString(),
    drop: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: PG_ADMIN });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
