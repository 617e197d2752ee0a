// TSPL/TSPL2 for TSC, Gprinter and Xprinter printers. Chinese text uses the resident GB2312 bitmap
// font "TSS24.BF2" (24×24 dots, integer multiples only, so text can come out smaller than designed,
// never bigger); ASCII-only text uses the built-in fonts "1"-"5" to keep small lines small. The whole
// job is encoded GBK, which the resident Chinese font reads. RFID: TSPL has no command common to all
// printers, so EPC writing is opt-in with a command the caller confirms for its printer model.
import iconv from 'iconv-lite';
import { encodeBarcode, placeBarcode } from '../barcode.js';
import { LabelError } from '../errors.js';
import type { BarcodeItem, LabelLayout, TextItem } from '../layout.js';
import { dotsPerMm, fmt, mmToDots, type Dpi } from '../units.js';

export interface TsplOptions {
  dpi?: Dpi;
  /** Gap between labels on the liner, mm (GAP). Default 2. */
  gapMm?: number;
  /** DIRECTION 0 or 1 (which way labels leave the printer). Default 1. */
  direction?: 0 | 1;
  /** Resident Chinese font, default "TSS24.BF2" (simplified Chinese, GB2312). */
  cjkFont?: string;
  /** Optional CODEPAGE line; TSS24.BF2 reads GB2312 bytes without one. */
  codepage?: string;
  /**
   * EPC writing: `true` uses TSPL2_RFID_WRITE (`RFID WRITE "EPC",0,"<hex>"`, TSC RFID models per the
   * TSPL2 programming guide — not tested on hardware here); a function supplies the printer's own
   * command; omitted/false prints the EPC as text only.
   */
  rfid?: boolean | ((epc: string) => string);
  copies?: number;
}

export const TSPL2_RFID_WRITE = (epc: string): string => `RFID WRITE "EPC",0,"${epc}"`;

/** Built-in bitmap fonts: name, cell width and height in dots. */
const ASCII_FONTS = [
  ['1', 8, 12],
  ['2', 12, 20],
  ['3', 16, 24],
  ['4', 24, 32],
  ['5', 32, 48],
] as const;
const CJK_CELL = 24;

function quote(s: string): string {
  // TSPL has no backslash escapes except \["] for a double quote inside a string.
  return `"${s.replace(/"/g, '\\["]')}"`;
}

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

function assertGbk(s: string): void {
  if (iconv.decode(iconv.encode(s, 'gbk'), 'gbk') !== s) {
    throw new LabelError('LABEL_DATA_INVALID', `text not representable in GBK: ${s}`, { text: s });
  }
}

/** Picks font and multiplier: the largest rendering not taller than the designed em and fitting the box. */
function chooseFont(t: TextItem, dpi: number, cjkFont: string) {
  const sizeDots = t.size * dotsPerMm(dpi);
  const boxDots = t.width * dotsPerMm(dpi);
  if (!isAscii(t.text)) {
    let mult = Math.max(1, Math.floor(sizeDots / CJK_CELL + 1e-6));
    const em = [...t.text].reduce((sum, ch) => sum + (isAscii(ch) ? 0.5 : 1), 0);
    while (mult > 1 && em * CJK_CELL * mult > boxDots) mult--;
    return { font: cjkFont, mult, width: em * CJK_CELL * mult, height: CJK_CELL * mult };
  }
  let best = { font: '1', mult: 1, width: 8 * t.text.length, height: 12 };
  // Magnified bitmap fonts turn blocky: at most ×3, and counted 20% smaller than they are, so a
  // native size wins over a slightly taller magnified one.
  const score = (height: number, mult: number) => height * (mult === 1 ? 1 : 0.8);
  for (const [font, w, h] of ASCII_FONTS) {
    for (let mult = 1; mult <= 3; mult++) {
      const width = w * mult * t.text.length;
      if (h * mult > sizeDots + 1e-6 || width > boxDots) break;
      if (score(h * mult, mult) > score(best.height, best.mult))
        best = { font, mult, width, height: h * mult };
    }
  }
  return best;
}

function textTspl(t: TextItem, dpi: number, cjkFont: string): string {
  assertGbk(t.text);
  const f = chooseFont(t, dpi, cjkFont);
  const boxX = mmToDots(t.x, dpi);
  const boxW = mmToDots(t.width, dpi);
  const align = t.align ?? 'left';
  const x =
    align === 'left'
      ? boxX
      : align === 'center'
        ? boxX + Math.round((boxW - f.width) / 2)
        : boxX + boxW - f.width;
  // A cell smaller than the designed em sits centred in it, so neighbours keep their spacing.
  const y = mmToDots(t.y, dpi) + Math.max(0, Math.round((t.size * dotsPerMm(dpi) - f.height) / 2));
  const line = (dx: number) => `TEXT ${x + dx},${y},${quote(f.font)},0,${f.mult},${f.mult},${quote(t.text)}`;
  return t.bold ? `${line(0)}\r\n${line(1)}` : line(0);
}

function barcodeTspl(item: BarcodeItem, dpi: Dpi): string {
  const enc = encodeBarcode(item.symbology, item.data);
  const p = placeBarcode(item, enc.modulesX, enc.modulesY, dotsPerMm(dpi));
  const x = mmToDots(p.x, dpi);
  const y = mmToDots(p.y, dpi);
  const md = p.moduleDots;
  switch (item.symbology) {
    case 'code128':
      // No human-readable line (the template prints the id itself), rotation 0, narrow = wide = module.
      return `BARCODE ${x},${y},"128",${mmToDots(p.h, dpi)},0,0,${md},${md},${quote(item.data)}`;
    case 'qrcode':
      return `QRCODE ${x},${y},M,${md},A,0,M2,S7,${quote(item.data)}`;
    case 'datamatrix': {
      const side = enc.modulesX * md;
      return `DMATRIX ${x},${y},${side},${enc.modulesY * md},x${md},${quote(item.data)}`;
    }
  }
}

export function renderTsplLabel(layout: LabelLayout, opts: TsplOptions = {}): string {
  const dpi = opts.dpi ?? 203;
  const cjkFont = opts.cjkFont ?? 'TSS24.BF2';
  const copies = opts.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1 || copies > 9999) {
    throw new LabelError('LABEL_DATA_INVALID', 'copies must be 1-9999');
  }
  const out = [
    `SIZE ${fmt(layout.widthMm)} mm,${fmt(layout.heightMm)} mm`,
    `GAP ${fmt(opts.gapMm ?? 2)} mm,0 mm`,
    `DIRECTION ${opts.direction ?? 1}`,
    'REFERENCE 0,0',
    ...(opts.codepage ? [`CODEPAGE ${opts.codepage}`] : []),
    'CLS',
  ];
  if (opts.rfid && layout.epc) {
    out.push((typeof opts.rfid === 'function' ? opts.rfid : TSPL2_RFID_WRITE)(layout.epc));
  }
  for (const item of layout.items) {
    switch (item.type) {
      case 'text':
        out.push(textTspl(item, dpi, cjkFont));
        break;
      case 'barcode':
        out.push(barcodeTspl(item, dpi));
        break;
      case 'rect':
        out.push(
          `BAR ${mmToDots(item.x, dpi)},${mmToDots(item.y, dpi)},${Math.max(1, mmToDots(item.w, dpi))},${Math.max(1, mmToDots(item.h, dpi))}`,
        );
        break;
      case 'box':
        out.push(
          `BOX ${mmToDots(item.x, dpi)},${mmToDots(item.y, dpi)},${mmToDots(item.x + item.w, dpi)},${mmToDots(item.y + item.h, dpi)},${Math.max(1, mmToDots(item.thickness, dpi))}`,
        );
        break;
    }
  }
  out.push(`PRINT 1,${copies}`);
  return out.join('\r\n') + '\r\n';
}

/** The job text as a string (for inspection); renderTspl gives the GBK bytes to send. */
export function renderTsplText(layouts: LabelLayout[], opts: TsplOptions = {}): string {
  if (layouts.length === 0) throw new LabelError('LABEL_DATA_INVALID', 'no labels to print');
  return layouts.map((l) => renderTsplLabel(l, opts)).join('');
}

export function renderTspl(layouts: LabelLayout[], opts: TsplOptions = {}): Buffer {
  return iconv.encode(renderTsplText(layouts, opts), 'gbk');
}
