// Who may do what, decided per record and denied unless a rule allows it. A role first needs the action in
// ROLE_PERMISSIONS; then the record's litigation status, area, confidentiality (密级) and holder decide.
// Sources: DOMAIN.md "Who uses it"; seed 003 §5.1.5 (customer files are level C unless raised) and §5.5
// (litigation files are the legal office's); seed 002 §4.4 and §4.5.1.2 (staff serve owners of their own
// area; others need the head's permission). Owner data (party.*) is also bound to an area for the roles
// whose row in masking.ts OWNER_POLICY says so.
import { DanganError, type ErrorCode } from './errors.js';
import { ownerDataAreaBound } from './masking.js';
import {
  CONFIDENTIALITY_LEVELS,
  type ConfidentialityLevel,
  type DossierKind,
  type Role,
} from './vocabulary.js';

export const ACTIONS = [
  'archive.read', // the model: sites, estates, buildings, locations
  'dossier.read',
  'dossier.write', // create or edit a dossier's catalogue and checklist
  'item.read',
  'item.register',
  'item.checkout.self',
  'item.checkout.other', // hand an item to another person (check that person with item.checkout.self too)
  'item.checkin',
  'item.move',
  'item.mark_missing',
  'item.history',
  'item.label',
  'audit.run', // shelf inventory (盘点)
  'holdings.read_all',
  'holdings.read_own',
  'party.read', // owner data, masked per role by masking.ts
  'party.read_sensitive', // reveal a whole value with a typed purpose; which fields: masking.ts OWNER_POLICY
  'borrow.approve',
  'borrow.approve_internal', // another department's borrowing of owner files (seed 002 §4.5.2)
  'destruction.approve',
  'user.read', // the people list (who serves where), without changing anyone
  'user.manage',
  'ledger.verify',
  // The whole custody log as a file (dangan export-log, GET /custody/export). Every row of every file, so
  // no per-record rule can narrow it (rows cannot be left out without breaking the chain): only roles open
  // to every record (gm, legal: clearance A, litigation readers) and admin, who runs the feed to the log
  // platform; the rows carry ids, states and reasons, no owner data.
  'custody.export',
  // Reports (统计报表) and their exports: figures over the records the caller may read (dossier.read, per
  // record: server/domain/reports.ts readScope). Those who oversee circulation and the archive team; not
  // staff (they see their own loans), not admin (no access to records, so every figure would be empty).
  'reports.read',
  'location.write',
  'device.read', // device health, alarms
  // Acknowledge an alarm with a note, resolve it with a cause: the overseers (supervisors, site managers, gm,
  // legal for what they may read). Archivists see alarms read-only: the room they keep raised them, and its
  // keepers do not close their own alarms (issue 15: archivists read-only on the dashboard).
  'alarm.resolve',
  'station.pair', // bind a screen to a kiosk station
  // The notification outbox's status (counts, recent notices without their bodies) and sending a dead
  // notice again (after its cause, a mail server or a robot's key, was fixed): the dashboard's watchers
  // read it; site managers, the general manager and the admin who runs the mail server and robots retry.
  'notification.read',
  'notification.retry',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Actor {
  userId: number;
  role: Role;
  departmentId: number | null;
  /** Estates the person serves; 'all' only by an explicit grant (users.all_estates). */
  estateIds: readonly number[] | 'all';
}

/** What the rules need to know about the record acted on. */
export interface RecordContext {
  estateId?: number | null;
  /** The department that owns a record with no estate (internal, engineering files). */
  departmentId?: number | null;
  /** Missing means C: customer files are C unless raised (seed 003 §5.1.5). */
  confidentiality?: ConfidentialityLevel;
  dossierKind?: DossierKind | null;
  holderUserId?: number | null;
  /** An approved borrowing request (档案借阅登记表) covers this person and record: lifts area and level. */
  approved?: boolean;
}

export type Decision = { allowed: true } | { allowed: false; reason: ErrorCode };

export const ROLE_CLEARANCE: Readonly<Record<Role, ConfidentialityLevel>> = {
  staff: 'C',
  archivist: 'B',
  supervisor: 'B',
  site_manager: 'B',
  gm: 'A',
  legal: 'A',
  admin: 'C',
};

const BORROWER: readonly Action[] = [
  'archive.read',
  'dossier.read',
  'item.read',
  'party.read',
  'holdings.read_own',
  'item.checkout.self',
  'item.checkin',
];
const OVERSEER: readonly Action[] = [
  ...BORROWER,
  'item.history',
  'holdings.read_all',
  'ledger.verify',
  'borrow.approve',
  'device.read',
  'alarm.resolve',
  'reports.read',
];

/** What each role may do at all; the per-record rules in `can` narrow it further. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  staff: BORROWER,
  archivist: [
    ...BORROWER,
    'dossier.write',
    'item.register',
    'item.checkout.other',
    'item.move',
    'item.mark_missing',
    'item.history',
    'item.label',
    'audit.run',
    'device.read',
    'station.pair',
    'holdings.read_all',
    'party.read_sensitive',
    'reports.read',
  ],
  // Supervisors watch the outbox; sending a dead notice again is for those who can have its cause fixed.
  supervisor: [...OVERSEER, 'user.read', 'notification.read'],
  site_manager: [
    ...OVERSEER,
    'user.read',
    'party.read_sensitive',
    'borrow.approve_internal',
    'notification.read',
    'notification.retry',
  ],
  gm: [
    ...OVERSEER,
    'party.read_sensitive',
    'destruction.approve',
    'custody.export',
    'notification.read',
    'notification.retry',
  ],
  // dossier.write: litigation dossiers only, see below
  legal: [...OVERSEER, 'party.read_sensitive', 'dossier.write', 'custody.export'],
  admin: [
    'archive.read',
    'user.read',
    'user.manage',
    'location.write',
    'ledger.verify',
    'custody.export',
    'device.read',
    'station.pair',
    'notification.read',
    'notification.retry',
  ],
};

const RECORD_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'dossier.read',
  'dossier.write',
  'item.read',
  'item.register',
  'item.checkout.self',
  'item.checkout.other',
  'item.checkin',
  'item.move',
  'item.mark_missing',
  'item.history',
  'item.label',
  'party.read',
  'party.read_sensitive',
  'borrow.approve',
  'borrow.approve_internal',
]);
// Handling the physical object without opening it: the archivist does this for every file, whatever its
// level, area or kind, because custody is the archive team's job.
const CUSTODY: ReadonlySet<Action> = new Set<Action>([
  'item.read',
  'item.register',
  'item.checkout.other',
  'item.checkin',
  'item.move',
  'item.mark_missing',
  'item.history',
  'item.label',
]);
// Actions that take a file out of the room: above one's clearance they need an approved request.
const LEAVING: ReadonlySet<Action> = new Set<Action>(['item.checkout.self', 'item.checkout.other']);
const LITIGATION_READERS: ReadonlySet<Role> = new Set<Role>(['legal', 'gm']);
const AREA_BOUND: ReadonlySet<Role> = new Set<Role>(['staff']);
const OWNER_DATA: ReadonlySet<Action> = new Set<Action>(['party.read', 'party.read_sensitive']);
const ALLOW: Decision = { allowed: true };
const deny = (reason: ErrorCode): Decision => ({ allowed: false, reason });

export function levelRank(level: ConfidentialityLevel): number {
  return CONFIDENTIALITY_LEVELS.indexOf(level);
}

export function clearanceCovers(role: Role, level: ConfidentialityLevel): boolean {
  return levelRank(level) <= levelRank(ROLE_CLEARANCE[role]);
}

/** The capability alone, for menus; services must call `can` with the record. */
export function roleMay(role: Role, action: Action): boolean {
  return ROLE_PERMISSIONS[role]?.includes(action) ?? false;
}

/**
 * Whether the record is in the actor's area: its estate, or for estate-less files the owning department.
 * 'all' is an explicit grant; no estates means none.
 */
export function inArea(actor: Actor, record: RecordContext): boolean {
  if (record.estateId != null) return actor.estateIds === 'all' || actor.estateIds.includes(record.estateId);
  if (record.departmentId != null) return actor.departmentId === record.departmentId;
  return actor.estateIds === 'all';
}

/** Without a record, record-bound actions are judged against an empty record, which staff fail (no area). */
export function can(actor: Actor, action: Action, record: RecordContext = {}): Decision {
  if (!roleMay(actor.role, action)) return deny('FORBIDDEN');
  if (!RECORD_ACTIONS.has(action)) return ALLOW;
  const custodian = actor.role === 'archivist' && CUSTODY.has(action);
  if (action === 'item.checkin' && !custodian) {
    // Anyone may hand back what they hold, whatever happened to its level or area meanwhile.
    return record.holderUserId != null && record.holderUserId === actor.userId ? ALLOW : deny('NOT_HOLDER');
  }
  if (custodian) return ALLOW;
  if (record.dossierKind === 'litigation' && !LITIGATION_READERS.has(actor.role)) {
    return deny('LITIGATION_RESTRICTED');
  }
  if (action === 'dossier.write' && actor.role === 'legal' && record.dossierKind !== 'litigation') {
    return deny('FORBIDDEN');
  }
  const areaBound = AREA_BOUND.has(actor.role) || (OWNER_DATA.has(action) && ownerDataAreaBound(actor.role));
  if (areaBound && !record.approved && !inArea(actor, record)) return deny('OUTSIDE_AREA');
  if (!record.approved && !clearanceCovers(actor.role, record.confidentiality ?? 'C')) {
    // Only a file about to leave can be helped by an approved request; anything else is plainly refused.
    return deny(LEAVING.has(action) ? 'CLEARANCE_REQUIRED' : 'CLEARANCE_TOO_LOW');
  }
  return ALLOW;
}

export function assertCan(actor: Actor, action: Action, record?: RecordContext): void {
  const decision = can(actor, action, record);
  if (!decision.allowed) {
    throw new DanganError(decision.reason, { action, role: actor.role, level: record?.confidentiality });
  }
}

/**
 * What the supervisors' board (/dashboard/) shows of a record, in its counts, lists, cabinet map, reports,
 * exports and live events: what `item.read` allows, and, for the roles whose owner data is bound to their
 * estates (masking.ts OWNER_POLICY `area: 'own'`: supervisor, site manager), only records in their area. A
 * board row names the property (estate, building, unit, room), which is owner data for those roles; so a
 * supervisor of one estate sees that estate only (issue 15 §7). Needs `holdings.read_all`.
 */
export function boardMay(actor: Actor, record: RecordContext): boolean {
  if (!roleMay(actor.role, 'holdings.read_all')) return false;
  if (!can(actor, 'item.read', record).allowed) return false;
  return !ownerDataAreaBound(actor.role) || inArea(actor, record);
}

/**
 * `boardMay` as a filter a query can apply, so the board's aggregates are counted in SQL over every item
 * without loading them. It is the same rule, case by case, for the roles that have `holdings.read_all`:
 * - the archivist handles every file (custodian: `can` allows `item.read` whatever the level, area, kind);
 * - everyone else: `can` refuses a litigation file unless the role is a litigation reader, refuses a level
 *   above the role's clearance (a file without a level is C), and binds no area for `item.read` (only
 *   staff, who cannot see the board); `boardMay` adds `inArea` for owner-area-bound roles: an estate file
 *   when the estate is granted (or all are), an estate-less file when it is the person's department's, a
 *   file with neither only for an all-estates grant.
 * tests/integration/dashboard-people.test.ts checks the two agree record by record for every role.
 */
export interface BoardScope {
  /** Every record (the archivist). */
  all: boolean;
  /** Confidentiality levels shown. */
  levels: ConfidentialityLevel[];
  litigation: boolean;
  /** The area records must be in, or null when the role is not area-bound on the board. */
  area: { estateIds: readonly number[] | 'all'; departmentId: number | null } | null;
}

export function boardScope(actor: Actor): BoardScope {
  assertCan(actor, 'holdings.read_all');
  if (actor.role === 'archivist')
    return { all: true, levels: [...CONFIDENTIALITY_LEVELS], litigation: true, area: null };
  return {
    all: false,
    levels: CONFIDENTIALITY_LEVELS.filter((l) => clearanceCovers(actor.role, l)),
    litigation: LITIGATION_READERS.has(actor.role),
    area: ownerDataAreaBound(actor.role)
      ? { estateIds: actor.estateIds, departmentId: actor.departmentId }
      : null,
  };
}
