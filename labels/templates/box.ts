// Archive box label (档案盒): title, 档号 range, year / count / retention / 密级, then the code block.
import type { LabelLayout, LayoutItem } from '../layout.js';
import type { LabelSize } from '../sizes.js';
import type { BoxLabel } from '../types.js';
import { codeBlock, frame, hrule, text, type TemplateOptions } from './common.js';

export const BOX_DEFAULT_SIZE: LabelSize = { widthMm: 100, heightMm: 50 };
const MIN: LabelSize = { widthMm: 50, heightMm: 30 };

export function boxLayout(d: BoxLabel, opts: TemplateOptions = {}): LabelLayout {
  const size = opts.size ?? BOX_DEFAULT_SIZE;
  const f = frame(size, BOX_DEFAULT_SIZE, MIN, opts.code2d ?? 'qrcode', 'box');
  const { W, m, s } = f;
  const inner = W - 2 * m;
  const items: LayoutItem[] = [];
  let y = m;

  const titleSize = 5.5 * s;
  items.push(text(m, y, inner, d.title, titleSize, 3, { bold: true }));
  y += titleSize + 1.2 * s;

  const rowSize = 3.4 * s;
  if (d.archiveNoFrom || d.archiveNoTo) {
    const range = [d.archiveNoFrom, d.archiveNoTo].filter(Boolean).join(' 至 ');
    items.push(text(m, y, inner, `档号 ${range}`, rowSize, 2));
    y += rowSize + 1 * s;
  }
  const facts = [
    d.year ? `年度 ${d.year}` : '',
    d.folderCount !== undefined ? `${d.folderCount}卷` : '',
    d.retention ? `保管 ${d.retention}` : '',
    d.confidentiality ? `密级 ${d.confidentiality}` : '',
  ].filter(Boolean);
  if (facts.length > 0) {
    items.push(text(m, y, inner, facts.join('\u3000'), rowSize, 2));
    y += rowSize + 1 * s;
  }
  items.push(hrule(m, y, inner));
  y += 0.3 + 1.2 * s;
  items.push(...codeBlock(f, y, d.id, d.epc));
  return { template: 'box', id: d.id, widthMm: W, heightMm: size.heightMm, items, epc: d.epc };
}
