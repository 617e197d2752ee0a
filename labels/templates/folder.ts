// Folder label (卷标签), designed on 60×40 mm and scaled for bigger rolls: 档号 and 密级 on top,
// the property, group and retention, then the code block.
import { estimateTextWidth, type LabelLayout, type LayoutItem } from '../layout.js';
import type { LabelSize } from '../sizes.js';
import { FOLDER_GROUP_NAMES, type FolderLabel } from '../types.js';
import { codeBlock, frame, hrule, text, type TemplateOptions } from './common.js';

export const FOLDER_DEFAULT_SIZE: LabelSize = { widthMm: 60, heightMm: 40 };
const MIN: LabelSize = { widthMm: 50, heightMm: 30 };

export function folderLayout(d: FolderLabel, opts: TemplateOptions = {}): LabelLayout {
  const size = opts.size ?? FOLDER_DEFAULT_SIZE;
  const f = frame(size, FOLDER_DEFAULT_SIZE, MIN, opts.code2d ?? 'qrcode', 'folder');
  const { W, m, s } = f;
  const inner = W - 2 * m;
  const items: LayoutItem[] = [];

  // 密级 in a box at the top right: it must stay readable whatever the 档号 length.
  const confSize = 3 * s;
  const confW = Math.min(inner * 0.35, estimateTextWidth(d.confidentiality, confSize, true) + 2.2 * s);
  const confH = confSize + 1.2 * s;
  items.push({ type: 'box', x: W - m - confW, y: m, w: confW, h: confH, thickness: 0.3 });
  items.push(
    text(W - m - confW + 0.4, m + 0.6 * s, confW - 0.8, d.confidentiality, confSize, 2, {
      bold: true,
      align: 'center',
    }),
  );

  const noSize = 4.4 * s;
  items.push(text(m, m, inner - confW - 1.5 * s, d.archiveNo, noSize, 2.6, { bold: true }));

  let y = m + Math.max(noSize, confH) + 1.2 * s;
  const propSize = 3.6 * s;
  items.push(text(m, y, inner, d.property, propSize, 2.4));
  y += propSize + 1.1 * s;

  const rowSize = 2.9 * s;
  const group = `${d.group.toUpperCase()}类 ${d.groupName ?? FOLDER_GROUP_NAMES[d.group]}`;
  items.push(text(m, y, inner * 0.6 - 1, group, rowSize, 2));
  items.push(text(m + inner * 0.6, y, inner * 0.4, `保管 ${d.retention}`, rowSize, 2, { align: 'right' }));
  y += rowSize + 0.9 * s;

  items.push(hrule(m, y, inner));
  y += 0.3 + 1.1 * s;

  items.push(...codeBlock(f, y, d.id, d.epc));
  return { template: 'folder', id: d.id, widthMm: W, heightMm: size.heightMm, items, epc: d.epc };
}
