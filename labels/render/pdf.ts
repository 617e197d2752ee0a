// PDF through pdfkit: one page per label for roll printers, or A4 (any page) sheets with a grid of
// labels. Barcodes are drawn as vector rectangles from bwip-js module data (crisp at any printer
// resolution, and ~10× faster than embedding a PNG per barcode); the CJK font is embedded as a subset.
import PDFDocument from 'pdfkit';
import { encodeBarcode, placeBarcode } from '../barcode.js';
import { LabelError } from '../errors.js';
import { defaultCjkFont, fontBytes, type ResolvedFont } from '../fonts/resolve.js';
import { BASELINE, type BarcodeItem, type LabelLayout, type TextItem } from '../layout.js';
import { cellOrigin, labelsPerSheet, validateSheet, type SheetSpec } from '../sizes.js';
import { dotsPerMm, mmToPt } from '../units.js';

export interface PdfOptions {
  font?: ResolvedFont;
  /** Module sizes snap to whole dots at this resolution, default 300 dpi. */
  dpi?: number;
  title?: string;
}

export interface PdfSheetOptions extends PdfOptions {
  /** Thin grey outline around each cell, for plain paper that is cut by hand. */
  outline?: boolean;
}

const FONT = 'cjk';

function newDocument(opts: PdfOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    compress: true,
    info: { Title: opts.title ?? 'Dangan labels', Producer: 'Dangan', Creator: 'Dangan labels' },
  });
  const font = opts.font ?? defaultCjkFont();
  // A Buffer, not a path: the file is read once per process and shared by every document.
  doc.registerFont(FONT, fontBytes(font.path), font.faceName);
  doc.font(FONT);
  return doc;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function drawText(doc: PDFKit.PDFDocument, t: TextItem, ox: number, oy: number): void {
  const size = mmToPt(t.size);
  doc.fontSize(size);
  const w = doc.widthOfString(t.text);
  const align = t.align ?? 'left';
  const box = mmToPt(ox + t.x);
  const x =
    align === 'left' ? box : align === 'center' ? box + (mmToPt(t.width) - w) / 2 : box + mmToPt(t.width) - w;
  const y = mmToPt(oy + t.y + BASELINE * t.size);
  if (t.bold) {
    // Faux bold: fill plus a thin stroke of the outlines (the CJK fonts ship one weight).
    doc.lineWidth(size * 0.045);
    doc.text(t.text, x, y, { lineBreak: false, baseline: 'alphabetic', fill: true, stroke: true });
  } else {
    doc.text(t.text, x, y, { lineBreak: false, baseline: 'alphabetic' });
  }
}

function drawBarcode(doc: PDFKit.PDFDocument, item: BarcodeItem, ox: number, oy: number, dpmm: number): void {
  const enc = encodeBarcode(item.symbology, item.data);
  const p = placeBarcode(item, enc.modulesX, enc.modulesY, dpmm);
  const mod = mmToPt(p.module);
  const x0 = mmToPt(ox + p.x);
  const y0 = mmToPt(oy + p.y);
  if (enc.bars) {
    const h = mmToPt(p.h);
    let x = x0;
    enc.bars.forEach((w, i) => {
      if (i % 2 === 0) doc.rect(x, y0, w * mod, h);
      x += w * mod;
    });
  } else {
    // One rectangle per horizontal run of dark modules keeps the content stream small.
    const m = enc.matrix!;
    for (let r = 0; r < enc.modulesY; r++) {
      let k = 0;
      while (k < enc.modulesX) {
        if (!m[r * enc.modulesX + k]) {
          k++;
          continue;
        }
        const start = k;
        while (k < enc.modulesX && m[r * enc.modulesX + k]) k++;
        doc.rect(x0 + start * mod, y0 + r * mod, (k - start) * mod, mod);
      }
    }
  }
  doc.fill('#000000');
}

function drawLabel(doc: PDFKit.PDFDocument, layout: LabelLayout, ox: number, oy: number, dpmm: number): void {
  for (const item of layout.items) {
    switch (item.type) {
      case 'text':
        drawText(doc, item, ox, oy);
        break;
      case 'barcode':
        drawBarcode(doc, item, ox, oy, dpmm);
        break;
      case 'rect':
        doc.rect(mmToPt(ox + item.x), mmToPt(oy + item.y), mmToPt(item.w), mmToPt(item.h)).fill('#000000');
        break;
      case 'box': {
        const t = item.thickness;
        doc
          .lineWidth(mmToPt(t))
          .rect(
            mmToPt(ox + item.x + t / 2),
            mmToPt(oy + item.y + t / 2),
            mmToPt(item.w - t),
            mmToPt(item.h - t),
          )
          .stroke('#000000');
        break;
      }
    }
  }
}

function requireLabels(layouts: LabelLayout[]): void {
  if (layouts.length === 0) throw new LabelError('LABEL_DATA_INVALID', 'no labels to print');
}

/** One page per label, the page the label's size: for roll printers driven through a PDF driver. */
export function renderPdfLabels(layouts: LabelLayout[], opts: PdfOptions = {}): Promise<Buffer> {
  requireLabels(layouts);
  const doc = newDocument(opts);
  const dpmm = dotsPerMm(opts.dpi ?? 300);
  for (const l of layouts) {
    doc.addPage({ size: [mmToPt(l.widthMm), mmToPt(l.heightMm)], margin: 0 });
    drawLabel(doc, l, 0, 0, dpmm);
  }
  return collect(doc);
}

/** Labels placed row by row on sheets; a new page starts when a sheet is full. */
export function renderPdfSheet(
  layouts: LabelLayout[],
  sheet: SheetSpec,
  opts: PdfSheetOptions = {},
): Promise<Buffer> {
  requireLabels(layouts);
  const s = validateSheet(sheet);
  const wrong = layouts.find(
    (l) => Math.abs(l.widthMm - s.label.widthMm) > 0.01 || Math.abs(l.heightMm - s.label.heightMm) > 0.01,
  );
  if (wrong) {
    throw new LabelError(
      'LABEL_SIZE_INVALID',
      `label ${wrong.widthMm}×${wrong.heightMm} mm on a sheet of ${s.label.widthMm}×${s.label.heightMm} mm cells`,
    );
  }
  const doc = newDocument(opts);
  const dpmm = dotsPerMm(opts.dpi ?? 300);
  const perPage = labelsPerSheet(s);
  layouts.forEach((l, i) => {
    if (i % perPage === 0)
      doc.addPage({ size: [mmToPt(s.page.widthMm), mmToPt(s.page.heightMm)], margin: 0 });
    const { x, y } = cellOrigin(s, i % perPage);
    if (opts.outline) {
      doc.lineWidth(0.25).rect(mmToPt(x), mmToPt(y), mmToPt(l.widthMm), mmToPt(l.heightMm)).stroke('#bbbbbb');
    }
    drawLabel(doc, l, x, y, dpmm);
  });
  return collect(doc);
}
