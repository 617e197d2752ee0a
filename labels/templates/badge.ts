// Staff badge (工牌), ID-1 card size by default: organisation, the name large, department and title,
// then the code block the door station scans.
import type { LabelLayout, LayoutItem } from '../layout.js';
import type { LabelSize } from '../sizes.js';
import type { BadgeLabel } from '../types.js';
import { codeBlock, frame, hrule, text, type TemplateOptions } from './common.js';

export const BADGE_DEFAULT_SIZE: LabelSize = { widthMm: 86, heightMm: 54 };
const MIN: LabelSize = { widthMm: 50, heightMm: 30 };

export function badgeLayout(d: BadgeLabel, opts: TemplateOptions = {}): LabelLayout {
  const size = opts.size ?? BADGE_DEFAULT_SIZE;
  const f = frame(size, BADGE_DEFAULT_SIZE, MIN, opts.code2d ?? 'qrcode', 'badge');
  const { W, m, s } = f;
  const inner = W - 2 * m;
  const items: LayoutItem[] = [];
  let y = m;

  if (d.organisation) {
    const orgSize = 3 * s;
    items.push(text(m, y, inner, d.organisation, orgSize, 2, { align: 'center' }));
    y += orgSize + 0.8 * s;
    items.push(hrule(m, y, inner, 0.4));
    y += 0.4 + 1.2 * s;
  }
  const nameSize = 8 * s;
  items.push(text(m, y, inner * 0.55, d.name, nameSize, 4, { bold: true }));
  const sub = 3.4 * s;
  const right = m + inner * 0.55 + 1.5 * s;
  const rightW = W - m - right;
  const nameBottom = y + nameSize;
  if (d.title) {
    items.push(text(right, nameBottom - 2 * sub - 0.8 * s, rightW, d.department, sub, 2));
    items.push(text(right, nameBottom - sub, rightW, d.title, sub, 2));
  } else {
    items.push(text(right, nameBottom - sub, rightW, d.department, sub, 2));
  }
  y = nameBottom + 1.6 * s;
  items.push(hrule(m, y, inner));
  y += 0.3 + 1.4 * s;
  items.push(...codeBlock(f, y, d.id, d.epc));
  return { template: 'badge', id: d.id, widthMm: W, heightMm: size.heightMm, items, epc: d.epc };
}
