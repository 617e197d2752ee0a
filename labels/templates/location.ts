// Shelf (架位) and cabinet (档案柜) location labels: kind tag and room on top, the position name
// large, then the code block. Handhelds scan these during 盘点 to say where they are.
import { estimateTextWidth, type LabelLayout, type LayoutItem } from '../layout.js';
import type { LabelSize } from '../sizes.js';
import type { LocationLabel } from '../types.js';
import { codeBlock, frame, hrule, text, type TemplateOptions } from './common.js';

export const LOCATION_DEFAULT_SIZE: LabelSize = { widthMm: 100, heightMm: 50 };
const MIN: LabelSize = { widthMm: 50, heightMm: 30 };
const KIND_TAG: Record<LocationLabel['kind'], string> = { shelf: '架位', cabinet: '档案柜' };

export function locationLayout(d: LocationLabel, opts: TemplateOptions = {}): LabelLayout {
  const size = opts.size ?? LOCATION_DEFAULT_SIZE;
  const f = frame(size, LOCATION_DEFAULT_SIZE, MIN, opts.code2d ?? 'qrcode', d.kind);
  const { W, m, s } = f;
  const inner = W - 2 * m;
  const items: LayoutItem[] = [];

  const tagSize = 3.4 * s;
  const tag = KIND_TAG[d.kind];
  // Absolute minimum padding: on small labels a scaled one leaves the bold text touching the box.
  const padX = Math.max(1.2, 1.2 * s);
  const padY = Math.max(0.5, 0.6 * s);
  const tagW = estimateTextWidth(tag, tagSize, true) + 2 * padX;
  const tagH = tagSize + 2 * padY;
  items.push({ type: 'box', x: m, y: m, w: tagW, h: tagH, thickness: 0.35 });
  items.push(text(m, m + padY, tagW, tag, tagSize, 2, { bold: true, align: 'center' }));
  items.push(text(m + tagW + 2 * s, m + padY, inner - tagW - 2 * s, d.room, tagSize, 2));
  let y = m + tagH + 1.5 * s;

  const nameSize = 7 * s;
  items.push(text(m, y, inner, d.name, nameSize, 3, { bold: true }));
  y += nameSize + 1.2 * s;
  items.push(hrule(m, y, inner));
  y += 0.3 + 1.2 * s;
  items.push(...codeBlock(f, y, d.id, d.epc));
  return { template: d.kind, id: d.id, widthMm: W, heightMm: size.heightMm, items, epc: d.epc };
}
