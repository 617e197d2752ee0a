// The reports page's state: which report and period, the table the server answered, and exports in flight.
import { signal } from '@preact/signals';
import { asApiError, type ApiError } from '../../shared/api/error';
import type { Lang } from '../../shared/i18n';
import type { DashboardApi, ReportName, ReportTable } from '../api';

export const REPORT_NAMES: readonly ReportName[] = [
  'loans_by_department',
  'time_out',
  'most_borrowed',
  'overdue',
  'alarms',
];
export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

export class ReportsState {
  readonly report = signal<ReportName>('loans_by_department');
  /** Dates as typed (YYYY-MM-DD); empty means the server's default (the last 12 months). */
  readonly from = signal('');
  readonly to = signal('');
  readonly table = signal<ReportTable | null>(null);
  readonly loading = signal(false);
  readonly error = signal<ApiError | null>(null);
  readonly exporting = signal<ExportFormat | null>(null);
  readonly lastFile = signal<string | null>(null);
  private generation = 0;

  constructor(
    private readonly api: DashboardApi,
    private readonly token: () => string | null,
  ) {}

  private params(lang: Lang) {
    return {
      ...(this.from.value ? { from: this.from.value } : {}),
      ...(this.to.value ? { to: this.to.value } : {}),
      lang,
    };
  }

  async load(lang: Lang): Promise<void> {
    const token = this.token();
    if (!token) return;
    const mine = ++this.generation;
    this.loading.value = true;
    this.error.value = null;
    try {
      const table = await this.api.report(token, this.report.value, this.params(lang));
      if (mine !== this.generation) return;
      this.table.value = table;
      this.from.value = table.period.from;
      this.to.value = table.period.to;
    } catch (e) {
      if (mine === this.generation) this.error.value = asApiError(e);
    } finally {
      if (mine === this.generation) this.loading.value = false;
    }
  }

  async choose(report: ReportName, lang: Lang): Promise<void> {
    this.report.value = report;
    this.table.value = null;
    this.lastFile.value = null;
    await this.load(lang);
  }

  /** Fetches the export with the bearer token and hands it to the browser as a download. */
  async download(format: ExportFormat, lang: Lang, save: (blob: Blob, name: string) => void): Promise<void> {
    const token = this.token();
    if (!token || this.exporting.value) return;
    this.exporting.value = format;
    this.error.value = null;
    try {
      const file = await this.api.exportReport(token, this.report.value, format, this.params(lang));
      save(file.blob, file.fileName);
      this.lastFile.value = file.fileName;
    } catch (e) {
      this.error.value = asApiError(e);
    } finally {
      this.exporting.value = null;
    }
  }
}

/** The browser's download: a temporary object URL on a link that is clicked once. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
