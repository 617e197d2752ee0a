// The archive's one write lock, taken as the first statement of every write transaction. SQLite takes it
// with BEGIN IMMEDIATE (sqlite-client.ts); PostgreSQL with a transaction-scoped advisory lock. Taking the
// lock before any row is read or locked means writers queue instead of deadlocking, counts read under it
// (shelf capacity, the next 档号, the last custody seq) stay true until COMMIT, and seq stays gapless.
import type { Knex } from 'knex';
import type { Database, Dialect } from './db.js';

// Any constant works: it only has to be the same for every writer.
const PG_WRITE_LOCK = 0x64616e67; // 'dang'

const locked = new WeakSet<Knex.Transaction>();

/** Takes the write lock in a transaction that has not read or written anything yet. */
export async function beginWrite(trx: Knex.Transaction, dialect: Dialect): Promise<void> {
  if (dialect === 'pg') await trx.raw('SELECT pg_advisory_xact_lock(?)', [PG_WRITE_LOCK]);
  locked.add(trx);
}

/** Whether `trx` began with `beginWrite` (the custody log appends only under the lock). */
export function holdsWriteLock(trx: Knex.Transaction): boolean {
  return locked.has(trx);
}

/** Runs `work` in one transaction that holds the write lock from its first statement to COMMIT. */
export function runWriteTransaction<T>(
  db: Database,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return db.knex.transaction(async (trx) => {
    await beginWrite(trx, db.dialect);
    return work(trx);
  });
}

/** The driver's code when the database gave up waiting for a lock or broke a deadlock, else null. */
export function busyCode(e: unknown): string | null {
  const code = (e as { code?: string } | null)?.code;
  const busy = ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', '55P03', '40P01'];
  return code !== undefined && busy.includes(code) ? code : null;
}
