// GET /items/:id/timeline on SQLite and PostgreSQL: a folder's whole custody history oldest first, with the
// names a person reads, and the hash chain verified from genesis through the folder's last row. A row
// changed behind the triggers' back (as someone with direct database access could) turns the verdict into
// `verified: false` with that row's seq; a change after the folder's last row does not concern it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';
import { unguarded } from '../helpers/unguarded.js';

interface Entry {
  seq: number;
  action: string;
  actor: { userId: number; name: string | null } | null;
  fromLocation: { code: string; label: string } | null;
  toLocation: { code: string; label: string } | null;
  toHolder: { userId: number; name: string | null } | null;
  fromHolder: { userId: number; name: string | null } | null;
  reason: string | null;
  station: string | null;
  stationName: string | null;
  prevHash: string;
  hash: string;
}
type Verification =
  | { verified: true; throughSeq: number; rows: number }
  | { verified: false; firstBadSeq: number; problem: string; throughSeq: number };
interface Timeline {
  item: { id: number; barcode: string; dossier: { archiveNo: string | null } | null; owner: string | null };
  entries: Entry[];
  more: boolean;
  lastSeq: number;
  verification: Verification;
}

describe.each(DIALECTS)('folder timeline on %s', (dialect) => {
  let t: TestDatabase;
  let server: TestServer;
  let archive: SmallArchive;
  let sv: ReturnType<typeof client>;
  let itemId = 0;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    archive = await buildSmallArchive(t.db);
    server = await startTestServer(t.db, { stations: [{ id: 'test', name: '档案室门口', room: 'R1' }] });
    sv = client(server.url);
    await sv.login('supervisor', PASSWORD);
    itemId = (await sv.get<{ id: number }>(`/items/${archive.items.c1}`)).body.id;
    // Out and back for c1, then a loan of c2 after c1's last row.
    for (const [url, body] of [
      ['/circulation/check-out', { items: [archive.items.c1], purpose: '业主查阅' }],
      ['/circulation/check-in', { item: archive.items.c1, inspection: 'intact' }],
      ['/circulation/check-out', { items: [archive.items.c2], purpose: '办理过户' }],
    ] as const) {
      const res = await sv.post(url, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('lists every row of the folder oldest first, with names, and verifies through its last row', async () => {
    const res = await sv.get<Timeline>(`/items/${itemId}/timeline`);
    expect(res.status).toBe(200);
    const { entries, verification, lastSeq, item } = res.body;
    expect(item.barcode).toBe(archive.items.c1);
    expect(entries.map((e) => e.action)).toEqual(['registered', 'check_out', 'check_in']);
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
    const [registered, out, back] = entries as [Entry, Entry, Entry];
    // Registered by the admin at the station named in the configuration, onto a shelf named as people say it.
    expect(registered).toMatchObject({ station: 'test', stationName: '档案室门口' });
    expect(registered.actor?.name).toBe('系统管理员');
    expect(registered.toLocation?.code).toBeTruthy();
    expect(registered.toLocation?.label).toBeTruthy();
    // A password session is the web: no station name, and the person's name.
    expect(out).toMatchObject({ action: 'check_out', station: 'web', stationName: null, reason: '业主查阅' });
    expect(out.actor?.name).toBe('王主管');
    expect(out.toHolder?.name).toBe('王主管');
    expect(out.fromLocation?.label).toBe(registered.toLocation?.label);
    expect(back.fromHolder?.name).toBe('王主管');
    expect(back.prevHash).toMatch(/^[0-9a-f]{64}$/);
    expect(lastSeq).toBe(back.seq);
    // c2's loan came after: the chain is checked through c1's last row, not the head.
    const head = Number(
      ((await t.db.knex('custody_log').max({ s: 'seq' }).first()) as { s: number | string }).s,
    );
    expect(head).toBeGreaterThan(lastSeq);
    expect(verification).toEqual({ verified: true, throughSeq: lastSeq, rows: lastSeq });
  });

  it('hides a folder the caller may not read as the item routes do, and refuses staff', async () => {
    const gm = client(server.url);
    await gm.login('gm', PASSWORD);
    const litId = (await gm.get<{ id: number }>(`/items/${archive.items.lit}`)).body.id;
    expect((await gm.get<Timeline>(`/items/${litId}/timeline`)).status).toBe(200);
    // The supervisor gets exactly what the item's own routes answer for it.
    const asItem = await sv.get(`/items/${archive.items.lit}`);
    const asTimeline = await sv.get(`/items/${litId}/timeline`);
    expect(asItem.status).toBeGreaterThanOrEqual(400);
    expect({ status: asTimeline.status, code: asTimeline.body.code }).toEqual({
      status: asItem.status,
      code: asItem.body.code,
    });
    expect(JSON.stringify(asTimeline.body)).not.toContain(archive.items.lit);
    const staff = client(server.url);
    await staff.login('staff', PASSWORD);
    expect((await staff.get(`/items/${itemId}/timeline`)).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await sv.get('/items/999999/timeline')).body).toMatchObject({ code: 'ITEM_NOT_FOUND' });
  });

  it('says verified false with the seq of a row changed behind the triggers, and only for folders after it', async () => {
    const before = (await sv.get<Timeline>(`/items/${itemId}/timeline`)).body;
    const head = Number(
      ((await t.db.knex('custody_log').max({ s: 'seq' }).first()) as { s: number | string }).s,
    );
    // Changing the last row (c2's loan, after c1's last) leaves c1's timeline verified.
    await unguarded(t, dialect, `UPDATE custody_log SET reason = '改过' WHERE seq = ${head}`);
    expect((await sv.get<Timeline>(`/items/${itemId}/timeline`)).body.verification).toEqual(
      before.verification,
    );
    const c2 = (await sv.get<{ id: number }>(`/items/${archive.items.c2}`)).body.id;
    expect((await sv.get<Timeline>(`/items/${c2}/timeline`)).body.verification).toEqual({
      verified: false,
      firstBadSeq: head,
      problem: 'hash',
      throughSeq: head - 1,
    });
    // Changing c1's check-out row: c1's verdict names it; the answer is still a 200.
    const outSeq = before.entries[1]!.seq;
    await unguarded(t, dialect, `UPDATE custody_log SET reason = '无' WHERE seq = ${outSeq}`);
    const after = await sv.get<Timeline>(`/items/${itemId}/timeline`);
    expect(after.status).toBe(200);
    expect(after.body.verification).toEqual({
      verified: false,
      firstBadSeq: outSeq,
      problem: 'hash',
      throughSeq: outSeq - 1,
    });
    expect(after.body.entries[1]!.reason).toBe('无');
    // A state no label names, on the folder's first row: still an answer, naming that earlier row.
    const firstSeq = before.entries[0]!.seq;
    await unguarded(t, dialect, `UPDATE custody_log SET to_state = 'bogus' WHERE seq = ${firstSeq}`);
    const worse = await sv.get<Timeline>(`/items/${itemId}/timeline`);
    expect(worse.status).toBe(200);
    expect(worse.body.verification).toMatchObject({ verified: false, firstBadSeq: firstSeq });
  });
});
