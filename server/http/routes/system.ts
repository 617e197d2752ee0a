// Health and the custody-log check.
import { z } from 'zod';
import { assertCan } from '../../domain/access.js';
import type { Database } from '../../store/db.js';
import { pendingMigrations } from '../../store/db.js';
import { verifyCustodyLog } from '../../store/custody-log.js';
import { defineRoute } from '../route.js';

export function systemRoutes(db: Database, version: string, isDemo: () => Promise<boolean>) {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness: the server answers and its database is reachable and migrated',
      tag: 'system',
      auth: 'public',
      response: z
        .object({
          status: z.literal('ok'),
          version: z.string(),
          demo: z.boolean(),
          database: z.object({ client: z.string(), pendingMigrations: z.number().int() }),
        })
        .openapi('Health'),
      handler: async () => ({
        status: 'ok' as const,
        version,
        demo: await isDemo(),
        database: { client: db.dialect, pendingMigrations: await pendingMigrations(db) },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/ledger/verify',
      summary: 'Recompute the custody log’s hash chain and name the first bad row',
      tag: 'system',
      auth: 'session',
      response: z
        .object({
          ok: z.boolean(),
          rows: z.number().int(),
          lastSeq: z.number().int(),
          firstBad: z.object({ seq: z.number().int(), problem: z.string() }).optional(),
        })
        .openapi('LedgerVerification'),
      handler: async ({ actor }) => {
        assertCan(actor, 'ledger.verify');
        return verifyCustodyLog(db.knex);
      },
    }),
  ];
}
