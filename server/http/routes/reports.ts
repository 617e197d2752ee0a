// Reports (统计报表): GET /reports/{report} answers the table as JSON; /export answers it as a CSV, XLSX or PDF
// download (a Chinese file name in RFC 5987 filename*), stamped with the exporter and the custody log head.
// Each export is written to the audit log (the server's structured log, event `report.export`).
import { z } from 'zod';
import { REPORT_FORMATS, REPORTS, type ReportFormat, type ReportName } from '../../domain/reports.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../providers.js';
import { exportReport } from '../../services/report-export.js';
import type { ReportLang, ReportsService } from '../../services/reports.js';
import { defineRoute } from '../route.js';
import { decimalInteger } from '../schemas.js';

const DAY = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .openapi({ example: '2026-01-01' });

export const ReportParams = z.object({ report: z.enum(REPORTS as unknown as [ReportName, ...ReportName[]]) });

const periodQuery = {
  from: DAY.optional().openapi({
    description: 'First day (China Standard Time); default: 11 months before this one, 1st',
  }),
  to: DAY.optional().openapi({ description: 'Last day, included; default: today' }),
  limit: decimalInteger(1, 500)
    .optional()
    .openapi({ description: 'most_borrowed: how many dossiers (default 20)' }),
  lang: z.enum(['zh-CN', 'en']).optional().openapi({ description: 'Language of the names in the table' }),
};
export const ReportQuery = z.object(periodQuery).strict();
export const ReportExportQuery = z
  .object({ ...periodQuery, format: z.enum(REPORT_FORMATS as unknown as [ReportFormat, ...ReportFormat[]]) })
  .strict();

const CellValue = z.union([z.string(), z.number(), z.null()]);

export const ReportTableSchema = z
  .object({
    report: z.enum(REPORTS as unknown as [ReportName, ...ReportName[]]),
    title: z.string(),
    period: z.object({ from: z.string(), to: z.string() }),
    generatedAt: z.string(),
    columns: z.array(
      z.object({
        key: z.string(),
        zh: z.string(),
        en: z.string(),
        kind: z.enum(['text', 'int', 'number', 'date', 'datetime']),
      }),
    ),
    rows: z.array(z.array(CellValue)).openapi({ description: 'One array per row, cells in column order' }),
    total: z.number().int(),
    truncated: z.boolean(),
    summary: z
      .object({
        loans: z.number().int(),
        medianHours: z.number().nullable(),
        p90Hours: z.number().nullable(),
      })
      .nullable(),
    chart: z
      .object({
        type: z.enum(['line', 'bars']),
        x: z.array(z.string()),
        series: z.array(z.object({ label: z.string(), values: z.array(z.number().nullable()) })),
        unit: z.string(),
      })
      .nullable(),
    note: z.string(),
  })
  .openapi('ReportTable');

export function reportRoutes(reports: ReportsService, clock: Clock, logger: Logger) {
  return [
    defineRoute({
      method: 'get',
      path: '/reports/:report',
      summary:
        'A report (overdue, loans_by_department, time_out, most_borrowed, alarms) over the records the caller may read',
      tag: 'reports',
      auth: 'session',
      params: ReportParams,
      query: ReportQuery,
      response: ReportTableSchema,
      handler: async ({ actor, params, query }) =>
        reports.run(actor, params.report, { ...query, lang: query.lang as ReportLang | undefined }),
    }),
    defineRoute({
      method: 'get',
      path: '/reports/:report/export',
      summary:
        'A report as a CSV (UTF-8 with BOM), XLSX or PDF download, stamped with who exported it, when, and the custody log head',
      tag: 'reports',
      auth: 'session',
      params: ReportParams,
      query: ReportExportQuery,
      response: z.string().openapi({ description: 'The file' }),
      handler: async ({ actor, params, query, res }) => {
        const lang = (query.lang as ReportLang | undefined) ?? 'zh-CN';
        const table = await reports.run(actor, params.report, { ...query, lang });
        const head = await reports.head();
        const exportedAt = clock.now().toISOString();
        const format = query.format as ReportFormat;
        const file = await exportReport(table, format, {
          exportedBy: `${actor.displayName}（${actor.username}）`,
          exportedAt,
          head,
          lang,
        });
        logger.info(
          {
            event: 'report.export',
            userId: actor.userId,
            username: actor.username,
            role: actor.role,
            report: params.report,
            format,
            period: table.period,
            rows: table.rows.length,
            headSeq: head?.seq ?? 0,
            headHash: head?.hash ?? null,
            at: exportedAt,
          },
          'report exported',
        );
        res.status(200);
        res.setHeader('content-type', file.contentType);
        res.setHeader('content-disposition', file.disposition);
        res.setHeader('x-custody-head-seq', String(head?.seq ?? 0));
        res.setHeader('cache-control', 'no-store');
        res.end(file.bytes);
        return '';
      },
    }),
  ];
}
