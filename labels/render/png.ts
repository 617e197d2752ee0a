// Whole-label PNG in pure JavaScript: barcodes from bwip-js module data at whole pixels per module,
// rules and boxes, and Chinese text rasterised from the CJK font (TrueType outlines). Used for
// previews and for printers fed images; 203/300 dpi gives what a thermal head would print.
import { encodeBarcode, placeBarcode } from '../barcode.js';
import { defaultCjkFont, fontBytes, type ResolvedFont } from '../fonts/resolve.js';
import { BASELINE, type BarcodeItem, type LabelLayout, type TextItem } from '../layout.js';
import { GreyCanvas } from '../raster/canvas.js';
import { GlyphCache } from '../raster/glyph.js';
import { parseTtf, type TtfFont } from '../raster/ttf.js';
import { dotsPerMm } from '../units.js';

export interface PngOptions {
  /** Pixels per inch of the image, default 300. */
  dpi?: number;
  font?: ResolvedFont;
}

interface LoadedFont {
  ttf: TtfFont;
  glyphs: GlyphCache;
}
const loaded = new Map<string, LoadedFont>();

function loadFont(f: ResolvedFont): LoadedFont {
  const key = `${f.path}#${f.faceIndex}`;
  let l = loaded.get(key);
  if (!l) {
    const ttf = parseTtf(fontBytes(f.path), f.faceIndex);
    l = { ttf, glyphs: new GlyphCache(ttf) };
    loaded.set(key, l);
  }
  return l;
}

function drawText(c: GreyCanvas, t: TextItem, dpmm: number, font: LoadedFont): void {
  const em = t.size * dpmm;
  const scale = em / font.ttf.unitsPerEm;
  const glyphs = [...t.text].map((ch) => font.ttf.glyphIndex(ch.codePointAt(0)!));
  const width = glyphs.reduce((sum, g) => sum + font.ttf.advance(g) * scale, 0);
  const align = t.align ?? 'left';
  const boxX = t.x * dpmm;
  const boxW = t.width * dpmm;
  let x = align === 'left' ? boxX : align === 'center' ? boxX + (boxW - width) / 2 : boxX + boxW - width;
  const baseline = (t.y + BASELINE * t.size) * dpmm;
  // Faux bold: a second pass shifted by ~4% of the em, as the fonts ship one weight.
  const shifts = t.bold ? [0, Math.max(1, em * 0.04)] : [0];
  for (const g of glyphs) {
    const bmp = font.glyphs.get(g, em);
    for (const dx of shifts) c.drawGlyph(bmp, x + dx, baseline);
    x += font.ttf.advance(g) * scale;
  }
}

function drawBarcode(c: GreyCanvas, item: BarcodeItem, dpmm: number): void {
  const enc = encodeBarcode(item.symbology, item.data);
  const p = placeBarcode(item, enc.modulesX, enc.modulesY, dpmm);
  const md = p.moduleDots;
  const x0 = Math.round(p.x * dpmm);
  const y0 = Math.round(p.y * dpmm);
  if (enc.bars) {
    const y1 = Math.round((p.y + p.h) * dpmm);
    let x = x0;
    enc.bars.forEach((w, i) => {
      if (i % 2 === 0) c.fillRect(x, y0, x + w * md, y1);
      x += w * md;
    });
    return;
  }
  const m = enc.matrix!;
  for (let r = 0; r < enc.modulesY; r++) {
    for (let k = 0; k < enc.modulesX; k++) {
      if (m[r * enc.modulesX + k]) c.fillRect(x0 + k * md, y0 + r * md, x0 + (k + 1) * md, y0 + (r + 1) * md);
    }
  }
}

export function renderPng(
  layout: LabelLayout,
  opts: PngOptions = {},
): { png: Buffer; width: number; height: number; dpi: number } {
  const dpi = opts.dpi ?? 300;
  const dpmm = dotsPerMm(dpi);
  const canvas = new GreyCanvas(Math.round(layout.widthMm * dpmm), Math.round(layout.heightMm * dpmm));
  let font: LoadedFont | undefined;
  for (const item of layout.items) {
    switch (item.type) {
      case 'text':
        font ??= loadFont(opts.font ?? defaultCjkFont());
        drawText(canvas, item, dpmm, font);
        break;
      case 'barcode':
        drawBarcode(canvas, item, dpmm);
        break;
      case 'rect':
        canvas.fillRect(
          item.x * dpmm,
          item.y * dpmm,
          (item.x + item.w) * dpmm,
          (item.y + Math.max(item.h, 1 / dpmm)) * dpmm,
        );
        break;
      case 'box': {
        const t = Math.max(1, Math.round(item.thickness * dpmm));
        const [x0, y0] = [Math.round(item.x * dpmm), Math.round(item.y * dpmm)];
        const [x1, y1] = [Math.round((item.x + item.w) * dpmm), Math.round((item.y + item.h) * dpmm)];
        canvas.fillRect(x0, y0, x1, y0 + t);
        canvas.fillRect(x0, y1 - t, x1, y1);
        canvas.fillRect(x0, y0, x0 + t, y1);
        canvas.fillRect(x1 - t, y0, x1, y1);
        break;
      }
    }
  }
  return { png: canvas.toPng(), width: canvas.width, height: canvas.height, dpi };
}
