import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aimSymbology, decodeText, isStrippedControl, splitAim } from '../../hardware/barcode/decode.js';
import { Debouncer } from '../../hardware/barcode/debounce.js';
import { LineFramer } from '../../hardware/barcode/line-framer.js';
import { BarcodeScanner } from '../../hardware/barcode/scanner.js';
import type { BarcodeScannerOptions } from '../../hardware/barcode/scanner.js';
import type { ScanEvent } from '../../hardware/common/types.js';
import type { PortLink } from '../../hardware/serial/link.js';
import { encodeScan } from '../../hardware/sim/barcode-sim.js';
import type { ScanSuffix } from '../../hardware/sim/barcode-sim.js';
import { splitAt } from './helpers/split.js';

function records(chunks: Buffer[], maxLength = 64): { out: string[]; framer: LineFramer } {
  const out: string[] = [];
  const framer = new LineFramer({ maxLength }, (r) => out.push(r.bytes.toString('latin1')));
  for (const c of chunks) framer.push(c, 0);
  return { out, framer };
}

/** A scanner fed by hand with a controllable clock; the port "opened" long ago unless told otherwise. */
function scanner(opts: Partial<BarcodeScannerOptions> = {}, openedAt = -10_000) {
  let now = openedAt;
  const clock = { now: () => now };
  const s = new BarcodeScanner({ deviceId: 'kiosk-1', clock, ...opts });
  const link: PortLink = {
    deviceId: 'kiosk-1',
    write: async () => undefined,
    frameIn: () => undefined,
    checksumError: () => undefined,
  };
  s.onOpen(link);
  now = 0;
  const scans: ScanEvent[] = [];
  s.on('scan', (e) => scans.push(e));
  return {
    s,
    scans,
    feed: (b: Buffer | string) => s.onData(typeof b === 'string' ? Buffer.from(b, 'latin1') : b),
    setNow: (t: number) => {
      now = t;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('line framing', () => {
  const code = fc.stringMatching(/^[A-Za-z0-9]{1,20}$/);
  const suffix = fc.constantFrom('\r', '\n', '\r\n', '\r\r\n', '\n\n');

  it('splits on CR, LF or CRLF whatever the chunking: no empty record, no leaked LF', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(code, suffix), { minLength: 1, maxLength: 15 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (codes, cuts) => {
          const bytes = Buffer.from(codes.map(([c, s]) => c + s).join(''), 'latin1');
          const { out } = records(splitAt(bytes, cuts));
          expect(out).toEqual(codes.map(([c]) => c));
        },
      ),
    );
  });

  it('takes STX..ETX wraps and drops the fragment an STX interrupts', () => {
    const { out, framer } = records([
      Buffer.from('\x02F000001234\x03\x02B0', 'latin1'),
      Buffer.from('00000001\x03tail\x02K000000007\x03', 'latin1'),
    ]);
    expect(out).toEqual(['F000001234', 'B000000001', 'K000000007']);
    expect(framer.stats.fragments).toBe(1);
  });

  it('drops an over-long record up to its terminator, counts it, and keeps the next one', () => {
    const { out, framer } = records([Buffer.from('X'.repeat(100) + '\r\nF000000001\r', 'latin1')], 64);
    expect(out).toEqual(['F000000001']);
    expect(framer.stats.overLength).toBe(1);
  });

  it('treats Tab as a suffix only when configured', () => {
    const out: string[] = [];
    const f = new LineFramer({ maxLength: 64, tabIsSuffix: true }, (r) => out.push(r.bytes.toString()));
    f.push(Buffer.from('A1\tB2\t'), 0);
    expect(out).toEqual(['A1', 'B2']);
    expect(records([Buffer.from('A1\tB2\r')]).out).toEqual(['A1\tB2']);
  });
});

describe('decoding and AIM symbology ids', () => {
  it('strips and names AIM ids', () => {
    expect(splitAim(Buffer.from(']C0F000001234'))).toEqual({ aim: ']C0', data: Buffer.from('F000001234') });
    expect(aimSymbology(']C0').name).toBe('Code 128');
    expect(aimSymbology(']C1').name).toBe('GS1-128');
    expect(aimSymbology(']Q1').name).toBe('QR Code');
    expect(aimSymbology(']d2').name).toBe('GS1 Data Matrix');
    expect(aimSymbology(']E0').name).toBe('EAN/UPC');
    expect(aimSymbology(']A0').name).toBe('Code 39');
    expect(aimSymbology(']Y9').name).toBe('unknown');
    expect(splitAim(Buffer.from(']x'))).toEqual({ aim: null, data: Buffer.from(']x') });
  });

  it('decodes GBK and UTF-8 per device', () => {
    const text = '档案室 F000001234';
    expect(decodeText(iconv.encode(text, 'gbk'), 'gbk')).toBe(text);
    expect(decodeText(Buffer.from(text, 'utf8'), 'utf8')).toBe(text);
    expect(decodeText(iconv.encode(text, 'gbk'), 'utf8')).not.toBe(text); // the setting matters
  });

  it('removes control characters but keeps GS (FNC1)', () => {
    expect(decodeText(Buffer.from('\x0001\x1d0950\x07\x1b12\x7f'), 'utf8')).toBe('01\x1d095012');
  });
});

describe('debounce', () => {
  it('suppresses the same code within the window, sliding with repeats', () => {
    const d = new Debouncer(1000);
    expect(d.accept('A', 0)).toBe(true);
    expect(d.accept('A', 500)).toBe(false);
    expect(d.accept('B', 600)).toBe(true);
    expect(d.accept('A', 1400)).toBe(false); // still held under the scanner: 900 ms since last seen
    expect(d.accept('A', 2400)).toBe(true);
  });
});

describe('BarcodeScanner', () => {
  it.each<[ScanSuffix, string | null]>([
    ['CR', null],
    ['CRLF', ']C0'],
    ['LF', ']Q1'],
    ['STX-ETX', ']d2'],
  ])('turns a scan with suffix %s and AIM %s into one typed event', (suffixName, aim) => {
    const { scans, feed } = scanner();
    const bytes = encodeScan('F000001234', { suffix: suffixName, aim });
    feed(bytes);
    feed(encodeScan('F000001235', { suffix: suffixName, aim }));
    expect(scans.map((s) => s.code)).toEqual(['F000001234', 'F000001235']);
    expect(scans[0]).toMatchObject({ deviceId: 'kiosk-1', symbology: aim ? { id: aim } : null, at: 0 });
    expect(scans[0]?.raw.toString()).toBe((aim ?? '') + 'F000001234');
  });

  it('ends a code after the inter-byte timeout for scanners without suffix', () => {
    vi.useFakeTimers();
    const { scans, feed } = scanner({ interByteTimeoutMs: 50 });
    feed('F0000');
    vi.advanceTimersByTime(30);
    feed('01234');
    vi.advanceTimersByTime(40);
    expect(scans).toHaveLength(0);
    vi.advanceTimersByTime(20);
    expect(scans.map((s) => s.code)).toEqual(['F000001234']);
  });

  it('does not glue a torn fragment to the next code when a suffix is expected', () => {
    vi.useFakeTimers();
    const { s, scans, feed } = scanner({ staleFragmentMs: 300 });
    feed('00012');
    vi.advanceTimersByTime(400);
    feed('F000001234\r\n');
    expect(scans.map((x) => x.code)).toEqual(['F000001234']);
    expect(s.stats.fragments).toBe(1);
  });

  it('drops a partial fragment arriving right after the port opens', () => {
    const { s, scans, feed, setNow } = scanner({ openGraceMs: 100 }, 0);
    setNow(5);
    feed('001234\r\n'); // tail of a code that was on the wire when we opened
    setNow(150);
    feed('F000001234\r\n');
    expect(scans.map((x) => x.code)).toEqual(['F000001234']);
    expect(s.stats.fragments).toBe(1);
  });

  it('keeps whole codes that arrive in the grace window: only the first, unbounded record is a fragment', () => {
    const { s, scans, feed, setNow } = scanner({ openGraceMs: 100 }, 0);
    setNow(5);
    feed('01234\r\nF000000002\r\n'); // a tail, then a whole code in the same chunk
    setNow(30);
    feed('F000000003\r');
    expect(scans.map((x) => x.code)).toEqual(['F000000002', 'F000000003']);
    expect(s.stats.fragments).toBe(1);
  });

  it('after a reconnect, a code that starts after a terminator or with an AIM id is whole', () => {
    const a = scanner({ openGraceMs: 100 }, 0);
    a.setNow(2);
    a.feed('\r\nF000000004\r\n'); // the rest of the earlier code was only its suffix
    expect(a.scans.map((x) => x.code)).toEqual(['F000000004']);
    expect(a.s.stats.fragments).toBe(0);
    const b = scanner({ openGraceMs: 100 }, 0);
    b.setNow(3);
    b.feed(']C0F000000005\r');
    expect(b.scans.map((x) => x.code)).toEqual(['F000000005']);
    // Reopening starts over: the first record after the new open is suspect again.
    b.s.onClose();
    b.setNow(1000);
    b.s.onOpen({
      deviceId: 'kiosk-1',
      write: async () => undefined,
      frameIn: () => undefined,
      checksumError: () => undefined,
    });
    b.setNow(1010);
    b.feed('000006\rF000000007\r');
    expect(b.scans.map((x) => x.code)).toEqual(['F000000005', 'F000000007']);
    expect(b.s.stats.fragments).toBe(1);
  });

  it('debounces repeats with the injected clock', () => {
    const { s, scans, feed, setNow } = scanner({ debounceMs: 1000 });
    feed('F000001234\r');
    setNow(400);
    feed('F000001234\r');
    setNow(1500);
    feed('F000001234\r');
    expect(scans.map((x) => x.at)).toEqual([0, 1500]);
    expect(s.stats.duplicates).toBe(1);
  });

  it('bounds length and counts the rejects', () => {
    const { s, scans, feed } = scanner({ maxLength: 16 });
    feed('F'.repeat(40) + '\rF000001234\r');
    expect(scans.map((x) => x.code)).toEqual(['F000001234']);
    expect(s.stats.overLength).toBe(1);
  });

  it('decodes a GBK QR code when the device is set to GBK', () => {
    const { scans, feed } = scanner({ encoding: 'gbk' });
    feed(encodeScan('档案 F000001234', { aim: ']Q1', encoding: 'gbk', suffix: 'CR' }));
    expect(scans[0]).toMatchObject({ code: '档案 F000001234', symbology: { name: 'QR Code' } });
  });

  it('rejects an unknown encoding at construction', () => {
    expect(() => new BarcodeScanner({ deviceId: 'x', encoding: 'klingon' })).toThrow(
      /unknown character encoding/,
    );
  });

  it('survives any byte soup and reports only non-empty codes without controls', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 20 }), (chunks) => {
        const { scans, feed } = scanner({ maxLength: 64, debounceMs: 0 });
        for (const c of chunks) feed(Buffer.from(c));
        for (const e of scans) {
          expect(e.code.length).toBeGreaterThan(0);
          expect([...e.code].some((c) => isStrippedControl(c.charCodeAt(0)))).toBe(false);
          expect(e.raw.length).toBeLessThanOrEqual(64);
        }
      }),
    );
  });
});
