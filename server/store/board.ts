// The supervisors' board, aggregated in SQL over the records the viewer may see (domain/access.ts
// `boardScope`, the same rule as `boardMay`): who holds what (per person, per department), one holder's or
// everyone's overdue loans a page at a time, each station's activity since a time, and the latest custody
// entries. Nothing here loads every item: the 50,000-household demo is counted by the database.
import type { Knex } from 'knex';
import type { BoardScope } from '../domain/access.js';
import type { CustodyEntry } from '../domain/ledger.js';
import { toEntry } from './custody-log.js';
import type { Queryable } from './db.js';
import { itemQuery, toItem, type ItemRecord } from './items.js';

/** Narrows a query joined as `d` (dossiers) and `e` (estates) to the viewer's board scope. */
export function whereBoardScope(q: Knex.QueryBuilder, scope: BoardScope): Knex.QueryBuilder {
  if (scope.all) return q;
  // An item without a dossier (a box, a key) is level C and not litigation, as recordOf reads it.
  q = q.where((w) => {
    w.whereIn('d.confidentiality', scope.levels);
    if (scope.levels.includes('C')) w.orWhereNull('d.confidentiality');
  });
  if (!scope.litigation) q = q.where((w) => w.whereNull('d.kind').orWhereNot('d.kind', 'litigation'));
  const area = scope.area;
  if (area) {
    q = q.where((w) => {
      if (area.estateIds === 'all') w.whereNotNull('e.id');
      else w.whereIn('e.id', [...area.estateIds]);
      if (area.departmentId !== null)
        w.orWhere((o) => o.whereNull('e.id').where('d.department_id', area.departmentId));
      if (area.estateIds === 'all') w.orWhere((o) => o.whereNull('e.id').whereNull('d.department_id'));
    });
  }
  return q;
}

/** Items with what the scope needs: dossier (`d`) and the estate (`e`) through property, unit, building. */
function scopedItems(q: Queryable, scope: BoardScope): Knex.QueryBuilder {
  const base = q('items as i')
    .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
    .leftJoin('properties as p', 'p.id', 'd.property_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('buildings as b', 'b.id', 'u.building_id')
    .leftJoin('estates as e', 'e.id', 'b.estate_id');
  return whereBoardScope(base, scope);
}

export interface HolderRow {
  userId: number;
  name: string;
  departmentId: number | null;
  department: string | null;
  count: number;
  overdue: number;
  oldestOutAt: string | null;
  nearestDueAt: string | null;
}

export interface DepartmentRow {
  departmentId: number | null;
  department: string | null;
  /** How many people of the department hold something. */
  holders: number;
  count: number;
  overdue: number;
  oldestOutAt: string | null;
  nearestDueAt: string | null;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => (v == null ? null : String(v));

function aggregates(q: Knex.QueryBuilder, knex: Queryable, now: string): Knex.QueryBuilder {
  return q.select(
    knex.raw('count(*) as n'),
    knex.raw('sum(case when i.due_at < ? then 1 else 0 end) as overdue', [now]),
    knex.raw('min(i.out_at) as oldest_out_at'),
    knex.raw('min(i.due_at) as nearest_due_at'),
  );
}

/** Who holds what, a page of people: most overdue first, then most held, then name. */
export async function holdersByPerson(
  q: Queryable,
  scope: BoardScope,
  now: string,
  page: { limit: number; offset: number },
): Promise<{ rows: HolderRow[]; total: number }> {
  const held = () => scopedItems(q, scope).where('i.state', 'out').whereNotNull('i.holder_user_id');
  const grouped = aggregates(
    held()
      .join('users as hu', 'hu.id', 'i.holder_user_id')
      .leftJoin('departments as dep', 'dep.id', 'hu.department_id')
      .groupBy('hu.id', 'hu.display_name', 'hu.department_id', 'dep.name')
      .select('hu.id as user_id', 'hu.display_name as name', 'hu.department_id', 'dep.name as department'),
    q,
    now,
  );
  const [rows, counted] = await Promise.all([
    grouped
      .orderByRaw('overdue desc, n desc, hu.display_name asc, hu.id asc')
      .limit(page.limit)
      .offset(page.offset) as Promise<Row[]>,
    held().countDistinct({ n: 'i.holder_user_id' }).first() as Promise<Row | undefined>,
  ]);
  return {
    total: num(counted?.n),
    rows: rows.map((r) => ({
      userId: num(r.user_id),
      name: String(r.name),
      departmentId: r.department_id == null ? null : num(r.department_id),
      department: str(r.department),
      count: num(r.n),
      overdue: num(r.overdue),
      oldestOutAt: str(r.oldest_out_at),
      nearestDueAt: str(r.nearest_due_at),
    })),
  };
}

/** Who holds what, summed per department (people without one together, department null). */
export async function holdersByDepartment(
  q: Queryable,
  scope: BoardScope,
  now: string,
): Promise<DepartmentRow[]> {
  const rows = (await aggregates(
    scopedItems(q, scope)
      .where('i.state', 'out')
      .join('users as hu', 'hu.id', 'i.holder_user_id')
      .leftJoin('departments as dep', 'dep.id', 'hu.department_id')
      .groupBy('hu.department_id', 'dep.name')
      .select('hu.department_id', 'dep.name as department', q.raw('count(distinct hu.id) as holders')),
    q,
    now,
  ).orderByRaw('overdue desc, n desc, dep.name asc')) as Row[];
  return rows.map((r) => ({
    departmentId: r.department_id == null ? null : num(r.department_id),
    department: str(r.department),
    holders: num(r.holders),
    count: num(r.n),
    overdue: num(r.overdue),
    oldestOutAt: str(r.oldest_out_at),
    nearestDueAt: str(r.nearest_due_at),
  }));
}

export interface BoardLoan {
  item: ItemRecord;
  /** The holder's work contact, whole: mask before it leaves the server. */
  contact: { phone: string | null; extension: string | null };
}

/** Loans in scope (one holder's, or only overdue ones), longest overdue / soonest due first, a page. */
export async function boardLoans(
  q: Queryable,
  scope: BoardScope,
  filter: { userId?: number; dueBefore?: string; limit: number; offset: number },
): Promise<{ loans: BoardLoan[]; total: number }> {
  const narrow = (b: Knex.QueryBuilder) => {
    let out = whereBoardScope(b.where('i.state', 'out'), scope);
    if (filter.userId !== undefined) out = out.where('i.holder_user_id', filter.userId);
    if (filter.dueBefore !== undefined) out = out.where('i.due_at', '<', filter.dueBefore);
    return out;
  };
  const [rows, counted] = await Promise.all([
    narrow(itemQuery(q))
      .select('hu.phone as holder_phone', 'hu.extension as holder_extension')
      .orderBy('i.due_at', 'asc')
      .orderBy('i.id', 'asc')
      .limit(filter.limit)
      .offset(filter.offset) as Promise<Row[]>,
    narrow(scopedItems(q, { all: true, levels: [], litigation: true, area: null }))
      .count({ n: '*' })
      .first() as Promise<Row | undefined>,
  ]);
  return {
    total: num(counted?.n),
    loans: rows.map((r) => ({
      item: toItem(r),
      contact: { phone: str(r.holder_phone), extension: str(r.holder_extension) },
    })),
  };
}

export interface StationActivityRow {
  station: string;
  checkOuts: number;
  checkIns: number;
  lastAt: string | null;
}

/** Custody rows joined to what the scope needs (the item's dossier and estate). */
function scopedEntries(q: Queryable, scope: BoardScope): Knex.QueryBuilder {
  return whereBoardScope(
    q('custody_log as c')
      .join('items as i', 'i.id', 'c.item_id')
      .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
      .leftJoin('properties as p', 'p.id', 'd.property_id')
      .leftJoin('units as u', 'u.id', 'p.unit_id')
      .leftJoin('buildings as b', 'b.id', 'u.building_id')
      .leftJoin('estates as e', 'e.id', 'b.estate_id'),
    scope,
  );
}

/**
 * Per station: check-outs and check-ins since `since`, and its latest entry at all, over the records in
 * scope (a supervisor of one estate does not learn of another estate's folders through a station). The
 * counts read only the rows since `since`; the latest entry walks each station's rows back from the
 * newest (the primary key's order), so neither reads the whole log joined to the items.
 */
export async function stationActivity(
  q: Queryable,
  scope: BoardScope,
  stations: readonly string[],
  since: string,
): Promise<StationActivityRow[]> {
  if (stations.length === 0) return [];
  const [counted, latest] = await Promise.all([
    scopedEntries(q, scope)
      .whereIn('c.station', [...stations])
      .where('c.at', '>=', since)
      .whereIn('c.action', ['check_out', 'check_in'])
      .groupBy('c.station', 'c.action')
      .select('c.station', 'c.action', q.raw('count(*) as n')) as Promise<Row[]>,
    Promise.all(
      stations.map(
        (station) =>
          scopedEntries(q, scope)
            .where('c.station', station)
            .orderBy('c.seq', 'desc')
            .first('c.at') as Promise<Row | undefined>,
      ),
    ),
  ]);
  return stations.map((station, i) => {
    const n = (action: string) => num(counted.find((r) => r.station === station && r.action === action)?.n);
    return { station, checkOuts: n('check_out'), checkIns: n('check_in'), lastAt: str(latest[i]?.at) };
  });
}

/** The latest custody entries on records in scope, newest first. */
export async function recentEntries(q: Queryable, scope: BoardScope, limit: number): Promise<CustodyEntry[]> {
  const rows = (await scopedEntries(q, scope)
    .select('c.*')
    .orderBy('c.seq', 'desc')
    .limit(limit)) as Parameters<typeof toEntry>[0][];
  return rows.map(toEntry);
}
