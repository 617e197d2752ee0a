// Routes that exist only while the demo's simulated devices run: they make the simulated door scanner scan and
// carry folders through the simulated gate, so a visitor (or a test) can trigger what real hardware would.
import { z } from 'zod';
import { assertCan } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import { defineRoute } from '../http/route.js';
import type { Database } from '../store/db.js';
import type { DemoHardware } from './simulation.js';

const CodeBody = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9-]+$/),
  })
  .strict();

function demoRoute(path: string, summary: string, act: (code: string) => Promise<void>) {
  return defineRoute({
    method: 'post',
    path,
    summary: `Demo only: ${summary}`,
    tag: 'demo',
    auth: 'session',
    body: CodeBody,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ actor, body }) => {
      assertCan(actor, 'device.read');
      await act(body.code);
      return { ok: true as const };
    },
  });
}

export function demoRoutes(simulated: DemoHardware, db: Database) {
  return [
    demoRoute(
      '/demo/scan',
      'the simulated door scanner scans a code (its bytes go down the simulated serial line)',
      async (code) => simulated.scan(code),
    ),
    demoRoute(
      '/demo/gate',
      'carry a folder through the simulated door gate (a gate alarm unless it is checked out)',
      async (code) => {
        const item = (await db.knex('items').where({ barcode: code.toUpperCase() }).first('epc')) as
          { epc: string | null } | undefined;
        if (!item?.epc) throw new DanganError('ITEM_NOT_FOUND', { barcode: code });
        void simulated.passGate(item.epc);
      },
    ),
  ];
}
