// ZPL II for Zebra printers: one ^XA…^XZ format per label, UTF-8 field data (^CI28), positions in
// dots at the printer's resolution, Chinese text in a TrueType font resident on the printer (^A@),
// barcodes encoded by the printer (^BC / ^BQ / ^BX) at the module size the layout fitted, and the EPC
// written to the inlay with ^RFW when the label has one and the printer is an RFID model.
import { encodeBarcode, placeBarcode } from '../barcode.js';
import { LabelError } from '../errors.js';
import type { BarcodeItem, LabelLayout, TextItem } from '../layout.js';
import { dotsPerMm, mmToDots, type Dpi } from '../units.js';

export interface ZplOptions {
  /** Print head resolution, default 203 dpi. */
  dpi?: Dpi;
  /** Printer-resident CJK TrueType font for ^A@, as drive:name (default `E:SIMSUN.TTF`). */
  cjkFont?: string;
  /** Write `layout.epc` to the RFID inlay (^RS8 + ^RFW); needs an RFID printer and media. */
  rfid?: boolean;
  /** Copies of each label (^PQ). */
  copies?: number;
}

export const DEFAULT_ZPL_FONT = 'E:SIMSUN.TTF';
const QR_BY_HEIGHT = 10;

/** ^FD data with ^FH hex escapes for the characters ZPL would read as commands. */
function fd(data: string): string {
  if (!/[\^~_\\]/.test(data)) return `^FD${data}^FS`;
  const esc = data.replace(/[\^~_\\]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `^FH^FD${esc}^FS`;
}

function textZpl(t: TextItem, dpi: number, font: string): string {
  const h = Math.max(10, mmToDots(t.size, dpi));
  const x = mmToDots(t.x, dpi);
  const y = mmToDots(t.y, dpi);
  const just = { left: 'L', center: 'C', right: 'R' }[t.align ?? 'left'];
  // ^FB gives the printer the box, so centring/right alignment uses its own font metrics.
  const block = t.align && t.align !== 'left' ? `^FB${mmToDots(t.width, dpi)},1,0,${just},0` : '';
  const field = (dx: number) => `^FO${x + dx},${y}^A@N,${h},${h},${font}${block}${fd(t.text)}`;
  // Printer TrueType fonts have one weight: bold is a second pass one dot or so to the right.
  return t.bold ? `${field(0)}\n${field(Math.max(1, Math.round(h * 0.04)))}` : field(0);
}

function barcodeZpl(item: BarcodeItem, dpi: Dpi): string {
  const enc = encodeBarcode(item.symbology, item.data);
  const p = placeBarcode(item, enc.modulesX, enc.modulesY, dotsPerMm(dpi));
  const at = `^FO${mmToDots(p.x, dpi)},${mmToDots(p.y, dpi)}`;
  switch (item.symbology) {
    case 'code128':
      // Mode A: the printer picks subsets B/C itself, as bwip-js did when the layout was fitted.
      return `${at}^BY${p.moduleDots}^BCN,${mmToDots(p.h, dpi)},N,N,N,A${fd(item.data)}`;
    case 'qrcode': {
      // Zebra firmware prints an ^FO-placed QR lower by the (printer-persistent) ^BY height: pin that
      // height to 10 and start 10 dots higher. Model 2, magnification = module dots, "MA," = error
      // correction M with automatic input mode.
      const y = Math.max(0, mmToDots(p.y, dpi) - QR_BY_HEIGHT);
      return `^BY2,3,${QR_BY_HEIGHT}^FO${mmToDots(p.x, dpi)},${y}^BQN,2,${p.moduleDots}${fd(`MA,${item.data}`)}`;
    }
    case 'datamatrix':
      return `${at}^BXN,${p.moduleDots},200${fd(item.data)}`;
  }
}

export function renderZplLabel(layout: LabelLayout, opts: ZplOptions = {}): string {
  const dpi = opts.dpi ?? 203;
  const font = opts.cjkFont ?? DEFAULT_ZPL_FONT;
  const copies = opts.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1 || copies > 9999) {
    throw new LabelError('LABEL_DATA_INVALID', 'copies must be 1-9999');
  }
  const out = [
    '^XA',
    '^CI28',
    `^PW${mmToDots(layout.widthMm, dpi)}`,
    `^LL${mmToDots(layout.heightMm, dpi)}`,
    '^LH0,0',
  ];
  if (opts.rfid && layout.epc) {
    // Gen 2 tag; memory bank "A" writes the EPC bank from word 2 and adjusts the PC bits to 96 bits.
    out.push('^RS8', `^RFW,H,,,A^FD${layout.epc}^FS`);
  }
  for (const item of layout.items) {
    switch (item.type) {
      case 'text':
        out.push(textZpl(item, dpi, font));
        break;
      case 'barcode':
        out.push(barcodeZpl(item, dpi));
        break;
      case 'rect': {
        const w = Math.max(1, mmToDots(item.w, dpi));
        const h = Math.max(1, mmToDots(item.h, dpi));
        out.push(`^FO${mmToDots(item.x, dpi)},${mmToDots(item.y, dpi)}^GB${w},${h},${Math.min(w, h)}^FS`);
        break;
      }
      case 'box': {
        const t = Math.max(1, mmToDots(item.thickness, dpi));
        out.push(
          `^FO${mmToDots(item.x, dpi)},${mmToDots(item.y, dpi)}^GB${mmToDots(item.w, dpi)},${mmToDots(item.h, dpi)},${t}^FS`,
        );
        break;
      }
    }
  }
  out.push(`^PQ${copies}`, '^XZ');
  return out.join('\n') + '\n';
}

/** A print job for one or more labels, UTF-8 encoded as ^CI28 declares. */
export function renderZpl(layouts: LabelLayout[], opts: ZplOptions = {}): Buffer {
  if (layouts.length === 0) throw new LabelError('LABEL_DATA_INVALID', 'no labels to print');
  return Buffer.from(layouts.map((l) => renderZplLabel(l, opts)).join(''), 'utf8');
}
