// Decodes barcodes out of rendered label images with @zxing/library: each barcode of a layout is
// cropped from the image at the position the layout gave it, so every symbol is checked on its own.
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
} from '@zxing/library';
import { PNG } from 'pngjs';
import type { BarcodeItem, LabelLayout, Symbology } from '../../../labels/index.js';

export interface GreyImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export const FORMAT: Record<Symbology, BarcodeFormat> = {
  code128: BarcodeFormat.CODE_128,
  qrcode: BarcodeFormat.QR_CODE,
  datamatrix: BarcodeFormat.DATA_MATRIX,
};

export function pngToGrey(buf: Buffer): GreyImage {
  const png = PNG.sync.read(buf); // always RGBA after decoding
  const data = new Uint8ClampedArray(png.width * png.height);
  for (let i = 0; i < data.length; i++) {
    const a = png.data[i * 4 + 3]! / 255;
    const lum = (png.data[i * 4]! * 299 + png.data[i * 4 + 1]! * 587 + png.data[i * 4 + 2]! * 114) / 1000;
    data[i] = Math.round(lum * a + 255 * (1 - a));
  }
  return { data, width: png.width, height: png.height };
}

export function crop(img: GreyImage, x: number, y: number, w: number, h: number): GreyImage {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(img.width, Math.round(x + w));
  const y1 = Math.min(img.height, Math.round(y + h));
  const out = new Uint8ClampedArray((x1 - x0) * (y1 - y0));
  for (let r = y0; r < y1; r++)
    out.set(img.data.subarray(r * img.width + x0, r * img.width + x1), (r - y0) * (x1 - x0));
  return { data: out, width: x1 - x0, height: y1 - y0 };
}

export function decode(img: GreyImage, format: BarcodeFormat): { text: string; format: BarcodeFormat } {
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [format]],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  const source = new RGBLuminanceSource(img.data, img.width, img.height);
  const result = reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
  return { text: result.getText(), format: result.getBarcodeFormat() };
}

/**
 * Decodes every barcode of `layout` from an image of it (`pxPerMm` pixels per millimetre, label
 * top-left at `originMm` in the image). Returns one entry per barcode item.
 */
export function decodeLayout(
  img: GreyImage,
  layout: LabelLayout,
  pxPerMm: number,
  originMm: { x: number; y: number } = { x: 0, y: 0 },
): { item: BarcodeItem; text: string; format: BarcodeFormat }[] {
  const items = layout.items.filter((i): i is BarcodeItem => i.type === 'barcode');
  return items.map((item) => {
    const pad = 1; // mm of white around the area, which already includes the quiet zone
    const part = crop(
      img,
      (originMm.x + item.x - pad) * pxPerMm,
      (originMm.y + item.y - pad) * pxPerMm,
      (item.w + 2 * pad) * pxPerMm,
      (item.h + 2 * pad) * pxPerMm,
    );
    return { item, ...decode(part, FORMAT[item.symbology]) };
  });
}
