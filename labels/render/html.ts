// Browser printing: an HTML page with one SVG label per printed page, sized by CSS @page, for office
// label printers driven by their own OS drivers (the user prints with Ctrl+P / window.print()).
import { LabelError } from '../errors.js';
import type { LabelLayout } from '../layout.js';
import { fmt } from '../units.js';
import { escapeXml, renderSvg, type SvgOptions } from './svg.js';

export interface HtmlPageOptions extends SvgOptions {
  title?: string;
  /** Open the print dialog as soon as the page has loaded. */
  autoPrint?: boolean;
}

export function renderHtmlPage(layouts: LabelLayout[], opts: HtmlPageOptions = {}): string {
  if (layouts.length === 0) throw new LabelError('LABEL_DATA_INVALID', 'no labels to print');
  const { widthMm, heightMm } = layouts[0]!;
  if (layouts.some((l) => l.widthMm !== widthMm || l.heightMm !== heightMm)) {
    // One @page size per document: mixed sizes would print clipped on a roll.
    throw new LabelError('LABEL_SIZE_INVALID', 'all labels on one page must have the same size');
  }
  const w = `${fmt(widthMm)}mm`;
  const h = `${fmt(heightMm)}mm`;
  const pages = layouts.map((l) => `<div class="label">${renderSvg(l, opts).trim()}</div>`).join('\n');
  const print = opts.autoPrint
    ? '\n<script>window.addEventListener("load", () => window.print());</script>'
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeXml(opts.title ?? '标签打印')}</title>
<style>
@page { size: ${w} ${h}; margin: 0 }
html, body { margin: 0; padding: 0; background: #fff }
.label { width: ${w}; height: ${h}; overflow: hidden; page-break-after: always; break-after: page }
.label:last-child { page-break-after: auto; break-after: auto }
.label svg { display: block; width: ${w}; height: ${h} }
</style>
</head>
<body>
${pages}${print}
</body>
</html>
`;
}
