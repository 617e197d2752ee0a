// Whole-label PNG (pure JS): every barcode decodes, text is drawn where the layout says.
import { describe, expect, it } from 'vitest';
import { barcodePng, layoutLabel, renderPng } from '../../labels/index.js';
import { textBounds } from '../../labels/layout.js';
import { dotsPerMm } from '../../labels/units.js';
import { crop, decode, decodeLayout, FORMAT, pngToGrey, type GreyImage } from './helpers/decode.js';
import { FOLDER, SAMPLES } from './helpers/samples.js';

const inkRatio = (img: GreyImage) => img.data.reduce((n, v) => n + (v < 128 ? 1 : 0), 0) / img.data.length;

describe('PNG renderer', () => {
  it.each(SAMPLES)('$name: every barcode decodes to the id at 300 dpi', ({ input }) => {
    const layout = layoutLabel(input);
    const { png, width, height } = renderPng(layout, { dpi: 300 });
    expect(width).toBe(Math.round(layout.widthMm * dotsPerMm(300)));
    expect(height).toBe(Math.round(layout.heightMm * dotsPerMm(300)));
    const found = decodeLayout(pngToGrey(png), layout, dotsPerMm(300));
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const f of found) {
      expect(f.text).toBe(layout.id);
      expect(f.format).toBe(FORMAT[f.item.symbology]);
    }
  });

  it('decodes at 203 dpi with DataMatrix too (what a thermal head prints)', () => {
    const layout = layoutLabel(FOLDER, { code2d: 'datamatrix' });
    const found = decodeLayout(pngToGrey(renderPng(layout, { dpi: 203 }).png), layout, dotsPerMm(203));
    expect(found.map((f) => f.item.symbology).sort()).toEqual(['code128', 'datamatrix']);
    for (const f of found) expect(f.text).toBe('F000001234');
  });

  it('draws text inside its boxes and leaves the margins blank', () => {
    const layout = layoutLabel(FOLDER);
    const img = pngToGrey(renderPng(layout, { dpi: 300 }).png);
    const px = dotsPerMm(300);
    for (const item of layout.items) {
      if (item.type !== 'text') continue;
      const b = textBounds(item);
      expect(inkRatio(crop(img, b.x * px, b.y * px, b.w * px, b.h * px)), item.text).toBeGreaterThan(0.05);
    }
    // 1 mm strips along the left and bottom edges hold no ink.
    expect(inkRatio(crop(img, 0, 0, 0.9 * px, img.height))).toBe(0);
    expect(inkRatio(crop(img, 0, img.height - 0.9 * px, img.width, 0.9 * px))).toBe(0);
  });

  it('standalone barcode PNGs from bwip-js toBuffer decode', async () => {
    for (const sym of ['code128', 'qrcode', 'datamatrix'] as const) {
      const r = decode(pngToGrey(await barcodePng(sym, 'F000001234')), FORMAT[sym]);
      expect(r.text).toBe('F000001234');
    }
  });
});
