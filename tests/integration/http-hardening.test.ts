// What the HTTP edge refuses before any use case runs, through real HTTP on a real SQLite file: forged or
// missing origins on state-changing requests, bodies that are not JSON, ids that are not canonical, bodies
// that cannot be read, and control characters in names and search. Each refusal has a stable code and
// writes nothing.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

const FRONT_END = 'http://desk.example:5173';

describe('HTTP hardening', () => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  let token: string;
  const logCount = async () =>
    Number(((await t.db.knex('custody_log').count({ n: '*' }).first()) as { n: number }).n);

  /** A request exactly as written: no defaults are added. */
  async function raw(method: string, url: string, headers: Record<string, string>, body?: string | Buffer) {
    const res = await fetch(`${server.url}/api/v1${url}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null };
  }
  const bearer = () => ({ authorization: `Bearer ${token}` });
  const json = { 'content-type': 'application/json' };
  const checkOut = () => JSON.stringify({ items: [a.items.c1], purpose: '查阅' });

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    a = await buildSmallArchive(t.db);
    server = await startTestServer(t.db, {
      security: { dataKey: 'ab'.repeat(32), allowedOrigins: [FRONT_END] },
    });
    token = (await client(server.url).login('archivist', PASSWORD)).body.token;
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  describe('origins of state-changing requests', () => {
    it('refuses a forged Origin even with a valid bearer token, and writes nothing', async () => {
      const before = await logCount();
      for (const origin of ['http://evil.example', 'null', `${server.url}.evil.example`, 'not a url']) {
        const res = await raw('POST', '/circulation/check-out', { ...json, ...bearer(), origin }, checkOut());
        expect(res.status, origin).toBe(403);
        expect(res.body, origin).toMatchObject({ code: 'ORIGIN_REFUSED' });
      }
      // The same port on another host name is another origin.
      const port = new URL(server.url).port;
      const other = await raw(
        'POST',
        '/circulation/check-out',
        { ...json, ...bearer(), origin: `http://localhost:${port}` },
        checkOut(),
      );
      expect(other.body).toMatchObject({ code: 'ORIGIN_REFUSED' });
      expect(await logCount()).toBe(before);
    });

    it('does not let a Station header carry a cookie session past the origin check', async () => {
      const login = await raw(
        'POST',
        '/auth/login',
        json,
        JSON.stringify({ username: 'archivist', password: PASSWORD }),
      );
      const cookie = `dangan_session=${(login.body as { token: string }).token}`;
      const before = await logCount();
      // No Origin, any Station header: the guard lets it through, but the cookie no longer signs it in.
      const res = await raw(
        'POST',
        '/circulation/check-out',
        { ...json, cookie, authorization: 'Station x' },
        checkOut(),
      );
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await logCount()).toBe(before);
    });

    it('refuses a cookie session without an Origin, and accepts it from our own page', async () => {
      const login = await raw(
        'POST',
        '/auth/login',
        json,
        JSON.stringify({ username: 'supervisor', password: PASSWORD }),
      );
      expect(login.status).toBe(200);
      const cookie = `dangan_session=${(login.body as { token: string }).token}`;
      const noOrigin = await raw('POST', '/auth/logout', { ...json, cookie }, '{}');
      expect(noOrigin.status).toBe(403);
      expect(noOrigin.body).toMatchObject({ code: 'ORIGIN_REFUSED' });
      // The session survived the refused request.
      expect((await raw('GET', '/auth/me', { cookie })).status).toBe(200);
      const own = await raw('POST', '/auth/logout', { ...json, cookie, origin: server.url }, '{}');
      expect(own.status).toBe(200);
      expect((await raw('GET', '/auth/me', { cookie })).status).toBe(401);
    });

    it('accepts an origin listed in security.allowedOrigins, and a device without Origin that sends its token', async () => {
      const listed = await raw(
        'POST',
        '/circulation/check-out',
        { ...json, ...bearer(), origin: FRONT_END },
        JSON.stringify({ items: [a.items.c2], purpose: '查阅' }),
      );
      expect(listed.status).toBe(200);
      const device = await raw(
        'POST',
        '/circulation/check-in',
        { ...json, ...bearer() },
        JSON.stringify({ item: a.items.c2, inspection: 'intact' }),
      );
      expect(device.status).toBe(200);
    });

    it('lets a device sign in without Origin, but refuses a credential-less write without one', async () => {
      const signIn = await raw(
        'POST',
        '/auth/login',
        json,
        JSON.stringify({ username: 'staff', password: PASSWORD }),
      );
      expect(signIn.status).toBe(200);
      const anonymous = await raw('POST', '/circulation/check-out', json, checkOut());
      expect(anonymous.status).toBe(403);
      expect(anonymous.body).toMatchObject({ code: 'ORIGIN_REFUSED' });
    });
  });

  describe('bodies of state-changing requests', () => {
    it('refuses text/plain and form bodies with 415, before anything runs', async () => {
      const before = await logCount();
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const res = await raw(
          'POST',
          '/circulation/check-out',
          { ...bearer(), 'content-type': type },
          checkOut(),
        );
        expect(res.status, type).toBe(415);
        expect(res.body, type).toMatchObject({ code: 'JSON_BODY_REQUIRED' });
      }
      const patch = await raw('PATCH', '/dossiers/1', { ...bearer(), 'content-type': 'text/plain' }, '{}');
      expect(patch.body).toMatchObject({ code: 'JSON_BODY_REQUIRED' });
      expect(await logCount()).toBe(before);
    });

    it('refuses a bodiless POST, and accepts the same call with {}', async () => {
      const other = await client(server.url).login('staff', PASSWORD);
      const auth = { authorization: `Bearer ${other.body.token}` };
      const bare = await raw('POST', '/auth/logout', auth);
      expect(bare.status).toBe(415);
      expect(bare.body).toMatchObject({ code: 'JSON_BODY_REQUIRED' });
      const typedButEmpty = await raw('POST', '/auth/logout', { ...auth, ...json });
      expect(typedButEmpty.body).toMatchObject({ code: 'JSON_BODY_REQUIRED' });
      expect((await raw('GET', '/auth/me', auth)).status).toBe(200);
      expect((await raw('POST', '/auth/logout', { ...auth, ...json }, '{}')).status).toBe(200);
      expect((await raw('GET', '/auth/me', auth)).status).toBe(401);
    });

    it('answers unreadable bodies with 400, 413 or 415 and a code, never 500', async () => {
      const cases: Array<[string, Record<string, string>, string | Buffer, number, string]> = [
        ['false gzip', { ...json, 'content-encoding': 'gzip' }, checkOut(), 400, 'BODY_UNREADABLE'],
        ['false deflate', { ...json, 'content-encoding': 'deflate' }, checkOut(), 400, 'BODY_UNREADABLE'],
        [
          'unknown encoding',
          { ...json, 'content-encoding': 'x-rot13' },
          checkOut(),
          415,
          'CONTENT_ENCODING_UNSUPPORTED',
        ],
        [
          'Latin-1',
          { 'content-type': 'application/json; charset=iso-8859-1' },
          checkOut(),
          415,
          'CHARSET_UNSUPPORTED',
        ],
        // Read as UTF-16, UTF-8 bytes are not JSON.
        [
          'UTF-16',
          { 'content-type': 'application/json; charset=utf-16' },
          checkOut(),
          400,
          'VALIDATION_FAILED',
        ],
        ['malformed', json, '{"items": [', 400, 'VALIDATION_FAILED'],
        ['too large', json, JSON.stringify({ purpose: 'x'.repeat(300_000) }), 413, 'PAYLOAD_TOO_LARGE'],
      ];
      for (const [name, headers, body, status, code] of cases) {
        const res = await raw('POST', '/circulation/check-out', { ...bearer(), ...headers }, body);
        expect(res.status, name).toBe(status);
        expect(res.body, name).toMatchObject({ code });
      }
      // A body that really is gzip is read.
      const zipped = await raw(
        'POST',
        '/circulation/check-out',
        { ...bearer(), ...json, 'content-encoding': 'gzip' },
        gzipSync(JSON.stringify({ items: [a.items.c3], purpose: '查阅' })),
      );
      expect(zipped.status).toBe(200);
    });
  });

  describe('ids and item keys in paths', () => {
    it('refuses ids that are not canonical decimal integers with 400, never 500', async () => {
      const id = Number((await t.db.knex('items').where({ barcode: a.items.c1 }).first('id')).id);
      const bad = [
        `${id}.0`,
        'ＦＯＯ',
        '１２',
        `0${id}`,
        '1e3',
        '-1',
        '0x10',
        '9007199254740993',
        '99999999999999999999',
        'F0000; DROP',
        'F00000000',
        `${'A'.repeat(24)}0`,
      ];
      for (const ref of bad) {
        const res = await raw('GET', `/items/${encodeURIComponent(ref)}`, bearer());
        expect(res.status, ref).toBe(400);
        expect(res.body, ref).toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      for (const path of [
        `/items/${id}.0/history`,
        '/dossiers/1409.0',
        '/parties/%EF%BC%91',
        '/holdings/all?userId=01',
        '/holdings?userId=1',
      ]) {
        const res = await raw('GET', path, bearer());
        expect(res.status, path).toBe(400);
        expect(res.body, path).toMatchObject({ code: 'VALIDATION_FAILED' });
      }
    });

    it('still finds an item by its id, its barcode id in either case, and a missing one with 404', async () => {
      const id = Number((await t.db.knex('items').where({ barcode: a.items.c1 }).first('id')).id);
      expect((await raw('GET', `/items/${id}`, bearer())).body).toMatchObject({ barcode: a.items.c1 });
      expect((await raw('GET', `/items/${a.items.c1.toLowerCase()}`, bearer())).body).toMatchObject({ id });
      expect((await raw('GET', '/items/F999999999', bearer())).body).toMatchObject({
        code: 'ITEM_NOT_FOUND',
      });
      expect((await raw('GET', '/items/9007199254740991', bearer())).body).toMatchObject({
        code: 'ITEM_NOT_FOUND',
      });
    });
  });

  describe('control characters', () => {
    it('are refused in the search box, whatever their place or kind', async () => {
      for (const q of ['\u0000华苑', '华苑\u001b[31m', 'F000000001\r', '张\u0085伟', '\u007f', 'a\tb']) {
        const res = await raw('GET', `/search?q=${encodeURIComponent(q)}`, bearer());
        expect(res.status, JSON.stringify(q)).toBe(400);
        expect(res.body, JSON.stringify(q)).toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      expect((await raw('GET', `/search?q=${encodeURIComponent('华苑')}`, bearer())).status).toBe(200);
    });

    it('are refused in names, while a note may run over several lines', async () => {
      const login = await raw(
        'POST',
        '/auth/login',
        json,
        JSON.stringify({ username: 'staff\u0000', password: PASSWORD }),
      );
      expect(login.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      const admin = await client(server.url).login('admin', PASSWORD);
      const auth = { authorization: `Bearer ${admin.body.token}`, ...json };
      const location = await raw(
        'POST',
        '/locations',
        auth,
        JSON.stringify({ kind: 'room', code: 'R9', name: '九号库房\u0007' }),
      );
      expect(location.status).toBe(400);
      expect(location.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await t.db.knex('locations').where({ code: 'R9' }).first()).toBeUndefined();

      await raw(
        'POST',
        '/circulation/check-out',
        { ...bearer(), ...json },
        JSON.stringify({ items: [a.items.c2], purpose: '查阅' }),
      );
      const nul = await raw(
        'POST',
        '/circulation/check-in',
        { ...bearer(), ...json },
        JSON.stringify({ item: a.items.c2, inspection: 'intact', note: '完好\u0000' }),
      );
      expect(nul.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      const lines = await raw(
        'POST',
        '/circulation/check-in',
        { ...bearer(), ...json },
        JSON.stringify({ item: a.items.c2, inspection: 'intact', note: '封面完好\n页数无误' }),
      );
      expect(lines.status).toBe(200);
    });
  });
});
