// Label and sheet geometry in millimetres: roll labels (60×40, 100×50, any W×H) and A4 sheets with
// a grid of labels. Everything is validated here so renderers can trust the numbers.
import { LabelError } from './errors.js';

export interface LabelSize {
  widthMm: number;
  heightMm: number;
}

export const LABEL_SIZE_PRESETS = {
  '60x40': { widthMm: 60, heightMm: 40 },
  '100x50': { widthMm: 100, heightMm: 50 },
  '70x37': { widthMm: 70, heightMm: 37 },
  /** ID-1 card (CR80) for badges. */
  '86x54': { widthMm: 86, heightMm: 54 },
  /** Folder spine strip. */
  '30x100': { widthMm: 30, heightMm: 100 },
} as const satisfies Record<string, LabelSize>;

export type LabelSizePreset = keyof typeof LABEL_SIZE_PRESETS;

/** Thermal heads are at most ~4.3" (110 mm) wide on desktop models, 168 mm on industrial ones. */
const MIN_MM = 10;
const MAX_MM = 300;

export function validateLabelSize(size: LabelSize): LabelSize {
  const { widthMm: w, heightMm: h } = size ?? ({} as LabelSize);
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= MIN_MM && v <= MAX_MM;
  if (!ok(w) || !ok(h)) {
    throw new LabelError('LABEL_SIZE_INVALID', `label must be ${MIN_MM}-${MAX_MM} mm each way`, { size });
  }
  return { widthMm: w, heightMm: h };
}

/** Accepts a preset name, `"WxH"` in mm (e.g. `"58x30"`), or a size object. */
export function parseLabelSize(spec: LabelSizePreset | string | LabelSize): LabelSize {
  if (typeof spec !== 'string') return validateLabelSize(spec);
  const preset = (LABEL_SIZE_PRESETS as Record<string, LabelSize>)[spec];
  if (preset) return { ...preset };
  const m = /^\s*(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$/i.exec(spec);
  if (!m) throw new LabelError('LABEL_SIZE_INVALID', `cannot read size "${spec}"`, { spec });
  return validateLabelSize({ widthMm: Number(m[1]), heightMm: Number(m[2]) });
}

export const A4: LabelSize = { widthMm: 210, heightMm: 297 };

/** A sheet of labels: `columns × rows` cells, top-left cell at the margins, cells `pitch` apart. */
export interface SheetSpec {
  page: LabelSize;
  label: LabelSize;
  columns: number;
  rows: number;
  marginLeftMm: number;
  marginTopMm: number;
  /** Distance between the left edges of neighbouring columns (label width + gap). */
  pitchXMm: number;
  /** Distance between the top edges of neighbouring rows. */
  pitchYMm: number;
}

const EPS = 1e-6;

export function validateSheet(s: SheetSpec): SheetSpec {
  const bad = (why: string): never => {
    throw new LabelError('LABEL_SIZE_INVALID', `sheet: ${why}`, { sheet: s });
  };
  if (!s || typeof s !== 'object') bad('missing');
  const page = s.page;
  if (!page || !(page.widthMm > 0) || !(page.heightMm > 0) || page.widthMm > 1000 || page.heightMm > 1000) {
    bad('page size');
  }
  const label = validateLabelSize(s.label);
  for (const k of ['columns', 'rows'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1 || s[k] > 50) bad(`${k} must be an integer 1-50`);
  }
  for (const k of ['marginLeftMm', 'marginTopMm', 'pitchXMm', 'pitchYMm'] as const) {
    if (typeof s[k] !== 'number' || !Number.isFinite(s[k]) || s[k] < 0) bad(`${k} must be >= 0`);
  }
  if (s.columns > 1 && s.pitchXMm + EPS < label.widthMm) bad('pitchXMm smaller than the label width');
  if (s.rows > 1 && s.pitchYMm + EPS < label.heightMm) bad('pitchYMm smaller than the label height');
  const right = s.marginLeftMm + (s.columns - 1) * s.pitchXMm + label.widthMm;
  const bottom = s.marginTopMm + (s.rows - 1) * s.pitchYMm + label.heightMm;
  if (right > page.widthMm + EPS) bad(`grid is ${right} mm wide, page ${page.widthMm} mm`);
  if (bottom > page.heightMm + EPS) bad(`grid is ${bottom} mm tall, page ${page.heightMm} mm`);
  return { ...s, label };
}

/** The biggest centred grid of `label` on `page` with `gapMm` between labels and at least `minMarginMm` around. */
export function autoSheet(label: LabelSize, page: LabelSize = A4, gapMm = 2, minMarginMm = 5): SheetSpec {
  validateLabelSize(label);
  const fit = (pageMm: number, labelMm: number) =>
    Math.floor((pageMm - 2 * minMarginMm + gapMm + EPS) / (labelMm + gapMm));
  const columns = fit(page.widthMm, label.widthMm);
  const rows = fit(page.heightMm, label.heightMm);
  if (columns < 1 || rows < 1) {
    throw new LabelError('LABEL_SIZE_INVALID', 'label larger than the page', { label, page });
  }
  const usedW = columns * label.widthMm + (columns - 1) * gapMm;
  const usedH = rows * label.heightMm + (rows - 1) * gapMm;
  return validateSheet({
    page,
    label,
    columns,
    rows,
    marginLeftMm: (page.widthMm - usedW) / 2,
    marginTopMm: (page.heightMm - usedH) / 2,
    pitchXMm: label.widthMm + gapMm,
    pitchYMm: label.heightMm + gapMm,
  });
}

/** Top-left corner of the n-th label on a sheet page (row-major), n counted from 0 within the page. */
export function cellOrigin(s: SheetSpec, n: number): { x: number; y: number } {
  const col = n % s.columns;
  const row = Math.floor(n / s.columns);
  return { x: s.marginLeftMm + col * s.pitchXMm, y: s.marginTopMm + row * s.pitchYMm };
}

export function labelsPerSheet(s: SheetSpec): number {
  return s.columns * s.rows;
}
