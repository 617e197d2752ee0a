// Public surface of the labels layer (usable without the server).
export { LabelError, isLabelError, LABEL_ERROR_MESSAGES, type LabelErrorCode } from './errors.js';
export * from './types.js';
export { validateLabelInput } from './validate.js';
export * from './sizes.js';
export type {
  LabelLayout,
  LayoutItem,
  TextItem,
  BarcodeItem,
  RectItem,
  BoxItem,
  Symbology,
} from './layout.js';
export { layoutLabel, DEFAULT_SIZES, type LayoutOptions } from './templates/index.js';
export { barcodePng, encodeBarcode, placeBarcode } from './barcode.js';
export { renderSvg, DEFAULT_FONT_FAMILY, type SvgOptions } from './render/svg.js';
export { renderHtmlPage, type HtmlPageOptions } from './render/html.js';
export { renderPng, type PngOptions } from './render/png.js';
export { renderPdfLabels, renderPdfSheet, type PdfOptions, type PdfSheetOptions } from './render/pdf.js';
export { renderZpl, renderZplLabel, DEFAULT_ZPL_FONT, type ZplOptions } from './render/zpl.js';
export {
  renderTspl,
  renderTsplText,
  renderTsplLabel,
  TSPL2_RFID_WRITE,
  type TsplOptions,
} from './render/tspl.js';
export {
  resolveCjkFont,
  defaultCjkFont,
  SYSTEM_CJK_FONTS,
  NPM_CJK_FONT,
  type ResolvedFont,
} from './fonts/resolve.js';
export type { PrinterTransport, PrinterHealth } from './transports/types.js';
export { TcpTransport, type TcpTransportOptions } from './transports/tcp.js';
export { SerialTransport, type SerialTransportOptions, type WritableLike } from './transports/serial.js';
export { SpoolTransport, type SpoolTransportOptions } from './transports/spool.js';
export { BrowserTransport, type BrowserPage, type BrowserTransportOptions } from './transports/browser.js';
export { renderJob, printLabels, type PrinterProfile } from './job.js';
