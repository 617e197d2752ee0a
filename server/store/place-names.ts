// Names of storage places for screens: each location with its ancestors' names (up to four levels: room,
// cabinet, shelf, position), by id or by code.
import type { Knex } from 'knex';
import { placeLabel, type NamedPlace } from '../domain/places.js';
import type { LocationKind } from '../domain/vocabulary.js';
import type { Queryable } from './db.js';

export interface PlaceName {
  id: number;
  code: string;
  /** The location's own name, e.g. 第2层. */
  name: string;
  /** Its name with its ancestors' below the room, e.g. 1号档案柜 第2层 (domain/places.ts). */
  label: string;
}

const LEVELS = ['l', 'p1', 'p2', 'p3'] as const;

/** Joins a location (alias `l`, or `prefix` for itemQuery) with its three ancestors' names and kinds. */
export function withAncestors(query: Knex.QueryBuilder, self: string, prefix: string): Knex.QueryBuilder {
  let q = query;
  let child = self;
  for (let i = 1; i <= 3; i++) {
    const alias = `${prefix}p${i}`;
    q = q.leftJoin(`locations as ${alias}`, `${alias}.id`, `${child}.parent_id`);
    child = alias;
  }
  return q;
}

/** The columns `withAncestors` adds, named `<prefix>_<level>_name` and `_kind`. */
export function ancestorColumns(self: string, prefix: string): string[] {
  return LEVELS.flatMap((level) => {
    const alias = level === 'l' ? self : `${prefix}${level}`;
    return [`${alias}.name as ${prefix}_${level}_name`, `${alias}.kind as ${prefix}_${level}_kind`];
  });
}

/** The label from a row that has `ancestorColumns(…, prefix)`; null when the row has no location. */
export function labelFrom(row: Record<string, unknown>, prefix: string): string | null {
  const chain: NamedPlace[] = [];
  for (const level of LEVELS) {
    const name = row[`${prefix}_${level}_name`];
    if (name == null) break;
    chain.push({ name: String(name), kind: row[`${prefix}_${level}_kind`] as LocationKind });
  }
  return chain.length === 0 ? null : placeLabel(chain);
}

async function placeNames(
  q: Queryable,
  where: (b: Knex.QueryBuilder) => Knex.QueryBuilder,
): Promise<PlaceName[]> {
  const query = withAncestors(q('locations as l'), 'l', 'pn').select(
    'l.id',
    'l.code',
    ...ancestorColumns('l', 'pn'),
  );
  const rows = (await where(query)) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: Number(r.id),
    code: String(r.code),
    name: String(r.pn_l_name),
    label: labelFrom(r, 'pn') ?? '',
  }));
}

/** Places by id. */
export async function placeNamesById(q: Queryable, ids: Iterable<number>): Promise<Map<number, PlaceName>> {
  const list = [...ids];
  if (list.length === 0) return new Map();
  return new Map((await placeNames(q, (b) => b.whereIn('l.id', list))).map((p) => [p.id, p]));
}

/** Places by code (cabinet shelves report their shelf's code). */
export async function placeNamesByCode(
  q: Queryable,
  codes: Iterable<string>,
): Promise<Map<string, PlaceName>> {
  const list = [...codes];
  if (list.length === 0) return new Map();
  return new Map((await placeNames(q, (b) => b.whereIn('l.code', list))).map((p) => [p.code, p]));
}
