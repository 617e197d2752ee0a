// One error type for the labels layer. Codes are stable (the server and kiosk map them);
// each carries a zh-CN and an en message so callers never have to translate.

export type LabelErrorCode =
  | 'LABEL_TEMPLATE_UNKNOWN'
  | 'LABEL_FORMAT_UNKNOWN'
  | 'LABEL_SIZE_INVALID'
  | 'LABEL_DATA_INVALID'
  | 'BARCODE_ENCODE_FAILED'
  | 'FONT_NOT_FOUND'
  | 'FONT_UNSUPPORTED'
  | 'PRINTER_UNREACHABLE'
  | 'PRINTER_TIMEOUT'
  | 'PRINTER_WRITE_FAILED'
  | 'PRINTER_RFID_UNSUPPORTED'
  | 'SPOOL_WRITE_FAILED';

const MESSAGES: Record<LabelErrorCode, { zh: string; en: string }> = {
  LABEL_TEMPLATE_UNKNOWN: { zh: '未知的标签模板', en: 'Unknown label template' },
  LABEL_FORMAT_UNKNOWN: { zh: '未知的输出格式', en: 'Unknown output format' },
  LABEL_SIZE_INVALID: { zh: '标签或纸张尺寸无效', en: 'Invalid label or sheet size' },
  LABEL_DATA_INVALID: { zh: '标签数据无效', en: 'Invalid label data' },
  BARCODE_ENCODE_FAILED: { zh: '条码生成失败', en: 'Barcode could not be encoded' },
  FONT_NOT_FOUND: { zh: '未找到中文字体', en: 'No CJK font found' },
  FONT_UNSUPPORTED: { zh: '字体格式不受支持', en: 'Font format not supported' },
  PRINTER_UNREACHABLE: { zh: '无法连接打印机', en: 'Printer unreachable' },
  PRINTER_TIMEOUT: { zh: '打印机响应超时', en: 'Printer timed out' },
  PRINTER_WRITE_FAILED: { zh: '向打印机发送数据失败', en: 'Sending data to the printer failed' },
  PRINTER_RFID_UNSUPPORTED: { zh: '该打印机不支持写入RFID', en: 'This printer cannot encode RFID' },
  SPOOL_WRITE_FAILED: { zh: '写入打印队列目录失败', en: 'Writing the spool file failed' },
};

export class LabelError extends Error {
  readonly code: LabelErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;
  /** Machine-readable context (field name, size, host...), never user data beyond what is needed. */
  readonly details: Record<string, unknown>;

  constructor(code: LabelErrorCode, detail?: string, details: Record<string, unknown> = {}, cause?: unknown) {
    const m = MESSAGES[code];
    super(detail ? `${m.en}: ${detail}` : m.en, cause === undefined ? undefined : { cause });
    this.name = 'LabelError';
    this.code = code;
    this.messageZh = detail ? `${m.zh}：${detail}` : m.zh;
    this.messageEn = this.message;
    this.details = details;
  }

  /** The message in the requested language ('zh-CN' default, as the users read Chinese). */
  localized(lang: 'zh-CN' | 'en' = 'zh-CN'): string {
    return lang === 'en' ? this.messageEn : this.messageZh;
  }
}

export function isLabelError(e: unknown, code?: LabelErrorCode): e is LabelError {
  return e instanceof LabelError && (code === undefined || e.code === code);
}

export const LABEL_ERROR_MESSAGES: Readonly<typeof MESSAGES> = MESSAGES;
