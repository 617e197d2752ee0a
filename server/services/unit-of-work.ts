// Runs one write transaction and publishes its events only after COMMIT returned (then the change is durable:
// SQLite runs with synchronous=FULL). A lost optimistic-version race is retried once from the start.
import type { Knex } from 'knex';
import { DanganError } from '../domain/errors.js';
import type { CustodyEntry } from '../domain/ledger.js';
import type { EventBus } from '../events.js';
import type { Database } from '../store/db.js';

export class RetryableConflict extends Error {}

export interface WriteContext {
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
    try {
      const result = await db.knex.transaction((trx) => work({ trx, published }));
      for (const entry of published) bus?.publish('custody', entry);
      return result;
    } catch (e) {
      if (e instanceof RetryableConflict) {
        if (attempt < 3) continue;
        throw new DanganError('CONFLICT');
      }
      throw translateDriverError(e);
    }
  }
}

/** Database lock timeouts become a clear, retryable error instead of a driver message. */
export function translateDriverError(e: unknown): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '55P03' || code === '40P01') {
    return new DanganError('DB_BUSY', { driver: code });
  }
  return e;
}
