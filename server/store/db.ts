// Opens the database (SQLite by default, PostgreSQL for large sites), applies the connection settings the
// archive depends on, and runs migrations.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Config } from '../config.js';
import { sqlitePath } from '../config.js';
import { migrationSource } from '../../migrations/index.js';
import { DanganError } from '../domain/errors.js';
import { PRIVATE_DIR_MODE, securePrivateSqliteFiles } from './data-dir.js';
import { ImmediateSqliteClient } from './sqlite-client.js';

// PostgreSQL returns BIGINT and NUMERIC as strings; ours fit in a double (seq, counts, areas).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Dialect = 'sqlite' | 'pg';

/** What repositories run their SQL on: the database itself (reads) or a use case's open transaction. */
export type Queryable = Knex | Knex.Transaction;

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** Where the data lives, for logs and /health (never includes a password). */
  describe: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  client: Dialect;
  /** SQLite file path (absolute). */
  filename?: string;
  /** PostgreSQL connection string. */
  url?: string;
  busyTimeoutMs?: number;
  poolMax?: number;
}

export function databaseOptions(config: Config): DatabaseOptions {
  return config.database.client === 'pg'
    ? { client: 'pg', url: config.database.url, poolMax: config.database.poolMax }
    : { client: 'sqlite', filename: sqlitePath(config), busyTimeoutMs: config.database.busyTimeoutMs };
}

export function openDatabase(options: DatabaseOptions): Database {
  if (options.client === 'pg') {
    const knex = knexFactory({
      client: 'pg',
      connection: options.url,
      pool: { min: 0, max: options.poolMax ?? 10 },
    });
    const url = new URL(options.url ?? 'postgres://localhost');
    return {
      knex,
      dialect: 'pg',
      describe: `postgresql://${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => knex.destroy(),
    };
  }
  const filename = options.filename ?? ':memory:';
  if (filename !== ':memory:') {
    // A directory made here is private; an existing one is left as it is (it may be shared, e.g. /var/lib).
    mkdirSync(path.dirname(filename), { recursive: true, mode: PRIVATE_DIR_MODE });
    securePrivateSqliteFiles(filename);
  }
  const busy = options.busyTimeoutMs ?? 5000;
  const knex = knexFactory({
    client: ImmediateSqliteClient as unknown as typeof Knex.Client,
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite has one writer, and better-sqlite3 is synchronous, so a pool buys nothing.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) => {
        try {
          conn.pragma('journal_mode = WAL');
          conn.pragma('synchronous = FULL');
          conn.pragma('foreign_keys = ON');
          conn.pragma(`busy_timeout = ${busy}`);
          done(null, conn);
        } catch (e) {
          done(e as Error, conn);
        }
      },
    },
  });
  return { knex, dialect: 'sqlite', describe: `sqlite:${filename}`, close: () => knex.destroy() };
}

interface SqliteConnection {
  pragma(sql: string): unknown;
}

/**
 * Refuses a database that a newer build migrated: knex_migrations names a migration this build does not know,
 * so its schema may hold what this code would misread or overwrite.
 */
export async function refuseNewerDatabase(db: Database): Promise<void> {
  if (!(await db.knex.schema.hasTable('knex_migrations'))) return;
  const known = new Set(
    (await migrationSource.getMigrations([])).map((m) => migrationSource.getMigrationName(m)),
  );
  const rows = (await db.knex('knex_migrations').select('name').orderBy('id')) as Array<{ name: string }>;
  const unknown = rows.map((r) => r.name).filter((name) => !known.has(name));
  if (unknown.length === 0) return;
  const list = unknown.join(', ');
  throw new DanganError(
    'DATABASE_NEWER',
    { database: db.describe, unknownMigrations: unknown },
    {
      en:
        `${db.describe} was migrated by a newer Dangan: this build does not know the migration(s) ${list}. ` +
        `Run the version that migrated it (or newer); nothing was changed.`,
      zh:
        `${db.describe} 已由更新版本的 Dangan 迁移：本版本不认识迁移 ${list}。` +
        `请使用迁移它的版本（或更新版本）；数据库未被改动。`,
    },
  );
}

export async function migrate(db: Database): Promise<string[]> {
  await refuseNewerDatabase(db);
  const [, applied] = (await db.knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

export async function pendingMigrations(db: Database): Promise<number> {
  const [, pending] = (await db.knex.migrate.list({ migrationSource })) as [unknown[], unknown[]];
  return pending.length;
}
