// The demo's departments and people. Everyone signs in with the same demo password and badge PIN; the list
// is exported so the server can print it at start and the README can show it.
import type { Role } from '../domain/vocabulary.js';

export const DEMO_PASSWORD = 'dangan-demo';
export const DEMO_PIN = '1234';

export const DEPARTMENTS = [
  { id: 1, code: 'CS', name: '客服部' },
  { id: 2, code: 'SALES', name: '销售部' },
  { id: 3, code: 'ENG', name: '工程部' },
  { id: 4, code: 'LEGAL', name: '法律室' },
  { id: 5, code: 'GMO', name: '总经理办公室' },
  { id: 6, code: 'ARCH', name: '档案室' },
] as const;

export type DepartmentCode = (typeof DEPARTMENTS)[number]['code'];

export function departmentId(code: DepartmentCode): number {
  return (DEPARTMENTS.find((d) => d.code === code) as (typeof DEPARTMENTS)[number]).id;
}

export interface DemoLogin {
  username: string;
  role: Role;
  displayName: string;
  department: string;
  /** Badge number (printed barcode), `U` + 9 digits. */
  badge: string;
  password: string;
  pin: string;
  /** Estate codes whose owners the user may see, or 'all' by an explicit grant; empty = none. */
  estates: readonly string[] | 'all';
}

interface Seat {
  username: string;
  role: Role;
  displayName: string;
  department: DepartmentCode;
  /**
   * The owners a person serves (seed 002 §4.5.1): `home`, the first estate; `all`, an explicit grant of
   * every estate; none, no owners at all (sales and engineering staff).
   */
  area?: 'home' | 'all';
}

const SEATS: readonly Seat[] = [
  { username: 'admin', role: 'admin', displayName: '周志强', department: 'ARCH' },
  { username: 'archivist', role: 'archivist', displayName: '林晓燕', department: 'ARCH', area: 'all' },
  { username: 'archivist2', role: 'archivist', displayName: '陈静', department: 'ARCH', area: 'all' },
  { username: 'supervisor', role: 'supervisor', displayName: '王建华', department: 'CS', area: 'all' },
  { username: 'supervisor2', role: 'supervisor', displayName: '刘海峰', department: 'ENG', area: 'home' },
  { username: 'gm', role: 'gm', displayName: '黄志明', department: 'GMO', area: 'all' },
  { username: 'legal', role: 'legal', displayName: '吴敏', department: 'LEGAL', area: 'all' },
  { username: 'staff', role: 'staff', displayName: '张伟', department: 'CS', area: 'home' },
  { username: 'staff2', role: 'staff', displayName: '李娜', department: 'CS', area: 'home' },
  { username: 'staff3', role: 'staff', displayName: '赵磊', department: 'CS', area: 'home' },
  { username: 'staff4', role: 'staff', displayName: '孙丽', department: 'SALES' },
  { username: 'staff5', role: 'staff', displayName: '郑浩', department: 'SALES' },
  { username: 'staff6', role: 'staff', displayName: '何军', department: 'ENG' },
  // Last, so that everyone else keeps the badge number printed on their card.
  { username: 'sitemanager', role: 'site_manager', displayName: '高振东', department: 'CS', area: 'all' },
];

/** The estate the area-limited demo users serve (the first one the generator creates). */
export const DEMO_AREA_ESTATE = 'HY';

const badgeNumber = (i: number) => `U${String(i + 1).padStart(9, '0')}`;

export const DEMO_LOGINS: readonly DemoLogin[] = SEATS.map((s, i) => ({
  username: s.username,
  role: s.role,
  displayName: s.displayName,
  department: (DEPARTMENTS.find((d) => d.code === s.department) as (typeof DEPARTMENTS)[number]).name,
  badge: badgeNumber(i),
  password: DEMO_PASSWORD,
  pin: DEMO_PIN,
  estates: s.area === 'all' ? 'all' : s.area === 'home' ? [DEMO_AREA_ESTATE] : [],
}));

export interface PeoplePlan {
  users: Array<Record<string, unknown>>;
  badges: Array<Record<string, unknown>>;
  userEstates: Array<{ user_id: number; estate_id: number }>;
  /** User ids by username. */
  ids: Record<string, number>;
  staffIds: number[];
  archivistIds: number[];
  adminId: number;
}

/** Users and badges with explicit ids 1..n in DEMO_LOGINS order; hashes are computed once by the caller. */
export function planPeople(
  hashes: { password: string; pin: string },
  areaEstateId: number,
  createdAt: string,
): PeoplePlan {
  const plan: PeoplePlan = {
    users: [],
    badges: [],
    userEstates: [],
    ids: {},
    staffIds: [],
    archivistIds: [],
    adminId: 1,
  };
  SEATS.forEach((s, i) => {
    const id = i + 1;
    plan.ids[s.username] = id;
    plan.users.push({
      id,
      username: s.username,
      display_name: s.displayName,
      role: s.role,
      department_id: departmentId(s.department),
      password_hash: hashes.password,
      failed_logins: 0,
      locked_until: null,
      active: true,
      all_estates: s.area === 'all',
      created_at: createdAt,
      // Demo work contacts (made up): a mobile in the 139 0000 range and a four-digit desk extension.
      phone: `1390000${String(1000 + id).slice(-4)}`,
      extension: String(8000 + id),
      // A reserved domain (RFC 2606): a demo digest can never reach a real mailbox.
      email: `${s.username}@demo.invalid`,
    });
    plan.badges.push({
      id,
      user_id: id,
      number: badgeNumber(i),
      pin_hash: hashes.pin,
      failed_pins: 0,
      locked_until: null,
      active: true,
    });
    if (s.area === 'home') plan.userEstates.push({ user_id: id, estate_id: areaEstateId });
    if (s.role === 'staff') plan.staffIds.push(id);
    if (s.role === 'archivist') plan.archivistIds.push(id);
    if (s.role === 'admin') plan.adminId = id;
  });
  return plan;
}
