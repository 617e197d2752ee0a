import { describe, expect, it } from 'vitest';
import {
  A4,
  autoSheet,
  cellOrigin,
  isLabelError,
  parseLabelSize,
  validateSheet,
  type SheetSpec,
} from '../../labels/index.js';
import { dotsToMm, mmToDots } from '../../labels/units.js';

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (isLabelError(e)) return e.code;
    throw e;
  }
};

describe('label sizes', () => {
  it('reads presets, W×H strings and objects', () => {
    expect(parseLabelSize('60x40')).toEqual({ widthMm: 60, heightMm: 40 });
    expect(parseLabelSize('100x50')).toEqual({ widthMm: 100, heightMm: 50 });
    expect(parseLabelSize('58×30 mm')).toEqual({ widthMm: 58, heightMm: 30 });
    expect(parseLabelSize('62.5x29')).toEqual({ widthMm: 62.5, heightMm: 29 });
    expect(parseLabelSize({ widthMm: 40, heightMm: 30 })).toEqual({ widthMm: 40, heightMm: 30 });
  });

  it.each(['', 'x', '60', '5x40', '60x301', 'NaNxNaN'])('rejects "%s"', (s) => {
    expect(code(() => parseLabelSize(s))).toBe('LABEL_SIZE_INVALID');
  });

  it('converts mm to dots at 203 and 300 dpi', () => {
    expect(mmToDots(60, 203)).toBe(480);
    expect(mmToDots(40, 203)).toBe(320);
    expect(mmToDots(60, 300)).toBe(709);
    expect(dotsToMm(8, 203)).toBeCloseTo(1.001, 3);
  });
});

describe('sheets', () => {
  const sheet: SheetSpec = {
    page: A4,
    label: { widthMm: 70, heightMm: 37 },
    columns: 3,
    rows: 8,
    marginLeftMm: 0,
    marginTopMm: 0.5,
    pitchXMm: 70,
    pitchYMm: 37,
  };

  it('accepts a 3×8 A4 sheet of 70×37 labels and places cells row by row', () => {
    const s = validateSheet(sheet);
    expect(cellOrigin(s, 0)).toEqual({ x: 0, y: 0.5 });
    expect(cellOrigin(s, 2)).toEqual({ x: 140, y: 0.5 });
    expect(cellOrigin(s, 3)).toEqual({ x: 0, y: 37.5 });
    expect(cellOrigin(s, 23)).toEqual({ x: 140, y: 0.5 + 7 * 37 });
  });

  it.each([
    ['grid wider than the page', { columns: 4 }],
    ['grid taller than the page', { marginTopMm: 2 }],
    ['pitch smaller than label', { pitchXMm: 60 }],
    ['zero columns', { columns: 0 }],
    ['negative margin', { marginLeftMm: -1 }],
    ['fractional rows', { rows: 2.5 }],
  ])('rejects %s', (_why, patch) => {
    expect(code(() => validateSheet({ ...sheet, ...patch }))).toBe('LABEL_SIZE_INVALID');
  });

  it('autoSheet centres the largest grid that fits with margins', () => {
    const s = autoSheet({ widthMm: 60, heightMm: 40 });
    expect([s.columns, s.rows]).toEqual([3, 6]);
    expect(s.marginLeftMm).toBeCloseTo((210 - (3 * 60 + 2 * 2)) / 2);
    const last = cellOrigin(s, s.columns * s.rows - 1);
    expect(last.x + 60).toBeLessThanOrEqual(210 - 5);
    expect(last.y + 40).toBeLessThanOrEqual(297 - 5);
    expect(code(() => autoSheet({ widthMm: 250, heightMm: 40 }))).toBe('LABEL_SIZE_INVALID');
  });
});
