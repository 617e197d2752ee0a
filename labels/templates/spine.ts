// Folder spine (脊背) label. Tall strips (height ≥ 1.8 × width) stack the property vertically, one
// character per line as Chinese spines read; wider strips fall back to a single-row layout.
import { fitText, type LabelLayout, type LayoutItem } from '../layout.js';
import type { LabelSize } from '../sizes.js';
import { FOLDER_GROUP_NAMES, type SpineLabel } from '../types.js';
import { frame, hrule, text, type TemplateOptions } from './common.js';

export const SPINE_DEFAULT_SIZE: LabelSize = { widthMm: 30, heightMm: 100 };

export function spineLayout(d: SpineLabel, opts: TemplateOptions = {}): LabelLayout {
  const size = opts.size ?? SPINE_DEFAULT_SIZE;
  const code2d = opts.code2d ?? 'datamatrix';
  const items = size.heightMm >= size.widthMm * 1.8 ? portrait(d, size, code2d) : landscape(d, size, code2d);
  return { template: 'spine', id: d.id, widthMm: size.widthMm, heightMm: size.heightMm, items };
}

function portrait(d: SpineLabel, size: LabelSize, code2d: 'qrcode' | 'datamatrix'): LayoutItem[] {
  const f = frame(size, SPINE_DEFAULT_SIZE, { widthMm: 18, heightMm: 60 }, code2d, 'spine');
  const { W, H, m, s } = f;
  const inner = W - 2 * m;
  const items: LayoutItem[] = [];
  let y = m;

  const letter = Math.min(inner * 0.45, 9 * s);
  items.push(text(m, y, inner, d.group.toUpperCase(), letter, 4, { bold: true, align: 'center' }));
  y += letter + 0.6 * s;
  items.push(text(m, y, inner, d.groupName ?? FOLDER_GROUP_NAMES[d.group], 3 * s, 1.8, { align: 'center' }));
  y += 3 * s + 1.2 * s;
  items.push(hrule(m, y, inner));
  y += 0.3 + 1.2 * s;
  const no = fitText(d.archiveNo, inner, 3.6 * s, 2, true);
  items.push(text(m, y, inner, d.archiveNo, no.size, 2, { bold: true, align: 'center' }));
  y += no.size + 1.5 * s;

  // Bottom up: id text, 2D symbol, volume/year; the property takes what is left in between.
  const idSize = Math.max(2, 2.4 * s);
  const idY = H - m - idSize;
  const side = Math.min(inner * 0.8, 20 * s);
  const codeY = idY - 0.8 * s - side;
  items.push({
    type: 'barcode',
    symbology: code2d,
    data: d.id,
    x: m,
    y: codeY,
    w: inner,
    h: side,
    align: 'center',
  });
  items.push(text(m, idY, inner, d.id, idSize, 1.6, { align: 'center' }));
  let bottom = codeY - 1.2 * s;
  const extra = [d.volume ? `第${d.volume}卷` : '', d.year ?? ''].filter(Boolean).join(' ');
  if (extra) {
    const ex = 3 * s;
    items.push(text(m, bottom - ex, inner, extra, ex, 1.8, { align: 'center' }));
    bottom -= ex + 1.2 * s;
  }

  const chars = [...d.property].filter((c) => c.trim() !== '');
  const room = bottom - y;
  const charSize = Math.min(inner * 0.6, 5 * s, room / Math.max(1, chars.length) / 1.08);
  if (charSize >= 1.8) {
    chars.forEach((c, i) =>
      items.push({
        type: 'text',
        x: m,
        y: y + i * charSize * 1.08,
        width: inner,
        text: c,
        size: charSize,
        align: 'center',
      }),
    );
  }
  return items;
}

function landscape(d: SpineLabel, size: LabelSize, code2d: 'qrcode' | 'datamatrix'): LayoutItem[] {
  const f = frame(size, { widthMm: 100, heightMm: 30 }, { widthMm: 40, heightMm: 15 }, code2d, 'spine');
  const { W, H, m, s } = f;
  const side = H - 2 * m;
  const textW = W - 2 * m - side - 2;
  const items: LayoutItem[] = [];
  const groupName = d.groupName ?? FOLDER_GROUP_NAMES[d.group];
  const big = Math.min(7 * s, side * 0.42);
  items.push(text(m, m, textW, `${d.group.toUpperCase()} ${d.archiveNo}`, big, 2.4, { bold: true }));
  const small = Math.min(4 * s, side * 0.26);
  items.push(text(m, m + big + 1 * s, textW, d.property, small, 2));
  const extra = [groupName, d.volume ? `第${d.volume}卷` : '', d.year ?? '', d.id]
    .filter(Boolean)
    .join('\u3000');
  items.push(text(m, H - m - small * 0.8, textW, extra, small * 0.8, 1.8));
  items.push({
    type: 'barcode',
    symbology: code2d,
    data: d.id,
    x: W - m - side,
    y: m,
    w: side,
    h: side,
    align: 'center',
  });
  return items;
}
