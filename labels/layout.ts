// The layout model every renderer draws: a template turns label data into positioned primitives in
// millimetres (origin top-left), so SVG, PNG, PDF, ZPL and TSPL print the same label.
import type { Code2D } from './types.js';

export type Symbology = 'code128' | Code2D;

export interface TextItem {
  type: 'text';
  /** Left edge of the text box. */
  x: number;
  /** Top of the em box; baselines sit at y + BASELINE * size. */
  y: number;
  text: string;
  /** Em height in mm (a CJK ideograph is about this tall and wide). */
  size: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  /** Width of the text box; alignment is within [x, x + width]. */
  width: number;
}

export interface BarcodeItem {
  type: 'barcode';
  symbology: Symbology;
  data: string;
  /** The area the symbol and its quiet zone may use; renderers fit whole modules into it. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Horizontal placement of the symbol inside its area. */
  align?: 'left' | 'center';
}

/** Filled rectangle: rules and separators. */
export interface RectItem {
  type: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Outline rectangle. */
export interface BoxItem {
  type: 'box';
  x: number;
  y: number;
  w: number;
  h: number;
  thickness: number;
}

export type LayoutItem = TextItem | BarcodeItem | RectItem | BoxItem;

export interface LabelLayout {
  template: string;
  /** The id the barcodes encode (the folder's id for folder labels). */
  id: string;
  widthMm: number;
  heightMm: number;
  items: LayoutItem[];
  /** EPC to write to the RFID inlay, when the label has one. */
  epc?: string;
}

/** Baseline position as a fraction of the em, for CJK sans fonts (WenQuanYi, Noto, SimSun ≈ 0.86-0.88). */
export const BASELINE = 0.86;

/** Full-width characters (CJK, full-width punctuation) take 1 em; others at most 0.6 em in the fonts used. */
export function charWidthEm(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0x2e80 || (c >= 0x1100 && c <= 0x115f)) return 1;
  if (ch === ' ') return 0.35;
  return 0.6;
}

/** Conservative width estimate, so text laid out by it fits with any of the renderers' fonts. */
export function estimateTextWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch);
  return em * size * (bold ? 1.04 : 1);
}

/**
 * Largest size ≤ `preferred` (and ≥ `min`) at which `text` fits `width`. Below `min` the text is
 * cut with an ellipsis instead of becoming unreadable.
 */
export function fitText(text: string, width: number, preferred: number, min: number, bold = false) {
  const natural = estimateTextWidth(text, 1, bold);
  const size = Math.max(min, Math.min(preferred, natural > 0 ? width / natural : preferred));
  if (estimateTextWidth(text, size, bold) <= width + 1e-9) return { text, size };
  const chars = [...text];
  while (chars.length > 1 && estimateTextWidth(chars.join('') + '…', size, bold) > width) chars.pop();
  return { text: chars.join('') + '…', size };
}

/** The box a text item occupies, for overlap checks and decoding crops. */
export function textBounds(t: TextItem): { x: number; y: number; w: number; h: number } {
  const w = estimateTextWidth(t.text, t.size, t.bold);
  const align = t.align ?? 'left';
  const x = align === 'left' ? t.x : align === 'center' ? t.x + (t.width - w) / 2 : t.x + t.width - w;
  return { x, y: t.y, w, h: t.size };
}
