// Building blocks the templates share: scale from the label size, fitted text, rules, and the code
// block (Code 128 + human-readable id + QR/DataMatrix + optional EPC line) every label ends with.
import { LabelError } from '../errors.js';
import { fitText, type LayoutItem, type TextItem } from '../layout.js';
import type { LabelSize } from '../sizes.js';
import type { Code2D } from '../types.js';

export interface TemplateOptions {
  size?: LabelSize;
  /** 2D symbol next to the Code 128 (default QR). */
  code2d?: Code2D;
}

export interface Frame {
  W: number;
  H: number;
  /** Margin kept clear on every side (printers drift ±0.5-1 mm). */
  m: number;
  /** Scale relative to the template's design size, for text heights. */
  s: number;
  code2d: Code2D;
}

export function frame(
  size: LabelSize,
  design: LabelSize,
  min: LabelSize,
  code2d: Code2D,
  template: string,
): Frame {
  const { widthMm: W, heightMm: H } = size;
  if (W < min.widthMm || H < min.heightMm) {
    throw new LabelError(
      'LABEL_SIZE_INVALID',
      `${template} label needs at least ${min.widthMm}×${min.heightMm} mm, got ${W}×${H}`,
      { template, size },
    );
  }
  const s = Math.min(H / design.heightMm, W / design.widthMm);
  return { W, H, m: Math.min(3, Math.max(1.5, Math.min(W, H) * 0.04)), s, code2d };
}

export function text(
  x: number,
  y: number,
  width: number,
  value: string,
  preferred: number,
  min: number,
  opts: { bold?: boolean; align?: TextItem['align'] } = {},
): TextItem {
  const fitted = fitText(value, width, preferred, min, opts.bold);
  return {
    type: 'text',
    x,
    y,
    width,
    text: fitted.text,
    size: fitted.size,
    bold: opts.bold,
    align: opts.align,
  };
}

export function hrule(x: number, y: number, w: number, thickness = 0.3): LayoutItem {
  return { type: 'rect', x, y, w, h: thickness };
}

/**
 * Code 128 on the left (its quiet zone may run into the margin, where nothing is printed), the id
 * under it, the 2D symbol on the right, and `EPC …` along the bottom when there is one.
 */
export function codeBlock(f: Frame, top: number, id: string, epc: string | undefined): LayoutItem[] {
  const { W, H, m, s } = f;
  const items: LayoutItem[] = [];
  let bottom = H - m;
  if (epc) {
    const size = Math.max(1.8, 2.2 * s);
    items.push(text(m, bottom - size, W - 2 * m, `EPC ${epc}`, size, 1.6));
    bottom -= size + 0.8 * s;
  }
  const avail = bottom - top;
  const side = Math.min(avail, (W - 2 * m) * 0.3);
  const x2 = W - m - side;
  // The 2D symbol centres in the whole band; Code 128 + id centre in it too, so both line up.
  items.push({
    type: 'barcode',
    symbology: f.code2d,
    data: id,
    x: x2,
    y: top,
    w: side,
    h: avail,
    align: 'center',
  });
  const idSize = Math.min(3.2 * s, Math.max(2, avail * 0.16));
  const gap = 0.6 * s;
  const barsH = Math.min(avail - idSize - gap, 18);
  const y = top + (avail - (barsH + gap + idSize)) / 2;
  const barsX = Math.max(0.5, m - 2);
  items.push({ type: 'barcode', symbology: 'code128', data: id, x: barsX, y, w: x2 - barsX - 0.5, h: barsH });
  items.push(text(m, y + barsH + gap, x2 - m - 1, id, idSize, 1.8));
  return items;
}
