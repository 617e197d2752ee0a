// Minimal TrueType reader for the PNG rasteriser: face selection in .ttc collections, cmap
// (formats 4 and 12), advance widths and glyph outlines (simple and composite). bwip-js ships an
// stb_truetype port, but it crashes on the composite glyphs CJK fonts are full of (e.g. 档, 密).
// CFF-outline fonts (Noto Sans CJK .ttc) are refused: PDF output handles those through pdfkit.
import { LabelError } from '../errors.js';

export interface Point {
  x: number;
  y: number;
  on: boolean;
}
export type Contour = Point[];

export interface TtfFont {
  unitsPerEm: number;
  ascender: number;
  descender: number;
  glyphIndex(codePoint: number): number;
  /** Advance width in font units. */
  advance(glyph: number): number;
  /** Contours in font units, y up. */
  outline(glyph: number): Contour[];
}

function unsupported(why: string): never {
  throw new LabelError('FONT_UNSUPPORTED', why);
}

export function parseTtf(buf: Uint8Array, faceIndex = 0): TtfFont {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u16 = (o: number) => dv.getUint16(o);
  const i16 = (o: number) => dv.getInt16(o);
  const u32 = (o: number) => dv.getUint32(o);
  const tag = (o: number) => String.fromCharCode(buf[o]!, buf[o + 1]!, buf[o + 2]!, buf[o + 3]!);

  let base = 0;
  if (tag(0) === 'ttcf') {
    if (faceIndex >= u32(8)) unsupported(`collection has no face ${faceIndex}`);
    base = u32(12 + 4 * faceIndex);
  }
  const tables = new Map<string, number>();
  const numTables = u16(base + 4);
  for (let i = 0; i < numTables; i++) tables.set(tag(base + 12 + 16 * i), u32(base + 12 + 16 * i + 8));
  const need = (t: string) =>
    tables.get(t) ?? unsupported(`no '${t}' table (only TrueType outlines are rasterised)`);
  const head = need('head');
  const hhea = need('hhea');
  const hmtx = need('hmtx');
  const cmap = need('cmap');
  const loca = need('loca');
  const glyf = need('glyf');
  const numGlyphs = u16(need('maxp') + 4);
  const unitsPerEm = u16(head + 18);
  const longLoca = i16(head + 50) === 1;
  const numHMetrics = u16(hhea + 34);

  // Prefer the full-Unicode subtable (format 12), else the BMP one (format 4).
  let sub4 = -1;
  let sub12 = -1;
  for (let i = 0, n = u16(cmap + 2); i < n; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = u16(rec);
    const encoding = u16(rec + 2);
    const off = cmap + u32(rec + 4);
    const format = u16(off);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12 && sub12 < 0) sub12 = off;
    if (format === 4 && sub4 < 0) sub4 = off;
  }
  if (sub4 < 0 && sub12 < 0) unsupported('no Unicode cmap');

  function glyphIndex(cp: number): number {
    if (sub12 >= 0) {
      for (let i = 0, n = u32(sub12 + 12); i < n; i++) {
        const g = sub12 + 16 + 12 * i;
        if (cp >= u32(g) && cp <= u32(g + 4)) return u32(g + 8) + cp - u32(g);
      }
      return 0;
    }
    if (cp > 0xffff) return 0;
    const segX2 = u16(sub4 + 6);
    const ends = sub4 + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    for (let i = 0; i < segX2; i += 2) {
      if (cp > u16(ends + i)) continue;
      const start = u16(starts + i);
      if (cp < start) return 0;
      const ro = u16(ranges + i);
      if (ro === 0) return (cp + i16(deltas + i)) & 0xffff;
      const g = u16(ranges + i + ro + 2 * (cp - start));
      return g === 0 ? 0 : (g + i16(deltas + i)) & 0xffff;
    }
    return 0;
  }

  const glyphOffset = (g: number) => (longLoca ? u32(loca + 4 * g) : 2 * u16(loca + 2 * g));

  function outline(g: number, depth = 0): Contour[] {
    if (g < 0 || g >= numGlyphs || depth > 8) return [];
    const start = glyf + glyphOffset(g);
    if (glyphOffset(g + 1) === glyphOffset(g)) return [];
    const n = i16(start);
    return n >= 0 ? simple(start, n) : composite(start, depth);
  }

  function simple(start: number, n: number): Contour[] {
    const ends: number[] = [];
    for (let i = 0; i < n; i++) ends.push(u16(start + 10 + 2 * i));
    const count = n > 0 ? ends[n - 1]! + 1 : 0;
    let p = start + 10 + 2 * n;
    p += 2 + u16(p); // skip instructions
    const flags = new Uint8Array(count);
    for (let i = 0; i < count;) {
      const f = buf[p++]!;
      flags[i++] = f;
      if (f & 8) for (let r = buf[p++]!; r > 0; r--) flags[i++] = f;
    }
    const xs = new Int32Array(count);
    const ys = new Int32Array(count);
    for (const [arr, short, same] of [
      [xs, 2, 16],
      [ys, 4, 32],
    ] as const) {
      let v = 0;
      for (let i = 0; i < count; i++) {
        const f = flags[i]!;
        if (f & short) v += f & same ? buf[p++]! : -buf[p++]!;
        else if (!(f & same)) {
          v += i16(p);
          p += 2;
        }
        arr[i] = v;
      }
    }
    const contours: Contour[] = [];
    let first = 0;
    for (const end of ends) {
      const c: Contour = [];
      for (let i = first; i <= end; i++) c.push({ x: xs[i]!, y: ys[i]!, on: (flags[i]! & 1) === 1 });
      contours.push(c);
      first = end + 1;
    }
    return contours;
  }

  function composite(start: number, depth: number): Contour[] {
    const out: Contour[] = [];
    let p = start + 10;
    for (;;) {
      const flags = u16(p);
      const child = u16(p + 2);
      p += 4;
      let dx = 0;
      let dy = 0;
      if (flags & 1) {
        if (flags & 2) [dx, dy] = [i16(p), i16(p + 2)];
        p += 4;
      } else {
        if (flags & 2) [dx, dy] = [dv.getInt8(p), dv.getInt8(p + 1)];
        p += 2;
      }
      let [a, b, c, d] = [1, 0, 0, 1];
      const f2 = (o: number) => i16(o) / 16384;
      if (flags & 8) {
        a = d = f2(p);
        p += 2;
      } else if (flags & 0x40) {
        [a, d] = [f2(p), f2(p + 2)];
        p += 4;
      } else if (flags & 0x80) {
        [a, b, c, d] = [f2(p), f2(p + 2), f2(p + 4), f2(p + 6)];
        p += 8;
      }
      for (const contour of outline(child, depth + 1)) {
        out.push(
          contour.map((pt) => ({ x: a * pt.x + c * pt.y + dx, y: b * pt.x + d * pt.y + dy, on: pt.on })),
        );
      }
      if (!(flags & 0x20)) return out;
    }
  }

  return {
    unitsPerEm,
    ascender: i16(hhea + 4),
    descender: i16(hhea + 6),
    glyphIndex,
    advance: (g) => u16(hmtx + 4 * Math.min(g, numHMetrics - 1)),
    outline: (g) => outline(g),
  };
}
