// PDF: pages rendered by poppler (pdftoppm -r 300) decode to the ids, Chinese text extracts with
// pdftotext, the CJK font is embedded as a subset, sheets put labels where the grid says.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  autoSheet,
  cellOrigin,
  isLabelError,
  layoutLabel,
  renderPdfLabels,
  renderPdfSheet,
  type LabelLayout,
} from '../../labels/index.js';
import { decodeLayout, FORMAT, pngToGrey } from './helpers/decode.js';
import { CHINESE, FOLDER, SAMPLES } from './helpers/samples.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dangan-pdf-'));
let n = 0;

function save(pdf: Buffer): string {
  const file = path.join(dir, `t${n++}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

const PX_PER_MM = 300 / 25.4;

/** Page `page` (1-based) rasterised by pdftoppm at 300 dpi; `area` (mm) crops it, as -x/-y/-W/-H do. */
function raster(file: string, page: number, area?: { x: number; y: number; w: number; h: number }): Buffer {
  const out = path.join(dir, `r${n++}`);
  const cropArgs = area
    ? ['-x', area.x, '-y', area.y, '-W', area.w, '-H', area.h].map((v) =>
        typeof v === 'number' ? String(Math.round(v * PX_PER_MM)) : v,
      )
    : [];
  execFileSync('pdftoppm', [
    '-r',
    '300',
    '-png',
    '-f',
    String(page),
    '-l',
    String(page),
    ...cropArgs,
    '-singlefile',
    file,
    out,
  ]);
  return readFileSync(`${out}.png`);
}

/** Rasterises each label's cell of the page (A4 at 300 dpi is 8.7 Mpx: decoding only the cells is faster). */
function expectDecodes(
  file: string,
  page: number,
  placed: { layout: LabelLayout; x: number; y: number }[],
): void {
  for (const { layout, x, y } of placed) {
    const cell = { x: Math.round(x * PX_PER_MM) / PX_PER_MM, y: Math.round(y * PX_PER_MM) / PX_PER_MM };
    const img = pngToGrey(raster(file, page, { ...cell, w: layout.widthMm, h: layout.heightMm }));
    const found = decodeLayout(img, layout, PX_PER_MM, { x: x - cell.x, y: y - cell.y });
    expect(found.length).toBe(layout.items.filter((i) => i.type === 'barcode').length);
    for (const f of found) {
      expect(f.text).toBe(layout.id);
      expect(f.format).toBe(FORMAT[f.item.symbology]);
    }
  }
}

describe('PDF for roll printers', () => {
  const layouts = SAMPLES.map((s) => layoutLabel(s.input));

  it('has one page per label, sized to it, with every barcode decoding', async () => {
    const file = save(await renderPdfLabels(layouts));
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(layouts.length), file], {
      encoding: 'utf8',
    });
    expect(info).toMatch(new RegExp(`Pages:\\s+${layouts.length}\\n`));
    layouts.forEach((l, i) => {
      const [, w, h] = new RegExp(`Page\\s+${i + 1} size:\\s+([\\d.]+) x ([\\d.]+) pts`).exec(info)!;
      expect(Number(w)).toBeCloseTo((l.widthMm * 72) / 25.4, 1);
      expect(Number(h)).toBeCloseTo((l.heightMm * 72) / 25.4, 1);
    });
    layouts.forEach((layout, i) => expectDecodes(file, i + 1, [{ layout, x: 0, y: 0 }]));
  });

  it('keeps the Chinese text (pdftotext) and embeds the CJK font as a subset', async () => {
    const file = save(await renderPdfLabels(layouts));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const s of SAMPLES) for (const zh of CHINESE[s.name]!) expect(text).toContain(zh);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/[A-Z]{6}\+WenQuanYiMicroHei\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
    expect(readFileSync(file).length).toBeLessThan(200_000);
  });

  it('decodes the DataMatrix variant', async () => {
    const layout = layoutLabel(FOLDER, { code2d: 'datamatrix' });
    expectDecodes(save(await renderPdfLabels([layout])), 1, [{ layout, x: 0, y: 0 }]);
  });
});

describe('PDF sheets', () => {
  const many = Array.from({ length: 20 }, (_, i) =>
    layoutLabel({
      template: 'folder',
      data: { ...(FOLDER.data as object), id: `F${String(9000 + i).padStart(9, '0')}` },
    }),
  );
  const sheet = autoSheet({ widthMm: 60, heightMm: 40 });

  it('fills A4 pages row by row and every label decodes at its cell', async () => {
    const perPage = sheet.columns * sheet.rows;
    expect(perPage).toBe(18);
    const file = save(await renderPdfSheet(many, sheet, { outline: true }));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+2\n/);
    expect(info).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    const cell = (i: number) => ({ layout: many[i]!, ...cellOrigin(sheet, i % perPage) });
    expectDecodes(file, 1, [cell(0), cell(2), cell(3), cell(17)]);
    expectDecodes(file, 2, [cell(18), cell(19)]);
  });

  it('refuses labels that do not match the sheet cells', async () => {
    try {
      await renderPdfSheet([layoutLabel(FOLDER, { size: '100x50' })], sheet);
      expect.unreachable();
    } catch (e) {
      expect(isLabelError(e, 'LABEL_SIZE_INVALID')).toBe(true);
    }
  });
});
