// Routes that exist only while the demo's simulated devices run.
import { z } from 'zod';
import { assertCan } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import type { Database } from '../store/db.js';
import { defineRoute } from '../http/route.js';
import type { DemoHardware } from './simulation.js';

export function demoRoutes(simulated: DemoHardware, db: Database) {
  return [
    defineRoute({
      method: 'post',
      path: '/demo/scan',
      summary:
        'Demo only: make the simulated door scanner scan a code (its bytes go down the simulated serial line)',
      tag: 'demo',
      auth: 'session',
      body: z
        .object({
          code: z
            .string()
            .trim()
            .min(1)
            .max(64)
            .regex(/^[A-Za-z0-9-]+$/),
        })
        .strict(),
      response: z.object({ ok: z.literal(true) }),
      handler: async ({ actor, body }) => {
        assertCan(actor, 'device.read');
        simulated.scan(body.code);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/demo/gate',
      summary:
        'Demo only: carry a folder through the simulated door gate (a gate alarm unless it is checked out)',
      tag: 'demo',
      auth: 'session',
      body: z
        .object({
          code: z
            .string()
            .trim()
            .min(1)
            .max(64)
            .regex(/^[A-Za-z0-9-]+$/),
        })
        .strict(),
      response: z.object({ ok: z.literal(true) }),
      handler: async ({ actor, body }) => {
        assertCan(actor, 'device.read');
        const item = (await db.knex('items').where({ barcode: body.code.toUpperCase() }).first('epc')) as
          { epc: string | null } | undefined;
        if (!item?.epc) throw new DanganError('ITEM_NOT_FOUND', { barcode: body.code });
        void simulated.passGate(item.epc);
        return { ok: true as const };
      },
    }),
  ];
}
