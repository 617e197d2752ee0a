// The catalogue through the real HTTP stack on a real SQLite file and a real PostgreSQL database: the place
// model, masking of owner data per role (and the log of every whole value shown), dossier numbering and
// 一户一档, archive-number immutability down to the database trigger, item registration with its custody
// row, locations, and the refusals (403 / 404 / 400 / 409) that must leave nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEntry } from '../../server/domain/ledger.js';
import { verifyCustodyLog } from '../../server/store/custody-log.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js';
import {
  buildArchive,
  count,
  PEOPLE,
  startCatalogueServer,
  type Archive,
  type CatalogueServer,
} from '../helpers/fixtures.js';

describe.each(DIALECTS)('catalogue on %s', (dialect) => {
  let t: TestDatabase;
  let a: Archive;
  let srv: CatalogueServer;
  const published: CustodyEntry[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    srv = await startCatalogueServer(t.db);
    a = await buildArchive(t.db, srv.cipher);
    srv.bus.subscribe('custody', (e) => published.push(e));
  });
  afterAll(async () => {
    await srv?.close();
    await t?.drop();
  });

  const views = (user: number) => count(t.db, 'sensitive_views', { user_id: user });
  type PartyJson = {
    id: number;
    name: string;
    idNumber: string | null;
    mobile: string | null;
    revealable: string[];
  };
  const zhangIn = (parties: PartyJson[]): PartyJson => parties.find((p) => p.id === a.parties.zhang)!;

  describe('the place model', () => {
    it('lists sites, estates, an estate’s buildings and units, and a unit’s rooms with dossier numbers', async () => {
      const staff = srv.as('staffHy');
      expect((await staff.get('/sites')).body.sites).toEqual([
        expect.objectContaining({ code: 'HYWY', archiveNoRule: '{estate}-{building}-{unit}-{room}' }),
      ]);
      expect((await staff.get('/estates')).body.estates.map((e: { code: string }) => e.code)).toEqual([
        'HY',
        'JY',
      ]);
      const estate = (await staff.get(`/estates/${a.estates.hy}`)).body;
      expect(estate.buildings).toEqual([
        expect.objectContaining({
          code: '3',
          units: [expect.objectContaining({ code: '2', properties: 3 })],
        }),
      ]);
      const rooms = (await staff.get(`/units/${a.units.hy32}/properties`)).body.properties;
      expect(rooms.map((p: { room: string }) => p.room)).toEqual(['1501', '1502', '1503']);
      expect(rooms[1]).toMatchObject({ ref: 'HY-3-2-1502', name: '华苑 3栋2单元1502' });
      expect(rooms[1].dossiers).toEqual([expect.objectContaining({ archiveNo: 'HY-3-2-1502' })]);
      expect(rooms[2].dossiers).toEqual([]);
    });

    it('answers unknown ids with 404 and a code, and strangers with 401', async () => {
      const s = srv.as('supervisor');
      expect((await s.get('/estates/9999')).body.code).toBe('NOT_FOUND');
      expect(await s.get('/properties/9999')).toMatchObject({
        status: 404,
        body: { code: 'PROPERTY_NOT_FOUND' },
      });
      expect(await s.get('/dossiers/9999')).toMatchObject({
        status: 404,
        body: { code: 'DOSSIER_NOT_FOUND' },
      });
      expect(await s.get('/locations/9999')).toMatchObject({
        status: 404,
        body: { code: 'LOCATION_NOT_FOUND' },
      });
      expect(await s.get('/parties/9999')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect((await fetch(`${srv.url}/api/v1/sites`)).status).toBe(401);
    });
  });

  describe('owner data follows the role table, and every whole value shown is logged', () => {
    const plain = (body: unknown) => JSON.stringify(body);
    const whole = (key: keyof typeof PEOPLE) =>
      [PEOPLE[key].idNumber, PEOPLE[key].mobile, PEOPLE[key].homePhone].filter((v): v is string => !!v);

    it('staff in their own area see name and phones whole (logged) and the ID number masked', async () => {
      const before = await views(a.users.staffHy);
      const { body } = await srv.as('staffHy').get(`/properties/${a.properties.hy1502}`);
      const zhang = zhangIn(body.parties);
      expect(zhang).toMatchObject({
        name: '张伟',
        mobile: PEOPLE.zhang.mobile,
        homePhone: PEOPLE.zhang.homePhone,
        idNumber: '440***********' + PEOPLE.zhang.idNumber.slice(-4),
        masked: ['id_number'],
        revealable: [],
      });
      expect(plain(body)).not.toContain(PEOPLE.zhang.idNumber);
      // The current owner’s mobile and home phone, and the previous owner’s mobile.
      expect(await views(a.users.staffHy)).toBe(before + 3);
    });

    it('staff outside their area, or with no area at all, see no owners', async () => {
      for (const user of ['staffJy', 'staffNone'] as const) {
        const before = await views(a.users[user]);
        const { body } = await srv.as(user).get(`/properties/${a.properties.hy1502}`);
        expect(body.parties, user).toEqual([]);
        expect(plain(body)).not.toContain('张伟');
        expect(body.dossiers).toEqual([]); // nor the dossier outside the area
        expect(await views(a.users[user])).toBe(before);
      }
      expect((await srv.as('staffNone').get(`/properties/${a.properties.jy101}`)).body.parties).toEqual([]);
      expect(await srv.as('staffNone').get(`/parties/${a.parties.zhang}`)).toMatchObject({
        status: 403,
        body: { code: 'OUTSIDE_AREA' },
      });
    });

    it('a VIP owner’s mobile never reaches staff, not even masked', async () => {
      const { body } = await srv.as('staffHy').get(`/properties/${a.properties.hy1501}`);
      const li = body.parties.find((p: { id: number }) => p.id === a.parties.li);
      expect(li).toMatchObject({ name: '李娜', vip: true, mobile: null, homePhone: PEOPLE.li.homePhone });
      expect(plain(body)).not.toContain(PEOPLE.li.mobile);
    });

    it('a supervisor sees name and unit only (seed 002 §4.5.1.3): no phone, no ID, nothing logged', async () => {
      const { body } = await srv.as('supervisor').get(`/dossiers/${a.dossiers.hy1502}`);
      expect(zhangIn(body.parties)).toMatchObject({
        name: '张伟',
        mobile: null,
        homePhone: null,
        idNumber: null,
        revealable: [],
      });
      for (const value of whole('zhang')) expect(plain(body)).not.toContain(value);
      expect(await views(a.users.supervisor)).toBe(0);
    });

    it('the site manager sees phones whole (logged), ID numbers and VIP mobiles masked but revealable', async () => {
      const { body } = await srv.as('siteManager').get(`/dossiers/${a.dossiers.hy1502}`);
      expect(zhangIn(body.parties)).toMatchObject({ mobile: PEOPLE.zhang.mobile, revealable: ['id_number'] });
      expect(plain(body)).not.toContain(PEOPLE.zhang.idNumber);
      const logged = await t.db
        .knex('sensitive_views')
        .where({ user_id: a.users.siteManager, party_id: a.parties.zhang });
      expect(logged.map((v: { field: string }) => v.field).sort()).toEqual(['home_phone', 'mobile']);
      expect(logged[0].purpose).toBe('dossier HY-3-2-1502');
      const vip = (await srv.as('siteManager').get(`/properties/${a.properties.hy1501}`)).body.parties[0];
      expect(vip).toMatchObject({ mobile: '139****5432' });
      expect(vip.revealable.sort()).toEqual(['id_number', 'mobile']);
      // 锦苑 is not the site manager’s estate.
      expect((await srv.as('siteManager').get(`/properties/${a.properties.jy101}`)).body.parties).toEqual([]);
    });

    it('archivist, GM and legal get everything masked inline; the administrator no owner data at all', async () => {
      for (const user of ['archivist', 'gm', 'legal'] as const) {
        const { body } = await srv.as(user).get(`/properties/${a.properties.hy1502}`);
        expect(zhangIn(body.parties), user).toMatchObject({ name: '张伟', mobile: '138****5678' });
        expect(zhangIn(body.parties).revealable.sort()).toEqual(['home_phone', 'id_number', 'mobile']);
        for (const value of whole('zhang')) expect(plain(body)).not.toContain(value);
        expect(await views(a.users[user])).toBe(0);
      }
      expect((await srv.as('admin').get(`/properties/${a.properties.hy1502}`)).body.parties).toEqual([]);
    });

    it('GET /parties/:id shows an owner through the properties the viewer may see', async () => {
      const zhang = (await srv.as('staffJy').get(`/parties/${a.parties.zhang}`)).body;
      expect(zhang.party.mobile).toBe(PEOPLE.zhang.mobile);
      expect(zhang.properties.map((p: { ref: string }) => p.ref)).toEqual(['JY-1-1-101']);
      expect(await srv.as('staffJy').get(`/parties/${a.parties.li}`)).toMatchObject({
        status: 403,
        body: { code: 'OUTSIDE_AREA' },
      });
    });

    it('POST /parties/:id/reveal: one whole value for a typed purpose, logged; refused otherwise', async () => {
      const reveal = (user: Parameters<typeof srv.as>[0], party: number, body: unknown) =>
        srv.as(user).send('POST', `/parties/${party}/reveal`, body);
      const purpose = '法院协查函核对身份';
      const before = await count(t.db, 'sensitive_views');
      for (const bad of [
        { field: 'id_number' },
        { field: 'id_number', purpose: ' 查 ' },
        { field: 'pin', purpose },
        { field: 'id_number', purpose, extra: 1 },
      ]) {
        expect(await reveal('gm', a.parties.li, bad), JSON.stringify(bad)).toMatchObject({
          status: 400,
          body: { code: 'VALIDATION_FAILED' },
        });
      }
      for (const user of ['staffHy', 'supervisor', 'admin'] as const) {
        expect(await reveal(user, a.parties.li, { field: 'id_number', purpose }), user).toMatchObject({
          status: 403,
          body: { code: 'FORBIDDEN' },
        });
      }
      // The archivist may reveal ID numbers and ordinary phones, never a VIP mobile.
      expect(await reveal('archivist', a.parties.li, { field: 'mobile', purpose })).toMatchObject({
        status: 403,
        body: { code: 'FIELD_NOT_REVEALABLE' },
      });
      expect(await reveal('gm', 9999, { field: 'mobile', purpose })).toMatchObject({ status: 404 });
      expect(await count(t.db, 'sensitive_views')).toBe(before);

      const shown = await reveal('gm', a.parties.li, { field: 'id_number', purpose });
      expect(shown).toMatchObject({
        status: 200,
        body: { partyId: a.parties.li, field: 'id_number', value: PEOPLE.li.idNumber },
      });
      expect(
        await t.db.knex('sensitive_views').where({ user_id: a.users.gm, party_id: a.parties.li }),
      ).toEqual([expect.objectContaining({ field: 'id_number', purpose })]);
      expect(
        (await reveal('siteManager', a.parties.li, { field: 'mobile', purpose: '紧急联系业主' })).body.value,
      ).toBe(PEOPLE.li.mobile);
      expect((await reveal('archivist', a.parties.zhang, { field: 'mobile', purpose })).body.value).toBe(
        PEOPLE.zhang.mobile,
      );
      expect(await count(t.db, 'sensitive_views')).toBe(before + 3);
    });

    it('an owner carries the level of its dossier: raised to A, only those cleared for A see it', async () => {
      await t.db.knex('dossiers').where({ id: a.dossiers.hy1501 }).update({ confidentiality: 'A' });
      try {
        for (const user of ['staffHy', 'supervisor', 'siteManager', 'archivist'] as const) {
          const { body } = await srv.as(user).get(`/properties/${a.properties.hy1501}`);
          expect(body.parties, user).toEqual([]);
          expect(plain(body)).not.toContain('李娜');
          expect((await srv.as(user).get(`/parties/${a.parties.li}`)).body.code, user).toBe(
            'CLEARANCE_TOO_LOW',
          );
          const hits = (await srv.as(user).get('/search?q=3-2-1501')).body.hits;
          expect(plain(hits), user).not.toContain('李娜');
        }
        expect(
          await srv
            .as('siteManager')
            .send('POST', `/parties/${a.parties.li}/reveal`, { field: 'id_number', purpose: '核对业主身份' }),
        ).toMatchObject({ status: 403, body: { code: 'CLEARANCE_TOO_LOW' } });
        const gm = (await srv.as('gm').get(`/properties/${a.properties.hy1501}`)).body;
        expect(gm.parties.map((p: { name: string }) => p.name)).toEqual(['李娜']);
      } finally {
        await t.db.knex('dossiers').where({ id: a.dossiers.hy1501 }).update({ confidentiality: 'C' });
      }
    });
  });

  describe('dossiers', () => {
    it('shows a dossier with items, documents, completeness, and refuses staff outside the area', async () => {
      const { body } = await srv.as('staffHy').get(`/dossiers/${a.dossiers.hy1502}`);
      expect(body.dossier).toMatchObject({
        archiveNo: 'HY-3-2-1502',
        property: { name: '华苑 3栋2单元1502' },
      });
      expect(body.items.map((i: { barcode: string }) => i.barcode)).toEqual(['F000000001', 'F000000002']);
      expect(body.items[1]).toMatchObject({ state: 'out', holder: { userId: a.users.staffHy } });
      expect(body.documents).toEqual([
        expect.objectContaining({ present: true, form: 'original', pages: 12 }),
      ]);
      expect(body.completeness.complete).toBe(false);
      expect(body.completeness.missing.map((m: { code: string }) => m.code)).toContain(
        'sales_contract_duplicate',
      );
      expect(body.completeness.missing.map((m: { code: string }) => m.code)).not.toContain(
        'sales_contract_original',
      );
      const refused = await srv.as('staffJy').get(`/dossiers/${a.dossiers.hy1502}`);
      expect(refused).toMatchObject({ status: 403, body: { code: 'OUTSIDE_AREA' } });
    });

    it('lists by 档号 prefix, paged, only what the viewer may read', async () => {
      const all = (await srv.as('supervisor').get('/dossiers?archiveNo=hy-3-2&limit=1')).body;
      expect(all).toMatchObject({ dossiers: [{ archiveNo: 'HY-3-2-1501' }], more: true });
      const next = (await srv.as('supervisor').get('/dossiers?archiveNo=HY-3-2&limit=1&offset=1')).body;
      expect(next.dossiers.map((d: { archiveNo: string }) => d.archiveNo)).toEqual(['HY-3-2-1502']);
      expect((await srv.as('staffJy').get('/dossiers?archiveNo=HY')).body).toEqual({
        dossiers: [],
        more: false,
      });
    });

    it('numbers property dossiers by the site rule and the others by kind, year and sequence', async () => {
      const archivist = srv.as('archivist');
      const company = await archivist.send('POST', '/dossiers', {
        kind: 'company_buyer',
        propertyId: a.properties.hy1503,
      });
      expect(company).toMatchObject({
        status: 201,
        body: { archiveNo: 'HY-3-2-1503', title: '华苑 3栋2单元1503 单位业主' },
      });
      const tenant = await archivist.send('POST', '/dossiers', {
        kind: 'tenant',
        propertyId: a.properties.hy1502,
      });
      expect(tenant.body.archiveNo).toBe('HY-3-2-1502-ZL');
      const gc = { kind: 'engineering', title: '3栋电梯维修', departmentId: a.departments.gc };
      expect((await archivist.send('POST', '/dossiers', gc)).body).toMatchObject({
        archiveNo: 'GC-2026-0002',
        year: 2026,
      });
      expect((await archivist.send('POST', '/dossiers', gc)).body.archiveNo).toBe('GC-2026-0003');
      const lit = await srv
        .as('legal')
        .send('POST', '/dossiers', { kind: 'litigation', title: '(2026)粤0304民初1号' });
      expect(lit.body.archiveNo).toBe('SS-2026-0001');
    });

    it('refuses a second dossier of a kind for a property (一户一档), and bad requests, writing nothing', async () => {
      const archivist = srv.as('archivist');
      const before = await count(t.db, 'dossiers');
      const again = await archivist.send('POST', '/dossiers', {
        kind: 'individual_buyer',
        propertyId: a.properties.hy1502,
      });
      expect(again).toMatchObject({
        status: 409,
        body: { code: 'DOSSIER_EXISTS', details: { archiveNo: 'HY-3-2-1502' } },
      });
      const staff = await srv
        .as('staffHy')
        .send('POST', '/dossiers', { kind: 'tenant', propertyId: a.properties.hy1501 });
      expect(staff).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      const malformed = await archivist.send('POST', '/dossiers', {
        kind: 'villa',
        propertyId: a.properties.hy1501,
      });
      expect(malformed).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      expect((await archivist.send('POST', '/dossiers', '{"kind":')).body.code).toBe('VALIDATION_FAILED');
      expect((await archivist.send('POST', '/dossiers', { kind: 'tenant' })).body.code).toBe(
        'VALIDATION_FAILED',
      );
      const unknown = await archivist.send('POST', '/dossiers', { kind: 'tenant', propertyId: 9999 });
      expect(unknown).toMatchObject({ status: 404, body: { code: 'PROPERTY_NOT_FOUND' } });
      expect(await count(t.db, 'dossiers')).toBe(before);
    });

    it('never changes an archive number: the API refuses it and so does the database', async () => {
      const url = `/dossiers/${a.dossiers.hy1501}`;
      const refused = await srv.as('archivist').send('PATCH', url, { archiveNo: 'HY-3-2-9999', title: '改' });
      expect(refused).toMatchObject({ status: 409, body: { code: 'ARCHIVE_NO_IMMUTABLE' } });
      const edited = await srv
        .as('archivist')
        .send('PATCH', url, { title: '华苑3栋2单元1501室 李娜（更正）' });
      expect(edited.body).toMatchObject({
        archiveNo: 'HY-3-2-1501',
        title: '华苑3栋2单元1501室 李娜（更正）',
      });
      expect((await srv.as('staffHy').send('PATCH', url, { title: 'x' })).body.code).toBe('FORBIDDEN');
      await expect(
        t.db.knex('dossiers').where({ id: a.dossiers.hy1501 }).update({ archive_no: 'HY-3-2-9999' }),
      ).rejects.toThrow(/ARCHIVE_NO_IMMUTABLE/);
      expect(await t.db.knex('dossiers').where({ id: a.dossiers.hy1501 }).first('archive_no')).toEqual({
        archive_no: 'HY-3-2-1501',
      });
    });

    it('cross-references dossiers in both directions', async () => {
      const body = { dossierId: a.dossiers.jy101, reason: '同一业主名下另一房产' };
      const linked = await srv.as('archivist').send('POST', `/dossiers/${a.dossiers.hy1502}/links`, body);
      expect(linked.body.links).toEqual([
        expect.objectContaining({ archiveNo: 'JY-1-1-101', reason: body.reason }),
      ]);
      await srv.as('archivist').send('POST', `/dossiers/${a.dossiers.hy1502}/links`, body); // idempotent
      expect(await count(t.db, 'dossier_links')).toBe(2);
      const back = (await srv.as('supervisor').get(`/dossiers/${a.dossiers.jy101}`)).body;
      expect(back.links.map((l: { archiveNo: string }) => l.archiveNo)).toEqual(['HY-3-2-1502']);
      const self = await srv.as('archivist').send('POST', `/dossiers/${a.dossiers.jy101}/links`, {
        dossierId: a.dossiers.jy101,
        reason: 'x',
      });
      expect(self.body.code).toBe('VALIDATION_FAILED');
    });

    it('ticks checklist papers and reports what is still missing', async () => {
      const url = `/dossiers/${a.dossiers.hy1502}/documents`;
      const entryId = a.entries['individual_buyer:sales_contract_duplicate'];
      const added = await srv
        .as('archivist')
        .send('POST', url, { entryId, present: true, form: 'copy', pages: 12 });
      expect(added.status).toBe(201);
      expect(added.body.document).toMatchObject({ title: expect.stringContaining('副本'), copies: 1 });
      expect(added.body.completeness.missing.map((m: { code: string }) => m.code)).not.toContain(
        'sales_contract_duplicate',
      );
      const id = added.body.document.id as number;
      const unticked = await srv.as('archivist').send('PUT', `${url}/${id}`, { present: false });
      expect(unticked.body.document.present).toBe(false);
      expect(unticked.body.completeness.missing.map((m: { code: string }) => m.code)).toContain(
        'sales_contract_duplicate',
      );
      expect((await srv.as('archivist').send('PUT', `${url}/99999`, { present: true })).body.code).toBe(
        'NOT_FOUND',
      );
      const foreign = a.entries['company_buyer:business_licence_copy'];
      expect((await srv.as('archivist').send('POST', url, { entryId: foreign, present: true })).status).toBe(
        400,
      );
      expect((await srv.as('staffHy').send('POST', url, { title: '其他', present: true })).status).toBe(403);
    });
  });

  describe('items', () => {
    const item = (barcode: string, extra: Record<string, unknown> = {}) => ({
      barcode,
      kind: 'folder',
      dossierId: a.dossiers.hy1502,
      folderGroup: 'c',
      volumeNo: 3,
      locationId: a.locations.shelf,
      ...extra,
    });

    it('registers an item and exactly one custody row in one transaction, published after commit', async () => {
      published.length = 0;
      const res = await srv
        .as('archivist')
        .send('POST', '/items', item('f000000010', { epc: 'e2801170000002000000a010' }));
      expect(res).toMatchObject({
        status: 201,
        body: {
          barcode: 'F000000010',
          epc: 'E2801170000002000000A010',
          state: 'in_place',
          dossier: { archiveNo: 'HY-3-2-1502' },
        },
      });
      const rows = await t.db.knex('custody_log').where({ item_id: res.body.id });
      expect(rows).toEqual([
        expect.objectContaining({
          action: 'registered',
          to_state: 'in_place',
          to_location_id: a.locations.shelf,
          station: 'web', // from the session: a password session at no station
        }),
      ]);
      expect(published.map((e) => [e.itemId, e.action])).toEqual([[res.body.id, 'registered']]);
      expect((await verifyCustodyLog(t.db.knex)).ok).toBe(true);
    });

    it('refuses taken barcodes and EPCs, full or wrong places and wrong roles, leaving nothing half-written', async () => {
      const archivist = srv.as('archivist');
      const [items, log] = [await count(t.db, 'items'), await count(t.db, 'custody_log')];
      const expectRefusal = async (
        user: 'archivist' | 'staffHy',
        body: unknown,
        status: number,
        code: string,
      ) => {
        expect(await srv.as(user).send('POST', '/items', body)).toMatchObject({ status, body: { code } });
      };
      await expectRefusal('archivist', item('F000000001'), 409, 'BARCODE_TAKEN');
      await expectRefusal(
        'archivist',
        item('F000000011', { epc: 'E2801170000002000000A001' }),
        409,
        'EPC_TAKEN',
      );
      await expectRefusal(
        'archivist',
        item('F000000011', { locationId: a.locations.fullShelf }),
        409,
        'LOCATION_FULL',
      );
      await expectRefusal(
        'archivist',
        item('F000000011', { locationId: a.locations.cabinet }),
        409,
        'LOCATION_NOT_SHELVING',
      );
      await expectRefusal('archivist', item('F000000011', { locationId: 9999 }), 404, 'LOCATION_NOT_FOUND');
      await expectRefusal('archivist', item('F000000011', { dossierId: 9999 }), 404, 'DOSSIER_NOT_FOUND');
      await expectRefusal('archivist', item('K000000011'), 400, 'VALIDATION_FAILED');
      await expectRefusal('archivist', item('F00011'), 400, 'VALIDATION_FAILED');
      await expectRefusal('archivist', item('F000000011', { epc: 'XYZ' }), 400, 'VALIDATION_FAILED');
      await expectRefusal('staffHy', item('F000000011'), 403, 'FORBIDDEN');
      // The custody log's station is never taken from a request.
      await expectRefusal('archivist', item('F000000011', { station: 'kiosk-9' }), 400, 'VALIDATION_FAILED');
      expect([await count(t.db, 'items'), await count(t.db, 'custody_log')]).toEqual([items, log]);
      expect((await archivist.send('POST', '/items', item('F000000011'))).status).toBe(201);
    });
  });

  describe('locations and people', () => {
    it('shows the location tree with capacity, use and totals, and a location’s items', async () => {
      const { rooms } = (await srv.as('staffHy').get('/locations')).body;
      expect(rooms).toHaveLength(1);
      const [cabinet] = rooms[0].children;
      const shelf = cabinet.children.find((s: { code: string }) => s.code === 'R1-C01-1');
      expect(shelf).toMatchObject({
        kind: 'shelf',
        capacity: 10,
        children: [expect.objectContaining({ kind: 'position', used: 1 })],
      });
      expect(shelf.total).toBe(shelf.used + 1);
      expect(rooms[0].total).toBe(await count(t.db, 'items'));
      const listed = (await srv.as('supervisor').get(`/locations/${a.locations.shelf}?limit=500`)).body;
      expect(listed.path.map((l: { code: string }) => l.code)).toEqual(['R1', 'R1-C01', 'R1-C01-1']);
      expect(listed.items.map((i: { barcode: string }) => i.barcode)).toContain('F000000005'); // on its position
      const staff = (await srv.as('staffHy').get(`/locations/${a.locations.shelf}`)).body;
      expect(staff.items.map((i: { barcode: string }) => i.barcode)).not.toContain('F000000004'); // another estate
    });

    it('adds locations only where they nest, only for location managers', async () => {
      const admin = srv.as('admin');
      const before = await count(t.db, 'locations');
      const shelf = {
        kind: 'shelf',
        parentId: a.locations.cabinet,
        code: 'r1-c01-3',
        name: '第3层',
        capacity: 40,
      };
      expect(await srv.as('archivist').send('POST', '/locations', shelf)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
      expect(await admin.send('POST', '/locations', shelf)).toMatchObject({
        status: 201,
        body: { code: 'R1-C01-3', used: 0 },
      });
      expect((await admin.send('POST', '/locations', shelf)).body.code).toBe('CONFLICT');
      const misplaced = { kind: 'position', parentId: a.locations.room, code: 'P-X', name: 'x' };
      expect((await admin.send('POST', '/locations', misplaced)).body.code).toBe('VALIDATION_FAILED');
      expect(
        (await admin.send('POST', '/locations', { kind: 'cabinet', code: 'C-X', name: 'x' })).status,
      ).toBe(400);
      expect((await admin.send('POST', '/locations', { ...misplaced, parentId: 9999 })).status).toBe(404);
      expect(await count(t.db, 'locations')).toBe(before + 1);
    });

    it('lists departments for everyone and users for managers and supervisors, without secrets', async () => {
      expect((await srv.as('staffHy').get('/departments')).body.departments).toHaveLength(2);
      expect(await srv.as('staffHy').get('/users')).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
      const { body } = await srv.as('admin').get('/users');
      expect(body.users).toHaveLength(9);
      const areaOf = (username: string) =>
        body.users.find((u: { username: string }) => u.username === username).estateIds;
      expect(areaOf('staffhy')).toEqual([a.estates.hy]);
      expect(areaOf('staffnone')).toEqual([]); // no area is no area, not every estate
      expect(areaOf('gm')).toBe('all');
      expect(JSON.stringify(body)).not.toMatch(/hash|argon|failed/i);
      expect((await srv.as('supervisor').get('/users')).status).toBe(200);
      expect((await srv.as('siteManager').get('/users')).status).toBe(200);
    });
  });
});
