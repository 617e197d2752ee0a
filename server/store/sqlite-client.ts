// A knex client for better-sqlite3 whose transactions start with `BEGIN IMMEDIATE`: the write lock is taken
// up front, so two writers queue on busy_timeout instead of deadlocking when a deferred transaction tries
// to upgrade from reading to writing (knex's own client sends a plain `BEGIN`).
import { createRequire } from 'node:module';
import type { Knex } from 'knex';

const require = createRequire(import.meta.url);
// knex has no typed export for dialect classes; these are its own files (knex 3.x).
const ClientBetterSqlite3 = require('knex/lib/dialects/better-sqlite3/index.js') as new (
  config: Knex.Config,
) => object;
const TransactionSqlite = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as new (
  ...args: unknown[]
) => { query(conn: unknown, sql: string): Promise<unknown> };

class ImmediateTransaction extends TransactionSqlite {
  begin(conn: unknown) {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }
}

export class ImmediateSqliteClient extends ClientBetterSqlite3 {
  transaction(...args: unknown[]) {
    return new ImmediateTransaction(this, ...args);
  }
}
