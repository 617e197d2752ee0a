// Barcode encoding through bwip-js, and the one fitting rule every renderer uses: whole modules of
// whole printer dots inside the area the template gave, quiet zone included. Encodings are cached
// because the same id is drawn by several renderers and reprinted often.
import bwipjs from 'bwip-js';
import { LabelError } from './errors.js';
import type { BarcodeItem, Symbology } from './layout.js';

const BCID: Record<Symbology, string> = { code128: 'code128', qrcode: 'qrcode', datamatrix: 'datamatrix' };
/** Extra options per symbology; QR at level M is what ZPL ^FDMA and TSPL QRCODE ...,M,... print too. */
const OPTS: Record<Symbology, Record<string, string>> = {
  code128: {},
  qrcode: { eclevel: 'M' },
  datamatrix: {},
};
/** Quiet zone in modules each side: Code 128 needs 10, QR 4, Data Matrix 1 (2 for margin). */
export const QUIET_ZONE: Record<Symbology, number> = { code128: 10, qrcode: 4, datamatrix: 2 };
/** ZPL ^BY / ^BQ / ^BX and TSPL cell widths stop at 10 dots. */
export const MAX_MODULE_DOTS = 10;

export interface EncodedBarcode {
  symbology: Symbology;
  /** Width in modules without quiet zone. */
  modulesX: number;
  /** Height in modules (2D); 1D symbols have 1 here. */
  modulesY: number;
  /** 1D: alternating bar/space widths in modules, starting with a bar. */
  bars?: number[];
  /** 2D: row-major dark (1) / light (0) modules. */
  matrix?: Uint8Array;
}

const MAX_CACHE = 4000;
const rawCache = new Map<string, EncodedBarcode>();
const svgCache = new Map<string, { inner: string; viewW: number; viewH: number }>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

function encodeFailed(sym: Symbology, data: string, e: unknown): LabelError {
  return new LabelError('BARCODE_ENCODE_FAILED', `${sym} "${data}"`, { symbology: sym }, e);
}

/** Module geometry from bwip-js raw(): used by the PDF, PNG, ZPL and TSPL renderers. */
export function encodeBarcode(sym: Symbology, data: string): EncodedBarcode {
  const key = `${sym}\u0000${data}`;
  const hit = rawCache.get(key);
  if (hit) return hit;
  let raw;
  try {
    raw = bwipjs.raw(BCID[sym], data, OPTS[sym])[0];
  } catch (e) {
    throw encodeFailed(sym, data, e);
  }
  if (!raw) throw encodeFailed(sym, data, undefined);
  if ('sbs' in raw) {
    const bars = raw.sbs;
    return remember(rawCache, key, {
      symbology: sym,
      modulesX: bars.reduce((a, b) => a + b, 0),
      modulesY: 1,
      bars,
    });
  }
  return remember(rawCache, key, {
    symbology: sym,
    modulesX: raw.pixx,
    modulesY: raw.pixy,
    matrix: Uint8Array.from(raw.pixs),
  });
}

/** bwip-js toSVG at one unit per module, split into its drawing and its viewBox for nesting. */
export function barcodeSvg(sym: Symbology, data: string): { inner: string; viewW: number; viewH: number } {
  const key = `${sym}\u0000${data}`;
  const hit = svgCache.get(key);
  if (hit) return hit;
  let svg: string;
  try {
    svg = bwipjs.toSVG({
      bcid: BCID[sym],
      text: data,
      scale: 1,
      ...(sym === 'code128' ? { height: 10 } : {}),
      ...OPTS[sym],
    });
  } catch (e) {
    throw encodeFailed(sym, data, e);
  }
  const m = /<svg[^>]*viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"[^>]*>([\s\S]*)<\/svg>\s*$/.exec(svg);
  if (!m) throw encodeFailed(sym, data, new Error('unexpected bwip-js SVG'));
  return remember(svgCache, key, { inner: m[3]!.trim(), viewW: Number(m[1]), viewH: Number(m[2]) });
}

/** A stand-alone barcode PNG (bwip-js toBuffer), e.g. for a preview in the admin UI. */
export async function barcodePng(sym: Symbology, data: string, scale = 3): Promise<Buffer> {
  try {
    return await bwipjs.toBuffer({
      bcid: BCID[sym],
      text: data,
      scale,
      padding: QUIET_ZONE[sym],
      backgroundcolor: 'FFFFFF',
      ...(sym === 'code128' ? { height: 12 } : {}),
      ...OPTS[sym],
    });
  } catch (e) {
    throw encodeFailed(sym, data, e);
  }
}

export interface PlacedBarcode {
  /** Symbol rectangle (quiet zone excluded), mm. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Module size, mm (a whole number of dots at the target resolution). */
  module: number;
  moduleDots: number;
}

/**
 * Fits a symbol of `modulesX × modulesY` into `item` at `dotsPerMm`: the largest whole-dot module
 * (≤ MAX_MODULE_DOTS) with the quiet zone inside the area. 1D symbols take the full area height.
 */
export function placeBarcode(
  item: BarcodeItem,
  modulesX: number,
  modulesY: number,
  dotsPerMm: number,
): PlacedBarcode {
  const qz = QUIET_ZONE[item.symbology];
  const is2d = item.symbology !== 'code128';
  const span = is2d
    ? Math.min(item.w / (modulesX + 2 * qz), item.h / (modulesY + 2 * qz))
    : item.w / (modulesX + 2 * qz);
  const moduleDots = Math.min(MAX_MODULE_DOTS, Math.floor(span * dotsPerMm + 1e-9));
  if (moduleDots < 1) {
    throw new LabelError(
      'LABEL_SIZE_INVALID',
      `${item.symbology} of ${modulesX} modules does not fit ${item.w.toFixed(1)} mm`,
      { symbology: item.symbology, data: item.data },
    );
  }
  const module = moduleDots / dotsPerMm;
  const w = modulesX * module;
  const h = is2d ? modulesY * module : item.h;
  const x = item.align === 'center' ? item.x + (item.w - w) / 2 : item.x + qz * module;
  const y = is2d ? item.y + (item.h - h) / 2 : item.y;
  return { x, y, w, h, module, moduleDots };
}
