// A serial barcode scanner as bytes: code + configured AIM prefix, character set and suffix. The scanner
// only talks, so it needs nothing but a writable end (a DuplexPair device end or a pty opened by serialport).
import iconv from 'iconv-lite';

export type ScanSuffix = 'CR' | 'LF' | 'CRLF' | 'TAB' | 'STX-ETX' | 'none';

export interface BarcodeSimOptions {
  suffix?: ScanSuffix;
  /** AIM symbology id to prefix, e.g. `]C0`; null sends none. */
  aim?: string | null;
  encoding?: string;
}

interface WritableEnd {
  write(data: Buffer): unknown;
}

const SUFFIX: Record<Exclude<ScanSuffix, 'STX-ETX'>, number[]> = {
  CR: [0x0d],
  LF: [0x0a],
  CRLF: [0x0d, 0x0a],
  TAB: [0x09],
  none: [],
};

/** The exact bytes a scanner configured with `opts` sends for `code`. */
export function encodeScan(code: string, opts: BarcodeSimOptions = {}): Buffer {
  const text = (opts.aim ?? '') + code;
  const body = iconv.encode(text, opts.encoding ?? 'utf8');
  const suffix = opts.suffix ?? 'CR';
  if (suffix === 'STX-ETX') return Buffer.concat([Buffer.from([0x02]), body, Buffer.from([0x03])]);
  return Buffer.concat([body, Buffer.from(SUFFIX[suffix])]);
}

export class BarcodeScannerSim {
  constructor(
    private readonly out: WritableEnd,
    private readonly opts: BarcodeSimOptions = {},
  ) {}

  /** "Someone scanned `code`": writes its bytes in one burst, like a USB-CDC scanner. */
  scan(code: string, override: BarcodeSimOptions = {}): Buffer {
    const bytes = encodeScan(code, { ...this.opts, ...override });
    this.out.write(bytes);
    return bytes;
  }
}
