// A small archive written straight into a migrated test database: enough places, people, dossiers and
// folders to exercise circulation and access rules. Every item gets its 'registered' custody row.
import type { Knex } from 'knex';
import type { Role } from '../../server/domain/vocabulary.js';
import { appendCustody } from '../../server/store/custody-log.js';
import type { Database } from '../../server/store/db.js';
import { hashSecret } from '../../server/services/passwords.js';
import { runWriteTransaction } from '../../server/store/write-lock.js';

export const PASSWORD = 'correct horse battery';
export const PIN = '2468';
const T0 = '2026-11-01T00:00:00.000Z';

export interface SmallArchive {
  users: Record<'admin' | 'archivist' | 'supervisor' | 'staff' | 'staffElsewhere' | 'gm' | 'legal', number>;
  badges: Record<string, string>;
  estateId: number;
  otherEstateId: number;
  shelves: { s1: number; s2: number; full: number; cabinet: number };
  /** Barcodes: C-level folders, a B-level folder, a litigation folder, one in another estate, a box. */
  items: { c1: string; c2: string; c3: string; b1: string; lit: string; elsewhere: string; box: string };
}

let hashes: Promise<[string, string]> | null = null;
const secretHashes = () => (hashes ??= Promise.all([hashSecret(PASSWORD), hashSecret(PIN)]));

async function insertId(
  knex: Knex | Knex.Transaction,
  table: string,
  row: Record<string, unknown>,
): Promise<number> {
  const [r] = (await knex(table).insert(row).returning('id')) as Array<{ id: number } | number>;
  return typeof r === 'object' ? r.id : Number(r);
}

export async function buildSmallArchive(db: Database): Promise<SmallArchive> {
  const [passwordHash, pinHash] = await secretHashes();
  const k = db.knex;
  const site = await insertId(k, 'sites', {
    code: 'HYWY',
    name: '华远物业',
    archive_no_rule: '{estate}-{building}-{unit}-{room}',
    created_at: T0,
  });
  const estateId = await insertId(k, 'estates', { site_id: site, code: 'HY', name: '华苑' });
  const otherEstateId = await insertId(k, 'estates', { site_id: site, code: 'LY', name: '丽苑' });
  const dept = await insertId(k, 'departments', { code: 'KF', name: '客服部' });

  const users = {} as SmallArchive['users'];
  const badges: Record<string, string> = {};
  const people: Array<[keyof SmallArchive['users'], Role, string]> = [
    ['admin', 'admin', '系统管理员'],
    ['archivist', 'archivist', '李档案'],
    ['supervisor', 'supervisor', '王主管'],
    ['staff', 'staff', '张客服'],
    ['staffElsewhere', 'staff', '赵客服'],
    ['gm', 'gm', '陈总'],
    ['legal', 'legal', '刘法务'],
  ];
  for (const [i, [key, role, name]] of people.entries()) {
    users[key] = await insertId(k, 'users', {
      username: key.toLowerCase(),
      display_name: name,
      role,
      department_id: dept,
      password_hash: passwordHash,
      // The supervisor serves every estate, as the demo's does; the tests that need a supervisor of one
      // estate make one.
      all_estates: key === 'supervisor',
      created_at: T0,
    });
    badges[key] = `U${String(i + 1).padStart(9, '0')}`;
    await k('badges').insert({ user_id: users[key], number: badges[key], pin_hash: pinHash });
  }
  await k('user_estates').insert([
    { user_id: users.staff, estate_id: estateId },
    { user_id: users.staffElsewhere, estate_id: otherEstateId },
  ]);

  const room = async (estate: number, code: string) => {
    const b = await insertId(k, 'buildings', { estate_id: estate, code: '3', name: '3栋' });
    const u = await insertId(k, 'units', { building_id: b, code: '2', name: '2单元' });
    return insertId(k, 'properties', { unit_id: u, room: code });
  };
  const p1 = await room(estateId, '1502');
  const p2 = await room(otherEstateId, '0801');
  const owner = await insertId(k, 'parties', { kind: 'person', name: '张三丰', created_at: T0 });
  await k('property_parties').insert({ property_id: p1, party_id: owner, role: 'owner' });

  const dossier = async (no: string, property: number | null, kind: string, level: string) =>
    insertId(k, 'dossiers', {
      archive_no: no,
      site_id: site,
      property_id: property,
      kind,
      title: `${no} 档案`,
      year: 2026,
      confidentiality: level,
      created_at: T0,
    });
  const d1 = await dossier('HY-3-2-1502', p1, 'individual_buyer', 'C');
  const dB = await dossier('HY-3-2-1502-ZL', p1, 'tenant', 'B');
  const dLit = await dossier('SS-2026-0001', null, 'litigation', 'B');
  const dElse = await dossier('LY-3-2-0801', p2, 'individual_buyer', 'C');

  const r1 = await insertId(k, 'locations', { kind: 'room', code: 'R1', name: '档案室' });
  const cabinet = await insertId(k, 'locations', {
    kind: 'cabinet',
    parent_id: r1,
    code: 'R1-C01',
    name: '1号档案柜',
  });
  const s1 = await insertId(k, 'locations', {
    kind: 'shelf',
    parent_id: cabinet,
    code: 'R1-C01-S1',
    name: '第1层',
    capacity: 40,
  });
  const s2 = await insertId(k, 'locations', {
    kind: 'shelf',
    parent_id: cabinet,
    code: 'R1-C01-S2',
    name: '第2层',
    capacity: 40,
  });
  const full = await insertId(k, 'locations', {
    kind: 'shelf',
    parent_id: cabinet,
    code: 'R1-C01-S3',
    name: '第3层',
    capacity: 1,
  });

  const items: SmallArchive['items'] = {
    c1: 'F000000001',
    c2: 'F000000002',
    c3: 'F000000003',
    b1: 'F000000004',
    lit: 'F000000005',
    elsewhere: 'F000000006',
    box: 'B000000001',
  };
  const rows: Array<[string, string, number | null, string | null, number]> = [
    [items.c1, 'folder', d1, 'a', s1],
    [items.c2, 'folder', d1, 'b', s1],
    [items.c3, 'folder', d1, 'c', s1],
    [items.b1, 'folder', dB, 'a', s1],
    [items.lit, 'folder', dLit, 'a', s2],
    [items.elsewhere, 'folder', dElse, 'a', s2],
    [items.box, 'box', null, null, full],
  ];
  await runWriteTransaction(db, async (trx) => {
    const ids: number[] = [];
    for (const [barcode, kind, dossierId, group, location] of rows) {
      ids.push(
        await insertId(trx, 'items', {
          barcode,
          kind,
          dossier_id: dossierId,
          folder_group: group,
          title: `${barcode} 卷`,
          location_id: location,
          created_at: T0,
        }),
      );
    }
    await appendCustody(
      trx,
      ids.map((itemId, i) => ({
        at: T0,
        actorUserId: users.admin,
        station: 'test',
        action: 'registered' as const,
        itemId,
        fromState: null,
        toState: 'in_place' as const,
        fromLocationId: null,
        toLocationId: rows[i]![4],
        fromHolderId: null,
        toHolderId: null,
        reason: null,
        approvalRef: null,
      })),
    );
  });
  return { users, badges, estateId, otherEstateId, shelves: { s1, s2, full, cabinet }, items };
}
