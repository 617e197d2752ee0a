// Reports for supervisors (统计报表): the pure parts. Percentiles from a histogram, month buckets in the
// company's time zone, the period a report covers, which records a caller's figures may count (derived from
// access.ts `can`, so the SQL filter is the same rule), each report's columns, and CSV cells that a
// spreadsheet will not run as formulas.
import type { BoardScope, RecordContext } from './access.js';
import { DanganError } from './errors.js';
import { zoneFormatter } from './zone-time.js';

export const REPORTS = ['overdue', 'loans_by_department', 'time_out', 'most_borrowed', 'alarms'] as const;
export type ReportName = (typeof REPORTS)[number];

export const REPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The company's time zone: months and days of a report are counted in it. */
export const REPORT_TIME_ZONE = 'Asia/Shanghai';
/**
 * Asia/Shanghai has been UTC+8 all year since 1991 (no daylight saving), so a fixed offset in SQL
 * (SQLite has no zone database) buckets every instant the archive holds exactly as the zone rule does;
 * tests/unit/reports.test.ts checks the offset against Intl for every month from 1992 on.
 */
export const REPORT_UTC_OFFSET_MINUTES = 8 * 60;

// ---------------------------------------------------------------------------------------------------------
// Percentiles

/** A value (whole minutes out of the room) and how many loans took exactly that long. */
export interface HistogramBin {
  value: number;
  count: number;
}

/**
 * The p-th percentile by the nearest-rank method: the smallest value such that at least p% of all
 * observations are at or below it (rank ⌈p/100 · n⌉, 1-based, over the values sorted ascending). Exact on
 * a histogram of exact values; the median is the 50th percentile by the same rule (for an even count the
 * lower of the two middle values). Null for no observations.
 */
export function percentile(bins: readonly HistogramBin[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside (0, 100]`);
  const sorted = bins.filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((s, b) => s + b.count, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (seen >= rank) return b.value;
  }
  return sorted[sorted.length - 1]!.value;
}

export const median = (bins: readonly HistogramBin[]) => percentile(bins, 50);
export const p90 = (bins: readonly HistogramBin[]) => percentile(bins, 90);

/** Same rule over plain values (tests, small lists). */
export function percentileOf(values: readonly number[], p: number): number | null {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return percentile(
    [...m].map(([value, count]) => ({ value, count })),
    p,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Time: months and days in the company's zone

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function zoneParts(instant: Date, timeZone: string) {
  const parts = zoneFormatter(timeZone).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return {
    y: get('year'),
    m: get('month'),
    d: get('day'),
    h: get('hour'),
    mi: get('minute'),
    s: get('second'),
  };
}

/** Minutes the zone is ahead of UTC at that instant. */
export function zoneOffsetMinutes(instant: Date, timeZone = REPORT_TIME_ZONE): number {
  const p = zoneParts(instant, timeZone);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** `YYYY-MM` of the instant in the zone. */
export function monthOf(instant: Date | string, timeZone = REPORT_TIME_ZONE): string {
  const p = zoneParts(typeof instant === 'string' ? new Date(instant) : instant, timeZone);
  return `${p.y}-${String(p.m).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function dayOf(instant: Date, timeZone = REPORT_TIME_ZONE): string {
  const p = zoneParts(instant, timeZone);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** The instant a local day starts in the zone. */
export function startOfDay(date: string, timeZone = REPORT_TIME_ZONE): Date {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // The offset at the local midnight (guessed from the offset a day earlier, then corrected once).
  let offset = zoneOffsetMinutes(new Date(local), timeZone);
  offset = zoneOffsetMinutes(new Date(local - offset * 60_000), timeZone);
  return new Date(local - offset * 60_000);
}

function addDays(date: string, days: number): string {
  const m = DATE.exec(date)!;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return t.toISOString().slice(0, 10);
}

/** Every `YYYY-MM` from the month of `from` through the month of `to` (local dates), in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    months.push(key);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/** What a report covers: local dates, both days included, and the instants that bound them. */
export interface ReportPeriod {
  from: string;
  to: string;
  /** Start of `from` in the zone, as an ISO instant (inclusive). */
  fromInstant: string;
  /** Start of the day after `to` in the zone (exclusive). */
  toInstant: string;
}

/** The longest period one report may cover (the bench and the 2 s floor assume at most this). */
export const MAX_PERIOD_DAYS = 366 * 5;

/**
 * The period asked for, or by default the last 12 months: from the first day of the month eleven months
 * before this one through today (so this month and the eleven before it, 12 bars in a chart).
 */
export function resolvePeriod(
  now: Date,
  asked: { from?: string; to?: string } = {},
  timeZone = REPORT_TIME_ZONE,
): ReportPeriod {
  const today = dayOf(now, timeZone);
  const to = asked.to ?? today;
  let from = asked.from;
  if (from === undefined) {
    let y = Number(to.slice(0, 4));
    let m = Number(to.slice(5, 7)) - 11;
    if (m < 1) {
      m += 12;
      y -= 1;
    }
    from = `${y}-${String(m).padStart(2, '0')}-01`;
  }
  for (const d of [from, to]) {
    const m = DATE.exec(d);
    if (!m || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) {
      throw new DanganError('REPORT_PERIOD_INVALID', { from, to });
    }
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days < 0 || days > MAX_PERIOD_DAYS) throw new DanganError('REPORT_PERIOD_INVALID', { from, to });
  return {
    from,
    to,
    fromInstant: startOfDay(from, timeZone).toISOString(),
    toInstant: startOfDay(addDays(to, 1), timeZone).toISOString(),
  };
}

/** Whole days past due (a loan due yesterday 18:00 and looked at today 09:00 is 1 day late). */
export function daysLate(dueAt: string, now: Date, timeZone = REPORT_TIME_ZONE): number {
  const due = dayOf(new Date(dueAt), timeZone);
  const today = dayOf(now, timeZone);
  return Math.max(
    0,
    Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Which records a caller's figures count

/**
 * The records whose figures a caller may see, as a filter the database can apply: the board's rule
 * (access.ts `boardScope`, the filter form of `boardMay`): readable, and for a supervisor or site manager
 * their estates only, so a report or its export never counts what the board would not show.
 * `recordInScope` states the rule the SQL applies; tests/unit/reports.test.ts checks it against `boardMay`
 * over every kind of record.
 */
export type ReadScope = Pick<BoardScope, 'levels' | 'litigation' | 'area'>;

/** The rule the SQL filter applies (store/reports.ts `whereReadable`), stated once in code. */
export function recordInScope(scope: ReadScope, r: RecordContext): boolean {
  if (!scope.levels.includes(r.confidentiality ?? 'C')) return false;
  if (r.dossierKind === 'litigation' && !scope.litigation) return false;
  if (scope.area) {
    const { estateIds, departmentId } = scope.area;
    if (r.estateId != null) return estateIds === 'all' || estateIds.includes(r.estateId);
    if (r.departmentId != null) return departmentId === r.departmentId;
    return estateIds === 'all';
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Report shapes

export type CellKind = 'text' | 'int' | 'number' | 'date' | 'datetime';
export type Cell = string | number | null;

export interface ReportColumn {
  key: string;
  zh: string;
  en: string;
  kind: CellKind;
}

export const REPORT_TITLES: Readonly<Record<ReportName, { zh: string; en: string }>> = {
  overdue: { zh: '逾期未还', en: 'Overdue loans' },
  loans_by_department: { zh: '各部门每月借阅', en: 'Loans per department and month' },
  time_out: { zh: '出库时长', en: 'Time out of the room' },
  most_borrowed: { zh: '借阅最多的档案', en: 'Most-borrowed dossiers' },
  alarms: { zh: '告警原因统计', en: 'Alarms by cause' },
};

const col = (key: string, zh: string, en: string, kind: CellKind = 'text'): ReportColumn => ({
  key,
  zh,
  en,
  kind,
});

export const REPORT_COLUMNS: Readonly<Record<ReportName, readonly ReportColumn[]>> = {
  overdue: [
    col('archiveNo', '档号', 'Archive no.'),
    col('barcode', '条码', 'Barcode'),
    col('title', '题名', 'Title'),
    col('holder', '借阅人', 'Holder'),
    col('department', '部门', 'Department'),
    col('outAt', '借出时间', 'Out since', 'datetime'),
    col('dueAt', '应还时间', 'Due', 'datetime'),
    col('daysLate', '逾期天数', 'Days late', 'int'),
  ],
  loans_by_department: [
    col('department', '部门', 'Department'),
    col('month', '月份', 'Month'),
    col('loans', '借阅次数', 'Loans', 'int'),
  ],
  time_out: [
    col('department', '部门', 'Department'),
    col('loans', '已归还借阅', 'Returned loans', 'int'),
    col('medianHours', '中位数（小时）', 'Median (hours)', 'number'),
    col('p90Hours', '90分位（小时）', 'p90 (hours)', 'number'),
    col('maxHours', '最长（小时）', 'Longest (hours)', 'number'),
  ],
  most_borrowed: [
    col('rank', '名次', 'Rank', 'int'),
    col('archiveNo', '档号', 'Archive no.'),
    col('title', '题名', 'Title'),
    col('loans', '借阅次数', 'Loans', 'int'),
    col('lastOut', '最近借出', 'Last out', 'datetime'),
  ],
  alarms: [
    col('kind', '告警类型', 'Kind'),
    col('resolution', '处理结果', 'Resolution'),
    col('count', '次数', 'Count', 'int'),
  ],
};

/** Names for what the database stores as codes (alarm kinds, causes), in both languages. */
export const ALARM_KIND_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  unauthorised_removal: { zh: '未登记取出', en: 'Removed without check-out' },
  gate: { zh: '门禁报警', en: 'Gate' },
  misplaced: { zh: '错架', en: 'Misplaced' },
  unknown_tag: { zh: '未知标签', en: 'Unknown tag' },
};
export const ALARM_CAUSE_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  returned: { zh: '已归还', en: 'Returned' },
  explained: { zh: '已说明', en: 'Explained' },
  lost: { zh: '遗失', en: 'Lost' },
  false_read: { zh: '误读', en: 'False read' },
};
export const OPEN_ALARM = { zh: '未处理', en: 'Open' };
export const NO_DEPARTMENT = { zh: '未分部门', en: 'No department' };
export const ALL_DEPARTMENTS = { zh: '合计', en: 'All' };

export const minutesToHours = (m: number | null): number | null =>
  m === null ? null : Math.round(m / 6) / 10;

// ---------------------------------------------------------------------------------------------------------
// CSV

/** Cells a spreadsheet would evaluate (=, +, -, @, and tab / carriage return that some treat alike). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): numbers as they are; text that a spreadsheet would run as a formula gets a
 * leading apostrophe (OWASP "CSV injection"), and text with a comma, quote or line break is quoted.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = value;
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV file: a UTF-8 BOM (Excel reads Chinese correctly only with it), CRLF line ends. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  preamble: readonly string[] = [],
): string {
  const lines = [
    ...preamble.map((p) => csvCell(p)),
    header.map(csvCell).join(','),
    ...rows.map((r) => r.map(csvCell).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Content-Disposition for a download whose name may be Chinese: an ASCII fallback in `filename` and the
 * real name in `filename*` (RFC 6266 / RFC 5987, UTF-8, percent-encoded).
 */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const safe = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${safe}"; filename*=UTF-8''${encoded}`;
}
