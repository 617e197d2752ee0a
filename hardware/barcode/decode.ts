// Turns a framed record into text: AIM symbology prefix split off, bytes decoded with the device's
// character set (scanners send Chinese QR content as UTF-8 or GBK depending on their setting), control
// characters removed except GS (0x1D), the FNC1 separator inside GS1 data.
import iconv from 'iconv-lite';
import type { AimSymbology } from '../common/types.js';

const AIM_NAMES: Readonly<Record<string, string>> = {
  A: 'Code 39',
  C: 'Code 128',
  d: 'Data Matrix',
  E: 'EAN/UPC',
  e: 'GS1 DataBar',
  F: 'Codabar',
  G: 'Code 93',
  I: 'Interleaved 2 of 5',
  L: 'PDF417',
  Q: 'QR Code',
  z: 'Aztec',
};

/** Modifiers that mean "GS1 data follows" for a given symbology letter. */
const GS1_MODIFIERS: Readonly<Record<string, string>> = { C: '1', d: '2', Q: '3', z: '1' };

export function aimSymbology(id: string): AimSymbology {
  const letter = id[1] ?? '';
  const base = AIM_NAMES[letter];
  if (!base) return { id, name: 'unknown' };
  if (GS1_MODIFIERS[letter] === id[2]) {
    return { id, name: letter === 'C' ? 'GS1-128' : `GS1 ${base}` };
  }
  return { id, name: base };
}

const isAlnum = (b: number | undefined): boolean =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/** Splits `]C0...` into the AIM id and the data; no split when the record does not start like one. */
export function splitAim(record: Buffer): { aim: string | null; data: Buffer } {
  if (record.length >= 3 && record[0] === 0x5d && isAlnum(record[1]) && isAlnum(record[2])) {
    return { aim: record.toString('latin1', 0, 3), data: record.subarray(3) };
  }
  return { aim: null, data: record };
}

/** C0 controls except GS (0x1D, FNC1), DEL, and C1 controls (which only appear after a wrong decode). */
export function isStrippedControl(code: number): boolean {
  return (code < 0x20 && code !== 0x1d) || (code >= 0x7f && code <= 0x9f);
}

export function stripControls(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!isStrippedControl(text.charCodeAt(i))) out += text[i];
  }
  return out;
}

/** Throws at configuration time when iconv-lite does not know the encoding. */
export function assertEncoding(encoding: string): void {
  if (!iconv.encodingExists(encoding)) throw new Error(`unknown character encoding: ${encoding}`);
}

export function decodeText(bytes: Buffer, encoding: string): string {
  const text =
    encoding === 'utf8' || encoding === 'utf-8' ? bytes.toString('utf8') : iconv.decode(bytes, encoding);
  return stripControls(text);
}
