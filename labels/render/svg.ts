// SVG renderer: one self-contained <svg> per label, sized in mm, text in a CJK font stack, barcodes
// from bwip-js toSVG nested at their fitted position.
import { barcodeSvg, placeBarcode } from '../barcode.js';
import { BASELINE, type LabelLayout, type LayoutItem, type TextItem } from '../layout.js';
import { dotsPerMm, fmt } from '../units.js';

export interface SvgOptions {
  /** Module sizes snap to whole dots of this resolution (the office printer's), default 300 dpi. */
  dpi?: number;
  /** CSS font-family list; the defaults cover Linux, Windows and macOS Chinese fonts. */
  fontFamily?: string;
}

export const DEFAULT_FONT_FAMILY =
  "'WenQuanYi Micro Hei','Noto Sans CJK SC','Noto Sans SC','Microsoft YaHei','PingFang SC','SimHei',sans-serif";

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function textSvg(t: TextItem): string {
  const align = t.align ?? 'left';
  const x = align === 'left' ? t.x : align === 'center' ? t.x + t.width / 2 : t.x + t.width;
  const anchor = align === 'left' ? '' : ` text-anchor="${align === 'center' ? 'middle' : 'end'}"`;
  const weight = t.bold ? ' font-weight="bold"' : '';
  const y = t.y + BASELINE * t.size;
  return `<text x="${fmt(x)}" y="${fmt(y)}" font-size="${fmt(t.size)}"${weight}${anchor}>${escapeXml(t.text)}</text>`;
}

function itemSvg(item: LayoutItem, dpmm: number): string {
  switch (item.type) {
    case 'text':
      return textSvg(item);
    case 'rect':
      return `<rect x="${fmt(item.x)}" y="${fmt(item.y)}" width="${fmt(item.w)}" height="${fmt(item.h)}"/>`;
    case 'box': {
      // Stroke is centred on the path: inset by half so the outer edge is the box.
      const t = item.thickness;
      return `<rect x="${fmt(item.x + t / 2)}" y="${fmt(item.y + t / 2)}" width="${fmt(item.w - t)}" height="${fmt(item.h - t)}" fill="none" stroke="#000" stroke-width="${fmt(t)}"/>`;
    }
    case 'barcode': {
      const svg = barcodeSvg(item.symbology, item.data);
      const is2d = item.symbology !== 'code128';
      const p = placeBarcode(item, svg.viewW, is2d ? svg.viewH : 1, dpmm);
      return (
        `<svg x="${fmt(p.x)}" y="${fmt(p.y)}" width="${fmt(p.w)}" height="${fmt(p.h)}" ` +
        `viewBox="0 0 ${svg.viewW} ${svg.viewH}" preserveAspectRatio="none" shape-rendering="crispEdges">${svg.inner}</svg>`
      );
    }
  }
}

/** The label as an SVG document (width/height in mm, user units are mm). */
export function renderSvg(layout: LabelLayout, opts: SvgOptions = {}): string {
  const dpmm = dotsPerMm(opts.dpi ?? 300);
  const W = fmt(layout.widthMm);
  const H = fmt(layout.heightMm);
  const body = layout.items.map((i) => itemSvg(i, dpmm)).join('\n');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}mm" height="${H}mm" viewBox="0 0 ${W} ${H}" ` +
    `xml:space="preserve" data-template="${escapeXml(layout.template)}" data-id="${escapeXml(layout.id)}">\n` +
    `<rect width="${W}" height="${H}" fill="#fff"/>\n` +
    `<g fill="#000" font-family="${escapeXml(opts.fontFamily ?? DEFAULT_FONT_FAMILY)}">\n${body}\n</g>\n</svg>\n`
  );
}
