// A small archive written through knex into a migrated test database (a site with two estates, owners with
// sealed ID numbers and phones, dossiers, checklists, a room of shelves, registered items, people of every
// role with badges), and an HTTP server with the real auth, catalogue and search routes on an ephemeral port.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { loadConfig } from '../../server/config.js';
import { DEFAULT_CHECKLIST_TEMPLATES } from '../../server/domain/completeness.js';
import type { CustodyFields } from '../../server/domain/ledger.js';
import { maskIdNumber, maskPhone } from '../../server/domain/masking.js';
import type { IdType, PartyKind, Role } from '../../server/domain/vocabulary.js';
import { EventBus } from '../../server/events.js';
import { createHttpApp } from '../../server/http/app.js';
import { authRoutes } from '../../server/http/routes/auth.js';
import { catalogueRoutes } from '../../server/http/routes/catalogue.js';
import { searchRoutes } from '../../server/http/routes/search.js';
import { sessionAuthenticator } from '../../server/http/session.js';
import { createLogger } from '../../server/logger.js';
import { fixedClock, systemRandom, type Clock } from '../../server/providers.js';
import { createAuthService } from '../../server/services/auth.js';
import { createCatalogueService } from '../../server/services/catalogue.js';
import { hashSecret } from '../../server/services/passwords.js';
import { createSearchService } from '../../server/services/search.js';
import { appendCustody } from '../../server/store/custody-log.js';
import type { Database } from '../../server/store/db.js';
import { runWriteTransaction } from '../../server/store/write-lock.js';
import { createFieldCipher, type FieldCipher } from '../../server/store/secrets.js';

export const PASSWORD = 'archive-test-password';
export const PIN = '1357';
export const DATA_KEY = '0123456789abcdef'.repeat(4);
export const T0 = '2026-11-25T02:00:00.000Z';

// Appended, never reordered: badge numbers follow the position. `staffNone` is a staff member nobody has
// given an area; the site manager manages 华苑 only, so 锦苑's owners are outside it.
export const USERS = [
  'admin',
  'archivist',
  'supervisor',
  'gm',
  'legal',
  'staffHy',
  'staffJy',
  'staffNone',
  'siteManager',
] as const;
export type UserKey = (typeof USERS)[number];
const ROLE_OF: Record<UserKey, Role> = {
  admin: 'admin',
  archivist: 'archivist',
  supervisor: 'supervisor',
  gm: 'gm',
  legal: 'legal',
  staffHy: 'staff',
  staffJy: 'staff',
  staffNone: 'staff',
  siteManager: 'site_manager',
};
/** Who holds the explicit all-estates grant. */
const ALL_ESTATES: ReadonlySet<UserKey> = new Set<UserKey>(['archivist', 'supervisor', 'gm', 'legal']);

/** A resident ID with a valid GB 11643 check character. */
export function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

export const PEOPLE = {
  zhang: {
    name: '张伟',
    idNumber: residentId('44030419900307123'),
    mobile: '13812345678',
    homePhone: '075583001234',
  },
  li: {
    name: '李娜',
    idNumber: residentId('44030519851120456'),
    mobile: '13998765432',
    homePhone: '075586001111',
  },
  zhao: { name: '赵强', idNumber: residentId('43010219700101001'), mobile: '13700001111', homePhone: null },
  acme: {
    name: 'ACME贸易(深圳)有限公司',
    idNumber: '91440300MA5D0XYZ1K',
    mobile: null,
    homePhone: '075526660000',
  },
} as const;

let secretHashes: Promise<[string, string]> | null = null;
const hashes = () => (secretHashes ??= Promise.all([hashSecret(PASSWORD), hashSecret(PIN)]));

async function insertId(k: Knex | Knex.Transaction, table: string, row: Record<string, unknown>) {
  const [r] = (await k(table).insert(row).returning('id')) as Array<{ id: number } | number>;
  return typeof r === 'object' ? Number(r.id) : Number(r);
}

export type Archive = Awaited<ReturnType<typeof buildArchive>>;

export async function buildArchive(db: Database, cipher: FieldCipher) {
  const [passwordHash, pinHash] = await hashes();
  return runWriteTransaction(db, async (k) => {
    const site = await insertId(k, 'sites', {
      code: 'HYWY',
      name: '华远物业',
      archive_no_rule: '{estate}-{building}-{unit}-{room}',
      created_at: T0,
    });
    const hy = await insertId(k, 'estates', { site_id: site, code: 'HY', name: '华苑' });
    const jy = await insertId(k, 'estates', { site_id: site, code: 'JY', name: '锦苑' });
    const hy3 = await insertId(k, 'buildings', { estate_id: hy, code: '3', name: '3栋' });
    const jy1 = await insertId(k, 'buildings', { estate_id: jy, code: '1', name: '1栋' });
    const hy32 = await insertId(k, 'units', { building_id: hy3, code: '2', name: '2单元' });
    const jy11 = await insertId(k, 'units', { building_id: jy1, code: '1', name: '1单元' });
    const property = (unit: number, room: string) =>
      insertId(k, 'properties', { unit_id: unit, room, area_m2: 89.5 });
    const properties = {
      hy1501: await property(hy32, '1501'),
      hy1502: await property(hy32, '1502'),
      hy1503: await property(hy32, '1503'),
      jy101: await property(jy11, '101'),
    };

    const departments = {
      kf: await insertId(k, 'departments', { code: 'KF', name: '客服部' }),
      gc: await insertId(k, 'departments', { code: 'GC', name: '工程部' }),
    };
    const users = {} as Record<UserKey, number>;
    const badges = {} as Record<UserKey, string>;
    for (const [i, key] of USERS.entries()) {
      users[key] = await insertId(k, 'users', {
        username: key.toLowerCase(),
        display_name: `${key} 测试`,
        role: ROLE_OF[key],
        department_id: key === 'archivist' ? departments.kf : null,
        password_hash: passwordHash,
        all_estates: ALL_ESTATES.has(key),
        created_at: T0,
      });
      badges[key] = `U${String(900 + i).padStart(9, '0')}`;
      await k('badges').insert({ user_id: users[key], number: badges[key], pin_hash: pinHash });
    }
    await k('user_estates').insert([
      { user_id: users.staffHy, estate_id: hy },
      { user_id: users.staffJy, estate_id: jy },
      { user_id: users.siteManager, estate_id: hy },
    ]);

    const party = async (key: keyof typeof PEOPLE, kind: PartyKind, idType: IdType, vip = false) => {
      const p = PEOPLE[key];
      return insertId(k, 'parties', {
        kind,
        name: p.name,
        id_type: idType,
        id_number_enc: cipher.encrypt(p.idNumber),
        id_number_digest: cipher.digest(p.idNumber),
        id_number_masked: maskIdNumber(p.idNumber, idType),
        mobile_enc: p.mobile ? cipher.encrypt(p.mobile) : null,
        mobile_masked: p.mobile ? maskPhone(p.mobile) : null,
        home_phone_enc: p.homePhone ? cipher.encrypt(p.homePhone) : null,
        home_phone_masked: p.homePhone ? maskPhone(p.homePhone) : null,
        vip,
        created_at: T0,
      });
    };
    const parties = {
      zhang: await party('zhang', 'person', 'resident_id'),
      li: await party('li', 'person', 'resident_id', true),
      zhao: await party('zhao', 'person', 'resident_id'),
      acme: await party('acme', 'company', 'business_licence'),
    };
    await k('property_parties').insert([
      { property_id: properties.hy1502, party_id: parties.zhang, role: 'owner', since: T0 },
      { property_id: properties.hy1502, party_id: parties.zhao, role: 'previous_owner', until: T0 },
      { property_id: properties.jy101, party_id: parties.zhang, role: 'owner', since: T0 },
      { property_id: properties.hy1501, party_id: parties.li, role: 'owner', since: T0 },
      { property_id: properties.hy1503, party_id: parties.acme, role: 'owner', since: T0 },
    ]);

    const dossier = (archiveNo: string, kind: string, extra: Record<string, unknown>) =>
      insertId(k, 'dossiers', {
        archive_no: archiveNo,
        site_id: site,
        kind,
        year: 2026,
        created_at: T0,
        ...extra,
      });
    const dossiers = {
      hy1502: await dossier('HY-3-2-1502', 'individual_buyer', {
        property_id: properties.hy1502,
        title: '华苑3栋2单元1502室 张伟',
      }),
      hy1501: await dossier('HY-3-2-1501', 'individual_buyer', {
        property_id: properties.hy1501,
        title: '华苑3栋2单元1501室 李娜',
      }),
      jy101: await dossier('JY-1-1-101', 'individual_buyer', {
        property_id: properties.jy101,
        title: '锦苑1栋1单元101室 张伟',
      }),
      gc: await dossier('GC-2026-0001', 'engineering', {
        title: '华苑外墙维修',
        department_id: departments.gc,
        retention: 'y30',
      }),
    };

    const entries: Record<string, number> = {};
    for (const t of DEFAULT_CHECKLIST_TEMPLATES) {
      const template = await insertId(k, 'checklist_templates', {
        code: t.code,
        name: t.name,
        dossier_kind: t.dossierKind,
      });
      for (const [position, e] of t.entries.entries()) {
        entries[`${t.dossierKind}:${e.code}`] = await insertId(k, 'checklist_entries', {
          template_id: template,
          position,
          code: e.code,
          title: e.title,
          folder_group: e.folderGroup,
          required: e.required,
          form: e.form,
          copies: e.copies,
        });
      }
    }
    const contract = entries['individual_buyer:sales_contract_original']!;
    const document = await insertId(k, 'dossier_documents', {
      dossier_id: dossiers.hy1502,
      entry_id: contract,
      title: '《商品房买卖合同》正本',
      present: true,
      form: 'original',
      copies: 1,
      pages: 12,
      updated_at: T0,
    });

    const location = (kind: string, parent: number | null, code: string, capacity: number | null) =>
      insertId(k, 'locations', { kind, parent_id: parent, code, name: code, capacity });
    const room = await location('room', null, 'R1', null);
    const cabinet = await location('cabinet', room, 'R1-C01', null);
    const shelf = await location('shelf', cabinet, 'R1-C01-1', 10);
    const fullShelf = await location('shelf', cabinet, 'R1-C01-2', 1);
    const position = await location('position', shelf, 'R1-C01-1-01', 2);
    const locations = { room, cabinet, shelf, fullShelf, position };

    const registered: Array<Omit<CustodyFields, 'seq'>> = [];
    const item = async (
      barcode: string,
      dossierId: number,
      at: number,
      extra: Record<string, unknown> = {},
    ) => {
      const id = await insertId(k, 'items', {
        barcode,
        kind: 'folder',
        dossier_id: dossierId,
        folder_group: 'a',
        title: `${barcode} 卷`,
        location_id: at,
        created_at: T0,
        ...extra,
      });
      registered.push({
        at: T0,
        actorUserId: users.archivist,
        station: 'fixture',
        action: 'registered',
        itemId: id,
        fromState: null,
        toState: 'in_place',
        fromLocationId: null,
        toLocationId: at,
        fromHolderId: null,
        toHolderId: null,
        reason: null,
        approvalRef: null,
      });
      return id;
    };
    const items = {
      f1: await item('F000000001', dossiers.hy1502, shelf, { epc: 'E2801170000002000000A001' }),
      f2: await item('F000000002', dossiers.hy1502, shelf, { volume_no: 2, folder_group: 'b' }),
      f3: await item('F000000003', dossiers.hy1501, fullShelf),
      f4: await item('F000000004', dossiers.jy101, shelf),
      f5: await item('F000000005', dossiers.gc, position, { folder_group: null }),
    };
    await appendCustody(k, registered);
    // F000000002 is out with the Huayuan staff member.
    const due = '2026-12-02T15:59:59.999Z';
    await k('items').where({ id: items.f2 }).update({
      state: 'out',
      holder_user_id: users.staffHy,
      out_at: T0,
      due_at: due,
      out_purpose: '业主查询',
      version: 1,
    });
    await appendCustody(k, [
      {
        ...registered[1]!,
        action: 'check_out',
        fromState: 'in_place',
        toState: 'out',
        fromLocationId: shelf,
        toLocationId: null,
        toHolderId: users.staffHy,
        reason: '业主查询',
      },
    ]);
    return {
      site,
      estates: { hy, jy },
      units: { hy32, jy11 },
      properties,
      departments,
      users,
      badges,
      parties,
      dossiers,
      document,
      entries,
      locations,
      items,
    };
  });
}

export async function count(
  db: Database,
  table: string,
  where: Record<string, unknown> = {},
): Promise<number> {
  const row = (await db.knex(table).where(where).count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
}

export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CatalogueServer {
  url: string;
  bus: EventBus;
  cipher: FieldCipher;
  clock: Clock;
  /** Signs in as one of the fixture's users (once) and calls the API with that session. */
  as(user: UserKey): {
    get(url: string): Promise<ApiResponse>;
    send(method: string, url: string, body?: unknown): Promise<ApiResponse>;
  };
  close(): Promise<void>;
}

/** The real HTTP stack (createHttpApp) with auth, catalogue and search routes, listening on port 0. */
export async function startCatalogueServer(db: Database): Promise<CatalogueServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-cat-'));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      logLevel: 'silent',
      demo: { loadOnFirstStart: false },
      security: { dataKey: DATA_KEY },
    },
  });
  const clock = fixedClock('2026-11-25T10:00:00.000Z');
  const cipher = createFieldCipher(DATA_KEY);
  const bus = new EventBus();
  const auth = createAuthService({ db, bus, clock, random: systemRandom, security: config.security });
  const app = createHttpApp({
    routes: [
      ...authRoutes(auth, config.security),
      ...catalogueRoutes(createCatalogueService({ db, bus, clock, cipher })),
      ...searchRoutes(createSearchService({ db, clock, cipher })),
    ],
    authenticate: sessionAuthenticator(auth),
    logger: createLogger('silent'),
    version: 'test',
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (token: string | null, method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  const tokens = new Map<UserKey, Promise<string>>();
  const tokenOf = (user: UserKey) => {
    let token = tokens.get(user);
    if (!token) {
      token = call(null, 'POST', '/auth/login', { username: user.toLowerCase(), password: PASSWORD }).then(
        (r) => {
          if (r.status !== 200) throw new Error(`login ${user}: ${r.status} ${JSON.stringify(r.body)}`);
          return (r.body as { token: string }).token;
        },
      );
      tokens.set(user, token);
    }
    return token;
  };
  return {
    url,
    bus,
    cipher,
    clock,
    as: (user) => ({
      get: async (route) => call(await tokenOf(user), 'GET', route),
      send: async (method, route, body) => call(await tokenOf(user), method, route, body),
    }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
