// Runs one write transaction and publishes its events only after COMMIT returned (then the change is durable:
// SQLite runs with synchronous=FULL). The write lock is taken as the transaction begins, on SQLite and
// PostgreSQL alike (store/write-lock.ts). A lost optimistic-version race is retried from the start.
import type { Knex } from 'knex';
import { DanganError } from '../domain/errors.js';
import type { CustodyEntry } from '../domain/ledger.js';
import type { EventBus } from '../events.js';
import type { Database } from '../store/db.js';
import { busyCode, runWriteTransaction } from '../store/write-lock.js';

export class RetryableConflict extends Error {}

const ATTEMPTS = 3;

export interface WriteContext {
  /** The open transaction, to pass to store functions. */
  trx: Knex.Transaction;
  /** Custody entries to publish once the transaction has committed. */
  published: CustodyEntry[];
}

export async function writeTransaction<T>(
  db: Database,
  bus: EventBus | null,
  work: (ctx: WriteContext) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const published: CustodyEntry[] = [];
    let result: T;
    try {
      result = await runWriteTransaction(db, (trx) => work({ trx, published }));
    } catch (e) {
      if (e instanceof RetryableConflict) {
        if (attempt < ATTEMPTS) continue;
        throw new DanganError('CONFLICT');
      }
      throw translateDriverError(e);
    }
    // Committed: from here nothing may fail the caller (the bus isolates its listeners).
    for (const entry of published) bus?.publish('custody', entry);
    return result;
  }
}

/** Database lock timeouts become a clear, retryable error instead of a driver message. */
export function translateDriverError(e: unknown): unknown {
  const driver = busyCode(e);
  return driver === null ? e : new DanganError('DB_BUSY', { driver });
}
