// Masking end to end: signs in as every kind of viewer (and as a paired door screen), calls every GET route
// of the OpenAPI document with the small archive's ids, subscribes to every socket audience with a full
// replay and watches live events, and looks for the owners' real ID numbers and phone numbers in every
// byte that comes back. Whole phones may appear only where the role table (masking.ts) says `whole` and
// the owner is in the viewer's area; an ID number or a VIP mobile never appears inline.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerPolicy } from '../../server/domain/masking.js';
import { createFieldCipher } from '../../server/store/secrets.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { buildArchive, DATA_KEY, PASSWORD, PEOPLE, type Archive, type UserKey } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const VIEWERS = [
  'staffHy',
  'staffNone',
  'supervisor',
  'siteManager',
  'archivist',
  'gm',
  'legal',
  'admin',
] as const satisfies readonly UserKey[];
type Viewer = (typeof VIEWERS)[number] | 'station';
const ROLE = {
  staffHy: 'staff',
  staffNone: 'staff',
  supervisor: 'supervisor',
  siteManager: 'site_manager',
  archivist: 'archivist',
  gm: 'gm',
  legal: 'legal',
  admin: 'admin',
} as const;
/** Every fixture owner is tied to a 华苑 property; these viewers serve 华苑 (or every estate). */
const SERVES_HY: ReadonlySet<Viewer> = new Set<Viewer>(['staffHy', 'siteManager', 'supervisor', 'gm']);

const ID_NUMBERS = Object.values(PEOPLE).map((p) => p.idNumber);
const VIP_MOBILE = PEOPLE.li.mobile;
const PHONES = [PEOPLE.zhang.mobile, PEOPLE.zhang.homePhone, PEOPLE.li.homePhone, PEOPLE.zhao.mobile];

/** Whether the role table lets this viewer receive ordinary owners' phones whole. */
const phonesWhole = (v: Viewer) =>
  v !== 'station' && ownerPolicy(ROLE[v]).phones === 'whole' && SERVES_HY.has(v);

describe.each(DIALECTS)('masking crawl on %s', (dialect) => {
  let t: TestDatabase;
  let a: Archive;
  const alarms: number[] = [];
  let server: TestServer;
  const sockets: Socket[] = [];
  const seen = new Map<Viewer, string[]>();
  const record = (v: Viewer, what: string, payload: unknown) => {
    const list = seen.get(v) ?? [];
    list.push(`${what} ${JSON.stringify(payload)}`);
    seen.set(v, list);
  };

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildArchive(t.db, createFieldCipher(DATA_KEY));
    // An alarm about every folder, so the alarm log's route is crawled too.
    for (const itemId of Object.values(a.items)) {
      const [row] = (await t.db
        .knex('alarms')
        .insert({
          raised_at: '2026-11-25T02:00:00.000Z',
          kind: 'misplaced',
          item_id: itemId,
          device_id: 'cab-1',
        })
        .returning('id')) as Array<{ id: number } | number>;
      alarms.push(typeof row === 'object' ? Number(row.id) : Number(row));
    }
    server = await startTestServer(t.db, { security: { dataKey: DATA_KEY } });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await t?.drop();
  });

  const api = async (authorization: string, url: string) => {
    const res = await fetch(`${server.url}/api/v1${url}`, { headers: { authorization } });
    return { status: res.status, text: await res.text() };
  };
  const login = async (user: UserKey) => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.toLowerCase(), password: PASSWORD }),
    });
    return ((await res.json()) as { token: string }).token;
  };

  /** Every URL a GET route of the OpenAPI document yields with the archive's ids; unknown ones fail. */
  async function urls(): Promise<string[]> {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const barcodes = ['F000000001', 'F000000002', 'F000000003', 'F000000004', 'F000000005'];
    const fill: Record<string, Array<string | number>> = {
      '/items/{ref}': [...barcodes, ...Object.values(a.items)],
      '/items/{id}/history': Object.values(a.items),
      '/items/{id}/timeline': Object.values(a.items),
      '/estates/{id}': Object.values(a.estates),
      '/units/{id}/properties': Object.values(a.units),
      '/properties/{id}': Object.values(a.properties),
      '/locations/{id}': Object.values(a.locations),
      '/parties/{id}': Object.values(a.parties),
      '/dossiers/{id}': Object.values(a.dossiers),
      '/stations/{id}/summary': ['kiosk-1'],
      '/alarms/{id}/log': alarms,
      '/reports/{report}': ['overdue', 'loans_by_department', 'time_out', 'most_borrowed', 'alarms'],
      '/reports/{report}/export': ['overdue', 'most_borrowed'],
    };
    const queries: Record<string, string[]> = {
      '/search': [
        '3-2-1502',
        '3-2-1501',
        'HY-3-2-1503',
        'JY-1-1-101',
        '张伟',
        '李',
        PEOPLE.zhang.idNumber,
      ].map((q) => `?q=${encodeURIComponent(q)}`),
      '/holdings/all': ['', `?userId=${a.users.staffHy}`],
      '/dossiers': ['', '?archiveNo=HY'],
      // The exports as files: CSV is the text the crawl can read (XLSX and PDF carry the same rows).
      '/reports/{report}/export': ['?format=csv'],
    };
    const out: string[] = [];
    for (const [full, ops] of Object.entries(doc.paths)) {
      if (!ops.get) continue;
      const path = full.replace(/^\/api\/v1/, '');
      const ids = path.includes('{') ? fill[path] : [''];
      if (!ids) throw new Error(`the crawl has no ids for GET ${path}: add them`);
      for (const id of ids) {
        const url = path.replace(/\{[^}]+\}/, String(id));
        for (const q of queries[path] ?? ['']) out.push(url + q);
      }
    }
    return out;
  }

  function open(auth: Record<string, string>): Promise<Socket> {
    const socket = connect(server.url, {
      transports: ['websocket'],
      reconnection: false,
      auth,
      extraHeaders: { origin: server.url },
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  async function listen(v: Viewer, auth: Record<string, string>, audiences: object[]) {
    for (const subscription of audiences) {
      const socket = await open(auth);
      for (const event of ['hello', 'custody', 'alarm', 'device', 'scan'])
        socket.on(event, (payload: unknown) => record(v, `socket ${event}`, payload));
      const reply: unknown = await socket.timeout(5000).emitWithAck('subscribe', subscription);
      record(v, 'subscribe', reply);
    }
  }

  it('finds no whole ID number or phone anywhere the role table does not allow it', async () => {
    const routes = await urls();
    expect(routes.length).toBeGreaterThan(40);
    const archivistToken = await login('archivist');
    const pairing = await fetch(`${server.url}/api/v1/stations/kiosk-1/pair`, {
      method: 'POST',
      headers: { authorization: `Bearer ${archivistToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const stationToken = ((await pairing.json()) as { token: string }).token;

    const statuses = new Map<Viewer, number[]>();
    for (const v of [...VIEWERS, 'station'] as const) {
      const token = v === 'station' ? stationToken : await login(v);
      const authorization = v === 'station' ? `Station ${stationToken}` : `Bearer ${token}`;
      for (const url of routes) {
        const { status, text } = await api(authorization, url);
        // The search echoes what was typed (an ID number, for one query): that echo is not a disclosure.
        const body =
          url.startsWith('/search') && status === 200 ? { ...JSON.parse(text), query: null } : text;
        record(v, `GET ${url.split('?')[0]} ${status}`, body);
        statuses.set(v, [...(statuses.get(v) ?? []), status]);
      }
      const audiences = [
        { audience: 'dashboard', afterSeq: 0 },
        { audience: 'station', station: 'kiosk-1', afterSeq: 0 },
        { audience: 'handheld', afterSeq: 0 },
      ];
      await listen(v, v === 'station' ? { stationToken } : { token }, audiences);
    }

    // Live events for every socket: folders move at the door, in and out of the guarded room.
    const move = (item: string, to: number) =>
      fetch(`${server.url}/api/v1/circulation/move`, {
        method: 'POST',
        headers: { authorization: `Bearer ${archivistToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ item, toLocationId: to }),
      });
    expect((await move('F000000001', a.locations.position)).status).toBe(200);
    expect((await move('F000000003', a.locations.shelf)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));

    for (const v of [...VIEWERS, 'station'] as const) {
      const lines = seen.get(v) ?? [];
      for (const line of lines) {
        for (const id of ID_NUMBERS) expect(line, `${v}: whole ID number`).not.toContain(id);
        expect(line, `${v}: VIP mobile`).not.toContain(VIP_MOBILE);
        if (!phonesWhole(v))
          for (const phone of PHONES) expect(line, `${v}: whole phone`).not.toContain(phone);
      }
    }

    // The crawl reached owner data: whole where allowed, masked where not, and live events arrived.
    const text = (v: Viewer) => (seen.get(v) ?? []).join('\n');
    for (const v of ['staffHy', 'siteManager'] as const) expect(text(v)).toContain(PEOPLE.zhang.mobile);
    for (const v of ['archivist', 'gm', 'legal'] as const) {
      expect(text(v), v).toContain('138****5678');
      expect(text(v), v).toContain('socket custody');
    }
    // The supervisor: the owner's name, never a phone, not even masked (seed 002 §4.5.1.3).
    expect(text('supervisor')).toContain('张伟');
    expect(text('supervisor')).not.toContain('138****');
    expect(text('supervisor')).toContain('socket custody');
    expect(text('staffNone')).not.toContain('张伟');
    expect(text('admin')).not.toContain('138****');
    expect(text('station')).toContain('socket custody');
    expect(text('station')).not.toContain('张伟');
    expect(statuses.get('staffHy')!.filter((s) => s === 200).length).toBeGreaterThan(20);
  });
});
