// Reports (统计报表): each one's figures from the store over the caller's read scope, shaped as one table
// (columns, rows) with an optional chart, and the export of that table as CSV, XLSX or PDF carrying who
// exported it, when, and the custody log's head at that moment.
import { assertCan, boardScope, type Actor } from '../domain/access.js';
import {
  ALARM_CAUSE_NAMES,
  ALARM_KIND_NAMES,
  ALL_DEPARTMENTS,
  NO_DEPARTMENT,
  OPEN_ALARM,
  REPORT_COLUMNS,
  REPORT_TITLES,
  daysLate,
  median,
  minutesToHours,
  monthsBetween,
  p90,
  percentile,
  resolvePeriod,
  type Cell,
  type HistogramBin,
  type ReportColumn,
  type ReportName,
} from '../domain/reports.js';
import type { Clock } from '../providers.js';
import { custodyHead } from '../store/custody-log.js';
import type { Database } from '../store/db.js';
import {
  alarmsByCause,
  loanDurations,
  loansByDepartmentMonth,
  mostBorrowed,
  overdueLoans,
} from '../store/reports.js';

export type ReportLang = 'zh-CN' | 'en';

export interface ReportQuery {
  from?: string;
  to?: string;
  /** Rows of the most-borrowed list; rows of the overdue list are capped at OVERDUE_ROWS. */
  limit?: number;
  lang?: ReportLang;
}

export interface ReportChart {
  type: 'line' | 'bars';
  /** Category labels along the x axis. */
  x: string[];
  series: Array<{ label: string; values: Array<number | null> }>;
  /** What the values count, for the axis. */
  unit: string;
}

export interface ReportTable {
  report: ReportName;
  title: string;
  period: { from: string; to: string };
  generatedAt: string;
  columns: ReportColumn[];
  rows: Cell[][];
  /** All rows that matched, when only the first ones are listed (overdue). */
  total: number;
  truncated: boolean;
  /** time_out: over all departments. */
  summary: { loans: number; medianHours: number | null; p90Hours: number | null } | null;
  chart: ReportChart | null;
  /** How the figures were computed, in the report's language (shown under the table and in exports). */
  note: string;
}

/** The overdue list is a list: at most this many rows (the count says how many in all). */
export const OVERDUE_ROWS = 5000;
/** Departments drawn as lines of their own in the loans chart; the rest are summed as 其他. */
const CHART_DEPARTMENTS = 8;

export interface ReportsDeps {
  db: Database;
  clock: Clock;
}

const pick = (lang: ReportLang, m: { zh: string; en: string }) => (lang === 'en' ? m.en : m.zh);

// Bands of time out of the room, for the histogram chart (upper bounds in minutes, exclusive).
const DURATION_BANDS: Array<{ below: number; zh: string; en: string }> = [
  { below: 60 * 4, zh: '4小时内', en: '< 4 h' },
  { below: 60 * 24, zh: '1天内', en: '< 1 d' },
  { below: 60 * 24 * 3, zh: '1–3天', en: '1–3 d' },
  { below: 60 * 24 * 7, zh: '3–7天', en: '3–7 d' },
  { below: 60 * 24 * 14, zh: '7–14天', en: '7–14 d' },
  { below: 60 * 24 * 30, zh: '14–30天', en: '14–30 d' },
  { below: Infinity, zh: '30天以上', en: '≥ 30 d' },
];
const LATE_BANDS: Array<{ upTo: number; zh: string; en: string }> = [
  { upTo: 7, zh: '1–7天', en: '1–7 d' },
  { upTo: 30, zh: '8–30天', en: '8–30 d' },
  { upTo: 90, zh: '31–90天', en: '31–90 d' },
  { upTo: Infinity, zh: '90天以上', en: '> 90 d' },
];

export function createReportsService({ db, clock }: ReportsDeps) {
  async function run(actor: Actor, report: ReportName, query: ReportQuery = {}): Promise<ReportTable> {
    assertCan(actor, 'reports.read');
    const lang = query.lang ?? 'zh-CN';
    const now = clock.now();
    const period = resolvePeriod(now, query);
    const scope = boardScope(actor);
    const base = {
      report,
      title: pick(lang, REPORT_TITLES[report]),
      period: { from: period.from, to: period.to },
      generatedAt: now.toISOString(),
      columns: [...REPORT_COLUMNS[report]],
      total: 0,
      truncated: false,
      summary: null,
      chart: null,
    };
    const dept = (name: string | null) => name ?? pick(lang, NO_DEPARTMENT);

    if (report === 'overdue') {
      const { rows, total } = await overdueLoans(db.knex, scope, now.toISOString(), OVERDUE_ROWS);
      const late = rows.map((r) => daysLate(r.dueAt, now));
      const bands = LATE_BANDS.map(() => 0);
      for (const d of late) bands[LATE_BANDS.findIndex((b) => d <= b.upTo)]! += 1;
      return {
        ...base,
        rows: rows.map((r, i) => [
          r.archiveNo,
          r.barcode,
          r.title,
          r.holder,
          dept(r.department),
          r.outAt,
          r.dueAt,
          late[i]!,
        ]),
        total,
        truncated: total > rows.length,
        chart:
          rows.length === 0
            ? null
            : {
                type: 'bars',
                x: LATE_BANDS.map((b) => pick(lang, b)),
                series: [{ label: pick(lang, { zh: '逾期件数', en: 'Overdue loans' }), values: bands }],
                unit: pick(lang, { zh: '件', en: 'loans' }),
              },
        note: pick(lang, {
          zh: '当前借出且已过应还时间的档案（不受期间限制）；逾期天数按北京时间的日历日计算。',
          en: 'Folders out now and past their due time (the period does not apply); days late in calendar days, China Standard Time.',
        }),
      };
    }

    if (report === 'loans_by_department') {
      const rows = await loansByDepartmentMonth(db.knex, scope, period);
      const months = monthsBetween(period.from, period.to);
      const byDept = new Map<string, Map<string, number>>();
      for (const r of rows) {
        const name = dept(r.department);
        const m = byDept.get(name) ?? new Map<string, number>();
        m.set(r.month, (m.get(r.month) ?? 0) + r.loans);
        byDept.set(name, m);
      }
      const totals = [...byDept].map(([name, m]) => ({
        name,
        total: [...m.values()].reduce((a, b) => a + b, 0),
      }));
      totals.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
      const shown = totals.slice(0, CHART_DEPARTMENTS).map((t) => t.name);
      const series = shown.map((name) => ({
        label: name,
        values: months.map((m) => byDept.get(name)!.get(m) ?? 0),
      }));
      if (totals.length > CHART_DEPARTMENTS) {
        const rest = totals.slice(CHART_DEPARTMENTS).map((t) => byDept.get(t.name)!);
        series.push({
          label: pick(lang, { zh: '其他', en: 'Others' }),
          values: months.map((m) => rest.reduce((s, d) => s + (d.get(m) ?? 0), 0)),
        });
      }
      return {
        ...base,
        rows: rows.map((r) => [dept(r.department), r.month, r.loans]),
        total: rows.length,
        chart:
          rows.length === 0
            ? null
            : { type: 'line', x: months, series, unit: pick(lang, { zh: '次', en: 'loans' }) },
        note: pick(lang, {
          zh: '期间内开始的借出，按借阅人所在部门和借出月份（北京时间）统计。',
          en: 'Check-outs that began in the period, by the borrower’s department and the month they began (China Standard Time).',
        }),
      };
    }

    if (report === 'time_out') {
      const bins = await loanDurations(db.knex, scope, period);
      const byDept = new Map<string, HistogramBin[]>();
      for (const b of bins) {
        const name = dept(b.department);
        byDept.set(name, [...(byDept.get(name) ?? []), { value: b.value, count: b.count }]);
      }
      const row = (name: string, h: HistogramBin[]): Cell[] => [
        name,
        h.reduce((s, b) => s + b.count, 0),
        minutesToHours(median(h)),
        minutesToHours(p90(h)),
        minutesToHours(percentile(h, 100)),
      ];
      const names = [...byDept.keys()].sort((a, b) => a.localeCompare(b));
      const all: HistogramBin[] = bins.map((b) => ({ value: b.value, count: b.count }));
      const loans = all.reduce((s, b) => s + b.count, 0);
      const bands = DURATION_BANDS.map(() => 0);
      for (const b of all) bands[DURATION_BANDS.findIndex((d) => b.value < d.below)]! += b.count;
      return {
        ...base,
        rows: [
          ...names.map((n) => row(n, byDept.get(n)!)),
          ...(loans > 0 ? [row(pick(lang, ALL_DEPARTMENTS), all)] : []),
        ],
        total: names.length,
        summary: { loans, medianHours: minutesToHours(median(all)), p90Hours: minutesToHours(p90(all)) },
        chart:
          loans === 0
            ? null
            : {
                type: 'bars',
                x: DURATION_BANDS.map((b) => pick(lang, b)),
                series: [{ label: pick(lang, { zh: '已归还借阅', en: 'Returned loans' }), values: bands }],
                unit: pick(lang, { zh: '次', en: 'loans' }),
              },
        note: pick(lang, {
          zh: '期间内归还的借阅：从借出到下一次归还的时长，按整分钟计。中位数与90分位采用最近秩法（至少一半或90%的借阅不超过该值的最小时长）。',
          en: 'Loans returned in the period: from check-out to the next check-in, in whole minutes. Median and p90 by the nearest-rank method (the least duration that at least half, or 90%, of the loans do not exceed).',
        }),
      };
    }

    if (report === 'most_borrowed') {
      const rows = await mostBorrowed(db.knex, scope, period, query.limit ?? 20);
      return {
        ...base,
        rows: rows.map((r, i) => [i + 1, r.archiveNo, r.title, r.loans, r.lastOut]),
        total: rows.length,
        note: pick(lang, {
          zh: '期间内各档案（含其所有卷）被借出的次数，从多到少。',
          en: 'How many times each dossier’s folders were checked out in the period, most first.',
        }),
      };
    }

    const rows = await alarmsByCause(db.knex, scope, period);
    const resolutionName = (r: { resolution: string | null; open: boolean }) =>
      r.open || r.resolution === null
        ? pick(lang, OPEN_ALARM)
        : ALARM_CAUSE_NAMES[r.resolution]
          ? pick(lang, ALARM_CAUSE_NAMES[r.resolution]!)
          : r.resolution;
    const kindName = (k: string) => (ALARM_KIND_NAMES[k] ? pick(lang, ALARM_KIND_NAMES[k]!) : k);
    const byResolution = new Map<string, number>();
    for (const r of rows) {
      const n = resolutionName(r);
      byResolution.set(n, (byResolution.get(n) ?? 0) + r.count);
    }
    const causes = [...byResolution].sort((a, b) => b[1] - a[1]).slice(0, 12);
    return {
      ...base,
      rows: rows.map((r) => [kindName(r.kind), resolutionName(r), r.count]),
      total: rows.length,
      chart:
        rows.length === 0
          ? null
          : {
              type: 'bars',
              x: causes.map(([n]) => n),
              series: [
                { label: pick(lang, { zh: '告警次数', en: 'Alarms' }), values: causes.map(([, c]) => c) },
              ],
              unit: pick(lang, { zh: '次', en: 'alarms' }),
            },
      note: pick(lang, {
        zh: '期间内发出的告警，按类型和处理结果统计；未处理的单列。',
        en: 'Alarms raised in the period by kind and resolution; open ones apart.',
      }),
    };
  }

  return {
    run,
    /** The custody log's head now: an export names the chain state its figures were taken at. */
    head: () => custodyHead(db.knex),
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
