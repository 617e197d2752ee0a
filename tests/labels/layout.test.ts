// Templates: every item stays on the label, nothing overlaps, bad input fails with stable codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeBarcode,
  isLabelError,
  layoutLabel,
  placeBarcode,
  type LabelInput,
  type LabelLayout,
} from '../../labels/index.js';
import { estimateTextWidth, fitText, textBounds } from '../../labels/layout.js';
import { dotsPerMm } from '../../labels/units.js';
import { FOLDER, SAMPLES } from './helpers/samples.js';

type Rect = { x: number; y: number; w: number; h: number; what: string };

/** What each item really occupies at a resolution: placed symbols, estimated text boxes. */
function occupied(l: LabelLayout, dpi: number): Rect[] {
  return l.items.map((i) => {
    if (i.type === 'text') return { ...textBounds(i), what: `text "${i.text}"` };
    if (i.type === 'barcode') {
      const e = encodeBarcode(i.symbology, i.data);
      const p = placeBarcode(i, e.modulesX, e.modulesY, dotsPerMm(dpi));
      return { x: p.x, y: p.y, w: p.w, h: p.h, what: i.symbology };
    }
    return { x: i.x, y: i.y, w: i.w, h: i.h, what: i.type };
  });
}

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.w - 1e-6 && b.x < a.x + a.w - 1e-6 && a.y < b.y + b.h - 1e-6 && b.y < a.y + a.h - 1e-6;

function checkLayout(l: LabelLayout): void {
  for (const dpi of [203, 300]) {
    const rects = occupied(l, dpi);
    for (const r of rects) {
      expect(r.x, `${r.what} left`).toBeGreaterThanOrEqual(0);
      expect(r.y, `${r.what} top`).toBeGreaterThanOrEqual(0);
      expect(r.x + r.w, `${r.what} right`).toBeLessThanOrEqual(l.widthMm + 1e-6);
      expect(r.y + r.h, `${r.what} bottom`).toBeLessThanOrEqual(l.heightMm + 1e-6);
    }
    // Text and barcodes must not overlap each other; a text may sit inside its own box outline.
    const solid = rects.filter((r) => r.what !== 'box');
    for (let a = 0; a < solid.length; a++) {
      for (let b = a + 1; b < solid.length; b++) {
        expect(
          overlap(solid[a]!, solid[b]!),
          `${solid[a]!.what} overlaps ${solid[b]!.what} at ${dpi} dpi`,
        ).toBe(false);
      }
    }
  }
}

describe('templates', () => {
  it.each(SAMPLES)('$name lays out inside the label without overlaps', ({ input }) => {
    const l = layoutLabel(input);
    expect(l.items.length).toBeGreaterThan(3);
    checkLayout(l);
  });

  it('folder label carries Code 128 and the configured 2D symbol of the id, and the EPC as text', () => {
    for (const code2d of ['qrcode', 'datamatrix'] as const) {
      const l = layoutLabel(FOLDER, { code2d });
      const codes = l.items.filter((i) => i.type === 'barcode');
      expect(codes.map((c) => [c.symbology, c.data]).sort()).toEqual(
        [
          ['code128', 'F000001234'],
          [code2d, 'F000001234'],
        ].sort(),
      );
      expect(l.items.some((i) => i.type === 'text' && i.text === 'EPC 3034257BF7194E4000000001')).toBe(true);
      expect(l.epc).toBe('3034257BF7194E4000000001');
      expect(l.id).toBe('F000001234');
    }
  });

  it('uses the requested roll size', () => {
    const l = layoutLabel(FOLDER, { size: '100x50' });
    expect([l.widthMm, l.heightMm]).toEqual([100, 50]);
    checkLayout(l);
    expect(layoutLabel(FOLDER, { size: { widthMm: 70, heightMm: 45 } }).widthMm).toBe(70);
  });

  it('the overlap check itself catches overlapping and off-label items', () => {
    const base = layoutLabel(FOLDER);
    const text = base.items.find((i) => i.type === 'text' && i.x < 5)!;
    const code = base.items.find((i) => i.type === 'barcode')!;
    expect(() => checkLayout({ ...base, items: [text, { ...code, x: text.x, y: text.y }] })).toThrow(
      /overlaps/,
    );
    expect(() => checkLayout({ ...base, items: [{ ...text, x: base.widthMm - 1 }] })).toThrow(/right/);
  });

  it('lays out the spine as a portrait strip and as a landscape strip', () => {
    const spine = SAMPLES.find((s) => s.name === 'spine')!.input;
    checkLayout(layoutLabel(spine, { size: '30x100' }));
    checkLayout(layoutLabel(spine, { size: '100x25' }));
  });

  it('lays out any sensible size and any text without overlaps (property)', () => {
    const text = fc.string({
      unit: fc.constantFrom(...'华苑栋单元档案柜密集架客服张晓明ABC0123-'.split('')),
      minLength: 1,
      maxLength: 16,
    });
    const id = fc.stringMatching(/^[A-Z][A-Z0-9-]{3,15}$/);
    fc.assert(
      fc.property(
        fc.constantFrom<LabelInput['template']>('folder', 'box', 'shelf', 'cabinet', 'badge'),
        id,
        text,
        text,
        fc.integer({ min: 55, max: 120 }),
        fc.integer({ min: 34, max: 80 }),
        fc.boolean(),
        (template, idValue, a, b, w, h, epc) => {
          const data = {
            id: idValue,
            archiveNo: a,
            property: b,
            group: 'c',
            confidentiality: '秘密',
            retention: '10年',
            title: a,
            kind: template === 'cabinet' ? 'cabinet' : 'shelf',
            name: a,
            room: b,
            department: b,
            ...(epc ? { epc: 'ABCDEF0123456789ABCDEF01' } : {}),
          };
          checkLayout(layoutLabel({ template, data }, { size: { widthMm: w, heightMm: h } }));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('input errors', () => {
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (isLabelError(e)) return e.code;
      throw e;
    }
    return 'no error';
  };

  it('rejects unknown templates', () => {
    expect(codeOf(() => layoutLabel({ template: 'poster', data: {} }))).toBe('LABEL_TEMPLATE_UNKNOWN');
    expect(codeOf(() => layoutLabel(null))).toBe('LABEL_DATA_INVALID');
  });

  it.each([
    ['id with a space', { id: 'F 1' }],
    ['id with Chinese', { id: '档案1' }],
    ['EPC of 23 hex', { epc: '3034257BF7194E400000000' }],
    ['EPC not hex', { epc: '3034257BF7194E40000000ZZ' }],
    ['group f', { group: 'f' }],
    ['missing property', { property: '' }],
    ['control character', { archiveNo: 'HY\n03' }],
    ['overlong archive number', { archiveNo: 'X'.repeat(41) }],
  ])('rejects folder data: %s', (_why, patch) => {
    const data = { ...(FOLDER.data as object), ...patch };
    expect(codeOf(() => layoutLabel({ template: 'folder', data }))).toBe('LABEL_DATA_INVALID');
  });

  it('normalises EPC to upper case and trims text', () => {
    const l = layoutLabel({
      template: 'folder',
      data: { ...(FOLDER.data as object), epc: 'abcdef0123456789abcdef01', property: '  华苑 1栋  ' },
    });
    expect(l.epc).toBe('ABCDEF0123456789ABCDEF01');
    expect(l.items.some((i) => i.type === 'text' && i.text === '华苑 1栋')).toBe(true);
  });

  it.each(['20x20', '0x40', '60x', '60x400', 'big'])('rejects size %s', (size) => {
    expect(codeOf(() => layoutLabel(FOLDER, { size }))).toBe('LABEL_SIZE_INVALID');
  });

  it('rejects a size the template cannot hold', () => {
    expect(codeOf(() => layoutLabel(FOLDER, { size: '40x25' }))).toBe('LABEL_SIZE_INVALID');
  });

  it('messages are in Chinese and English', () => {
    try {
      layoutLabel({ template: 'folder', data: { ...(FOLDER.data as object), epc: 'xyz' } });
      expect.unreachable();
    } catch (e) {
      if (!isLabelError(e)) throw e;
      expect(e.localized('zh-CN')).toContain('标签数据无效');
      expect(e.localized('en')).toContain('Invalid label data');
      expect(e.details.field).toBe('epc');
    }
  });
});

describe('text fitting', () => {
  it('shrinks to fit, then cuts with an ellipsis below the minimum', () => {
    const fitted = fitText('华苑 3栋2单元1502', 20, 5, 2);
    expect(fitted.size).toBeLessThan(5);
    expect(estimateTextWidth(fitted.text, fitted.size)).toBeLessThanOrEqual(20);
    const cut = fitText('很长的物业名称'.repeat(5), 20, 5, 3);
    expect(cut.size).toBe(3);
    expect(cut.text.endsWith('…')).toBe(true);
    expect(estimateTextWidth(cut.text, cut.size)).toBeLessThanOrEqual(20);
  });
});
