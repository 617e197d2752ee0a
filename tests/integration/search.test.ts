// The search box through the real HTTP stack on SQLite and PostgreSQL: every routing case (barcode id,
// EPC, 档号 exact and prefix, room in both written forms, owner name, ID number), masking and area rules
// on the hits, LIKE wildcards taken literally, and paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js';
import {
  buildArchive,
  count,
  PEOPLE,
  residentId,
  startCatalogueServer,
  type Archive,
  type CatalogueServer,
  type UserKey,
} from '../helpers/fixtures.js';

interface Hit {
  type: 'item' | 'dossier' | 'property';
  item?: { barcode: string; state: string; holder: { userId: number } | null };
  dossier?: { archiveNo: string; property: { name: string } | null };
  property?: { ref: string; name: string };
  owners: Array<{ name: string; role: string }>;
  items?: Array<{ barcode: string; state: string; holder: { userId: number } | null }>;
  dossiers?: Array<{ dossier: { archiveNo: string }; items: Array<{ barcode: string; state: string }> }>;
}

describe.each(DIALECTS)('search on %s', (dialect) => {
  let t: TestDatabase;
  let a: Archive;
  let srv: CatalogueServer;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    srv = await startCatalogueServer(t.db);
    a = await buildArchive(t.db, srv.cipher);
  });
  afterAll(async () => {
    await srv?.close();
    await t?.drop();
  });

  async function search(user: UserKey, q: string, extra = '') {
    const res = await srv.as(user).get(`/search?q=${encodeURIComponent(q)}${extra}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { kind: string; routes: string[]; query: string; hits: Hit[]; more: boolean };
  }
  const refs = (hits: Hit[]) => hits.map((h) => h.property?.ref ?? h.dossier?.archiveNo ?? h.item?.barcode);

  it('a barcode id finds its item, however it was typed', async () => {
    for (const q of ['F000000002', 'f000000002', 'Ｆ００００００００２']) {
      const r = await search('archivist', q);
      expect(r).toMatchObject({ kind: 'item', routes: ['barcode'], query: 'F000000002' });
      expect(r.hits).toEqual([
        expect.objectContaining({
          type: 'item',
          item: expect.objectContaining({
            state: 'out',
            holder: expect.objectContaining({ userId: a.users.staffHy }),
          }),
          owners: expect.arrayContaining([
            { id: a.parties.zhang, name: '张伟', kind: 'person', role: 'owner', current: true },
          ]),
        }),
      ]);
    }
    expect((await search('archivist', 'F999999999')).hits).toEqual([]);
  });

  it('a 24-hex EPC finds its item', async () => {
    const r = await search('supervisor', 'e2801170000002000000a001');
    expect(r).toMatchObject({ kind: 'item', routes: ['epc'] });
    expect(refs(r.hits)).toEqual(['F000000001']);
  });

  it('an exact 档号 finds its dossier with the property, owners and items with state and holder', async () => {
    const r = await search('staffHy', 'HY-3-2-1502');
    expect(r.kind).toBe('dossier');
    expect(r.hits).toHaveLength(1);
    const [hit] = r.hits;
    expect(hit).toMatchObject({
      type: 'dossier',
      dossier: { archiveNo: 'HY-3-2-1502', property: { name: '华苑 3栋2单元1502' } },
    });
    expect(hit!.owners.map((o) => o.name)).toEqual(['张伟', '赵强']);
    expect(hit!.items).toEqual([
      expect.objectContaining({ barcode: 'F000000001', state: 'in_place', holder: null }),
      expect.objectContaining({
        barcode: 'F000000002',
        state: 'out',
        holder: expect.objectContaining({ userId: a.users.staffHy }),
      }),
    ]);
    expect(refs((await search('archivist', 'GC-2026-0001')).hits)).toEqual(['GC-2026-0001']);
  });

  it('a 档号 prefix lists the dossiers under it, paged', async () => {
    const r = await search('supervisor', 'HY-3-2-15');
    expect(r).toMatchObject({ kind: 'dossier', more: false });
    expect(refs(r.hits)).toEqual(['HY-3-2-1501', 'HY-3-2-1502']);
    const first = await search('supervisor', 'HY', '&limit=1');
    expect(first).toMatchObject({ more: true });
    expect(refs(first.hits)).toEqual(['HY-3-2-1501']);
    expect(refs((await search('supervisor', 'HY', '&limit=1&offset=1')).hits)).toEqual(['HY-3-2-1502']);
  });

  it('a room, written with dashes or in Chinese, finds that property’s dossiers and items', async () => {
    for (const q of [
      '3-2-1502',
      '3栋2单元1502',
      '华苑3栋2单元1502室',
      'hy-3栋2单元1502',
      '３－２－１５０２',
    ]) {
      const r = await search('staffHy', q);
      expect(r.kind, q).toBe('property');
      expect(r.routes, q).toContain('room');
      expect(r.hits, q).toHaveLength(1);
      const [hit] = r.hits;
      expect(hit).toMatchObject({
        type: 'property',
        property: { ref: 'HY-3-2-1502', name: '华苑 3栋2单元1502' },
      });
      expect(hit!.dossiers).toEqual([
        {
          dossier: expect.objectContaining({ archiveNo: 'HY-3-2-1502' }),
          items: [
            expect.objectContaining({ barcode: 'F000000001', state: 'in_place' }),
            expect.objectContaining({ barcode: 'F000000002', state: 'out' }),
          ],
        },
      ]);
    }
    expect(refs((await search('supervisor', '锦苑1栋1单元101')).hits)).toEqual(['JY-1-1-101']);
    expect((await search('supervisor', '9-9-9999')).hits).toEqual([]);
  });

  it('an owner’s name (a part of it, any case) finds their properties, only in the viewer’s area for staff', async () => {
    expect(await search('supervisor', '张伟')).toMatchObject({ kind: 'property', routes: ['owner_name'] });
    expect(refs((await search('supervisor', '张伟')).hits)).toEqual(['HY-3-2-1502', 'JY-1-1-101']);
    expect(refs((await search('staffHy', '伟')).hits)).toEqual(['HY-3-2-1502']);
    expect(refs((await search('staffJy', '张伟')).hits)).toEqual(['JY-1-1-101']);
    const company = await search('archivist', 'acme贸易');
    expect(refs(company.hits)).toEqual(['HY-3-2-1503']);
    expect(company.hits[0]!.owners).toEqual([
      expect.objectContaining({ name: PEOPLE.acme.name, kind: 'company' }),
    ]);
    expect(refs((await search('supervisor', '赵强')).hits)).toEqual(['HY-3-2-1502']); // a previous owner
  });

  it('takes LIKE wildcards literally', async () => {
    for (const q of ['%', '_', '张%', '%伟', '\\'])
      expect((await search('supervisor', q)).hits, q).toEqual([]);
  });

  it('an ID number matches exactly by digest, for roles that may reveal ID numbers only', async () => {
    const id = PEOPLE.zhang.idNumber;
    const r = await search('gm', id);
    expect(r).toMatchObject({ kind: 'property', routes: ['id_number'] });
    expect(refs(r.hits)).toEqual(['HY-3-2-1502', 'JY-1-1-101']);
    expect(refs((await search('archivist', ` ${id.slice(0, 6)} ${id.slice(6)} `)).hits)).toHaveLength(2);
    // The site manager serves 华苑 only: the 锦苑 property is not a hit.
    expect(refs((await search('siteManager', id)).hits)).toEqual(['HY-3-2-1502']);
    for (const user of ['staffHy', 'supervisor', 'admin'] as const) {
      expect(await search(user, id), user).toMatchObject({ routes: ['id_number'], hits: [] });
    }
    expect((await search('gm', residentId('11010119800101001'))).hits).toEqual([]);
  });

  it('masks owners for the viewer and gives staff nothing outside their area', async () => {
    const vip = await search('staffHy', '3-2-1501');
    expect(vip.hits[0]!.owners.map((o) => o.name)).toEqual(['李娜']);
    expect(JSON.stringify(vip)).not.toContain(PEOPLE.li.mobile);
    for (const q of ['3-2-1502', 'HY-3-2-1502', 'F000000001', 'E2801170000002000000A001', 'HY']) {
      expect((await search('staffJy', q)).hits, q).toEqual([]);
    }
    const admin = await search('admin', '3-2-1502');
    expect(admin.hits[0]!.owners).toEqual([]);
    expect(admin.hits[0]!.dossiers).toEqual([]);
    expect(await count(t.db, 'sensitive_views')).toBe(0); // hits carry names only: nothing whole was shown
  });

  it('refuses an empty query and strangers', async () => {
    expect(await srv.as('staffHy').get('/search?q=%20')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect(await srv.as('staffHy').get('/search')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect((await fetch(`${srv.url}/api/v1/search?q=HY`)).status).toBe(401);
  });
});
