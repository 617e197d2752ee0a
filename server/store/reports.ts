// The reports' figures, aggregated in the database (GROUP BY in SQL, on SQLite and PostgreSQL alike) over
// the records the caller may read. The filter is domain/reports.ts ReadScope, applied to the folder's
// dossier (levels, litigation) and, for area-bound roles, its estate or owning department: the same rule as
// `recordInScope`, written once more in SQL.
import type { Knex } from 'knex';
import {
  REPORT_TIME_ZONE,
  REPORT_UTC_OFFSET_MINUTES,
  type HistogramBin,
  type ReadScope,
  type ReportPeriod,
} from '../domain/reports.js';
import type { Queryable } from './db.js';

type Row = Record<string, unknown>;

const isPg = (q: Queryable) => q.client.config.client === 'pg';
const num = (v: unknown): number => Number(v ?? 0);
const str = (v: unknown): string | null => (v == null ? null : String(v));

/** `YYYY-MM` of an ISO-instant column in the company's zone. */
function monthExpr(q: Queryable, column: string): string {
  return isPg(q)
    ? `to_char((${column})::timestamptz at time zone '${REPORT_TIME_ZONE}', 'YYYY-MM')`
    : `strftime('%Y-%m', ${column}, '+${REPORT_UTC_OFFSET_MINUTES} minutes')`;
}

/** Whole minutes from one ISO-instant column to another. */
function minutesExpr(q: Queryable, from: string, to: string): string {
  return isPg(q)
    ? `cast(round(extract(epoch from ((${to})::timestamptz - (${from})::timestamptz)) / 60) as integer)`
    : `cast(round((julianday(${to}) - julianday(${from})) * 1440) as integer)`;
}

/** Joins a query that has items as `i` to its dossier `d` and (when the scope needs it) estate `e`. */
function joinRecord(qb: Knex.QueryBuilder, scope: ReadScope): Knex.QueryBuilder {
  qb.leftJoin('dossiers as d', 'd.id', 'i.dossier_id');
  if (scope.area) {
    qb.leftJoin('properties as p', 'p.id', 'd.property_id')
      .leftJoin('units as u', 'u.id', 'p.unit_id')
      .leftJoin('buildings as b', 'b.id', 'u.building_id')
      .leftJoin('estates as e', 'e.id', 'b.estate_id');
  }
  return qb;
}

/**
 * Only records in the scope. A folder without a dossier (a box, a key) is level C, of no kind and no area,
 * exactly as `recordOf` describes it to `can`.
 */
function readable(w: Knex.QueryBuilder, scope: ReadScope): void {
  if (scope.levels.length === 0) {
    w.whereRaw('1 = 0');
    return;
  }
  w.whereRaw(`coalesce(d.confidentiality, 'C') in (${scope.levels.map(() => '?').join(', ')})`, [
    ...scope.levels,
  ]);
  if (!scope.litigation) w.where((k) => k.whereNull('d.kind').orWhereNot('d.kind', 'litigation'));
  const area = scope.area;
  if (area) {
    const { estateIds, departmentId } = area;
    w.where((a) => {
      if (estateIds === 'all') a.whereNotNull('e.id');
      else if (estateIds.length > 0) a.whereIn('e.id', [...estateIds]);
      else a.whereRaw('1 = 0');
      if (departmentId !== null) a.orWhere((o) => o.whereNull('e.id').where('d.department_id', departmentId));
      if (estateIds === 'all') a.orWhere((o) => o.whereNull('e.id').whereNull('d.department_id'));
    });
  }
}

// ---------------------------------------------------------------------------------------------------------

export interface OverdueRow {
  archiveNo: string | null;
  barcode: string;
  title: string;
  holder: string | null;
  department: string | null;
  outAt: string | null;
  dueAt: string;
}

/** Loans past due now, soonest due first (the longest late first), at most `limit`, and how many in all. */
export async function overdueLoans(
  q: Queryable,
  scope: ReadScope,
  now: string,
  limit: number,
): Promise<{ rows: OverdueRow[]; total: number }> {
  const base = () => {
    const qb = joinRecord(q('items as i'), scope)
      .where('i.state', 'out')
      .whereNotNull('i.due_at')
      .where('i.due_at', '<', now);
    return qb.where((w) => readable(w, scope));
  };
  const [count] = (await base().count({ n: '*' })) as Row[];
  const rows = (await base()
    .leftJoin('users as hu', 'hu.id', 'i.holder_user_id')
    .leftJoin('departments as hd', 'hd.id', 'hu.department_id')
    .select(
      'd.archive_no',
      'i.barcode',
      'i.title',
      'hu.display_name as holder',
      'hd.name as department',
      'i.out_at',
      'i.due_at',
    )
    .orderBy([
      { column: 'i.due_at', order: 'asc' },
      { column: 'i.id', order: 'asc' },
    ])
    .limit(limit)) as Row[];
  return {
    total: num(count?.n),
    rows: rows.map((r) => ({
      archiveNo: str(r.archive_no),
      barcode: String(r.barcode),
      title: String(r.title),
      holder: str(r.holder),
      department: str(r.department),
      outAt: str(r.out_at),
      dueAt: String(r.due_at),
    })),
  };
}

export interface DepartmentMonthRow {
  departmentId: number | null;
  department: string | null;
  month: string;
  loans: number;
}

/** Check-outs in the period by the borrower's department and the month (company zone) they began. */
export async function loansByDepartmentMonth(
  q: Queryable,
  scope: ReadScope,
  period: ReportPeriod,
): Promise<DepartmentMonthRow[]> {
  const month = monthExpr(q, 'c.at');
  const qb = joinRecord(q('custody_log as c').join('items as i', 'i.id', 'c.item_id'), scope)
    .leftJoin('users as bu', 'bu.id', 'c.to_holder_id')
    .leftJoin('departments as dp', 'dp.id', 'bu.department_id')
    .where('c.action', 'check_out')
    .where('c.at', '>=', period.fromInstant)
    .where('c.at', '<', period.toInstant)
    .where((w) => readable(w, scope))
    .select('dp.id as department_id', 'dp.name as department', q.raw(`${month} as month`))
    .count({ n: '*' })
    .groupBy('dp.id', 'dp.name')
    .groupByRaw(month)
    .orderBy([{ column: 'department', order: 'asc' }])
    .orderByRaw(month);
  const rows = (await qb) as Row[];
  return rows.map((r) => ({
    departmentId: r.department_id == null ? null : num(r.department_id),
    department: str(r.department),
    month: String(r.month),
    loans: num(r.n),
  }));
}

export interface DurationBin extends HistogramBin {
  departmentId: number | null;
  department: string | null;
}

/**
 * Loans returned in the period: each check-out paired with the item's next check-in (window function over
 * the item's check-outs and check-ins in seq order), as a histogram of whole minutes out per borrower's
 * department. The histogram is what leaves the database; percentiles are computed from it.
 */
export async function loanDurations(
  q: Queryable,
  scope: ReadScope,
  period: ReportPeriod,
): Promise<DurationBin[]> {
  const moves = q('custody_log')
    .whereIn('action', ['check_out', 'check_in'])
    .where('at', '<', period.toInstant)
    .select(
      'item_id',
      'action',
      'at',
      'to_holder_id',
      q.raw('lead(action) over (partition by item_id order by seq) as next_action'),
      q.raw('lead(at) over (partition by item_id order by seq) as next_at'),
    );
  const minutes = minutesExpr(q, 'm.at', 'm.next_at');
  const qb = joinRecord(
    q.with('moves', moves).from('moves as m').join('items as i', 'i.id', 'm.item_id'),
    scope,
  )
    .leftJoin('users as bu', 'bu.id', 'm.to_holder_id')
    .leftJoin('departments as dp', 'dp.id', 'bu.department_id')
    .where('m.action', 'check_out')
    .where('m.next_action', 'check_in')
    .where('m.next_at', '>=', period.fromInstant)
    .where((w) => readable(w, scope))
    .select('dp.id as department_id', 'dp.name as department', q.raw(`${minutes} as minutes`))
    .count({ n: '*' })
    .groupBy('dp.id', 'dp.name')
    .groupByRaw(minutes);
  const rows = (await qb) as Row[];
  return rows.map((r) => ({
    departmentId: r.department_id == null ? null : num(r.department_id),
    department: str(r.department),
    value: Math.max(0, num(r.minutes)),
    count: num(r.n),
  }));
}

export interface BorrowedRow {
  dossierId: number;
  archiveNo: string;
  title: string;
  loans: number;
  lastOut: string;
}

/** Dossiers by how many check-outs of their folders began in the period, most first. */
export async function mostBorrowed(
  q: Queryable,
  scope: ReadScope,
  period: ReportPeriod,
  limit: number,
): Promise<BorrowedRow[]> {
  const qb = joinRecord(q('custody_log as c').join('items as i', 'i.id', 'c.item_id'), scope)
    .whereNotNull('d.id')
    .where('c.action', 'check_out')
    .where('c.at', '>=', period.fromInstant)
    .where('c.at', '<', period.toInstant)
    .where((w) => readable(w, scope))
    .select('d.id', 'd.archive_no', 'd.title')
    .count({ n: '*' })
    .max({ last_out: 'c.at' })
    .groupBy('d.id', 'd.archive_no', 'd.title')
    .orderByRaw('count(*) desc')
    .orderBy('d.archive_no')
    .limit(limit);
  const rows = (await qb) as Row[];
  return rows.map((r) => ({
    dossierId: num(r.id),
    archiveNo: String(r.archive_no),
    title: String(r.title),
    loans: num(r.n),
    lastOut: String(r.last_out),
  }));
}

export interface AlarmCauseRow {
  kind: string;
  /** The resolution as stored (a cause code or a note); null while the alarm is open. */
  resolution: string | null;
  open: boolean;
  count: number;
}

/**
 * Alarms raised in the period by kind and resolution. An alarm about a folder counts only when the caller
 * may read the folder (as GET /alarms shows them); an alarm with no folder (an unknown tag) counts for all.
 */
export async function alarmsByCause(
  q: Queryable,
  scope: ReadScope,
  period: ReportPeriod,
): Promise<AlarmCauseRow[]> {
  const qb = joinRecord(q('alarms as a').leftJoin('items as i', 'i.id', 'a.item_id'), scope)
    .where('a.raised_at', '>=', period.fromInstant)
    .where('a.raised_at', '<', period.toInstant)
    .where((w) => w.whereNull('a.item_id').orWhere((r) => readable(r, scope)))
    .select('a.kind', 'a.resolution', q.raw('case when a.resolved_at is null then 1 else 0 end as open'))
    .count({ n: '*' })
    .groupBy('a.kind', 'a.resolution')
    .groupByRaw('case when a.resolved_at is null then 1 else 0 end')
    .orderBy('a.kind')
    .orderByRaw('count(*) desc');
  const rows = (await qb) as Row[];
  return rows.map((r) => ({
    kind: String(r.kind),
    resolution: str(r.resolution),
    open: num(r.open) === 1,
    count: num(r.n),
  }));
}
