// Scan-converts TrueType outlines to anti-aliased coverage bitmaps (non-zero winding, 5 sub-scanlines
// with exact horizontal coverage), cached per glyph and pixel size.
import type { Contour, TtfFont } from './ttf.js';

export interface GlyphBitmap {
  /** Offset of the bitmap's top-left from the pen position on the baseline, pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Coverage 0..255, row-major. */
  alpha: Uint8Array;
}

type Edge = [x0: number, y0: number, x1: number, y1: number, dir: number];

const SUB = 5;

/** Outline → line segments in pixel space (y down), quadratic curves flattened. */
function edges(contours: Contour[], scale: number): Edge[] {
  const out: Edge[] = [];
  for (const c of contours) {
    if (c.length < 2) continue;
    // Expand TrueType's implied on-curve points between consecutive off-curve points.
    const pts: { x: number; y: number; on: boolean }[] = [];
    for (let i = 0; i < c.length; i++) {
      const p = c[i]!;
      const q = c[(i + 1) % c.length]!;
      pts.push({ x: p.x * scale, y: -p.y * scale, on: p.on });
      if (!p.on && !q.on) pts.push({ x: ((p.x + q.x) / 2) * scale, y: (-(p.y + q.y) / 2) * scale, on: true });
    }
    const startIdx = pts.findIndex((p) => p.on);
    if (startIdx < 0) continue;
    const ring = [...pts.slice(startIdx), ...pts.slice(0, startIdx)];
    let prev = ring[0]!;
    const line = (x: number, y: number) => {
      if (y !== prev.y) out.push([prev.x, prev.y, x, y, y > prev.y ? 1 : -1]);
      prev = { x, y, on: true };
    };
    for (let i = 1; i <= ring.length; i++) {
      const p = ring[i % ring.length]!;
      if (p.on) {
        line(p.x, p.y);
        continue;
      }
      const end = ring[(i + 1) % ring.length]!;
      const from = prev;
      const steps = Math.max(2, Math.min(16, Math.ceil(Math.hypot(end.x - from.x, end.y - from.y) / 2)));
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        const u = 1 - t;
        line(
          u * u * from.x + 2 * u * t * p.x + t * t * end.x,
          u * u * from.y + 2 * u * t * p.y + t * t * end.y,
        );
      }
      i++;
    }
  }
  return out;
}

export function rasteriseGlyph(font: TtfFont, glyph: number, emPx: number): GlyphBitmap {
  const scale = emPx / font.unitsPerEm;
  const es = edges(font.outline(glyph), scale);
  if (es.length === 0) return { left: 0, top: 0, width: 0, height: 0, alpha: new Uint8Array(0) };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x0, y0, x1, y1] of es) {
    minX = Math.min(minX, x0, x1);
    maxX = Math.max(maxX, x0, x1);
    minY = Math.min(minY, y0, y1);
    maxY = Math.max(maxY, y0, y1);
  }
  const left = Math.floor(minX);
  const top = Math.floor(minY);
  const width = Math.ceil(maxX) - left + 1;
  const height = Math.ceil(maxY) - top + 1;
  const acc = new Float32Array(width * height);
  const xs: { x: number; dir: number }[] = [];
  for (let row = 0; row < height; row++) {
    for (let s = 0; s < SUB; s++) {
      const sy = top + row + (s + 0.5) / SUB;
      xs.length = 0;
      for (const [x0, y0, x1, y1, dir] of es) {
        if ((sy >= y0 && sy < y1) || (sy >= y1 && sy < y0)) {
          xs.push({ x: x0 + ((sy - y0) * (x1 - x0)) / (y1 - y0), dir });
        }
      }
      xs.sort((a, b) => a.x - b.x);
      let winding = 0;
      for (let k = 0; k < xs.length - 1; k++) {
        winding += xs[k]!.dir;
        if (winding !== 0) span(acc, row * width, xs[k]!.x - left, xs[k + 1]!.x - left, width);
      }
    }
  }
  const alpha = new Uint8Array(width * height);
  for (let i = 0; i < acc.length; i++) alpha[i] = Math.min(255, Math.round((acc[i]! / SUB) * 255));
  return { left, top, width, height, alpha };
}

/** Adds the coverage of [a, b) on one sub-scanline, fractional at both ends. */
function span(acc: Float32Array, rowStart: number, a: number, b: number, width: number): void {
  a = Math.max(0, a);
  b = Math.min(width, b);
  if (b <= a) return;
  const ia = Math.floor(a);
  const ib = Math.floor(b);
  if (ia === ib) {
    acc[rowStart + ia]! += b - a;
    return;
  }
  acc[rowStart + ia]! += ia + 1 - a;
  for (let i = ia + 1; i < ib; i++) acc[rowStart + i]! += 1;
  if (ib < width) acc[rowStart + ib]! += b - ib;
}

/** Glyph bitmaps keyed by font, glyph and size: a label sheet repeats the same characters. */
export class GlyphCache {
  private readonly cache = new Map<string, GlyphBitmap>();
  constructor(
    private readonly font: TtfFont,
    private readonly max = 5000,
  ) {}

  get(glyph: number, emPx: number): GlyphBitmap {
    const key = `${glyph}@${emPx.toFixed(2)}`;
    let g = this.cache.get(key);
    if (!g) {
      g = rasteriseGlyph(this.font, glyph, emPx);
      if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, g);
    }
    return g;
  }
}
