// Who may call which route: one row per operation of the OpenAPI document, one column per caller. The
// security matrix test (security-matrix.test.ts) calls every route as every caller and holds the server to
// this table; docs/security.md shows the same matrix (renderMatrix) for people.
//
// Columns: `nobody` (no credential), `station` (a paired kiosk screen, `Authorization: Station <token>`),
// `badge` (the staff member's badge and PIN, signed in at that paired station: a badge session), then one
// per role of server/domain/vocabulary.ts ROLES, each signed in with a password. Adding a role is adding
// one column: a name in the header and a cell in each row; the test fails while a role in ROLES has no
// column. (That every role's badge reaches the kiosk routes only is a test of its own.)
//
// Cells:
//   Y  allowed: anything but 401/403, no validation error, no server error
//   .  denied: nobody gets 401, a station 401 or 403 (it is no person), a badge or a role 403
//   h  denied, and the record's existence is hidden: 404
//   u  denied because the route wants another credential (the paired station's): 401
//   k  (badge column only) a kiosk route the badge's role may not use: 403 as for that role's password; a
//      badge whose role may (an archivist's, for everyone's loans) gets through
//
// Deny by default: a route missing here, or a row for a route that no longer exists, fails the test.
// Per-record rules decide some cells: the request sent (REQUESTS below) names the record, and the
// comment on a row says which one.
import { OWNER_POLICY, type FieldAccess, type SensitiveField } from '../../server/domain/masking.js';
import { ROLES, type Role } from '../../server/domain/vocabulary.js';
import { PIN, PASSWORD, type Archive } from '../helpers/fixtures.js';

const MATRIX = `
route                                        nobody station badge staff archivist supervisor site_manager gm legal admin
GET    /health                                  Y      Y      Y     Y       Y         Y           Y        Y    Y     Y
POST   /auth/login                              Y      Y      Y     Y       Y         Y           Y        Y    Y     Y
POST   /auth/badge                              .      Y      u     u       u         u           u        u    u     u
GET    /auth/me                                 .      .      Y     Y       Y         Y           Y        Y    Y     Y
POST   /auth/logout                             .      .      Y     Y       Y         Y           Y        Y    Y     Y
GET    /ledger/verify                           .      .      .     .       .         Y           Y        Y    Y     Y
GET    /custody/export                          .      .      .     .       .         .           .        Y    Y     Y
GET    /items/{ref}                             .      .      Y     Y       Y         Y           Y        Y    Y     .
GET    /items/{id}/history                      .      .      .     .       Y         Y           Y        Y    Y     .
GET    /items/{id}/timeline                     .      .      .     .       Y         Y           Y        Y    Y     .
POST   /circulation/check-out                   .      .      Y     Y       Y         Y           Y        Y    Y     .
POST   /circulation/check-in                    .      .      Y     Y       Y         Y           Y        Y    Y     .
POST   /circulation/move                        .      .      .     .       Y         .           .        .    .     .
POST   /circulation/missing                     .      .      .     .       Y         .           .        .    .     .
POST   /circulation/found                       .      .      .     .       Y         .           .        .    .     .
GET    /holdings                                .      .      Y     Y       Y         Y           Y        Y    Y     .
GET    /holdings/all                            .      .      k     .       Y         Y           Y        Y    Y     .
GET    /dashboard/summary                       .      .      .     .       Y         Y           Y        Y    Y     .
GET    /dashboard/devices                       .      .      .     .       Y         Y           Y        Y    Y     Y
GET    /dashboard/cabinets                      .      .      .     .       Y         Y           Y        Y    Y     .
GET    /dashboard/holders                       .      .      .     .       Y         Y           Y        Y    Y     .
GET    /dashboard/loans                         .      .      .     .       Y         Y           Y        Y    Y     .
GET    /dashboard/stations                      .      .      .     .       Y         Y           Y        Y    Y     .
GET    /dashboard/recent                        .      .      .     .       Y         Y           Y        Y    Y     .
GET    /reports/{report}                        .      .      .     .       Y         Y           Y        Y    Y     .
GET    /reports/{report}/export                 .      .      .     .       Y         Y           Y        Y    Y     .
GET    /sites                                   .      .      .     Y       Y         Y           Y        Y    Y     Y
GET    /estates                                 .      .      .     Y       Y         Y           Y        Y    Y     Y
GET    /estates/{id}                            .      .      .     Y       Y         Y           Y        Y    Y     Y
GET    /units/{id}/properties                   .      .      .     Y       Y         Y           Y        Y    Y     Y
GET    /properties/{id}                         .      .      .     Y       Y         Y           Y        Y    Y     Y
GET    /locations                               .      .      .     Y       Y         Y           Y        Y    Y     Y
POST   /locations                               .      .      .     .       .         .           .        .    .     Y
GET    /locations/{id}                          .      .      .     Y       Y         Y           Y        Y    Y     Y
GET    /departments                             .      .      .     Y       Y         Y           Y        Y    Y     Y
GET    /users                                   .      .      .     .       .         Y           Y        .    .     Y
GET    /parties/{id}                            .      .      .     Y       Y         Y           Y        Y    Y     .
POST   /parties/{id}/reveal                     .      .      .     .       Y         .           Y        Y    Y     .
GET    /dossiers/{id}                           .      .      .     Y       Y         Y           Y        Y    Y     .
PATCH  /dossiers/{id}                           .      .      .     .       Y         .           .        .    .     .
GET    /dossiers                                .      .      .     Y       Y         Y           Y        Y    Y     Y
POST   /dossiers                                .      .      .     .       Y         .           .        .    .     .
POST   /dossiers/{id}/links                     .      .      .     .       Y         .           .        .    .     .
POST   /dossiers/{id}/documents                 .      .      .     .       Y         .           .        .    .     .
PUT    /dossiers/{id}/documents/{documentId}    .      .      .     .       Y         .           .        .    .     .
POST   /items                                   .      .      .     .       Y         .           .        .    .     .
GET    /search                                  .      .      .     Y       Y         Y           Y        Y    Y     Y
GET    /devices                                 .      .      .     .       Y         Y           Y        Y    Y     Y
GET    /alarms                                  .      .      .     .       Y         Y           Y        Y    Y     Y
POST   /alarms/{id}/acknowledge                 .      .      .     .       .         Y           Y        Y    Y     .
POST   /alarms/{id}/resolve                     .      .      .     .       .         Y           Y        Y    Y     .
GET    /alarms/{id}/log                         .      .      .     .       Y         Y           Y        Y    Y     h
GET    /stations                                .      .      .     Y       Y         Y           Y        Y    Y     Y
POST   /stations/{id}/pair                      .      .      .     .       Y         .           .        .    .     Y
POST   /stations/{id}/revoke                    .      .      .     .       Y         .           .        .    .     Y
GET    /stations/{id}/summary                   .      Y      u     u       u         u           u        u    u     u
GET    /printers                                .      .      .     .       Y         .           .        .    .     Y
POST   /labels/preview                          .      .      .     .       Y         .           .        .    .     .
POST   /labels/print                            .      .      .     .       Y         .           .        .    .     Y
GET    /notifications/outbox                    .      .      .     .       .         Y           Y        Y    .     Y
POST   /notifications/outbox/{id}/retry         .      .      .     .       .         .           Y        Y    .     Y
`;

/** Notes on rows whose cells follow from the record the request names, not from the role alone. */
export const NOTES: Record<string, string> = {
  'POST /auth/login':
    'Public: a right username and password; a wrong one is 401, counted, and locks the account.',
  'POST /auth/badge':
    'Only the paired screen, with its `Authorization: Station <token>` (no `station` in the body): a person’s session is no station, 401 STATION_UNPAIRED.',
  'GET /auth/me': 'Kiosk route: a badge session reaches it.',
  'POST /auth/logout': 'Ends the caller’s own session (called last). Kiosk route.',
  'GET /items/{ref}': 'A level-C folder of 华苑 (the staff member’s estate). Kiosk route.',
  'POST /circulation/check-out':
    'Each caller borrows a level-C folder of its own in 华苑. Kiosk route; the custody log’s station is the session’s.',
  'POST /circulation/check-in':
    'Each caller returns what it borrowed; staff may return only what they hold. Kiosk route.',
  'GET /holdings': 'Kiosk route: always the caller’s own loans, whatever the role.',
  'GET /holdings/all':
    'Kiosk route: everyone’s loans, for roles with holdings.read_all (an archivist’s badge too); per record, only what the caller may read.',
  'GET /dashboard/summary':
    'The live board’s counts, for roles with holdings.read_all; per record, only what the caller may read.',
  'GET /dashboard/devices': 'Device health on the board, for roles with device.read (admin included).',
  'GET /dashboard/cabinets':
    'The cabinet map, for roles with device.read and holdings.read_all; counts only the folders the caller may have on the board (readable, own estates).',
  'GET /dashboard/holders':
    'Who holds what on the board, for roles with holdings.read_all; counted in SQL over what the caller may see there (a supervisor: their estates).',
  'GET /dashboard/loans':
    'Loans on the board with the holder’s contact masked per role (HOLDER_CONTACT_POLICY); records as on the board.',
  'GET /dashboard/stations':
    'Each station’s activity on the board; the counts cover only records the caller may see there.',
  'GET /dashboard/recent': 'The latest custody events the caller may see on the board, checked per record.',
  'GET /reports/{report}':
    'Reports (reports.read): figures only over the dossiers the caller may read; not staff, not admin (who reads no records).',
  'GET /reports/{report}/export':
    'The same report as a file (here CSV), stamped with the exporter and the custody log head; logged as `report.export`.',
  'GET /users': 'Supervisors and site managers see the people; admins manage them.',
  'GET /parties/{id}':
    'An owner in 华苑 and 锦苑, masked per role (owner-data policy below); the site manager serves 华苑.',
  'POST /parties/{id}/reveal':
    'The owner’s whole ID number, with a typed purpose (logged): only roles whose policy marks it “reveal”.',
  'GET /dossiers': 'Everyone may list; the list holds only dossiers the caller may read.',
  'POST /dossiers': 'An engineering dossier: legal may write litigation dossiers only.',
  'PATCH /dossiers/{id}': 'A customer dossier: legal may write litigation dossiers only.',
  'GET /search': 'Everyone may search; hits are filtered per record and masked.',
  'GET /stations/{id}/summary':
    'Only the screen paired to this station; a person’s session, badge or password, is not enough.',
  'POST /labels/preview': 'Folder labels: item labels are the archivists’.',
  'POST /alarms/{id}/acknowledge':
    'Each caller acknowledges an open alarm of its own about a 华苑 folder. Archivists see alarms read-only; a supervisor or site manager outside the folder’s estate gets 404.',
  'POST /alarms/{id}/resolve':
    'Each caller resolves an open alarm of its own about a 华苑 folder with a cause. Archivists read-only.',
  'GET /alarms/{id}/log':
    'An alarm about a 华苑 folder: the admin may not read the folder, so the alarm is hidden (404).',
  'POST /labels/print': 'Shelf labels: archivists and admins (who keep the locations).',
  'GET /notifications/outbox':
    'The outbox’s counts and recent notices without their bodies (titles cut before the record, addresses masked, no webhook addresses).',
  'POST /notifications/outbox/{id}/retry':
    'A dead notice sent again: for those who can have its cause fixed (each caller its own dead notice; a notice not dead is 409).',
};

export type Cell = 'Y' | '.' | 'h' | 'u' | 'k';
export const CELLS: readonly Cell[] = ['Y', '.', 'h', 'u', 'k'];
/** Callers that are not roles. */
export const NON_ROLE_CALLERS = ['nobody', 'station', 'badge'] as const;

export interface Row {
  /** `METHOD /path` as in the OpenAPI document, without the /api/v1 prefix. */
  key: string;
  method: string;
  path: string;
  cells: Record<string, Cell>;
}

export interface Matrix {
  callers: string[];
  rows: Row[];
}

/** Parses MATRIX; throws on a malformed row so a typo cannot open a route. */
export function parseMatrix(text = MATRIX): Matrix {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const [header, ...body] = lines;
  const callers = (header ?? '').split(/\s+/).slice(1);
  const rows = body.map((line) => {
    const [method, path, ...marks] = line.split(/\s+/);
    if (!method || !path || marks.length !== callers.length) {
      throw new Error(`security table: "${line}" needs a method, a path and ${callers.length} cells`);
    }
    const cells: Record<string, Cell> = {};
    marks.forEach((m, i) => {
      if (!(CELLS as readonly string[]).includes(m))
        throw new Error(`security table: bad cell "${m}" in "${line}"`);
      cells[callers[i]!] = m as Cell;
    });
    return { key: `${method} ${path}`, method, path, cells };
  });
  const dup = rows.find((r, i) => rows.findIndex((o) => o.key === r.key) !== i);
  if (dup) throw new Error(`security table: ${dup.key} appears twice`);
  return { callers, rows };
}

/** The matrix as a Markdown table (docs/security.md holds this text). */
export function renderMatrix(matrix = parseMatrix()): string {
  const show: Record<Cell, string> = {
    Y: '✓',
    '.': '–',
    h: '– (404)',
    u: '– (station only)',
    k: '– (kiosk, by role)',
  };
  const head = `| Route | ${matrix.callers.join(' | ')} |`;
  const rule = `|---|${matrix.callers.map(() => ':-:').join('|')}|`;
  const lines = matrix.rows.map(
    (r) => `| \`${r.key}\` | ${matrix.callers.map((c) => show[r.cells[c]!]).join(' | ')} |`,
  );
  return [head, rule, ...lines].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// What to send for each route: a real record of the small archive and a plausible minimal body.

export interface Fixture {
  archive: Archive;
  /** The station the `station` caller is paired to, and a second one for pairing and revoking. */
  station: string;
  spareStation: string;
  alarm: number;
  /** A notice the dispatcher gave up on (dead), this caller's own for this round. */
  notice(caller: string): number;
  /** An open alarm (about a 华苑 folder) only this caller acknowledges or resolves, in this round. */
  alarmFor(purpose: AlarmPurpose, caller: string): number;
  /** Two shelves without a capacity limit: the callers' own folders start on the first. */
  shelves: [number, number];
  /** An item only this caller works with for `purpose` (so one caller's call does not spoil another's). */
  own(purpose: OwnPurpose, caller: string): string;
  /** A number unique to this caller and round, for codes and barcodes. */
  index(caller: string): number;
  /** 0 for the matrix; 1 when the state-changing requests are sent again (from a forged Origin and back). */
  round: number;
}

export const OWN_PURPOSES = ['out', 'move', 'missing'] as const;
export const ALARM_PURPOSES = ['acknowledge', 'resolve'] as const;
export type AlarmPurpose = (typeof ALARM_PURPOSES)[number];
export type OwnPurpose = (typeof OWN_PURPOSES)[number];

export interface Call {
  /** Path and query under /api/v1. */
  url: string;
  body?: unknown;
}

/**
 * Later phases run after earlier ones: check-in after check-out, found after missing, logout last. Within
 * a route the denied callers go first, so they meet the record in the state the allowed ones will.
 */
export interface RequestSpec {
  phase?: number;
  call(fx: Fixture, caller: string, allowed: boolean): Call;
}

const get = (url: (fx: Fixture) => string): RequestSpec => ({ call: (fx) => ({ url: url(fx) }) });

export const REQUESTS: Record<string, RequestSpec> = {
  'GET /health': get(() => '/health'),
  'POST /auth/login': {
    call: () => ({ url: '/auth/login', body: { username: 'gm', password: PASSWORD } }),
  },
  'POST /auth/badge': {
    call: (fx) => ({
      url: '/auth/badge',
      // The station is the one whose token the caller presents, never a body field.
      body: { badge: fx.archive.badges.gm, pin: PIN },
    }),
  },
  'GET /auth/me': get(() => '/auth/me'),
  'POST /auth/logout': { phase: 9, call: () => ({ url: '/auth/logout', body: {} }) },
  'GET /ledger/verify': get(() => '/ledger/verify'),
  'GET /custody/export': get(() => '/custody/export?format=jsonl'),
  'GET /items/{ref}': get(() => '/items/F000000001'),
  'GET /items/{id}/history': get((fx) => `/items/${fx.archive.items.f1}/history`),
  'GET /items/{id}/timeline': get((fx) => `/items/${fx.archive.items.f1}/timeline`),
  'POST /circulation/check-out': {
    call: (fx, caller) => ({
      url: '/circulation/check-out',
      body: { items: [fx.own('out', caller)], purpose: '业主查询' },
    }),
  },
  'POST /circulation/check-in': {
    phase: 1,
    // Denied callers try an item that is out (with the staff member), so only the permission can refuse.
    call: (fx, caller, allowed) => ({
      url: '/circulation/check-in',
      body: { item: allowed ? fx.own('out', caller) : 'F000000002', inspection: 'intact' },
    }),
  },
  'POST /circulation/move': {
    call: (fx, caller) => ({
      url: '/circulation/move',
      body: { item: fx.own('move', caller), toLocationId: fx.shelves[fx.round === 0 ? 1 : 0] },
    }),
  },
  'POST /circulation/missing': {
    call: (fx) => ({
      url: '/circulation/missing',
      body: { item: fx.own('missing', 'archivist'), reason: '盘点未见' },
    }),
  },
  'POST /circulation/found': {
    phase: 1,
    // The archivist's item marked missing in phase 0: everyone else tries it first, then the archivist.
    call: (fx) => ({
      url: '/circulation/found',
      body: { item: fx.own('missing', 'archivist'), reason: '已找回' },
    }),
  },
  'GET /holdings': get(() => '/holdings'),
  'GET /holdings/all': get(() => '/holdings/all'),
  'GET /dashboard/summary': get(() => '/dashboard/summary'),
  'GET /dashboard/devices': get(() => '/dashboard/devices'),
  'GET /dashboard/cabinets': get(() => '/dashboard/cabinets'),
  'GET /dashboard/holders': get(() => '/dashboard/holders?by=person'),
  'GET /dashboard/loans': get(() => '/dashboard/loans?overdue=true'),
  'GET /dashboard/stations': get(() => '/dashboard/stations'),
  'GET /dashboard/recent': get(() => '/dashboard/recent?limit=10'),
  'GET /reports/{report}': get(() => '/reports/loans_by_department'),
  'GET /reports/{report}/export': get(() => '/reports/overdue/export?format=csv'),
  'GET /sites': get(() => '/sites'),
  'GET /estates': get(() => '/estates'),
  'GET /estates/{id}': get((fx) => `/estates/${fx.archive.estates.hy}`),
  'GET /units/{id}/properties': get((fx) => `/units/${fx.archive.units.hy32}/properties`),
  'GET /properties/{id}': get((fx) => `/properties/${fx.archive.properties.hy1502}`),
  'GET /locations': get(() => '/locations'),
  'POST /locations': {
    call: (fx, caller) => ({
      url: '/locations',
      body: {
        kind: 'shelf',
        parentId: fx.archive.locations.cabinet,
        code: `SEC-${fx.index(caller)}`,
        name: '测试层',
      },
    }),
  },
  'GET /locations/{id}': get((fx) => `/locations/${fx.archive.locations.shelf}`),
  'GET /departments': get(() => '/departments'),
  'GET /users': get(() => '/users'),
  'GET /parties/{id}': get((fx) => `/parties/${fx.archive.parties.zhang}`),
  'POST /parties/{id}/reveal': {
    call: (fx) => ({
      url: `/parties/${fx.archive.parties.zhang}/reveal`,
      body: { field: 'id_number', purpose: '法院协查函核对身份' },
    }),
  },
  'GET /dossiers/{id}': get((fx) => `/dossiers/${fx.archive.dossiers.hy1502}`),
  'PATCH /dossiers/{id}': {
    call: (fx) => ({
      url: `/dossiers/${fx.archive.dossiers.hy1502}`,
      body: { title: '华苑3栋2单元1502室 张伟' },
    }),
  },
  'GET /dossiers': get(() => '/dossiers'),
  'POST /dossiers': {
    call: (fx) => ({
      url: '/dossiers',
      body: { kind: 'engineering', title: '测试工程档案', departmentId: fx.archive.departments.gc },
    }),
  },
  'POST /dossiers/{id}/links': {
    call: (fx) => ({
      url: `/dossiers/${fx.archive.dossiers.hy1502}/links`,
      body: { dossierId: fx.archive.dossiers.jy101, reason: '同一业主' },
    }),
  },
  'POST /dossiers/{id}/documents': {
    call: (fx) => ({
      url: `/dossiers/${fx.archive.dossiers.hy1502}/documents`,
      body: { title: '业主来函', present: true },
    }),
  },
  'PUT /dossiers/{id}/documents/{documentId}': {
    call: (fx) => ({
      url: `/dossiers/${fx.archive.dossiers.hy1502}/documents/${fx.archive.document}`,
      body: { present: true },
    }),
  },
  'POST /items': {
    call: (fx, caller) => ({
      url: '/items',
      body: {
        barcode: `F8${String(fx.index(caller)).padStart(8, '0')}`,
        kind: 'folder',
        dossierId: fx.archive.dossiers.hy1502,
        folderGroup: 'e',
        locationId: fx.shelves[1],
      },
    }),
  },
  'GET /search': get(() => `/search?q=${encodeURIComponent('3栋2单元1502')}`),
  'GET /devices': get(() => '/devices'),
  'GET /alarms': get(() => '/alarms'),
  'POST /alarms/{id}/acknowledge': {
    call: (fx, caller) => ({
      url: `/alarms/${fx.alarmFor('acknowledge', caller)}/acknowledge`,
      body: { note: '已通知档案室核查' },
    }),
  },
  'GET /notifications/outbox': get(() => '/notifications/outbox?status=dead&limit=10'),
  'POST /notifications/outbox/{id}/retry': {
    call: (fx, caller) => ({ url: `/notifications/outbox/${fx.notice(caller)}/retry`, body: {} }),
  },
  'POST /alarms/{id}/resolve': {
    call: (fx, caller) => ({
      url: `/alarms/${fx.alarmFor('resolve', caller)}/resolve`,
      body: { cause: 'false_read', note: '已核实，误报' },
    }),
  },
  'GET /alarms/{id}/log': get((fx) => `/alarms/${fx.alarm}/log`),
  'GET /stations': get(() => '/stations'),
  'POST /stations/{id}/pair': { call: (fx) => ({ url: `/stations/${fx.spareStation}/pair`, body: {} }) },
  'POST /stations/{id}/revoke': { call: (fx) => ({ url: `/stations/${fx.spareStation}/revoke`, body: {} }) },
  'GET /stations/{id}/summary': get((fx) => `/stations/${fx.station}/summary`),
  'GET /printers': get(() => '/printers'),
  'POST /labels/preview': {
    call: () => ({
      url: '/labels/preview',
      body: { template: 'folder', selection: { kind: 'items', items: ['F000000001'] }, format: 'svg' },
    }),
  },
  'POST /labels/print': {
    call: (fx) => ({
      url: '/labels/print',
      body: {
        template: 'shelf',
        selection: { kind: 'locations', locations: [fx.archive.locations.shelf] },
        printer: 'office',
        reason: '标签磨损',
      },
    }),
  },
};

// ---------------------------------------------------------------------------------------------------------
// Owner data: which whole values `POST /parties/{id}/reveal` opens, per role, for an ordinary owner of 华苑
// (张伟) and for a VIP owner's mobile (李娜). Written from DOMAIN.md's starting policy, not from masking.ts,
// so the test compares the two: a reveal is for fields shown masked; a field shown whole inline (the site
// manager's phones, staff's phones) or never shown is refused (403).

const REVEALS = `
role          id_number mobile home_phone vip_mobile
staff             .       .       .          .
archivist         Y       Y       Y          .
supervisor        .       .       .          .
site_manager      Y       .       .          Y
gm                Y       Y       Y          Y
legal             Y       Y       Y          Y
admin             .       .       .          .
`;

export const REVEAL_COLUMNS = ['id_number', 'mobile', 'home_phone', 'vip_mobile'] as const;
export type RevealColumn = (typeof REVEAL_COLUMNS)[number];

/** Parses REVEALS: role → column → whether the reveal is allowed. */
export function parseReveals(text = REVEALS): Map<string, Record<RevealColumn, boolean>> {
  const [header, ...body] = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const columns = (header ?? '').split(/\s+/).slice(1);
  if (columns.join(' ') !== REVEAL_COLUMNS.join(' ')) throw new Error(`reveal table: header "${header}"`);
  const out = new Map<string, Record<RevealColumn, boolean>>();
  for (const line of body) {
    const [role, ...marks] = line.split(/\s+/);
    if (!role || marks.length !== columns.length || marks.some((m) => m !== 'Y' && m !== '.')) {
      throw new Error(`reveal table: bad row "${line}"`);
    }
    if (out.has(role)) throw new Error(`reveal table: ${role} appears twice`);
    const row = {} as Record<RevealColumn, boolean>;
    REVEAL_COLUMNS.forEach((c, i) => (row[c] = marks[i] === 'Y'));
    out.set(role, row);
  }
  return out;
}

/** The field a reveal column asks for. */
export const REVEAL_FIELD: Record<RevealColumn, SensitiveField> = {
  id_number: 'id_number',
  mobile: 'mobile',
  home_phone: 'home_phone',
  vip_mobile: 'mobile',
};

/** The owner-data policy as implemented (masking.ts OWNER_POLICY), as a Markdown table for docs/security.md. */
export function renderOwnerPolicy(
  policy: Readonly<Record<Role, (typeof OWNER_POLICY)[Role]>> = OWNER_POLICY,
) {
  const access: Record<FieldAccess, string> = {
    whole: 'whole',
    masked: 'masked',
    reveal: 'masked; reveal',
    none: '–',
  };
  const head = '| Role | Whose owners | Name | Mobile, home phone | Unit | ID number | VIP mobile |';
  const rule = '|---|---|:-:|:-:|:-:|:-:|:-:|';
  const lines = ROLES.map((role) => {
    const p = policy[role];
    const cells = [
      p.name === 'none' ? '–' : p.area === 'own' ? 'own estates' : 'every estate',
      access[p.name],
      access[p.phones],
      access[p.unit],
      access[p.idNumber],
      access[p.vipMobile],
    ];
    return `| ${role} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...lines].join('\n');
}
