// The locations and badges a print job covers, with what their labels print besides their own fields (a
// location's parent and room; a badge holder's name, role and department; the organisation on badges).
import type { Knex } from 'knex';
import type { LocationKind, Role } from '../domain/vocabulary.js';
import { chunks } from './labels-items.js';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

// ---- locations -----------------------------------------------------------------------------------------

export interface LocationLabelRecord {
  id: number;
  kind: LocationKind;
  code: string;
  name: string;
  parent: { kind: LocationKind; code: string; name: string } | null;
  /** The room the location is in (itself for a room), or null. */
  room: { code: string; name: string } | null;
}

/** Locations by id or code, in the same order; null where none matches. Walks up to the room. */
export async function findLabelLocations(
  knex: Db,
  refs: Array<number | string>,
): Promise<Array<LocationLabelRecord | null>> {
  // A site has hundreds of locations, not millions: one read of the table answers every ancestor question.
  const rows = (await knex('locations').select('id', 'parent_id', 'kind', 'code', 'name')) as Array<{
    id: number;
    parent_id: number | null;
    kind: LocationKind;
    code: string;
    name: string;
  }>;
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return refs.map((ref) => {
    const row = typeof ref === 'number' ? byId.get(ref) : byCode.get(ref);
    if (!row) return null;
    const parentRow = row.parent_id == null ? undefined : byId.get(Number(row.parent_id));
    let room: (typeof rows)[number] | undefined = row;
    for (let depth = 0; room && room.kind !== 'room' && depth < 10; depth++) {
      room = room.parent_id == null ? undefined : byId.get(Number(room.parent_id));
    }
    return {
      id: Number(row.id),
      kind: row.kind,
      code: row.code,
      name: row.name,
      parent: parentRow ? { kind: parentRow.kind, code: parentRow.code, name: parentRow.name } : null,
      room: room?.kind === 'room' ? { code: room.code, name: room.name } : null,
    };
  });
}

// ---- badges --------------------------------------------------------------------------------------------

export interface BadgeLabelRecord {
  badgeId: number;
  number: string;
  userId: number;
  displayName: string;
  role: Role;
  department: string | null;
}

/** Active badges of active users by badge number or user id (a user's newest active badge). */
export async function findLabelBadges(
  knex: Db,
  refs: Array<number | string>,
): Promise<Array<BadgeLabelRecord | null>> {
  const numbers = [...new Set(refs.filter((r): r is string => typeof r === 'string'))];
  const userIds = [...new Set(refs.filter((r): r is number => typeof r === 'number'))];
  const rows: Row[] = [];
  for (const [column, values] of [
    ['bg.number', numbers],
    ['u.id', userIds],
  ] as const) {
    for (const part of chunks<string | number>(values)) {
      rows.push(
        ...((await knex('badges as bg')
          .join('users as u', 'u.id', 'bg.user_id')
          .leftJoin('departments as dp', 'dp.id', 'u.department_id')
          .where('bg.active', true)
          .where('u.active', true)
          .whereIn(column, part)
          .select(
            'bg.id as badge_id',
            'bg.number',
            'u.id as user_id',
            'u.display_name',
            'u.role',
            'dp.name as department',
          )) as Row[]),
      );
    }
  }
  // A user's newest active badge first.
  rows.sort((x, y) => Number(y.badge_id) - Number(x.badge_id));
  const records = rows.map((r): BadgeLabelRecord => ({
    badgeId: Number(r.badge_id),
    number: String(r.number),
    userId: Number(r.user_id),
    displayName: String(r.display_name),
    role: r.role as Role,
    department: (r.department as string | null) ?? null,
  }));
  return refs.map(
    (ref) => records.find((b) => (typeof ref === 'number' ? b.userId === ref : b.number === ref)) ?? null,
  );
}

/** The organisation printed on badges: the site's name when the archive has exactly one site. */
export async function organisationName(knex: Db): Promise<string | undefined> {
  const sites = (await knex('sites').select('name').limit(2)) as Array<{ name: string }>;
  return sites.length === 1 ? sites[0]!.name : undefined;
}
