// From label inputs to bytes for a printer profile, and onto a transport: the glue services/printing
// calls. A profile says which language the printer speaks and how it is set up.
import { LabelError } from './errors.js';
import type { LabelLayout } from './layout.js';
import { renderHtmlPage, type HtmlPageOptions } from './render/html.js';
import { renderPdfLabels, renderPdfSheet, type PdfSheetOptions } from './render/pdf.js';
import { renderTspl, type TsplOptions } from './render/tspl.js';
import { renderZpl, type ZplOptions } from './render/zpl.js';
import type { SheetSpec } from './sizes.js';
import { layoutLabel, type LayoutOptions } from './templates/index.js';
import type { PrinterTransport } from './transports/types.js';

export type PrinterProfile = (
  | { format: 'zpl'; zpl?: ZplOptions }
  | { format: 'tspl'; tspl?: TsplOptions }
  /** One PDF page per label (roll printer behind a PDF-capable driver or CUPS queue). */
  | { format: 'pdf'; pdf?: PdfSheetOptions }
  /** Labels on sheets (A4 office printer). */
  | { format: 'pdf-sheet'; sheet: SheetSpec; pdf?: PdfSheetOptions }
  /** HTML page for the browser transport. */
  | { format: 'html'; html?: HtmlPageOptions }
) & {
  /** Labels with an EPC must be encoded, not just printed: refuse profiles that cannot write RFID. */
  rfidRequired?: boolean;
};

function writesRfid(profile: PrinterProfile): boolean {
  if (profile.format === 'zpl') return profile.zpl?.rfid === true;
  if (profile.format === 'tspl') return Boolean(profile.tspl?.rfid);
  return false;
}

export async function renderJob(layouts: LabelLayout[], profile: PrinterProfile): Promise<Buffer> {
  if (profile?.rfidRequired && layouts.some((l) => l.epc) && !writesRfid(profile)) {
    throw new LabelError('PRINTER_RFID_UNSUPPORTED', `${profile.format} profile does not write RFID`);
  }
  switch (profile?.format) {
    case 'zpl':
      return renderZpl(layouts, profile.zpl);
    case 'tspl':
      return renderTspl(layouts, profile.tspl);
    case 'pdf':
      return renderPdfLabels(layouts, profile.pdf);
    case 'pdf-sheet':
      return renderPdfSheet(layouts, profile.sheet, profile.pdf);
    case 'html':
      return Buffer.from(renderHtmlPage(layouts, profile.html), 'utf8');
    default:
      throw new LabelError('LABEL_FORMAT_UNKNOWN', String((profile as { format?: unknown })?.format));
  }
}

/** Lays out, renders and sends one job; returns what was sent for the print log. */
export async function printLabels(
  inputs: unknown[],
  layout: LayoutOptions,
  profile: PrinterProfile,
  transport: PrinterTransport,
): Promise<{ labels: number; bytes: number }> {
  const layouts = inputs.map((i) => layoutLabel(i, layout));
  const bytes = await renderJob(layouts, profile);
  await transport.send(bytes);
  return { labels: layouts.length, bytes: bytes.length };
}
