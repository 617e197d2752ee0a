// Rendering: label inputs laid out at a size and rendered in a format (previews) or in a printer's language
// with its roll, resolution, fonts, RFID and copies (print jobs), and the bridge from the labels layer's
// LabelError to DanganError for everything that calls into that layer.
import { createHash } from 'node:crypto';
import {
  autoSheet,
  isLabelError,
  LabelError,
  layoutLabel,
  renderJob,
  renderPng,
  renderSvg,
  type Code2D,
  type LabelInput,
  type LabelLayout,
  type LabelSize,
  type PrinterProfile,
  type TemplateName,
} from '../../labels/index.js';
import { DanganError, type ErrorCode } from '../domain/errors.js';
import { printerSize, type PrinterConfig, type PrinterLanguage } from './printing-config.js';

export const LABEL_FORMATS = ['svg', 'png', 'pdf', 'zpl', 'tspl', 'html'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<LabelFormat, string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  pdf: 'application/pdf',
  // ZPL declares UTF-8 with ^CI28; TSPL is GBK for the printer's resident Chinese font.
  zpl: 'text/plain; charset=utf-8',
  tspl: 'text/plain; charset=gbk',
  html: 'text/html; charset=utf-8',
};

export interface PreviewOptions {
  /** `60x40`, `WxH` in mm; default: the printer's roll, else the template's own size. */
  size?: string | LabelSize;
  dpi?: 203 | 300 | 600;
  code2d?: Code2D;
  /** PDF: labels on A4 sheets instead of one page per label. */
  sheet?: 'a4';
  /** HTML: open the print dialog when the page has loaded (the browser workflow). */
  autoPrint?: boolean;
  /** Render exactly as this printer would get it (its roll, resolution, fonts, RFID, copies). */
  printer?: string;
}

export interface Preview {
  bytes: Buffer;
  contentType: string;
  format: LabelFormat;
  labels: number;
  layouts: LabelLayout[];
}

/** A LabelError from the labels layer as a DanganError with the same code, message and details. */
export function fromLabelError(e: unknown): unknown {
  if (!isLabelError(e)) return e;
  return new DanganError(e.code satisfies ErrorCode, e.details, { zh: e.messageZh, en: e.messageEn });
}

/** Runs `work` against the labels layer, its LabelErrors thrown as DanganErrors. */
export async function labelsLayer<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw fromLabelError(e);
  }
}

function layoutAll(inputs: LabelInput[], size: string | LabelSize | undefined, code2d?: Code2D) {
  return labelsLayer(() => inputs.map((input) => layoutLabel(input, { size, code2d })));
}

function profileOf(
  p: Pick<PrinterConfig, 'language' | 'dpi' | 'rfid' | 'zplFont' | 'tsplFont' | 'gapMm' | 'sheet'>,
  layouts: LabelLayout[],
  copies: number,
  html: { autoPrint: boolean; title: string },
): PrinterProfile {
  switch (p.language) {
    case 'zpl':
      return { format: 'zpl', zpl: { dpi: p.dpi, cjkFont: p.zplFont, rfid: p.rfid, copies } };
    case 'tspl':
      return {
        format: 'tspl',
        tspl: { dpi: p.dpi, cjkFont: p.tsplFont, gapMm: p.gapMm, rfid: p.rfid, copies },
      };
    case 'pdf':
      return p.sheet
        ? { format: 'pdf-sheet', sheet: autoSheet(layouts[0]!), pdf: { dpi: p.dpi } }
        : { format: 'pdf', pdf: { dpi: p.dpi } };
    case 'html':
      return { format: 'html', html: { dpi: p.dpi, ...html } };
  }
}

/** PDF and HTML have no copy count: repeat each label. */
function repeated(layouts: LabelLayout[], language: PrinterLanguage, copies: number): LabelLayout[] {
  if (copies <= 1 || language === 'zpl' || language === 'tspl') return layouts;
  return layouts.flatMap((l) => Array.from({ length: copies }, () => l));
}

/** The format of a preview: the one asked for, else the printer's language. */
export function previewFormat(
  format: LabelFormat | undefined,
  printer: PrinterConfig | undefined,
): LabelFormat {
  const fmt = format ?? printer?.language;
  if (!fmt || !(LABEL_FORMATS as readonly string[]).includes(fmt)) {
    throw fromLabelError(
      new LabelError('LABEL_FORMAT_UNKNOWN', `${String(fmt)} (use ${LABEL_FORMATS.join(', ')})`, {
        format: fmt,
      }),
    );
  }
  return fmt;
}

/** Lays out and renders a preview in `fmt`; with a printer, exactly as that printer would get it. */
export async function renderPreview(
  inputs: LabelInput[],
  template: TemplateName,
  fmt: LabelFormat,
  printer: PrinterConfig | undefined,
  opts: PreviewOptions,
): Promise<Preview> {
  const size = opts.size ?? printer?.size;
  const layouts = await layoutAll(inputs, size, opts.code2d ?? printer?.code2d);
  const dpi = opts.dpi ?? printer?.dpi;
  const bytes = await labelsLayer(async (): Promise<Buffer> => {
    if (fmt === 'svg' || fmt === 'png') {
      if (layouts.length !== 1) throw new DanganError('LABEL_FORMAT_SINGLE', { labels: layouts.length });
      return fmt === 'svg'
        ? Buffer.from(renderSvg(layouts[0]!, { dpi: dpi ?? 300 }), 'utf8')
        : renderPng(layouts[0]!, { dpi: dpi ?? 300 }).png;
    }
    const settings = {
      language: fmt,
      dpi: (dpi ?? (fmt === 'pdf' || fmt === 'html' ? 300 : 203)) as PrinterConfig['dpi'],
      rfid: printer?.rfid ?? false,
      zplFont: printer?.zplFont,
      tsplFont: printer?.tsplFont,
      gapMm: printer?.gapMm,
      sheet: opts.sheet ?? (fmt === 'pdf' ? printer?.sheet : undefined),
    };
    const copies = printer?.copies ?? 1;
    const profile = profileOf(settings, layouts, copies, {
      autoPrint: opts.autoPrint ?? false,
      title: `标签预览 ${template} ×${layouts.length}`,
    });
    return renderJob(repeated(layouts, fmt, copies), profile);
  });
  return { bytes, contentType: CONTENT_TYPES[fmt], format: fmt, labels: layouts.length, layouts };
}

/** Lays out and renders a print job in the printer's language, on its roll, `copies` of each label. */
export async function renderForPrinter(
  inputs: LabelInput[],
  template: TemplateName,
  printer: PrinterConfig,
  copies: number,
): Promise<Buffer> {
  const layouts = await layoutAll(inputs, printerSize(printer), printer.code2d);
  return labelsLayer(() =>
    renderJob(
      repeated(layouts, printer.language, copies),
      profileOf(printer, layouts, copies, {
        autoPrint: true,
        title: `标签打印 ${template} ×${layouts.length}`,
      }),
    ),
  );
}

/** The CSP hash of an HTML page's inline print script, so a preview page may run exactly that script. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );
}
