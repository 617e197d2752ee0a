// Every route of the OpenAPI document, called as nobody, as a paired station, as a badge session and as
// every role, against the table of who may do what (security-table.ts). Deny by default: a route without a
// row fails, and so does a row without a route. Then: every role's badge reaches the kiosk routes only;
// reveals follow the owner-data policy; every state-changing route is refused from a forged Origin and
// without a JSON body, and neither refusal changes anything.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../server/domain/vocabulary.js';
import { appendCustody } from '../../server/store/custody-log.js';
import { runWriteTransaction } from '../../server/store/write-lock.js';
import { createFieldCipher } from '../../server/store/secrets.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import {
  DATA_KEY,
  PASSWORD,
  PEOPLE,
  PIN,
  buildArchive,
  type Archive,
  type UserKey,
} from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  ALARM_PURPOSES,
  NON_ROLE_CALLERS,
  OWN_PURPOSES,
  REQUESTS,
  REVEAL_COLUMNS,
  REVEAL_FIELD,
  parseMatrix,
  parseReveals,
  renderMatrix,
  renderOwnerPolicy,
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
 * The fixture's user for each role (the staff member serves 华苑, where the test's records are; the site
 * manager too). A role the fixture does not know gets a user and a badge of its own, so a new role needs
 * only its column in the table.
 */
const FIXTURE_USER_OF_ROLE: Record<string, UserKey> = {
  staff: 'staffHy',
  archivist: 'archivist',
  supervisor: 'supervisor',
  site_manager: 'siteManager',
  gm: 'gm',
  legal: 'legal',
  admin: 'admin',
};
/** Whose badge the `badge` column signs in with: the staff member, the kiosk's everyday user. */
const BADGE_ROLE = 'staff';
const T0 = '2026-11-25T02:00:00.000Z';
const CONCURRENCY = 6;

interface Outcome {
  status: number;
  code: string | null;
  details: Record<string, unknown> | null;
  body: unknown;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}

const phasesOf = (rows: readonly Row[]) =>
  [...new Set(rows.map((r) => REQUESTS[r.key]?.phase ?? 0))].sort((a, b) => a - b);
const inPhase = (rows: readonly Row[], phase: number) =>
  rows.filter((r) => (REQUESTS[r.key]?.phase ?? 0) === phase);

describe('security matrix: every route as every caller', () => {
  const matrix = parseMatrix();
  let t: TestDatabase;
  let archive: Archive;
  let server: TestServer;
  let fx: Fixture;
  /** Request headers that carry each caller's credential. */
  const credentials = new Map<string, Record<string, string>>();
  /** Badge numbers of the users the test adds for roles the fixture does not know. */
  const extraBadges = new Map<string, string>();

  const send = async (
    call: Call,
    method: string,
    headers: Record<string, string>,
    opts: { bodiless?: boolean } = {},
  ): Promise<Outcome> => {
    const withBody = call.body !== undefined && !opts.bodiless;
    const res = await fetch(`${server.url}/api/v1${call.url}`, {
      method,
      headers: {
        origin: server.url,
        ...(withBody ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: withBody ? JSON.stringify(call.body) : undefined,
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // Not JSON (a rendered label): no error code.
    }
    const error = (body ?? {}) as { code?: string; details?: Record<string, unknown> };
    return { status: res.status, code: error.code ?? null, details: error.details ?? null, body };
  };

  const usernameOf = (role: string) => FIXTURE_USER_OF_ROLE[role]?.toLowerCase() ?? `${role}-user`;
  const badgeOf = (role: string) => {
    const user = FIXTURE_USER_OF_ROLE[role];
    const badge = user ? archive.badges[user] : extraBadges.get(role);
    if (!badge) throw new Error(`no badge for ${role}`);
    return badge;
  };
  const signIn = async (url: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(`${server.url}/api/v1${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, ...headers },
      body: JSON.stringify(body),
    });
    if (res.status !== 200)
      throw new Error(`${url} ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  const login = (role: string) =>
    signIn('/auth/login', { username: usernameOf(role), password: PASSWORD }, {});
  /** A badge session opened at the paired station (its screen presents the station token). */
  const badgeLogin = (role: string) =>
    signIn('/auth/badge', { badge: badgeOf(role), pin: PIN }, credentials.get('station')!);
  const roleSessions = async () => {
    const sessions = new Map<string, Record<string, string>>();
    await Promise.all(
      ROLES.map(async (role) => {
        sessions.set(role, { cookie: `dangan_session=${await login(role)}` });
      }),
    );
    return sessions;
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
    const pin = (await k('badges').where({ user_id: archive.users.admin }).first('pin_hash')) as {
      pin_hash: string;
    };
    for (const [i, role] of ROLES.filter((r) => !FIXTURE_USER_OF_ROLE[r]).entries()) {
      const [row] = (await k('users')
        .insert({
          username: usernameOf(role),
          display_name: `${role} 测试`,
          role,
          password_hash: hash.password_hash,
          created_at: T0,
        })
        .returning('id')) as Array<{ id: number }>;
      const number = `U${String(800 + i).padStart(9, '0')}`;
      await k('badges').insert({ user_id: Number(row!.id), number, pin_hash: pin.pin_hash });
      extraBadges.set(role, number);
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
    // A dead notice for each caller and round (fx.index), so every allowed retry finds one still dead.
    const deadNotices = new Map<number, number>();
    for (let index = 1; index < 200; index++) {
      const [row] = (await k('notification_outbox')
        .insert({
          channel: 'room',
          channel_kind: 'wecom',
          recipients: '[]',
          payload: JSON.stringify({
            title: '【档案报警】未登记取出：F1',
            text: 't',
            markdown: 'm',
            link: null,
          }),
          dedupe_key: `alarm:${index}:room`,
          status: 'dead',
          attempts: 8,
          next_attempt_at: T0,
          created_at: T0,
        })
        .returning('id')) as Array<{ id: number }>;
      deadNotices.set(index, Number(row!.id));
    }
    // An open alarm per caller, purpose and round, so each acknowledgement and resolution meets an open one.
    const ownAlarms = new Map<string, number>();
    for (const round of [0, 1]) {
      for (const purpose of ALARM_PURPOSES) {
        for (const caller of matrix.callers) {
          const [row] = (await k('alarms')
            .insert({ raised_at: T0, kind: 'misplaced', item_id: archive.items.f1, device_id: 'cabinet-1' })
            .returning('id')) as Array<{ id: number }>;
          ownAlarms.set(`${round}:${purpose}:${caller}`, Number(row!.id));
        }
      }
    }

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
      notice: (caller) => deadNotices.get(fx.index(caller))!,
      alarmFor: (purpose, caller) => ownAlarms.get(`${fx.round}:${purpose}:${caller}`)!,
      shelves,
      own: barcode,
      index: (caller) => fx.round * 100 + callers.indexOf(caller) + 1,
      round: 0,
    };

    credentials.set('nobody', {});
    for (const [role, headers] of await roleSessions()) credentials.set(role, headers);
    const pairing = await fetch(`${server.url}/api/v1/stations/${STATION}/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, ...credentials.get('archivist')! },
      body: '{}',
    });
    if (pairing.status !== 201)
      throw new Error(`pairing ${STATION}: ${pairing.status} ${await pairing.text()}`);
    const { token: stationToken } = (await pairing.json()) as { token: string };
    credentials.set('station', { authorization: `Station ${stationToken}` });
    // The kiosk sends the badge session as a bearer token.
    credentials.set('badge', { authorization: `Bearer ${await badgeLogin(BADGE_ROLE)}` });
  });

  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('has a column for every role and for nobody, a station and a badge, and no other', () => {
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

  it('lets a badge session through exactly the routes flagged as kiosk actions', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { description?: string; security?: unknown[] }>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`,
        op,
      })),
    );
    const kiosk = operations.filter(({ op }) => /kiosk action/i.test(op.description ?? '')).map((o) => o.key);
    const session = operations.filter(({ op }) => (op.security?.length ?? 0) > 0).map((o) => o.key);
    // A `k` row is a kiosk route too: the staff badge of the column may not use it, a role's badge may.
    const badgeAllowed = matrix.rows
      .filter((r) => (r.cells.badge === 'Y' || r.cells.badge === 'k') && session.includes(r.key))
      .map((r) => r.key);
    expect(kiosk.length).toBeGreaterThan(3);
    expect(badgeAllowed.sort(), 'the badge column vs the kiosk routes').toEqual([...kiosk].sort());
  });

  it('docs/security.md shows this matrix and the owner-data policy', () => {
    const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    expect(doc, 'regenerate the matrix in docs/security.md with renderMatrix()').toContain(
      renderMatrix(matrix),
    );
    expect(doc, 'regenerate the policy in docs/security.md with renderOwnerPolicy()').toContain(
      renderOwnerPolicy(),
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
    for (const phase of phasesOf(matrix.rows)) {
      await pool(inPhase(matrix.rows, phase), CONCURRENCY, runRow);
    }
    expect(failures).toEqual([]);
    expect(calls).toBe(matrix.rows.length * matrix.callers.length);

    // The custody log's station comes from the session: the paired station for the badge, 'web' otherwise.
    const stationOf = async (caller: string) => {
      const row = (await t.db
        .knex('custody_log')
        .join('items', 'items.id', 'custody_log.item_id')
        .where({ 'items.barcode': fx.own('out', caller), 'custody_log.action': 'check_out' })
        .first('custody_log.station')) as { station: string } | undefined;
      return row?.station;
    };
    expect(await stationOf('badge')).toBe(STATION);
    expect(await stationOf(BADGE_ROLE)).toBe('web');
  });

  it('every role’s badge reaches the kiosk routes only, at the station it signed in at', async () => {
    const failures: string[] = [];
    const gated = matrix.rows.filter((r) => r.cells.badge === '.');
    expect(gated.length).toBeGreaterThan(20);
    for (const role of ROLES) {
      const badge = { authorization: `Bearer ${await badgeLogin(role)}` };
      const me = await send({ url: '/auth/me' }, 'GET', badge);
      expect(me.body, `${role}'s badge session`).toMatchObject({ kind: 'badge', station: STATION, role });
      // Every route outside the kiosk, including those the role's password opens: refused as a badge session.
      let openedByPassword = 0;
      await pool(gated, CONCURRENCY, async (row) => {
        if (row.cells[role] === 'Y') openedByPassword++;
        const out = await send(REQUESTS[row.key]!.call(fx, 'badge', false), row.method, badge);
        if (out.status !== 403 || out.code !== 'FORBIDDEN' || out.details?.session !== 'badge') {
          failures.push(
            `${row.key} as ${role}'s badge: ${out.status} ${out.code} ${JSON.stringify(out.details)}`,
          );
        }
      });
      if (role === 'archivist' || role === 'admin') expect(openedByPassword).toBeGreaterThan(5);
      // The kiosk's reads: what the role's password session gets.
      for (const row of matrix.rows.filter(
        (r) => (r.cells.badge === 'Y' || r.cells.badge === 'k') && r.method === 'GET',
      )) {
        const out = await send(REQUESTS[row.key]!.call(fx, role, row.cells[role] === 'Y'), 'GET', badge);
        const problem = judge(row.cells[role]!, role, out);
        if (problem) failures.push(`${row.key} as ${role}'s badge: ${problem}`);
      }
      // A person's badge session is no station: the station's own routes stay closed to it.
      const summary = await send(REQUESTS['GET /stations/{id}/summary']!.call(fx, role, false), 'GET', badge);
      if (summary.status !== 401) failures.push(`station summary as ${role}'s badge: ${summary.status}`);
      const logout = await send({ url: '/auth/logout', body: {} }, 'POST', badge);
      expect(logout.status).toBe(200);
    }
    expect(failures).toEqual([]);
  });

  it('reveals whole owner values per the owner-data policy, and logs each with its purpose', async () => {
    const reveals = parseReveals();
    expect([...reveals.keys()].sort(), 'reveal table rows vs ROLES').toEqual([...ROLES].sort());
    const sessions = await roleSessions();
    const purpose = '安全矩阵：核对业主身份';
    const failures: string[] = [];
    let allowed = 0;
    for (const role of ROLES) {
      for (const column of REVEAL_COLUMNS) {
        const vip = column === 'vip_mobile';
        const party = vip ? archive.parties.li : archive.parties.zhang;
        const field = REVEAL_FIELD[column];
        const person = vip ? PEOPLE.li : PEOPLE.zhang;
        const whole = { id_number: person.idNumber, mobile: person.mobile, home_phone: person.homePhone }[
          field
        ];
        const out = await send(
          { url: `/parties/${party}/reveal`, body: { field, purpose } },
          'POST',
          sessions.get(role)!,
        );
        const want = reveals.get(role)![column];
        if (want) allowed++;
        const ok = want
          ? out.status === 200 && (out.body as { value?: string }).value === whole
          : out.status === 403;
        if (!ok)
          failures.push(
            `${column} as ${role}: want ${want ? 'the whole value' : '403'}, got ${out.status} ${out.code}`,
          );
      }
    }
    expect(failures).toEqual([]);
    const logged = await t.db.knex('sensitive_views').where({ purpose }).count({ n: '*' }).first();
    expect(Number((logged as { n: number | string }).n), 'one logged view per reveal').toBe(allowed);
  });

  /** Every row of every table, to show that refused requests changed nothing. */
  const snapshot = async (): Promise<Record<string, string[]>> => {
    const k = t.db.knex;
    const tables = (await k('sqlite_master')
      .where({ type: 'table' })
      .andWhereNot('name', 'like', 'sqlite_%')
      .select('name')) as Array<{ name: string }>;
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      out[name] = ((await k(name).select('*')) as unknown[]).map((r) => JSON.stringify(r)).sort();
    }
    return out;
  };

  it(
    'refuses every state-changing route from a forged Origin or without a JSON body, changing nothing',
    { timeout: 30_000 },
    async () => {
      const changing = matrix.rows.filter((r) => r.method !== 'GET');
      expect(changing.length).toBeGreaterThan(10);
      // Fresh sessions (the earlier tests ended theirs) and fresh codes; the same request from the server's own
      // origin must then succeed, so the refused ones were refused for their Origin or body and nothing else.
      fx.round = 1;
      const sessions = await roleSessions();
      sessions.set('nobody', {});
      sessions.set('station', credentials.get('station')!);
      sessions.set('badge', { authorization: `Bearer ${await badgeLogin(BADGE_ROLE)}` });
      // The caller most able to do it: a role the table allows, else a badge, the station, or nobody.
      const candidates = [...ROLES, 'badge', 'station', 'nobody'];
      const callerOf = (row: Row) => candidates.find((c) => row.cells[c] === 'Y') ?? null;
      expect(
        changing.filter((r) => !callerOf(r)).map((r) => r.key),
        'state-changing routes nobody may call',
      ).toEqual([]);
      const forged: string[] = [];
      const bodiless: string[] = [];
      const controls: string[] = [];
      for (const phase of phasesOf(changing)) {
        const rows = inPhase(changing, phase);
        const before = await snapshot();
        await pool(rows, CONCURRENCY, async (row) => {
          const caller = callerOf(row)!;
          const call = REQUESTS[row.key]!.call(fx, caller, true);
          const headers = sessions.get(caller)!;
          const cross = await send(call, row.method, { ...headers, origin: FORGED_ORIGIN });
          if (cross.status !== 403 || cross.code !== 'ORIGIN_REFUSED')
            forged.push(`${row.key} as ${caller}: ${cross.status} ${cross.code}`);
          const empty = await send(call, row.method, headers, { bodiless: true });
          if (empty.status !== 415 || empty.code !== 'JSON_BODY_REQUIRED')
            bodiless.push(`${row.key} as ${caller}: ${empty.status} ${empty.code}`);
        });
        expect(await snapshot(), `phase ${phase}: the refused requests changed the database`).toEqual(before);
        await pool(rows, CONCURRENCY, async (row) => {
          const caller = callerOf(row)!;
          const control = await send(
            REQUESTS[row.key]!.call(fx, caller, true),
            row.method,
            sessions.get(caller)!,
          );
          if (control.status < 200 || control.status >= 300) {
            controls.push(`${row.key} as ${caller}: ${control.status} ${control.code}`);
          }
        });
      }
      expect
        .soft(forged, 'state-changing requests from a forged Origin (want 403 ORIGIN_REFUSED)')
        .toEqual([]);
      expect
        .soft(bodiless, 'state-changing requests without a body (want 415 JSON_BODY_REQUIRED)')
        .toEqual([]);
      expect(controls, 'the same requests from the server’s own origin').toEqual([]);
    },
  );
});
