// 统计报表: pick a report and a period, see its chart (where a picture reads better than a table) and its
// rows, and export it as CSV, Excel or PDF. The figures come from the server over the records the person may
// read; exports are fetched with the bearer token and saved as downloads.
import { useEffect, useMemo } from 'preact/hooks';
import type { DashboardController } from '../controller';
import type { ReportTable } from '../api';
import { ReportChart } from './chart';
import { REPORT_NAMES, ReportsState, saveBlob, type ExportFormat } from './state';
import { rt } from './words';
import './reports.css';

const FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'pdf', label: 'PDF' },
];

const shanghai = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

type Column = ReportTable['columns'][number];
function cellText(col: Column, v: string | number | null): string {
  if (v === null) return '';
  if (col.kind === 'datetime' && typeof v === 'string') return shanghai.format(new Date(v));
  return String(v);
}
const numeric = (col: Column) => col.kind === 'int' || col.kind === 'number';

export function ReportsPage({ c }: { c: DashboardController }) {
  const s = useMemo(() => new ReportsState(c.api, () => c.token), [c]);
  const lang = c.lang.lang.value;
  useEffect(() => {
    void s.load(lang);
  }, [s, lang]);
  const table = s.table.value;
  const busy = s.loading.value;
  const report = s.report.value;

  return (
    <main class="page reports-page">
      <div class="reports-bar">
        <h2>{rt(lang, 'title')}</h2>
        <div class="reports-tabs" role="tablist" aria-label={rt(lang, 'report')}>
          {REPORT_NAMES.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={name === report}
              class={`btn${name === report ? ' primary' : ''}`}
              onClick={() => void s.choose(name, lang)}
            >
              {rt(lang, name)}
            </button>
          ))}
        </div>
      </div>
      <form
        class="reports-period"
        onSubmit={(e) => {
          e.preventDefault();
          void s.load(lang);
        }}
      >
        <label>
          {rt(lang, 'from')}
          <input
            type="date"
            value={s.from.value}
            disabled={report === 'overdue'}
            onInput={(e) => (s.from.value = e.currentTarget.value)}
          />
        </label>
        <label>
          {rt(lang, 'to')}
          <input
            type="date"
            value={s.to.value}
            disabled={report === 'overdue'}
            onInput={(e) => (s.to.value = e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn" disabled={busy}>
          {busy ? rt(lang, 'loading') : rt(lang, 'show')}
        </button>
        <span class="reports-spacer" />
        <span class="reports-export-label">{rt(lang, 'exportAs')}</span>
        {FORMATS.map(({ format, label }) => (
          <button
            key={format}
            type="button"
            class="btn"
            data-format={format}
            disabled={!table || s.exporting.value !== null}
            onClick={() => void s.download(format, lang, saveBlob)}
          >
            {s.exporting.value === format ? rt(lang, 'exporting', { format: label }) : label}
          </button>
        ))}
      </form>
      {s.error.value && (
        <p class="reports-error" role="alert">
          {s.error.value.text(lang)}
        </p>
      )}
      {s.lastFile.value && !s.error.value && (
        <p class="reports-status" role="status">
          {rt(lang, 'exported', { name: s.lastFile.value })}
        </p>
      )}
      {table && table.report === report && <ReportBody table={table} lang={lang} />}
    </main>
  );
}

function ReportBody({ table, lang }: { table: ReportTable; lang: 'zh-CN' | 'en' }) {
  const label = (col: Column) => (lang === 'en' ? col.en : col.zh);
  const period =
    table.report === 'overdue'
      ? rt(lang, 'overdueNote')
      : rt(lang, 'periodNote', { from: table.period.from, to: table.period.to });
  return (
    <div class={`reports-body${table.chart ? ' with-chart' : ''}`}>
      <p class="reports-meta">
        <span>{period}</span>
        <span>
          {table.truncated
            ? rt(lang, 'truncated', { shown: table.rows.length, total: table.total })
            : rt(lang, 'rows', { n: table.rows.length })}
        </span>
        {table.summary && table.summary.loans > 0 && (
          <strong class="reports-summary">
            {rt(lang, 'summary', {
              loans: table.summary.loans,
              median: table.summary.medianHours ?? '',
              p90: table.summary.p90Hours ?? '',
            })}
          </strong>
        )}
      </p>
      {table.chart && (
        <section class="reports-card reports-chart-card" aria-label={rt(lang, 'chart')}>
          <ReportChart chart={table.chart} label={`${table.title}: ${rt(lang, 'chart')}`} />
        </section>
      )}
      <section class="reports-card reports-table-card" aria-label={rt(lang, 'table')}>
        {table.rows.length === 0 ? (
          <p class="reports-empty">{rt(lang, 'empty')}</p>
        ) : (
          <table class="reports-table">
            <thead>
              <tr>
                {table.columns.map((col) => (
                  <th key={col.key} class={numeric(col) ? 'num' : undefined}>
                    {label(col)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.slice(0, 1000).map((row, i) => (
                <tr key={i}>
                  {row.map((v, j) => (
                    <td key={j} class={numeric(table.columns[j]!) ? 'num' : undefined}>
                      {cellText(table.columns[j]!, v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="reports-note">{table.note}</p>
      </section>
    </div>
  );
}
