// Every route of the OpenAPI document, called as nobody, as a paired station and as every role, against
// the table of who may do what (security-table.ts). Deny by default: a route without a row fails, and so
// does a row without a route. Then every state-changing route is tried from a forged Origin.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../server/domain/vocabulary.js';
import { appendCustody } from '../../server/store/custody-log.js';
import { runWriteTransaction } from '../../server/store/write-lock.js';
import { createFieldCipher } from '../../server/store/secrets.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { DATA_KEY, PASSWORD, buildArchive, type Archive, type UserKey } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  NON_ROLE_CALLERS,
  OWN_PURPOSES,
  REQUESTS,
  parseMatrix,
  renderMatrix,
  type Call,
  type Cell,
  type Fixture,
  type OwnPurpose,
  type Row,
} from './security-table.js';

const STATION = 'kiosk-1';
const SPARE_STATION = 'kiosk-2';
const FORGED_ORIGIN = 'http://evil.example';
/**
 * The fixture's user for each role (the staff member serves 华苑, where the test's records are). A role the
 * fixture does not know gets a user of its own, so a new role needs only its column in the table.
 */
const FIXTURE_USER_OF_ROLE: Record<string, UserKey> = {
  staff: 'staffHy',
  archivist: 'archivist',
  supervisor: 'supervisor',
  gm: 'gm',
  legal: 'legal',
  admin: 'admin',
};
const T0 = '2026-11-25T02:00:00.000Z';
const CONCURRENCY = 6;

interface Outcome {
  status: number;
  code: string | null;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}

describe('security matrix: every route as every caller', () => {
  const matrix = parseMatrix();
  let t: TestDatabase;
  let archive: Archive;
  let server: TestServer;
  let fx: Fixture;
  /** Request headers that carry each caller's credential. */
  const credentials = new Map<string, Record<string, string>>();

  const send = async (call: Call, method: string, headers: Record<string, string>): Promise<Outcome> => {
    const res = await fetch(`${server.url}/api/v1${call.url}`, {
      method,
      headers: {
        origin: server.url,
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    const text = await res.text();
    let code: string | null = null;
    try {
      code = (JSON.parse(text) as { code?: string }).code ?? null;
    } catch {
      // Not JSON (a rendered label): no error code.
    }
    return { status: res.status, code };
  };

  const usernameOf = (role: string) => FIXTURE_USER_OF_ROLE[role]?.toLowerCase() ?? `${role}-user`;
  const login = async (role: string): Promise<string> => {
    const user = usernameOf(role);
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: user, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    archive = await buildArchive(t.db, createFieldCipher(DATA_KEY));
    const k = t.db.knex;

    // Two shelves without a capacity limit, and for every caller its own folders to borrow, move and lose.
    const shelf = async (code: string) => {
      const [row] = (await k('locations')
        .insert({ kind: 'shelf', parent_id: archive.locations.cabinet, code, name: '测试层' })
        .returning('id')) as Array<{ id: number }>;
      return Number(row!.id);
    };
    const shelves: [number, number] = [await shelf('R1-C01-8'), await shelf('R1-C01-9')];
    const callers = matrix.callers;
    const barcode = (purpose: OwnPurpose, caller: string) =>
      `F7${OWN_PURPOSES.indexOf(purpose)}${String(callers.indexOf(caller)).padStart(7, '0')}`;
    const registered: Parameters<typeof appendCustody>[1] = [];
    for (const purpose of OWN_PURPOSES) {
      for (const caller of callers) {
        const [row] = (await k('items')
          .insert({
            barcode: barcode(purpose, caller),
            kind: 'folder',
            dossier_id: archive.dossiers.hy1502,
            folder_group: 'd',
            title: `${caller} ${purpose}`,
            location_id: shelves[0],
            created_at: T0,
          })
          .returning('id')) as Array<{ id: number }>;
        registered.push({
          at: T0,
          actorUserId: archive.users.archivist,
          station: 'fixture',
          action: 'registered' as const,
          itemId: Number(row!.id),
          fromState: null,
          toState: 'in_place' as const,
          fromLocationId: null,
          toLocationId: shelves[0],
          fromHolderId: null,
          toHolderId: null,
          reason: null,
          approvalRef: null,
        });
      }
    }
    await runWriteTransaction(t.db, (trx) => appendCustody(trx, registered));
    const hash = (await k('users').where({ id: archive.users.admin }).first('password_hash')) as {
      password_hash: string;
    };
    for (const role of ROLES.filter((r) => !FIXTURE_USER_OF_ROLE[r])) {
      await k('users').insert({
        username: usernameOf(role),
        display_name: `${role} 测试`,
        role,
        password_hash: hash.password_hash,
        created_at: T0,
      });
    }
    const [alarmRow] = (await k('alarms')
      .insert({
        raised_at: T0,
        kind: 'unauthorised_removal',
        item_id: archive.items.f1,
        device_id: 'cabinet-1',
        place: 'R1-C01-1',
      })
      .returning('id')) as Array<{ id: number }>;

    server = await startTestServer(t.db, {
      security: { dataKey: DATA_KEY },
      stations: [
        { id: STATION, name: '档案室门口', room: 'R1' },
        { id: SPARE_STATION, name: '备用工作站', room: 'R1' },
      ],
      printers: [{ name: 'office', transport: { type: 'browser' }, language: 'html' }],
    });
    fx = {
      archive,
      station: STATION,
      spareStation: SPARE_STATION,
      alarm: Number(alarmRow!.id),
      shelves,
      own: barcode,
      index: (caller) => fx.round * 100 + callers.indexOf(caller) + 1,
      round: 0,
    };

    credentials.set('nobody', {});
    await Promise.all(
      ROLES.map(async (role) => {
        credentials.set(role, { cookie: `dangan_session=${await login(role)}` });
      }),
    );
    const pairing = await fetch(`${server.url}/api/v1/stations/${STATION}/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, ...credentials.get('archivist')! },
      body: '{}',
    });
    if (pairing.status !== 201)
      throw new Error(`pairing ${STATION}: ${pairing.status} ${await pairing.text()}`);
    const { token: stationToken } = (await pairing.json()) as { token: string };
    credentials.set('station', { authorization: `Station ${stationToken}` });
  });

  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('has a column for every role and for nobody and a station, and no other', () => {
    const expected = [...NON_ROLE_CALLERS, ...ROLES].sort();
    expect([...matrix.callers].sort(), 'security-table.ts columns vs ROLES').toEqual(expected);
  });

  it('has exactly one row per operation of the OpenAPI document, and a request for each', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
    );
    const rows = matrix.rows.map((r) => r.key);
    expect(
      operations.filter((op) => !rows.includes(op)),
      'routes without a row (deny by default: add one)',
    ).toEqual([]);
    expect(
      rows.filter((r) => !operations.includes(r)),
      'rows without a route',
    ).toEqual([]);
    expect(
      rows.filter((r) => !REQUESTS[r]),
      'rows without a request',
    ).toEqual([]);
    expect(
      Object.keys(REQUESTS).filter((r) => !rows.includes(r)),
      'requests without a row',
    ).toEqual([]);
  });

  it('docs/security.md shows this matrix', () => {
    const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    expect(doc, 'regenerate the matrix in docs/security.md with renderMatrix()').toContain(
      renderMatrix(matrix),
    );
  });

  const judge = (cell: Cell, caller: string, out: Outcome): string | null => {
    if (cell === 'Y') {
      if (out.status >= 200 && out.status < 300) return null;
      return `allowed, got ${out.status} ${out.code}`;
    }
    const want =
      cell === 'h'
        ? [404]
        : cell === 'u' || caller === 'nobody'
          ? [401]
          : caller === 'station'
            ? [401, 403]
            : [403];
    return want.includes(out.status) ? null : `denied (${want.join(' or ')}), got ${out.status} ${out.code}`;
  };

  it('lets each caller do exactly what the table allows', { timeout: 60_000 }, async () => {
    const failures: string[] = [];
    let calls = 0;
    const runRow = async (row: Row) => {
      const spec = REQUESTS[row.key]!;
      const callers = matrix.callers;
      const attempt = async (caller: string) => {
        const cell = row.cells[caller]!;
        const call = spec.call(fx, caller, cell === 'Y');
        const out = await send(call, row.method, credentials.get(caller)!);
        calls++;
        const problem = judge(cell, caller, out);
        if (problem) failures.push(`${row.key} as ${caller}: ${problem}`);
      };
      // Denied callers first and together, then the allowed ones one after another.
      await Promise.all(callers.filter((c) => row.cells[c] !== 'Y').map(attempt));
      for (const caller of callers.filter((c) => row.cells[c] === 'Y')) await attempt(caller);
    };
    const phases = [...new Set(matrix.rows.map((r) => REQUESTS[r.key]?.phase ?? 0))].sort((a, b) => a - b);
    for (const phase of phases) {
      await pool(
        matrix.rows.filter((r) => (REQUESTS[r.key]?.phase ?? 0) === phase),
        CONCURRENCY,
        runRow,
      );
    }
    expect(failures).toEqual([]);
    expect(calls).toBe(matrix.rows.length * matrix.callers.length);
  });

  it('refuses every state-changing route from a forged Origin', { timeout: 30_000 }, async () => {
    const changing = matrix.rows.filter((r) => r.method !== 'GET');
    expect(changing.length).toBeGreaterThan(10);
    // Fresh sessions (the matrix ended its own) and fresh codes; the same request from the server's own
    // origin must then succeed, so the forged one was refused for its Origin and nothing else.
    fx.round = 1;
    const sessions = new Map<string, Record<string, string>>([['nobody', {}]]);
    for (const role of ROLES) sessions.set(role, { cookie: `dangan_session=${await login(role)}` });
    const accepted: string[] = [];
    const controls: string[] = [];
    const phases = [...new Set(changing.map((r) => REQUESTS[r.key]?.phase ?? 0))].sort((a, b) => a - b);
    for (const phase of phases) {
      await pool(
        changing.filter((r) => (REQUESTS[r.key]?.phase ?? 0) === phase),
        CONCURRENCY,
        async (row) => {
          // The caller most able to do it: a role the table allows, or nobody on a public route.
          const caller =
            [...ROLES].find((role) => row.cells[role] === 'Y') ??
            (row.cells.nobody === 'Y' ? 'nobody' : null);
          if (!caller) return;
          const call = REQUESTS[row.key]!.call(fx, caller, true);
          const forged = await send(call, row.method, { ...sessions.get(caller)!, origin: FORGED_ORIGIN });
          if (forged.status >= 200 && forged.status < 300)
            accepted.push(`${row.key} as ${caller}: ${forged.status}`);
          const control = await send(call, row.method, sessions.get(caller)!);
          if (control.status < 200 || control.status >= 300) {
            controls.push(`${row.key} as ${caller}: ${control.status} ${control.code}`);
          }
        },
      );
    }
    expect.soft(accepted, 'state-changing requests accepted from a forged Origin').toEqual([]);
    expect(controls, 'the same requests from the server’s own origin').toEqual([]);
  });
});
