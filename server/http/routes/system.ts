// Health, the custody-log check and the custody-log export.
import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { assertCan } from '../../domain/access.js';
import type { Database } from '../../store/db.js';
import { pendingMigrations } from '../../store/db.js';
import { verifyCustodyLog } from '../../store/custody-log.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../domain/ledger-export.js';
import type { Clock } from '../../providers.js';
import { custodyExportLines, planCustodyExport } from '../../services/custody-export.js';
import { defineRoute } from '../route.js';
import { decimalInteger } from '../schemas.js';

const EXPORT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  syslog: 'text/plain; charset=utf-8',
};

export function systemRoutes(db: Database, version: string, isDemo: () => Promise<boolean>, clock: Clock) {
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
    defineRoute({
      method: 'get',
      path: '/custody/export',
      summary:
        'The custody log as JSON lines or RFC 5424 syslog, ending in a head trailer (streamed; verify offline with `dangan verify-log --file`)',
      tag: 'system',
      auth: 'session',
      query: z
        .object({
          format: z.enum(EXPORT_FORMATS as [ExportFormat, ...ExportFormat[]]).default('jsonl'),
          from: decimalInteger(1).optional(),
        })
        .strict(),
      response: z.string().openapi({ description: 'One row per line, the head trailer last' }),
      // The route streams its answer itself (mountRoutes sends nothing once headers are sent).
      handler: async ({ actor, query, res }) => {
        assertCan(actor, 'custody.export');
        const format = query.format as ExportFormat;
        // Planned before the first byte, so a bad `from` is still a JSON error.
        const plan = await planCustodyExport(db.knex, query.from === undefined ? 1 : Number(query.from));
        res.status(200);
        res.setHeader('content-type', EXPORT_TYPES[format]);
        res.setHeader(
          'content-disposition',
          `attachment; filename="custody-${plan.from}-${plan.upTo}.${format === 'jsonl' ? 'jsonl' : 'log'}"`,
        );
        res.setHeader('cache-control', 'no-store');
        const lines = custodyExportLines(db.knex, plan, { format, hostname: os.hostname(), clock });
        // pipeline waits for the client (backpressure) and stops reading the log if it goes away.
        await pipeline(Readable.from(lines), res).catch((e: unknown) => {
          if (!res.headersSent) throw e;
          res.destroy();
        });
        return '';
      },
    }),
  ];
}
