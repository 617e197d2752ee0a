// An 8-bit grey canvas (255 = paper, 0 = ink) with just what labels need: filled rectangles,
// alpha-blended glyphs, and PNG encoding through pngjs.
import { PNG } from 'pngjs';
import type { GlyphBitmap } from './glyph.js';

export class GreyCanvas {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height).fill(255);
  }

  /** Inks the pixels [x0, x1) × [y0, y1), clipped to the canvas. */
  fillRect(x0: number, y0: number, x1: number, y1: number): void {
    const xa = Math.max(0, Math.min(this.width, Math.round(x0)));
    const xb = Math.max(0, Math.min(this.width, Math.round(x1)));
    const ya = Math.max(0, Math.min(this.height, Math.round(y0)));
    const yb = Math.max(0, Math.min(this.height, Math.round(y1)));
    for (let y = ya; y < yb; y++) this.data.fill(0, y * this.width + xa, y * this.width + xb);
  }

  /** Darkens by the glyph's coverage at pen position (x, baseline y). */
  drawGlyph(g: GlyphBitmap, x: number, y: number): void {
    const ox = Math.round(x) + g.left;
    const oy = Math.round(y) + g.top;
    for (let r = 0; r < g.height; r++) {
      const cy = oy + r;
      if (cy < 0 || cy >= this.height) continue;
      for (let c = 0; c < g.width; c++) {
        const cx = ox + c;
        const a = g.alpha[r * g.width + c]!;
        if (a === 0 || cx < 0 || cx >= this.width) continue;
        const i = cy * this.width + cx;
        this.data[i] = Math.min(this.data[i]!, 255 - a);
      }
    }
  }

  toPng(): Buffer {
    const png = new PNG({
      width: this.width,
      height: this.height,
      colorType: 0,
      inputColorType: 0,
      inputHasAlpha: false,
    });
    png.data = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
  }
}
