// A report's table as a file: CSV (UTF-8 with BOM, formula cells neutralised), XLSX (exceljs) and PDF
// (pdfkit with the CJK font the labels use). Every file says who exported it, when, and the custody log's
// head (seq and hash) at that moment: in the CSV's first lines, the workbook's first rows and print header,
// and on every PDF page as a header and a diagonal watermark.
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { defaultCjkFont, fontBytes, type ResolvedFont } from '../../labels/fonts/resolve.js';
import {
  REPORT_TIME_ZONE,
  contentDisposition,
  toCsv,
  type Cell,
  type ReportColumn,
  type ReportFormat,
} from '../domain/reports.js';
import type { ReportLang, ReportTable } from './reports.js';

export interface ExportStamp {
  /** Who exported it: display name and username. */
  exportedBy: string;
  exportedAt: string;
  head: { seq: number; hash: string } | null;
  lang: ReportLang;
}

export interface ExportFile {
  bytes: Buffer;
  contentType: string;
  fileName: string;
  disposition: string;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

const localTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: REPORT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as the company reads it: `2026-11-03 17:05` China Standard Time. */
export const localInstant = (iso: string) => localTime.format(new Date(iso));

function display(c: ReportColumn, v: Cell): Cell {
  if (v === null) return null;
  if (c.kind === 'datetime' && typeof v === 'string') return localInstant(v);
  return v;
}

function words(lang: ReportLang) {
  const zh = lang !== 'en';
  return {
    report: zh ? '报表' : 'Report',
    period: zh ? '期间' : 'Period',
    exportedBy: zh ? '导出人' : 'Exported by',
    exportedAt: zh ? '导出时间' : 'Exported at',
    head: zh ? '保管日志头' : 'Custody log head',
    noHead: zh ? '（日志为空）' : '(empty log)',
    rows: zh ? '行数' : 'Rows',
    page: (n: number, of: number) => (zh ? `第${n}页，共${of}页` : `Page ${n} of ${of}`),
    none: zh ? '期间内没有数据。' : 'Nothing in this period.',
    truncated: (shown: number, total: number) =>
      zh ? `仅列出前${shown}行，共${total}行。` : `First ${shown} of ${total} rows.`,
    label: (c: ReportColumn) => (zh ? c.zh : c.en),
    tz: zh ? '北京时间' : 'China Standard Time',
  };
}

const headText = (s: ExportStamp) => (s.head ? `seq ${s.head.seq} · ${s.head.hash}` : words(s.lang).noHead);

function stampLines(t: ReportTable, s: ExportStamp): Array<[string, string]> {
  const w = words(s.lang);
  return [
    [w.report, t.title],
    [w.period, `${t.period.from} – ${t.period.to}`],
    [w.exportedBy, s.exportedBy],
    [w.exportedAt, `${localInstant(s.exportedAt)} (${w.tz})`],
    [w.head, headText(s)],
  ];
}

const tableCells = (t: ReportTable): Cell[][] =>
  t.rows.map((r) => r.map((v, i) => display(t.columns[i]!, v)));

export function fileNames(t: ReportTable, format: ReportFormat): { fileName: string; ascii: string } {
  const span = `${t.period.from}_${t.period.to}`;
  return { fileName: `${t.title}_${span}.${format}`, ascii: `report-${t.report}-${span}.${format}` };
}

export function reportCsv(t: ReportTable, s: ExportStamp): Buffer {
  const w = words(s.lang);
  const header = t.columns.map(w.label);
  const preamble = stampLines(t, s).map(([k, v]) => `${k}：${v}`);
  return Buffer.from(toCsv(header, tableCells(t), [...preamble, t.note]), 'utf8');
}

export async function reportXlsx(t: ReportTable, s: ExportStamp): Promise<Buffer> {
  const w = words(s.lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = s.exportedBy;
  wb.created = new Date(s.exportedAt);
  wb.title = t.title;
  wb.description = `${w.exportedBy}: ${s.exportedBy}; ${w.head}: ${headText(s)}`;
  // Sheet names: at most 31 characters, none of []:*?/\
  const ws = wb.addWorksheet(t.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: {
      oddHeader: `&L${t.title}&C${w.exportedBy} ${s.exportedBy} ${localInstant(s.exportedAt)}&R${w.head} ${s.head ? `seq ${s.head.seq}` : w.noHead}`,
      oddFooter: `&L${s.head?.hash ?? ''}&R&P / &N`,
    },
  });
  for (const [k, v] of stampLines(t, s)) ws.addRow([k, v]);
  ws.addRow([t.note]);
  ws.addRow([]);
  const headerRow = ws.addRow(t.columns.map(w.label));
  headerRow.font = { bold: true };
  headerRow.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    c.border = { bottom: { style: 'thin' } };
  });
  // Cells go in typed: text as text (never evaluated as a formula), numbers as numbers.
  const cells = tableCells(t);
  for (const row of cells) ws.addRow(row.map((v) => (v === null ? null : v)));
  ws.views = [{ state: 'frozen', ySplit: headerRow.number }];
  // Widths from the first 500 rows: wide (CJK) characters count twice.
  const sample = cells.slice(0, 500);
  t.columns.forEach((c, i) => {
    const longest = Math.max(
      w.label(c).length * 2,
      ...sample.map((r) => {
        const text = String(r[i] ?? '');
        return text.length * (/[^ -~]/.test(text) ? 2 : 1);
      }),
    );
    ws.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------------
// PDF

const FONT = 'cjk';
const MARGIN = 36;
const HEADER_H = 58;
const ROW_H = 16;

function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let s = text;
  while (s.length > 1 && doc.widthOfString(`${s}…`) > width) s = s.slice(0, -1);
  return `${s}…`;
}

export async function reportPdf(
  t: ReportTable,
  s: ExportStamp,
  font: ResolvedFont = defaultCjkFont(),
): Promise<Buffer> {
  const w = words(s.lang);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    info: { Title: t.title, Author: s.exportedBy, Producer: 'Dangan', Creator: 'Dangan reports' },
  });
  doc.registerFont(FONT, fontBytes(font.path), font.faceName);
  doc.font(FONT);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = () => doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 14;
  const watermark = `${s.exportedBy} ${localInstant(s.exportedAt)} · seq ${s.head?.seq ?? 0}`;

  function pageFrame(): number {
    // Watermark first, under everything: the exporter, the time and the head, across the page.
    doc.save();
    doc.fillColor('#000000').fillOpacity(0.07).fontSize(30);
    doc.rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] });
    for (const dy of [-140, 0, 140]) {
      doc.text(watermark, 0, doc.page.height / 2 + dy - 15, {
        width: doc.page.width,
        align: 'center',
        lineBreak: false,
      });
    }
    doc.restore();
    doc.fillOpacity(1).fillColor('#000000');
    doc.fontSize(14).text(t.title, MARGIN, MARGIN, { lineBreak: false });
    doc
      .fontSize(8)
      .fillColor('#444444')
      .text(`${w.period} ${t.period.from} – ${t.period.to}`, MARGIN, MARGIN + 20, { lineBreak: false })
      .text(
        `${w.exportedBy} ${s.exportedBy} · ${w.exportedAt} ${localInstant(s.exportedAt)} (${w.tz})`,
        MARGIN,
        MARGIN + 31,
        { lineBreak: false },
      )
      .text(`${w.head} ${headText(s)}`, MARGIN, MARGIN + 42, { lineBreak: false });
    doc
      .moveTo(MARGIN, MARGIN + HEADER_H - 4)
      .lineTo(MARGIN + width(), MARGIN + HEADER_H - 4)
      .strokeColor('#999999')
      .lineWidth(0.5)
      .stroke();
    doc.fillColor('#000000');
    return MARGIN + HEADER_H;
  }

  // Column widths: by the longest text seen (header included), scaled to the page.
  const cells = tableCells(t);
  doc.fontSize(9);
  const natural = t.columns.map((c, i) =>
    Math.min(
      260,
      Math.max(
        doc.widthOfString(w.label(c)),
        ...cells.slice(0, 300).map((r) => doc.widthOfString(String(r[i] ?? ''))),
      ) + 10,
    ),
  );
  const widths = (() => {
    doc.addPage();
    const total = natural.reduce((a, b) => a + b, 0);
    const scale = width() / total;
    return natural.map((n) => n * scale);
  })();

  let y = pageFrame();
  const header = () => {
    doc.fontSize(9).fillColor('#000000');
    let x = MARGIN;
    doc
      .rect(MARGIN, y - 2, width(), ROW_H)
      .fillColor('#e8eef4')
      .fill()
      .fillColor('#000000');
    t.columns.forEach((c, i) => {
      doc.text(fit(doc, w.label(c), widths[i]! - 6), x + 3, y + 2, { lineBreak: false });
      x += widths[i]!;
    });
    y += ROW_H;
  };
  header();
  if (cells.length === 0) doc.fontSize(10).text(w.none, MARGIN, y + 6, { lineBreak: false });
  for (const row of cells) {
    if (y + ROW_H > bottom()) {
      doc.addPage();
      y = pageFrame();
      header();
    }
    let x = MARGIN;
    doc.fontSize(9);
    row.forEach((v, i) => {
      if (v !== null && v !== '') {
        // Placed by hand (no width or align: pdfkit's line wrapper is the slow part of a long table).
        const text = fit(doc, String(v), widths[i]! - 6);
        const dx = typeof v === 'number' ? widths[i]! - 3 - doc.widthOfString(text) : 3;
        doc.text(text, x + dx, y + 2, { lineBreak: false });
      }
      x += widths[i]!;
    });
    y += ROW_H;
  }
  if (y + 30 > bottom()) {
    doc.addPage();
    y = pageFrame();
  }
  doc.fontSize(8).fillColor('#444444');
  const foot = [t.note, t.truncated ? w.truncated(t.rows.length, t.total) : null].filter(Boolean).join(' ');
  doc.text(foot, MARGIN, y + 8, { width: width() });

  // Page numbers, once the count is known.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    doc
      .fontSize(8)
      .fillColor('#444444')
      .text(w.page(i + 1, range.count), MARGIN, doc.page.height - MARGIN - 10, {
        width: width(),
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

export async function exportReport(
  t: ReportTable,
  format: ReportFormat,
  s: ExportStamp,
): Promise<ExportFile> {
  const bytes =
    format === 'csv' ? reportCsv(t, s) : format === 'xlsx' ? await reportXlsx(t, s) : await reportPdf(t, s);
  const { fileName, ascii } = fileNames(t, format);
  return {
    bytes,
    contentType: CONTENT_TYPES[format],
    fileName,
    disposition: contentDisposition(fileName, ascii),
  };
}
